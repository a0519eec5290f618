"""Issue 23, in a real browser against a real server and a real OpenID Connect provider:

- scoped users (a province viewer of Khánh Hòa, the commune police of Phường Thủ Đức) download the
  briefing and every deferred download (CSV, XLSX of every chart and table) and find no other
  province in any of them, nor afterwards on the overview and the map (the briefing once ran with
  the whole country and left its national ranking in the user's cache);
- a revoked user's click on a download in a tab opened before the revoke is refused;
- a session cookie copied before a sign-out does not sign anyone in after it;
- ten signed-in sessions open /results at once, five rounds: the server never freezes and its
  health check answers after every round (Polars once ran a Python lambda on its threads while a
  script thread held the GIL).

Every expectation is read from the DuckDB file with independent SQL. Ports 8821-8822 (this module's).
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import shutil
import subprocess
import threading
import urllib.request
import zipfile
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from antq.access import store
from tests.support import e2e, oidc

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_PORT, OIDC_PORT = 8821, 8822
BASE = f"http://localhost:{APP_PORT}"
TIMEOUT_MS = 120_000
YEAR = 2022  # a year no test opens before its downloads: nothing of it is cached yet
USERS = {  # sub -> (email, role, scope)
    "xem56": ("xem56@antq.test", "viewer", ["56"]),  # Khánh Hòa (2025: with the former Ninh Thuận)
    "xa26824": ("xa26824@antq.test", "viewer", "commune:26824"),  # Phường Thủ Đức, Hồ Chí Minh
    "thuhoi01": ("thuhoi01@antq.test", "viewer", ["01"]),
    "dangxuat01": ("dangxuat01@antq.test", "viewer", ["01"]),
    "bc79": ("bc79@antq.test", "reporter", ["79"]),
    "toanquoc": ("toanquoc@antq.test", "admin", []),
}
PAGES = ("", "participation", "models", "commendations", "map", "data", "results")


@pytest.fixture(scope="module")
def site(browser_ready, demo_db, tmp_path_factory):
    """(database path, server log): grants made, provider and app running."""
    tmp = tmp_path_factory.mktemp("security-e2e")
    dbp = tmp / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    for email, role, scope in USERS.values():
        if isinstance(scope, str):
            store.grant("email", email, role, communes=[scope.removeprefix("commune:")], by="test", db_path=dbp)
        else:
            store.grant("email", email, role, provinces=scope, by="test", db_path=dbp)
    users = tuple((sub, email) for sub, (email, *_rest) in USERS.items())
    with oidc.provider(tmp, BASE, OIDC_PORT, dbp, users=users) as auth_env:
        server = e2e.Server(db=dbp, log=tmp / "app.log", extra_env=auth_env)
        server.port, server.url = APP_PORT, BASE
        try:
            server.start()
            server.wait_healthy(120)
            yield dbp, tmp / "app.log"
        finally:
            server.stop()


# ---------------------------------------------------------------- independent SQL
def province_names(dbp) -> dict[str, str]:
    """Province code -> name, both systems (the names a download or a chart would print)."""
    with duckdb.connect(str(dbp), read_only=True) as c:
        rows = c.execute("SELECT DISTINCT unit_code, short_name FROM admin_unit WHERE level = 'province'").fetchall()
    return dict(rows)


def lineage(dbp, provinces_2025: list[str]) -> set[str]:
    """The 2025 provinces and the 2008 provinces merged into them."""
    with duckdb.connect(str(dbp), read_only=True) as c:
        old = c.execute(
            "SELECT old_province_code FROM province_crosswalk WHERE list_contains($p, new_province_code)",
            {"p": provinces_2025},
        ).fetchall()
    return set(provinces_2025) | {r[0] for r in old}


def foreign_names(dbp, own: set[str]) -> set[str]:
    """Names of provinces outside `own`, less those that are also (part of) the name of a unit inside
    it (Khánh Hòa has a Xã Ninh Bình): a download of `own` may print those."""
    names = province_names(dbp)
    with duckdb.connect(str(dbp), read_only=True) as c:
        inside = [
            r[0]
            for r in c.execute(
                "SELECT DISTINCT short_name FROM admin_unit WHERE list_contains($p, province_code)", {"p": sorted(own)}
            ).fetchall()
        ]
    return {n for c, n in names.items() if c not in own and not any(n in m for m in inside)}


# ---------------------------------------------------------------- the browser side
def idle(pg) -> None:
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=200)


def settle(pg, path: str = "", query: str = f"year={YEAR}") -> None:
    pg.goto(f"{BASE}/{path}" + (f"?{query}" if query else ""), timeout=TIMEOUT_MS)
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)


def sign_in(browser, sub: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    settle(pg)
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.wait_for_url(re.compile(f"localhost:{OIDC_PORT}"), timeout=TIMEOUT_MS)
    pg.locator(f"button[name=sub][value='{sub}']").click()
    pg.wait_for_url(re.compile(f"localhost:{APP_PORT}"), timeout=TIMEOUT_MS)
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    return pg


def text_of(path: Path, name: str) -> str:
    """The text a reader of a downloaded file sees."""
    raw = path.read_bytes()
    if name.endswith(".csv"):
        return raw.decode("utf-8-sig")
    if name.endswith((".xlsx", ".docx")):
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            parts = [n for n in z.namelist() if n.endswith(".xml")]
            xml = " ".join(z.read(n).decode("utf-8", "replace") for n in parts)
        return re.sub(r"<[^>]+>", " ", xml)
    if name.endswith(".pdf"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    raise AssertionError(f"unexpected download {name}")


def download_all(pg, where: str) -> list[tuple[str, str]]:
    """Click every download button of the page (CSV, XLSX, the sidebar's briefing PDF and DOCX);
    (file name, its text) of each."""
    out = []
    names = ["Tải CSV", "Tải XLSX", "PDF", "DOCX"]
    for name in names:
        buttons = pg.get_by_role("button", name=name, exact=True)
        for i in range(buttons.count()):
            with pg.expect_download(timeout=TIMEOUT_MS) as dl:
                buttons.nth(i).click()
            d = dl.value
            out.append((f"{where}: {d.suggested_filename}", text_of(Path(d.path()), d.suggested_filename)))
    return out


JS_PLOT_STRINGS = """() => {
  const out = [];
  const walk = v => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) Object.values(v).forEach(walk);
  };
  document.querySelectorAll('.js-plotly-plot').forEach(p => {
    // The archipelagos are named with their province on every map of Vietnam: no figure of it.
    (p.data || []).filter(t => t.name !== 'Quần đảo').forEach(t =>
      ['x', 'y', 'locations', 'text', 'customdata', 'hovertext', 'name'].forEach(k => walk(t[k])));
    ((p.layout || {}).annotations || []).forEach(a => walk(a.text));
  });
  return out.join('\\n');
}"""


# Locations of map traces that carry a figure (not the grey "not reported", the outline outside the
# scope, the selection's outline or the archipelagos' labels).
JS_COLOURED = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => (p.data || [])
  .filter(t => !['Chưa báo cáo', 'Ngoài phạm vi của bạn', 'Đang chọn', 'Quần đảo'].includes(t.name))
  .flatMap(t => t.locations || []))"""


