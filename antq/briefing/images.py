"""Plotly figures to PNG, offline: kaleido 1.x driving Debian's Chromium.

One browser per briefing, started when the Renderer is created so that its start (the slowest
step) overlaps the queries. No network: plotly.js comes from the plotly package, MathJax is off
(kaleido would fetch it from a CDN), the maps' base topology is the app's own empty one (a local
file: antq.maps.TOPOJSON_DIR) and every request that is not a local file goes to a proxy on a closed
loopback port.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from pathlib import Path

import plotly.graph_objects as go

from antq.briefing.errors import BriefingError
from antq.maps import TOPOJSON_DIR

# kaleido's browser driver logs its own troubles (e.g. the pipe of a browser still booting when a bad
# argument ends the command first) through Python's last-resort handler, i.e. as a traceback on the
# user's stderr; the Renderer reports a failure itself, in Vietnamese. A handler here stops that
# fallback; with logging configured (the server), the records still reach the log.
for _name in ("choreographer", "kaleido"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

CHROMIUM = os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium")  # the same variable as the browser tests
SCALE = 2  # device pixels per CSS pixel: charts ~280 dpi at print size
DEAD_PROXY = "http://127.0.0.1:9"  # discard port: nothing listens, so nothing leaves the machine
FONT = "Liberation Serif, Times New Roman, serif"  # the document's face, from the same fonts-liberation2
# Generous: on a loaded 2-core machine (the CI running two test workers beside Chromium) the first
# map took over 120 s; a briefing is made rarely and a late one is better than none.
OPEN_TIMEOUT_S, RENDER_TIMEOUT_S = 120, 360


def _printable(fig: go.Figure) -> dict:
    """The figure as kaleido's dict with the document's face, sharing the figure's data: a Figure
    copy (or kaleido's own to_dict) would deep-copy and re-validate the map's GeoJSON."""
    j = fig.to_plotly_json()
    font = {**j["layout"].get("font", {}), "family": FONT}
    return {
        "data": j["data"],
        "layout": {**j["layout"], "font": font, "paper_bgcolor": "white", "plot_bgcolor": "white"},
    }


class Renderer:
    """`with Renderer() as r: r.submit(key, figure, (width, height)); ...; pngs = r.render()`."""

    def __init__(self, chromium: str | None = None):
        self.chromium = chromium or CHROMIUM
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="briefing-kaleido", daemon=True)
        self._thread.start()
        self._opened = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
        self._pending: dict = {}

    async def _open(self):
        import kaleido

        if not (Path(self.chromium).is_file() and os.access(self.chromium, os.X_OK)):
            raise BriefingError(
                f"Không tìm thấy Chromium tại {self.chromium} để vẽ biểu đồ: cài bằng `apt-get install chromium` "
                "hoặc đặt biến ANTQ_CHROMIUM."
            )
        k = kaleido.Kaleido(n=1, path=self.chromium, mathjax=False, proxy_server=DEAD_PROXY, timeout=RENDER_TIMEOUT_S)
        await k.open()
        return k

    async def _one(self, fig: go.Figure, size: tuple[int, int]) -> bytes:
        k = await asyncio.wrap_future(self._opened)
        return await k.calc_fig(
            _printable(fig),
            opts=dict(format="png", width=size[0], height=size[1], scale=SCALE),
            topojson=TOPOJSON_DIR.as_uri() + "/",
        )

    def submit(self, key: str, fig: go.Figure, size: tuple[int, int]) -> None:
        """Start drawing `fig` now; `render` collects it."""
        self._pending[key] = asyncio.run_coroutine_threadsafe(self._one(fig, size), self._loop)

    def render(self, items: dict[str, tuple[go.Figure, tuple[int, int]]] | None = None) -> dict[str, bytes]:
        """PNG bytes of every submitted figure and of `items` (key -> (figure, (width, height)))."""
        for key, (fig, size) in (items or {}).items():
            if key not in self._pending:
                self.submit(key, fig, size)
        try:
            return {key: f.result(RENDER_TIMEOUT_S) for key, f in self._pending.items()}
        except BriefingError:
            raise
        except TimeoutError as exc:  # concurrent.futures' timeout says nothing of its own
            raise BriefingError(
                f"Không vẽ được biểu đồ bằng Chromium ({self.chromium}): quá {RENDER_TIMEOUT_S} giây "
                "(máy chủ đang quá tải?); hãy thử lại sau."
            ) from exc
        except Exception as exc:  # a browser that would not start or draw: say so, not a traceback
            detail = str(exc) or type(exc).__name__
            raise BriefingError(f"Không vẽ được biểu đồ bằng Chromium ({self.chromium}): {detail}") from exc

    def close(self) -> None:
        try:
            k = self._opened.result(OPEN_TIMEOUT_S)
        except Exception:
            k = None
        if k is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), self._loop).result(30)
            except Exception:  # noqa: S110 -- the browser is going away either way
                pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
