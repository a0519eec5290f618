"""Streamlit's static assets served pre-compressed (issue 16: a cold load ≤ 3.0 MB on the wire).

Streamlit sends its 7.7 MB of JavaScript, CSS and fonts uncompressed (it keeps its gzip middleware
off the static paths on purpose: compressing on every request costs more than it saves on a fast
link). Over a provincial network link the bytes are what counts, and these files never change for
one installed Streamlit: their names carry a content hash. So they are compressed once, at install
time (`python -m antq precompress`, run by `make install`), with Brotli at its highest quality and
with gzip for clients without Brotli, and served as they are, marked immutable. Measured on the
overview's cold load (docs/benchmarks.md): 7.76 MB raw, 3.83 MB through HAProxy's on-the-fly gzip,
about 2.1 MB with these files.

The copies live under the virtualenv (`<prefix>/share/antq-static/<streamlit version>/`), so a
different Streamlit never receives another version's files; a file without a copy (or a server
started outside the virtualenv) is served by Streamlit as before.
"""

from __future__ import annotations

import mimetypes
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# What is worth compressing (fonts are woff2, images png: compressed already).
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".txt", ".map", ".wasm")
MIN_BYTES = 1024
# (Content-Encoding, file suffix), in order of preference.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
IMMUTABLE = "public, max-age=31536000, immutable"


def streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def store_dir() -> Path:
    import streamlit

    return Path(sys.prefix) / "share" / "antq-static" / streamlit.__version__


def _compress(job: tuple[str, str]) -> int:
    import gzip

    import brotli

    src, dst = Path(job[0]), Path(job[1])
    data = src.read_bytes()
    dst.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    for suffix, packed in ((".br", lambda d: brotli.compress(d, quality=11)), (".gz", lambda d: gzip.compress(d, 9))):
        out = packed(data)
        tmp = dst.with_name(f".{dst.name}{suffix}.{os.getpid()}.tmp")
        tmp.write_bytes(out)
        os.replace(tmp, dst.with_name(dst.name + suffix))  # a half-written copy is never served
        written += len(out)
    return written


def build(workers: int | None = None) -> tuple[int, int, int]:
    """Compress every compressible static file that has no copy yet: (files, bytes in, bytes out)."""
    src_root, dst_root = streamlit_static(), store_dir()
    jobs = []
    for src in src_root.rglob("*"):
        if not src.is_file() or src.suffix not in COMPRESSIBLE or src.stat().st_size < MIN_BYTES:
            continue
        dst = dst_root / src.relative_to(src_root)
        if all(dst.with_name(dst.name + s).exists() for _, s in ENCODINGS):
            continue
        jobs.append((str(src), str(dst)))
    if not jobs:
        return 0, 0, 0
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        out = sum(pool.map(_compress, jobs, chunksize=4))
    return len(jobs), sum(Path(s).stat().st_size for s, _ in jobs), out


class PrecompressedStatic:
    """ASGI middleware: GET/HEAD of a static asset with a pre-compressed copy that the client
    accepts is answered from the copy; everything else goes to Streamlit untouched."""

    def __init__(self, app, base_url: str = "", root: Path | None = None):
        self.app = app
        self.prefix = "/" + "/".join(p for p in (base_url.strip("/"), "static") if p) + "/"
        self.root = root or store_dir()
        self.enabled = self.root.is_dir()

    async def __call__(self, scope, receive, send):
        if not self.enabled or scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if not path.startswith(self.prefix) or ".." in path:
            return await self.app(scope, receive, send)
        rel = path[len(self.prefix) - len("static/") :]  # "static/js/x.js", as under Streamlit's static dir
        accepted = _accepted(scope)
        for encoding, suffix in ENCODINGS:
            if encoding not in accepted:
                continue
            copy = self.root / (rel + suffix)
            if copy.is_file():
                return await _send_copy(copy, rel, encoding, scope, receive, send)
        return await self.app(scope, receive, send)


def _accepted(scope) -> set[str]:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            return {p.split(";")[0].strip() for p in value.decode("latin-1").lower().split(",")}
    return set()


async def _send_copy(copy: Path, rel: str, encoding: str, scope, receive, send) -> None:
    from starlette.responses import FileResponse

    media = mimetypes.guess_type(rel)[0] or "application/octet-stream"
    if media.startswith("text/") or media in ("application/javascript", "application/json"):
        media += "; charset=utf-8"
    headers = {"Content-Encoding": encoding, "Vary": "Accept-Encoding", "Cache-Control": IMMUTABLE}
    await FileResponse(copy, media_type=media, headers=headers)(scope, receive, send)


def install() -> bool:
    """Put the middleware in front of Streamlit's (after its path-security check). False if this
    Streamlit builds its server otherwise (then assets are served as Streamlit serves them)."""
    try:
        from starlette.middleware import Middleware
        from streamlit import config
        from streamlit.web.server.starlette import starlette_app
    except ImportError:
        return False
    original = getattr(starlette_app, "create_streamlit_middleware", None)
    if original is None:
        return False

    def middleware():
        stack = list(original())
        base = config.get_option("server.baseUrlPath") or ""
        stack.insert(min(1, len(stack)), Middleware(PrecompressedStatic, base_url=base))
        return stack

    starlette_app.create_streamlit_middleware = middleware
    return True