def visible(pg) -> str:
    """The page's text and every string its charts hold (bars, hover texts, map locations), less the
    map's note that the archipelagos take their province's colour ("Hoàng Sa (Đà Nẵng)")."""
    text = pg.inner_text("body") + "\n" + pg.evaluate(JS_PLOT_STRINGS)
    return re.sub(r"(Hoàng Sa|Trường Sa)\s*\([^)]*\)", r"\1", text)


def leaks(texts: list[tuple[str, str]], forbidden: set[str]) -> list[str]:
    return [f"{where}: {n}" for where, t in texts for n in sorted(forbidden) if re.search(rf"\b{re.escape(n)}\b", t)]


def csv_codes(texts: list[tuple[str, str]], column: str) -> set[str]:
    codes: set[str] = set()
    for where, t in texts:
        if where.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(t)))
            if rows and column in rows[0]:
                codes |= {r[rows[0].index(column)] for r in rows[1:] if r}
    return codes


def scoped_user_sees_only_their_scope(browser, dbp, sub: str, own: set[str]) -> None:
    pg = sign_in(browser, sub)
    forbidden = foreign_names(dbp, own)
    assert len(forbidden) > 50  # the check can fail: most of the country's names are forbidden
    texts = []
    # Downloads first, on pages that compute no national ranking, so that a leaking briefing would
    # be the first to put the year's ranking in the cache.
    for path in ("data", "results", "participation", "models", "commendations", "map", ""):
        settle(pg, path)
        texts += download_all(pg, path or "overview")
    assert any(w.endswith(".pdf") for w, _ in texts) and any(w.endswith(".docx") for w, _ in texts)
    assert sum(w.endswith(".csv") for w, _ in texts) >= 7
    found = leaks(texts, forbidden)
    assert not found, f"other provinces in the downloads of {sub}: {found[:20]}"
    codes = csv_codes(texts, "Mã tỉnh")
    assert codes and codes <= own, f"province codes outside the scope in {sub}'s CSV files: {codes - own}"
    # ... and nothing of another province on the pages afterwards (the cache holds the downloads' results)
    for path in ("", "map"):
        settle(pg, path)
        pg.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=TIMEOUT_MS, polling=500)
        found = leaks([(path or "overview", visible(pg))], forbidden)
        assert not found, f"other provinces on {path or 'the overview'} of {sub} after the downloads: {found[:20]}"
        # the provinces coloured with a figure (a leaking briefing left the national ranking in the cache)
        coloured = {c for c in pg.evaluate(JS_COLOURED) if len(c) <= 2}
        assert coloured <= own, f"provinces coloured on {path or 'the overview'} of {sub}: {sorted(coloured - own)}"
    pg.context.close()


