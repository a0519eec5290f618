"""The app's result cache: a decorator for the questions of `antq.service` and `antq.mapview`.

    @cached
    def headline(source: Source, sel: Selection, ...) -> pl.DataFrame: ...

Called with a plain DuckDB connection (the CLI, the briefing, the tests), a decorated function
simply runs. Called with a `db.Snapshot` (the pages: one per page run, see antq/ui/state.py), its
result is kept under the key

    (database version, module.function, Selection.cache_key, the other arguments)

Every input is an explicit argument: there is no hidden state in the key, so a later argument (a
user's access scope, issue 13) enters it by being a field of the Selection or one more argument.
A new database version after an import needs no invalidation: its results have other keys, and
the old ones age out.

Bounded by entries AND by bytes (Polars frames are measured with `estimated_size()`, figures and
containers by walking them), least recently used first out, with a time to live. Values are shared,
not copied: callers never modify a cached frame or figure in place.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import numpy as np
import polars as pl

from antq import settings
from antq.db import Snapshot

P = ParamSpec("P")
R = TypeVar("R")
MB = 1 << 20


def estimated_size(value: Any) -> int:
    """Bytes a cached value holds, roughly: Polars' own estimate for frames, a walk for the rest."""
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, pl.DataFrame | pl.Series):
            total += obj.estimated_size()
        elif isinstance(obj, np.ndarray):
            total += obj.nbytes
        elif isinstance(obj, dict):
            total += sys.getsizeof(obj)
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            total += sys.getsizeof(obj)
            stack.extend(obj)
        elif hasattr(obj, "to_plotly_json"):  # a Plotly figure or trace: its data and layout
            total += sys.getsizeof(obj)
            stack.extend(getattr(obj, "_data", None) or [])
            stack.append(getattr(obj, "_layout", None) or {})
        else:
            total += sys.getsizeof(obj)
    return total


class ResultCache:
    """A thread-safe LRU map bounded by entry count, total bytes and age."""

    def __init__(self, max_bytes: int, max_entries: int, ttl_s: float):
        self.max_bytes, self.max_entries, self.ttl_s = max_bytes, max_entries, ttl_s
        self._items: OrderedDict[Hashable, tuple[Any, int, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return False, None
            value, size, stored = item
            if time.monotonic() - stored > self.ttl_s:
                self._drop(key)
                return False, None
            self._items.move_to_end(key)
            return True, value

    def put(self, key: Hashable, value: Any) -> None:
        size = estimated_size(value)
        if size > self.max_bytes:
            return  # larger than the whole cache: serve it, keep nothing
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (value, size, time.monotonic())
            self._bytes += size
            while self._items and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
                self._drop(next(iter(self._items)))

    def _drop(self, key: Hashable) -> None:
        _, size, _ = self._items.pop(key)
        self._bytes -= size

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)


RESULTS = ResultCache(
    max_bytes=int(float(settings.get("ANTQ_CACHE_MB")) * MB),
    max_entries=int(settings.get("ANTQ_CACHE_ENTRIES")),
    ttl_s=3600,
)


def _key_part(arg: Any) -> Hashable:
    # A Selection keys by what the questions read of it (see Selection.cache_key).
    return getattr(arg, "cache_key", arg)


def cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache `fn(source, *args)` in RESULTS when `source` is a db.Snapshot; run it directly otherwise."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    def key(source: Snapshot, args: tuple, kwargs: dict) -> Hashable:
        return (source.version, name, tuple(_key_part(a) for a in args), tuple(sorted(kwargs.items())))

    @functools.wraps(fn)
    def wrapper(source, *args, **kwargs):
        if not isinstance(source, Snapshot):
            return fn(source, *args, **kwargs)
        k = key(source, args, kwargs)
        hit, value = RESULTS.get(k)
        if hit:
            return value
        value = fn(source, *args, **kwargs)
        RESULTS.put(k, value)
        return value

    def peek(source, *args, **kwargs) -> tuple[bool, Any]:
        """(True, the result) when `fn(source, *args)` is in the cache now, else (False, None); never runs it."""
        if not isinstance(source, Snapshot):
            return False, None
        return RESULTS.get(key(source, args, kwargs))

    wrapper.peek = peek  # type: ignore[attr-defined]
    return wrapper
