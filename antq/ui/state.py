"""The app's process-wide state: one snapshot reader of the database, and query results cached by
filter values and database version (a new version after an import drops nothing by hand: its
results are simply cached under a new key)."""

from __future__ import annotations

import dataclasses
import importlib

import streamlit as st

from antq import db
from antq.access import web as access
from antq.selection import Selection

CACHE_TTL_S = 3600
CACHE_ENTRIES = 512


@st.cache_resource(show_spinner=False)
def reader() -> db.SnapshotReader:
    return db.SnapshotReader()


def conn():
    """A read-only connection to the current version of the database, and that version's identity."""
    return reader().current()


# cache_resource, not cache_data: results are shared, not unpickled per call -- a national extract
# has hundreds of thousands of rows. Safe because Polars frames are never modified in place here.
@st.cache_resource(ttl=CACHE_TTL_S, max_entries=CACHE_ENTRIES, show_spinner=False)
def _call(ident, module: str, fn: str, sel: Selection | None, args: tuple):
    c, _ = reader().current()
    f = getattr(importlib.import_module(module), fn)
    return f(c, *args) if sel is None else f(c, sel, *args)


def call(fn, sel: Selection | None = None, *args):
    """fn(conn, sel, *args) -- fn a name in antq.service or a package function taking (conn, sel, ...) --
    cached by (database version, function, selection, args)."""
    _, ident = conn()
    if sel is not None:
        # Package functions take their year range as arguments; the trend-range part of the
        # selection must not split the cache (the overview's national ranking reuses the headline).
        sel = dataclasses.replace(sel, year_from=None, year_to=None)
    sel = access.scoped(sel)  # the user's scope is part of the selection, hence of the cache key
    module, name = ("antq.service", fn) if isinstance(fn, str) else (fn.__module__, fn.__name__)
    return _call(ident, module, name, sel, tuple(args))
