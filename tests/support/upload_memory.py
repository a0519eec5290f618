"""Measure what an upload costs the server and whether it is given back (issue 17, point 4).

    python -m tests.support.upload_memory [--project DIR] [--mb 15] [--uploads 3] [--after 30,90,150]

Starts `python -m antq serve` from DIR (default: this checkout) on a demo database with a real OIDC
provider (the import page is offered to reporters and administrators only), signs in, opens the
import page in Chromium, uploads a CSV of --mb megabytes (festival rows of one province, valid, so
the whole preview runs) --uploads times in one session, closes the session, and prints the
server's resident memory (with its children) before, after each upload and --after seconds after
the session closed (default 60). Prints one JSON line; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from tests.import_helpers import communes, festival_row, labels
from tests.support import e2e, oidc


def rss_mb(pid: int) -> float:
    p = psutil.Process(pid)
    return round(sum(x.memory_info().rss for x in [p, *p.children(recursive=True)]) / 2**20, 1)


def make_csv(path: Path, mb: int) -> None:
    kh = communes("56", 2008)
    codes = kh["Mã đơn vị"].to_list()
    head = ",".join(labels("festivals")) + "\n"
    lines, size, i = [head], len(head), 0
    while size < mb * 2**20:
        r = festival_row(codes[i % len(codes)], venue_name=f"Thôn {i}", day="10/08/2024")
        line = ",".join("" if v is None else str(v) for v in r) + "\n"
        lines.append(line)
        size += len(line.encode())
        i += 1
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default=str(Path(__file__).resolve().parents[2]))
    ap.add_argument("--mb", type=int, default=15)
    ap.add_argument("--uploads", type=int, default=3)
    ap.add_argument("--port", type=int, default=8729)
    ap.add_argument("--oidc-port", type=int, default=8730)
    ap.add_argument("--server-arg", action="append", default=[], help="extra `antq serve` arguments, e.g. --server.x=y")
    ap.add_argument("--after", default="60", help="seconds after the session closed to measure, e.g. 30,90,150")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="upload-mem-"))
    dbp = work / "antq.duckdb"
    subprocess.run(
        [sys.executable, "-m", "antq", "demo", "--out", str(dbp)], cwd=a.project, check=True, capture_output=True
    )
    csv = work / "upload.csv"
    make_csv(csv, a.mb)
    env = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(work / "archive"), "ANTQ_IMPORT_MAX_MB": "50"}
    base = f"http://localhost:{a.port}"
    out = {"project": a.project, "upload_mb": round(csv.stat().st_size / 2**20, 1), "rss_mb": {}}
    # The import page is offered to reporters and administrators only: sign in first (a real OIDC provider).
    with oidc.provider(work, base, a.oidc_port, dbp) as signed:
        server = subprocess.Popen(
            [sys.executable, "-m", "antq", "serve", "--server.headless", "true", "--server.port", str(a.port)]
            + ["--server.maxUploadSize", "50", *a.server_arg],
            cwd=a.project,
            env=env | signed,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                b = e2e.launch(pw)
                page = b.new_page()
                oidc.sign_in(page, base, a.oidc_port)
                page.goto(f"{base}/import_data?year=2024", timeout=120_000)
                page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
                time.sleep(3)
                out["rss_mb"]["page_open"] = rss_mb(server.pid)
                for k in range(a.uploads):
                    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
                    page.get_by_text("Số dòng").first.wait_for(timeout=300_000)
                    page.wait_for_function(e2e.JS_IDLE, timeout=300_000)
                    time.sleep(3)
                    out["rss_mb"][f"after_upload_{k + 1}"] = rss_mb(server.pid)
                    page.reload()
                    page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
                b.close()
            closed = time.monotonic()
            for after in sorted(int(x) for x in a.after.split(",")):
                time.sleep(max(0.0, closed + after - time.monotonic()))
                out["rss_mb"][f"{after}s_after_close"] = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(20)
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
