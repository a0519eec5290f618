"""How `python -m antq serve` starts Streamlit safely (issue 17).

- The heavy modules are imported once, by one thread, before any session runs (app.py waits for
  it): two sessions importing them at the same time on a fresh start saw a half-initialised module
  ("partially initialized module 'pandas' has no attribute 'Series'" from Plotly).
- `server.maxUploadSize` is the importer's own limit (ANTQ_IMPORT_MAX_MB), the bind address is
  127.0.0.1 unless given (the deployment's proxy is the public face), and error details are off.
- Streamlit 1.67 has no setting for three things, so they are adjusted where it builds its server:
  the public /_stcore/metrics route is not created, a URL may be up to 256 KB long (uvicorn's
  h11 parser refuses request lines over 16 KB with a bare 400, so a long shared link would not
  even reach the page's own checks, which cap it), and the bare-mode warning's stack walk is
  skipped (cold start). If a later Streamlit builds its server otherwise, these return False and
  the deployment's proxy still blocks /_stcore/metrics.
- A session Streamlit kept for a reconnect is shut down when its time is up (its uploads freed):
  Streamlit's own storage only forgot it (`close_expired_sessions`).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import math
import threading
from collections.abc import Callable

from antq import settings

HEAVY_MODULES = (
    "numpy",
    "pandas",
    "pyarrow",
    "polars",
    "duckdb",
    "plotly.graph_objects",
    "plotly.io",
    "plotly.express",
    "streamlit.elements.plotly_chart",
    "streamlit.dataframe_util",
    "antq.charts",
    "antq.maps",
    "antq.mapview",
    "antq.boundaries",
    "antq.downloads",
    "antq.service",
    "antq.transforms",
    "antq.ui.frame",
    "antq.ui.state",
    "antq.importer.page",
    "antq.importer.load",
)
LOCAL_ADDRESS = "127.0.0.1"
M_ARENA_MAX = -8  # glibc <malloc.h>
MAX_REQUEST_LINE_BYTES = 256 * 1024
_preloading: threading.Thread | None = None


def start_preload(warm_up: Callable[[], None]) -> threading.Thread:
    """Run preload() and then ``warm_up`` on a thread of their own, so the server starts listening
    at once and the imports overlap with the first browser loading Streamlit's JavaScript (health
    0.2 s sooner, first page drawn 3.83 → 3.62 s, medians of 6 rounds; docs/benchmarks.md).
    app.py calls wait_preloaded() before its own imports, so no session thread imports a heavy
    module while this one does.
    Called once the main thread has imported Streamlit's server (switch_off_metrics,
    allow_long_urls): what it imports next does not overlap with these modules."""
    global _preloading

    def run() -> None:
        preload()
        with contextlib.suppress(Exception):  # a head start only: the pages do the same if this fails
            warm_up()

    _preloading = threading.Thread(target=run, name="antq-preload", daemon=True)
    _preloading.start()
    return _preloading


def wait_preloaded() -> None:
    """Block until start_preload's work is done (at once where none was started: AppTest, plain
    `streamlit run`)."""
    if _preloading is not None:
        _preloading.join()


def preload() -> None:
    """Import the heavy modules and run their lazy first-use paths (a Plotly figure to JSON, a
    frame to Arrow) so that no session thread imports them."""
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    import plotly.graph_objects as go
    import plotly.io
    import polars as pl
    from streamlit import dataframe_util

    plotly.io.to_json(go.Figure(go.Bar(x=["a"], y=[1])), validate=False)
    dataframe_util.convert_anything_to_arrow_bytes(pl.DataFrame({"a": [1]}))


def limit_malloc_arenas() -> bool:
    """Cap glibc's malloc arenas (ANTQ_MALLOC_ARENAS), before the server starts its threads.

    Streamlit runs every page run on a thread of its own, and glibc gives allocating threads
    arenas of their own, up to 8 per core; an arena keeps the high-water mark of what its threads
    ever held. One of the levers measured over the full page tour at scale 1 (docs/benchmarks.md,
    "what each lever gave"). False where there is no glibc (the limit is then the platform's)."""
    n = settings.integer("ANTQ_MALLOC_ARENAS")
    if n <= 0:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, n))
    except (OSError, AttributeError):
        return False


def arrow_system_pool() -> str:
    """Have Arrow allocate with the system's malloc (capped by limit_malloc_arenas) instead of its
    bundled mimalloc, which keeps the segments it reserves: every table a page sends (st.dataframe
    goes through Arrow) and every boundary file read left its high-water mark behind. Measured
    in-process over the results, map and data pages: 20-30 MB less (docs/benchmarks.md). Returns
    the pool's backend name."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    return pa.default_memory_pool().backend_name


def switch_off_metrics() -> bool:
    """Drop Streamlit's /_stcore/metrics route (session counts and memory, unauthenticated)."""
    try:
        from streamlit.web.server.starlette import starlette_app
    except ImportError:
        return False
    if not hasattr(starlette_app, "create_metrics_routes"):
        return False
    starlette_app.create_metrics_routes = lambda runtime, base_url: []
    return True