def test_province_viewer_downloads_and_pages_hold_only_their_province(site, browser):
    dbp, _ = site
    scoped_user_sees_only_their_scope(browser, dbp, "xem56", lineage(dbp, ["56"]))


def test_commune_viewer_downloads_and_pages_hold_only_their_commune(site, browser):
    dbp, _ = site
    scoped_user_sees_only_their_scope(browser, dbp, "xa26824", lineage(dbp, ["79"]))


def test_a_revoked_users_download_click_is_refused(site, browser):
    dbp, log = site
    pg = sign_in(browser, "thuhoi01")
    settle(pg, "data")
    with pg.expect_download(timeout=TIMEOUT_MS) as dl:  # before the revoke: it downloads
        pg.get_by_role("button", name="Tải CSV", exact=True).first.click()
    assert dl.value.suggested_filename.endswith(".csv")
    store.revoke("email", "thuhoi01@antq.test", by="test", db_path=dbp)
    # the same open tab, no rerun: the click is checked again on the server and refused
    with pytest.raises(PlaywrightTimeout):
        with pg.expect_download(timeout=20_000):
            pg.get_by_role("button", name="Tải CSV", exact=True).first.click()
    with pytest.raises(PlaywrightTimeout):
        with pg.expect_download(timeout=20_000):
            pg.get_by_role("button", name="PDF", exact=True).click()
    assert "download refused" in log.read_text("utf-8", errors="replace")
    pg.context.close()


def test_a_cookie_copied_before_sign_out_signs_nobody_in(site, browser):
    dbp, log = site
    pg = sign_in(browser, "dangxuat01")
    copied = pg.context.cookies()
    assert any(c["name"].startswith("_streamlit_user") for c in copied)
    # the copy works while the sign-in lasts (so the test can fail) ...
    other = browser.new_context()
    other.add_cookies(copied)
    before = other.new_page()
    settle(before, "")
    assert dict(before.evaluate(e2e.JS_METRICS)), e2e.describe(before, log)
    other.close()
    # ... and no longer after the user signs out
    pg.get_by_role("button", name="Đăng xuất").click()
    # Streamlit ends the provider's session too (RP-initiated logout): the browser leaves the app
    pg.wait_for_url(re.compile(r"/oauth2/end_session|/oauth2callback"), timeout=TIMEOUT_MS)
    pg.context.close()
    with duckdb.connect(str(dbp), read_only=True) as c:
        ended = c.execute(
            "SELECT reason, ended_by FROM access_session_end WHERE principal = 'dangxuat01@antq.test'"
        ).fetchall()
    assert ended == [("logout", "dangxuat01@antq.test")]
    thief = browser.new_context()
    thief.add_cookies(copied)
    after = thief.new_page()
    settle(after, "")
    assert after.get_by_role("button", name="Đăng nhập").count() == 1, e2e.describe(after, log)
    assert not after.evaluate(e2e.JS_METRICS)
    thief.close()


def healthy() -> bool:
    try:
        with urllib.request.urlopen(f"{BASE}/_stcore/health", timeout=10) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def test_ten_signed_in_sessions_open_results_at_once_for_five_rounds(site, browser):
    from playwright.async_api import async_playwright

    _, log = site
    states = []
    for sub in ("xem56", "bc79", "toanquoc", "xa26824"):
        pg = sign_in(browser, sub)
        states.append(pg.context.storage_state())
        pg.context.close()

    async def one(b, i: int, rnd: int) -> str | None:
        ctx = await b.new_context(storage_state=states[i % len(states)])
        pg = await ctx.new_page()
        try:
            await pg.goto(f"{BASE}/results?year={2019 + (i + rnd) % 8}", timeout=TIMEOUT_MS)
            await pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
            await pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=500)
            if await pg.query_selector('[data-testid="stException"]') is not None:
                return f"session {i}: an exception on the page"
            return None
        except Exception as exc:  # a page that never finishes is the failure being tested
            return f"session {i}: {type(exc).__name__}"
        finally:
            await ctx.close()

    async def rounds() -> list[str]:
        async with async_playwright() as pw:
            b = await pw.chromium.launch(executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS)
            problems = []
            for rnd in range(5):
                res = await asyncio.gather(*[one(b, i, rnd) for i in range(10)])
                problems += [f"round {rnd + 1}: {r}" for r in res if r]
                if not healthy():
                    problems.append(f"round {rnd + 1}: the health check did not answer")
                    break
            await b.close()
            return problems

    # The session's sync browser keeps an event loop on this thread: the async one runs on its own.
    out: list[list[str]] = []
    runner = threading.Thread(target=lambda: out.append(asyncio.run(rounds())))
    runner.start()
    runner.join(1800)
    assert out, "the five rounds did not end within 30 minutes"
    problems = out[0]
    assert not problems, "\n".join(problems) + "\n" + log.read_text("utf-8", errors="replace")[-3000:]
