"""Issue 17 in a real browser against `python -m antq serve`: first visitors after a fresh start
(5 rounds of 6 at once) see no exception; old paths open their pages; a 20,000-code URL gives one
notice; /_stcore/metrics is not served; the server binds to 127.0.0.1 by default; the uploader
takes no more than ANTQ_IMPORT_MAX_MB; the "Thay thế" choice is reachable and replaces."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import duckdb
import psutil
import pytest

from antq import db

from .conftest import REPO
from .import_helpers import communes, festival_row, labels, xlsx
from .support import e2e, oidc

pytestmark = pytest.mark.browser
ROUNDS, VISITORS = 5, 6


@pytest.fixture(scope="module", autouse=True)
def _browser_available(browser_ready):
    """conftest says what a missing browser means here (a failure in CI)."""


def _in_thread(coro_fn, *args):
    """Run an async Playwright round in its own thread and event loop: the session's shared sync
    Playwright (conftest.browser) owns this thread's loop."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(lambda: asyncio.run(coro_fn(*args))).result()


def serve(db_path, port, extra_env=None, address=None):
    """`python -m antq serve` as `make run` starts it (no --server.address unless given); its log
    goes to a file beside the database (a pipe nobody reads would stall the server)."""
    args = [sys.executable, "-m", "antq", "serve", "--server.headless", "true", "--server.port", str(port)]
    args += ["--browser.gatherUsageStats", "false"] + (["--server.address", address] if address else [])
    env = os.environ | {"ANTQ_DB": str(db_path)} | (extra_env or {})
    log = open(db_path.parent / f"serve-{port}.log", "wb")
    p = subprocess.Popen(args, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert p.poll() is None, (db_path.parent / f"serve-{port}.log").read_text()[-3000:]
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return p
        time.sleep(0.2)
    p.kill()
    raise TimeoutError("server did not start")


def stop(p):
    p.terminate()
    try:
        p.wait(15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(5)


async def _visit(browser, url: str) -> tuple[int, str]:
    ctx = await browser.new_context()
    page = await ctx.new_page()
    try:
        await page.goto(url, timeout=240_000)
        await page.wait_for_function(
            "() => document.querySelector('.js-plotly-plot') || document.querySelector('[data-testid=\"stException\"]')"
            " || document.body.innerText.includes('Page not found')",
            timeout=240_000,  # six first visitors at once on a shared two-core machine
        )
        await asyncio.sleep(1)
        body = await page.inner_text("body")
        bad = await page.locator('[data-testid="stException"]').count() + ("Traceback" in body)
        bad += "Page not found" in body
        h1 = await page.locator("h1").first.inner_text() if await page.locator("h1").count() else ""
        return bad, f"{page.url}\n{h1}\n{await page.locator('[data-testid=stAlert]').count()}"
    finally:
        await ctx.close()


async def _round(port: int, extra_urls: list[str]) -> tuple[int, list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS)
        try:
            base = f"http://localhost:{port}"
            first = await asyncio.gather(*(_visit(b, f"{base}/?year={2019 + i}") for i in range(VISITORS)))
            extra = [await _visit(b, base + u) for u in extra_urls]
        finally:
            await b.close()
    return sum(bad for bad, _ in first), [info for _, info in extra] + [str(bad) for bad, _ in extra]


def test_first_visitors_after_a_fresh_start_see_no_exception(demo_db, tmp_path):
    """Five fresh starts; each time six visitors arrive at once (the race imported pandas twice)."""
    dbp = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    long_url = "/?year=2024&province=" + ",".join(f"x{i}" for i in range(20_000))
    bads = []
    for k in range(ROUNDS):
        p = serve(dbp, 8721 + k)
        try:
            extra = ["/overview?year=2023", "/tham-gia?year=2023&province=56", long_url] if k == 0 else []
            bad, info = _in_thread(_round, 8721 + k, extra)
            bads.append(bad)
            if k == 0:
                overview, tham_gia, long_one = info[:3]
                assert "/participation?" in tham_gia and "province=56" in tham_gia and "Tham gia" in tham_gia
                assert "year=2023" in overview and "Tổng quan" in overview
                assert int(long_one.rsplit("\n", 1)[1]) <= 3  # the demo label and one notice
                assert info[3:] == ["0", "0", "0"]  # no exception, no "Page not found"
                with urllib.request.urlopen(f"http://127.0.0.1:{8721 + k}/_stcore/metrics", timeout=5) as r:
                    body = r.read().decode("utf-8", "replace")
                assert "# TYPE" not in body and "session" not in body.lower().split("<")[0]
                listening = {
                    c.laddr.ip
                    for c in psutil.Process(p.pid).net_connections("tcp")
                    if c.status == psutil.CONN_LISTEN and c.laddr.port == 8721 + k
                }
                assert listening == {"127.0.0.1"}
        finally:
            stop(p)
    assert bads == [0] * ROUNDS


def test_upload_limit_and_the_replace_choice(tmp_path, browser):
    """The uploader refuses what the importer would (ANTQ_IMPORT_MAX_MB=1); a file whose province
    and year already hold imported rows reaches "Thay thế" and, once ticked, replaces them."""
    dbp = db.build(tmp_path / "antq.duckdb", empty=True)
    kh = communes("56", 2008)
    fest = labels("festivals")
    v1, v2, big = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx", tmp_path / "big.csv"
    v1.write_bytes(xlsx([festival_row(kh["Mã đơn vị"][0], venue_name="A", participants=111)], fest))
    v2.write_bytes(xlsx([festival_row(kh["Mã đơn vị"][1], venue_name="B", participants=222)], fest))
    big.write_bytes(b"x" * (1536 * 1024))
    env = {"ANTQ_IMPORT_MAX_MB": "1", "ANTQ_ARCHIVE_DIR": str(tmp_path / "archive")}
    # The import page is offered to granted users only (issue 13): sign in as an administrator.
    base = "http://localhost:8727"
    with oidc.provider(tmp_path, base, 8728, dbp) as auth_env:
        p = serve(dbp, 8727, env | auth_env)
        try:
            page = browser.new_context().new_page()
            oidc.sign_in(page, base, 8728)
            _upload_twice(page, base, big, v1, v2)
        finally:
            stop(p)
    with duckdb.connect(str(dbp), read_only=True) as c:
        assert c.execute("SELECT participants FROM festival_point").fetchall() == [(222,)]
        outcomes = [r[0] for r in c.execute("SELECT outcome FROM import_audit ORDER BY attempt_id").fetchall()]
    assert outcomes == ["loaded", "replaced"]


def _upload_twice(page, base, big, v1, v2):
    """The oversized file refused by the uploader, then v1 loaded and v2 offered "Thay thế" and replacing."""
    page.goto(f"{base}/import_data?year=2024", timeout=120_000)
    page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
    upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    assert "1MB" in page.locator('[data-testid="stFileUploaderDropzone"]').inner_text().replace(" ", "")
    upload.set_input_files(str(big))
    page.get_by_text("File must be 1.0MB or smaller", exact=False).first.wait_for(timeout=60_000)
    page.goto(f"{base}/import_data?year=2024", timeout=120_000)
    page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
    for f, expect in ((v1, "Đã nhập"), (v2, "Đã thay thế")):
        page.goto(f"{base}/import_data?year=2024", timeout=120_000)
        page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(f))
        go = page.get_by_role("button", name="Nhập vào cơ sở dữ liệu")
        go.wait_for(timeout=120_000)
        page.wait_for_function(e2e.JS_IDLE, timeout=120_000)
        if f is v2:  # the slice holds v1's rows: the choice is offered and required
            replace = page.get_by_text("Thay thế số liệu đã nhập của các tỉnh, năm này")
            replace.wait_for(timeout=60_000)
            assert go.is_disabled()
            replace.click()
            page.wait_for_function(e2e.JS_IDLE, timeout=60_000)
        go.click()
        # the success message itself: the same words in a status table would not mean the write is done
        page.get_by_test_id("stAlertContainer").filter(has_text=expect).first.wait_for(timeout=120_000)
    page.context.close()