def skip_bare_mode_warning() -> bool:
    """Mark Streamlit's "run me with `streamlit run`" warning as shown: it is checked on the first
    element any session draws, by walking the whole call stack with `inspect.stack()`, which
    resolves the source file of every loaded module — 0.13 s of the first page's run (profiled),
    to decide something that never holds under `streamlit run`."""
    try:
        from streamlit import delta_generator
    except ImportError:
        return False
    if not hasattr(delta_generator, "_use_warning_has_been_displayed"):
        return False
    delta_generator._use_warning_has_been_displayed = True
    return True


def allow_long_urls() -> bool:
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    original = getattr(starlette_server, "_get_uvicorn_config_kwargs", None)
    if original is None:
        return False

    def kwargs():
        return {**original(), "h11_max_incomplete_event_size": MAX_REQUEST_LINE_BYTES}

    starlette_server._get_uvicorn_config_kwargs = kwargs
    return True


def upload_mb() -> int:
    """Streamlit's upload limit (whole MB) for the importer's: ANTQ_IMPORT_MAX_MB, rounded up."""
    return max(1, math.ceil(settings.number("ANTQ_IMPORT_MAX_MB")))


def flags(extra: list[str]) -> list[str]:
    """`streamlit run` flags: the user's, with the upload limit and error details forced to ours,
    and the local address unless one is given."""
    out, i = [], 0
    while i < len(extra):
        a = extra[i]
        if a.split("=", 1)[0] in ("--server.maxUploadSize", "--client.showErrorDetails"):
            i += 1 if "=" in a else 2  # ours win
            continue
        out.append(a)
        i += 1
    out += ["--server.maxUploadSize", str(upload_mb()), "--client.showErrorDetails", "none"]
    if not any(f.split("=", 1)[0] == "--server.address" for f in out):
        out += ["--server.address", LOCAL_ADDRESS]
    return out


def close_expired_sessions(interval: float = 30.0) -> bool:
    """Shut down the sessions Streamlit kept for a reconnect once their time is up.

    A closed or disconnected tab's session is kept for `server.disconnectedSessionTTL` (120 s) in a
    TTL cache, so a tab that comes back resumes it. When that time is up the cache simply drops the
    entry: the session is never shut down, so its uploaded files (held by the upload manager by
    session id) stay in memory for good (issue 23: 5 uploads of 19 MB, 504 MB 180 s after the tabs
    closed against 390 MB before; with this, 410 MB from 60 s on: docs/importing.md). Here the
    storage shuts down what its cache removes on its own (expired or evicted; not a session deleted
    to be resumed or closed, which Streamlit handles), a sweep on the server's event loop every
    `interval` seconds reaps expired entries even when no tab connects, and glibc gives the freed
    memory back. False if this Streamlit stores sessions otherwise."""
    import threading

    try:
        from streamlit import runtime
        from streamlit.runtime import memory_session_storage as mss
        from streamlit.runtime.caching.ttl_cache import TTLCache
    except ImportError:
        return False
    if not hasattr(mss, "MemorySessionStorage"):
        return False
    made: list = []

    class ClosingSessionStorage(mss.MemorySessionStorage):
        def __init__(self, maxsize: int = 128, ttl_seconds: int = 2 * 60) -> None:
            super().__init__(maxsize=maxsize, ttl_seconds=ttl_seconds)
            self._deleting: str | None = None
            self._cache = TTLCache(maxsize=maxsize, ttl=ttl_seconds, on_remove=self._removed)
            made.append(self)

        def delete(self, session_id: str) -> None:
            self._deleting = session_id  # resumed or closed by Streamlit itself: not ours to shut down
            try:
                super().delete(session_id)
            finally:
                self._deleting = None

        def save(self, session_info) -> None:
            self._deleting = session_info.session.id  # saved again: replaced, not ended
            try:
                super().save(session_info)
            finally:
                self._deleting = None

        def _removed(self, session_id: str, info) -> None:
            if session_id != self._deleting:
                info.session.shutdown()  # removes its uploaded files and media

        def sweep(self) -> None:
            if self._cache.expire():
                _trim()

    def loop_sweeps() -> None:
        import time

        while True:
            time.sleep(interval)
            if not made or not runtime.exists():
                continue
            try:
                loop = runtime.get_instance()._get_async_objs().eventloop
                loop.call_soon_threadsafe(made[-1].sweep)  # the cache is not thread-safe: on its own loop
            except (RuntimeError, AttributeError):
                continue

    mss.MemorySessionStorage = ClosingSessionStorage
    try:  # the server module bound the name when it was imported
        from streamlit.web.server import server as st_server

        st_server.MemorySessionStorage = ClosingSessionStorage
    except ImportError:
        pass
    threading.Thread(target=loop_sweeps, name="antq-session-sweep", daemon=True).start()
    return True


def _trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
