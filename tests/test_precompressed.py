"""Streamlit's static assets leave a real server compressed as built at install time (issue 16: the
cold load on the wire), byte-identical once decompressed, and only to clients that accept it."""

from __future__ import annotations

import gzip
import urllib.request

import brotli
import pytest

from antq import precompressed
from tests.support import e2e

from .conftest import unavailable


def fetch(url: str, encoding: str | None, method: str = "GET") -> tuple[dict, bytes]:
    req = urllib.request.Request(url, method=method, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(req, timeout=60) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    if not precompressed.store_dir().is_dir():
        unavailable(f"no pre-compressed assets in {precompressed.store_dir()} (make install runs antq precompress)")
    s = e2e.Server(db=demo_db, log=tmp_path_factory.mktemp("precompressed") / "app.log").start()
    try:
        s.wait_healthy(120)
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def biggest_script():
    """The largest JavaScript file (Plotly's chunk): the one the compression is for."""
    js = max((precompressed.streamlit_static() / "static" / "js").glob("*.js"), key=lambda p: p.stat().st_size)
    return f"/static/js/{js.name}", js.read_bytes()


def test_brotli_when_accepted(server, biggest_script):
    path, original = biggest_script
    headers, body = fetch(server.url + path, "gzip, deflate, br, zstd")
    assert headers["content-encoding"] == "br" and "immutable" in headers["cache-control"]
    assert headers["vary"] == "Accept-Encoding" and headers["content-type"].startswith("application/javascript")
    assert brotli.decompress(body) == original
    assert len(body) < len(original) / 3


def test_gzip_for_clients_without_brotli(server, biggest_script):
    path, original = biggest_script
    headers, body = fetch(server.url + path, "gzip")
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == original


def test_identity_otherwise_and_head(server, biggest_script):
    path, original = biggest_script
    headers, body = fetch(server.url + path, None)
    assert "content-encoding" not in headers and body == original
    headers, body = fetch(server.url + path, "br", method="HEAD")
    assert headers["content-encoding"] == "br" and body == b""


def test_pages_and_unknown_assets_are_streamlits(server):
    headers, body = fetch(server.url + "/", "br")  # the page shell: never cached, Streamlit's own
    assert headers.get("content-encoding") != "br" and b"<html" in body.lower()
    with pytest.raises(urllib.error.HTTPError) as exc:
        fetch(server.url + "/static/js/../../../../etc/passwd", "br")
    assert exc.value.code in (400, 404)
