"""A commune officer's phone on a slow link (issue 25): the overview opened on an emulated "Slow 4G"
connection (Chromium's network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency) at
390×844, first visit (empty cache) and revisit (same browser profile: assets cached), measured as

- *figures*: navigation → the first headline card is on screen (what a leader reads first);
- *drawn*: navigation → the page is idle and every chart has drawn;
- *bytes*: what crossed the wire (responses' encoded size, WebSocket frames included).

    python -m tools.bench.slow4g [--db data/bench/antq-scale1.duckdb] [--rounds 3]

Prints JSON with each round and the medians; `--write` adds a section to docs/benchmarks.md.
The server runs on this machine: the link is the emulated one, not the loopback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from antq.settings import PROJECT_ROOT

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
FIRST_CARD_JS = "() => document.querySelector('[data-testid=\"stMetricValue\"]') !== null"


def _visit(context, url: str, timeout_ms: int = 180_000) -> dict:
    from tests.support import e2e

    pg = context.new_page()
    cdp = context.new_cdp_session(pg)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    wire = {"bytes": 0}
    cdp.on(
        "Network.loadingFinished", lambda e: wire.__setitem__("bytes", wire["bytes"] + e.get("encodedDataLength", 0))
    )
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: wire.__setitem__("bytes", wire["bytes"] + len(e.get("response", {}).get("payloadData", ""))),
    )
    t0 = time.perf_counter()
    pg.goto(url, wait_until="commit", timeout=timeout_ms)
    pg.wait_for_function(FIRST_CARD_JS, timeout=timeout_ms, polling=50)
    figures = time.perf_counter() - t0
    drawn_js = f"() => ({e2e.JS_IDLE})() && ({e2e.JS_CHARTS_DRAWN})()"
    pg.wait_for_function(drawn_js, timeout=timeout_ms, polling=100)
    drawn = time.perf_counter() - t0
    pg.close()
    return {"figures_s": round(figures, 2), "drawn_s": round(drawn, 2), "mb": round(wire["bytes"] / 1e6, 2)}


def measure(db: Path, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.support import e2e

    work = Path(tempfile.mkdtemp(prefix="antq-slow4g-"))
    out: dict[str, list[dict]] = {"first": [], "revisit": []}
    server = e2e.Server("app.py", db=db.resolve(), log=work / "app.log").start()
    try:
        server.wait_healthy(180)
        with sync_playwright() as pw:
            for i in range(rounds):
                # a fresh profile per round: the first visit has nothing cached, the revisit its assets
                context = pw.chromium.launch_persistent_context(
                    str(work / f"profile-{i}"), executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS, **PHONE
                )
                try:
                    url = server.url + "/?year=2024"
                    out["first"].append(_visit(context, url))
                    out["revisit"].append(_visit(context, url))
                finally:
                    context.close()
    finally:
        server.stop()
    summary = {
        side: {k: round(statistics.median(r[k] for r in runs), 2) for k in ("figures_s", "drawn_s", "mb")}
        for side, runs in out.items()
    }
    return {"rounds": out, "median": summary}


def write(result: dict, path: Path = PROJECT_ROOT / "docs" / "benchmarks.md") -> None:
    """Replace (or add) the Slow 4G section of docs/benchmarks.md."""
    m = result["median"]
    section = [
        "## Slow 4G on a phone (issue 25)",
        "",
        f"Run: {dt.datetime.now():%Y-%m-%d %H:%M} with `python -m tools.bench.slow4g --write` "
        f"({len(result['rounds']['first'])} rounds, medians). Chromium's network emulation: 1.6 Mbit/s down, "
        "750 kbit/s up, 150 ms latency; 390×844, touch; the overview of 2024 on the scale-1 demo.",
        "",
        "| visit | first figures on screen (s) | every chart drawn (s) | on the wire (MB) |",
        "|---|---:|---:|---:|",
        f"| first (empty cache) | {m['first']['figures_s']} | {m['first']['drawn_s']} | {m['first']['mb']} |",
        f"| revisit (assets cached) | {m['revisit']['figures_s']} | {m['revisit']['drawn_s']} | {m['revisit']['mb']} |",
        "",
    ]
    text = path.read_text("utf-8")
    start = text.find("## Slow 4G on a phone")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(section), "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="data/bench/antq-scale1.duckdb")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="add the result to docs/benchmarks.md")
    args = ap.parse_args(argv)
    db = Path(args.db)
    if not db.exists():
        from antq import db as store

        store.build(db, empty=False, scale=1)
    result = measure(db, args.rounds)
    print(json.dumps(result))
    if args.write:
        write(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
