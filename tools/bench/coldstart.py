"""Cold start, and its floors: process start → first page drawn, for the app, for a bare Streamlit
page with one Plotly chart (the least any Streamlit + Plotly app can take on this machine) and for
the overview's content with constant data (tools/bench/floor_overview.py: the least this first page
can take), in alternating rounds so all three meet the same load.

    python -m tools.bench.coldstart [--db data/bench/antq-scale1.duckdb] [--rounds 5]

Each round: the browser is already running; the server is started, /_stcore/health polled, the page
opened as soon as it answers, and the clock stopped when the page is idle and every chart drawn.
Prints JSON: per side the start → health and start → drawn times of each round and their medians.
(The floors are served by plain `streamlit run`, the app by `python -m antq serve`.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

FLOOR_APP = textwrap.dedent("""
    import plotly.graph_objects as go
    import streamlit as st
    st.title("Trang trống")
    st.plotly_chart(go.Figure(go.Bar(x=[2024, 2025], y=[1, 2])))
""")


def _one(browser, server, timeout_ms: int = 120_000) -> tuple[float, float]:
    from tests.support import e2e

    server.start()
    try:
        health = server.wait_healthy(120)
        pg = browser.new_page(viewport={"width": 1440, "height": 1000})
        pg.goto(server.url + "/")
        drawn_js = (
            "() => document.querySelector('.js-plotly-plot') !== null"
            f" && ({e2e.JS_IDLE})() && ({e2e.JS_CHARTS_DRAWN})()"
        )
        pg.wait_for_function(drawn_js, timeout=timeout_ms, polling=20)
        drawn = time.perf_counter() - server.started_at
        pg.close()
        return round(health, 2), round(drawn, 2)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="data/bench/antq-scale1.duckdb")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from tests.support import e2e

    work = Path(tempfile.mkdtemp(prefix="antq-cold-"))
    floor_app = work / "floor.py"
    floor_app.write_text(FLOOR_APP, "utf-8")
    page_floor = Path(__file__).with_name("floor_overview.py")
    out: dict[str, dict] = {side: {"health_s": [], "drawn_s": []} for side in ("floor", "page_floor", "app")}
    with sync_playwright() as pw:
        browser = e2e.launch(pw)
        try:
            for _ in range(args.rounds):
                for side, server in (
                    ("floor", e2e.Server(floor_app, log=work / "floor.log", cwd=work)),
                    ("page_floor", e2e.Server(page_floor, log=work / "page_floor.log", cwd=work)),
                    ("app", e2e.Server("app.py", db=Path(args.db).resolve(), log=work / "app.log")),
                ):
                    health, drawn = _one(browser, server)
                    out[side]["health_s"].append(health)
                    out[side]["drawn_s"].append(drawn)
        finally:
            browser.close()
    for side in out.values():
        side["median_health_s"] = round(statistics.median(side["health_s"]), 2)
        side["median_drawn_s"] = round(statistics.median(side["drawn_s"]), 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
