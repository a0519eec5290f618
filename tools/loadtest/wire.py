"""`python -m tools.loadtest.wire URL [URL ...]`: bytes on the wire and requests of a cold load (empty
browser cache) of the overview, then of a second load in the same browser (what the cache saves),
for each URL (e.g. the balancer and one replica directly, to compare). Counts the encoded (compressed)
length of every HTTP response and of the WebSocket frames received, from Chromium's own network log.
"""

from __future__ import annotations

import json
import sys
import time

from tests.support import e2e


def measure(browser, url: str) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Network.enable")
    seen: dict[str, dict] = {}
    ws = [0]
    cdp.on("Network.responseReceived", lambda e: seen.setdefault(e["requestId"], {})
           .update(url=e["response"]["url"], cached=e["response"].get("fromDiskCache", False)))  # fmt: skip
    cdp.on(
        "Network.loadingFinished", lambda e: seen.setdefault(e["requestId"], {}).update(bytes=e["encodedDataLength"])
    )
    cdp.on("Network.webSocketFrameReceived", lambda e: ws.__setitem__(0, ws[0] + len(e["response"]["payloadData"])))
    out = {}
    for label in ("cold", "warm"):
        seen.clear()
        ws[0] = 0
        t0 = time.perf_counter()
        pg.goto(url + "/?year=2024")
        pg.wait_for_function(e2e.JS_IDLE, timeout=120_000, polling=100)
        pg.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=120_000, polling=100)
        took = time.perf_counter() - t0
        time.sleep(1)
        http = [r for r in seen.values() if "bytes" in r]
        out[label] = dict(
            seconds=round(took, 2),
            requests=len(http),
            from_cache=sum(1 for r in http if r.get("cached")),
            http_bytes=sum(r["bytes"] for r in http),
            websocket_bytes_b64=ws[0],  # CDP gives binary frames base64-encoded: ~4/3 of the bytes
        )
    ctx.close()
    return out


def main(argv=None) -> int:
    urls = (argv or sys.argv[1:]) or ["http://127.0.0.1:8640"]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = e2e.launch(pw)
        res = {u: measure(b, u) for u in urls}
        b.close()
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
