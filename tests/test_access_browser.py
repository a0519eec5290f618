"""The real sign-in flow: a real OpenID Connect provider process (oidc-provider-mock), a real
Streamlit server whose `[auth]` points at it, and Chromium signing in through the real redirect as
a national viewer, a reporter of Hồ Chí Minh (79), a viewer of Hà Nội (01) and a user without a
grant; an anonymous visitor sees only the sign-in page. Figures and downloads are compared with
independent SQL over the DuckDB file; the reporter's imports land attributed or are refused whole.
Ports from 8800-8829 (this suite's range)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from antq.access import store
from tests.support import e2e, expected, oidc

from .import_helpers import checksums, communes, festival_row, labels, xlsx

# `browser` is the session's Chromium (tests/conftest.py): it fails in CI, skips elsewhere, when absent.
# One xdist worker runs the whole module (`make test` distributes by file): its server and provider
# listen on fixed ports, and a second worker's copy of the module fixture would take them over.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_PORT, OIDC_PORT = 8811, 8812
BASE = f"http://localhost:{APP_PORT}"
TIMEOUT_MS = 90_000
USERS = {  # sub -> (email, role, provinces); the last one has no grant
    "toanquoc": ("toanquoc@antq.test", "viewer", []),
    "bc79": ("bc79@antq.test", "reporter", ["79"]),
    "xem01": ("xem01@antq.test", "viewer", ["01"]),
    "khongquyen": ("khongquyen@antq.test", None, None),
    "xa26824": ("xa26824@antq.test", "viewer", "commune:26824"),  # Phường Thủ Đức, Hồ Chí Minh
}
COMMUNE = "26824"
FEST = labels("festivals")


@pytest.fixture(scope="module")
def site(browser_ready, demo_db, tmp_path_factory):
    """(database path, log dir): grants made, provider and app running."""
    tmp = tmp_path_factory.mktemp("access-e2e")
    dbp = tmp / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    for email, role, provs in USERS.values():
        if role and isinstance(provs, str):
            store.grant("email", email, role, communes=[provs.removeprefix("commune:")], by="test", db_path=dbp)
        elif role:
            store.grant("email", email, role, provinces=provs, by="test", db_path=dbp)
    users = tuple((sub, email) for sub, (email, *_rest) in USERS.items())
    with oidc.provider(tmp, BASE, OIDC_PORT, dbp, users=users) as auth_env:
        server = e2e.Server(
            db=dbp, log=tmp / "app.log", extra_env=auth_env | {"ANTQ_ARCHIVE_DIR": str(tmp / "archive")}
        )
        server.port, server.url = APP_PORT, BASE
        try:
            server.start()
            server.wait_healthy(120)
            yield dbp, tmp
        finally:
            server.stop()


def idle(pg) -> None:
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)


def settle(pg, query: str = "year=2024", path: str = "") -> None:
    pg.goto(f"{BASE}/{path}" + (f"?{query}" if query else ""))
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)


def sign_in(browser, sub: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    settle(pg)
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.wait_for_url(re.compile(f"localhost:{OIDC_PORT}"), timeout=TIMEOUT_MS)  # the provider's own page
    pg.locator(f"button[name=sub][value='{sub}']").click()
    pg.wait_for_url(re.compile(f"localhost:{APP_PORT}"), timeout=TIMEOUT_MS)  # back through /oauth2callback
    # ... and on to the link first opened (?year=2024), not the app's root
    pg.wait_for_url(re.compile(r"year=2024"), timeout=TIMEOUT_MS)
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    return pg


def shown(pg, text: str, log: Path) -> None:
    """Wait until `text` is on the page; if it never comes, fail with what the page and the server
    showed (the run and connection state, any exception, the page's text, the server log's tail)."""
    try:
        pg.get_by_text(text, exact=False).first.wait_for(timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"«{text}» not shown within {TIMEOUT_MS // 1000} s:\n{e2e.describe(pg, log)}")


def metrics(pg) -> dict[str, str]:
    return dict(pg.evaluate(e2e.JS_METRICS))


def points(dbp, provinces_2025: list[str], year: int = 2024) -> int:
    """The festival points a card shows: the store's figure (each province's own report where it has
    one, else its detail rows), from independent SQL."""
    with duckdb.connect(str(dbp), read_only=True) as c:
        return expected.total(c, "festival_points", year, 2025, provinces_2025)


def detail_points(dbp, provinces_2025: list[str], year: int = 2024) -> int:
    """The detail rows of festival points (the data page's table of them)."""
    with duckdb.connect(str(dbp), read_only=True) as c:
        return c.execute(
            """SELECT count(*) FROM festival_point f
               JOIN admin_unit u USING (units_system, unit_code)
               LEFT JOIN province_crosswalk cw ON f.units_system = 2008 AND cw.old_province_code = u.province_code
               WHERE f.year = $y
                 AND (len($p) = 0 OR list_contains($p, coalesce(cw.new_province_code, u.province_code)))""",
            {"y": year, "p": provinces_2025},
        ).fetchall()[0][0]


def commune_points(dbp, year: int, commune: str = COMMUNE) -> int:
    """Festival points of a 2025 commune: its own, or before the reform those of the old units the
    commune crosswalk maps into it."""
    with duckdb.connect(str(dbp), read_only=True) as c:
        return c.execute(
            """SELECT count(*) FROM festival_point f WHERE f.year = $y AND (
                 (f.units_system = 2025 AND f.unit_code = $c)
                 OR (f.units_system = 2008 AND f.unit_code IN
                     (SELECT old_unit_code FROM commune_crosswalk WHERE new_unit_code = $c)))""",
            {"y": year, "c": commune},
        ).fetchall()[0][0]


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def download_csv(pg, table: str | None = "Điểm tổ chức Ngày hội") -> tuple[list[str], list[list[str]]]:
    """The data page's CSV of one table (it opens on the store's figures; `table` chooses another)."""
    if table:
        choice = pg.get_by_role("radio", name=table, exact=True)
        if choice.get_attribute("aria-checked") != "true":  # a second click would clear the choice
            choice.click()
        pg.get_by_text(f"{table} · năm").first.wait_for(timeout=TIMEOUT_MS)
        idle(pg)
    with pg.expect_download() as dl:
        pg.get_by_role("button", name="Tải CSV").first.click()
    raw = Path(dl.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    return rows[0], rows[1:]


def test_anonymous_visitor_sees_only_the_sign_in_page(site, browser):
    dbp, _ = site
    pg = browser.new_page()
    settle(pg)
    assert pg.get_by_role("button", name="Đăng nhập").count() == 1
    body = pg.inner_text("body")
    assert vn(points(dbp, [])) not in body and not metrics(pg)
    assert pg.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == 0
    settle(pg, path="data")  # a deep link too
    assert not metrics(pg) and pg.get_by_role("button", name="Tải CSV").count() == 0
    pg.context.close()


def test_national_viewer_sees_the_nation(site, browser):
    dbp, _ = site
    pg = sign_in(browser, "toanquoc")
    assert e2e.parse_number(metrics(pg)["Điểm tổ chức Ngày hội"]) == points(dbp, [])
    assert pg.get_by_test_id("stTopNavLink").filter(has_text="Nhập dữ liệu").count() == 0  # a viewer
    pg.context.close()


def test_province_viewer_sees_their_province_everywhere(site, browser):
    dbp, _ = site
    pg = sign_in(browser, "xem01")
    assert e2e.parse_number(metrics(pg)["Điểm tổ chức Ngày hội"]) == points(dbp, ["01"])
    assert vn(points(dbp, [])) not in pg.inner_text("body")
    settle(pg, "year=2024&province=79")  # another province by URL: falls back, with a notice
    assert "ngoài phạm vi" in pg.inner_text("body")
    assert e2e.parse_number(metrics(pg)["Điểm tổ chức Ngày hội"]) == points(dbp, ["01"])
    settle(pg, "year=2024", "data")
    header, body = download_csv(pg)
    assert len(body) == detail_points(dbp, ["01"]) and {r[header.index("Mã tỉnh")] for r in body} == {"01"}
    settle(pg, "year=2024&units=2008", "data")  # the old system: Hà Nội's lineage, nothing else
    header, body = download_csv(pg)
    codes = {r[header.index("Mã tỉnh")] for r in body}
    assert codes and codes <= {"01"} | {"14"}  # Hà Nội (2008: Hà Nội and former Hà Tây already merged)
    pg.goto(f"{BASE}/import_data")
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    assert pg.locator('[data-testid="stFileUploader"]').count() == 0
    pg.context.close()


def test_commune_viewer_sees_their_commune(site, browser):
    """Commune police: their commune's figures on the cards and in the download, before the reform
    (the old units mapped into it) and after; their province's other communes nowhere."""
    dbp, tmp = site
    log = tmp / "app.log"
    pg = sign_in(browser, "xa26824")
    assert "Phường Thủ Đức" in pg.locator('[data-testid="stSidebar"]').inner_text()  # the scope, labelled
    with duckdb.connect(str(dbp), read_only=True) as c:  # its units' own reports, else their detail rows
        want_2024 = expected.commune_total(c, "festival_points", 2024, COMMUNE)
    assert 0 < want_2024 < points(dbp, ["79"])
    assert e2e.parse_number(metrics(pg)["Điểm tổ chức Ngày hội"]) == want_2024
    assert vn(points(dbp, ["79"])) not in pg.inner_text("body")
    settle(pg, "year=2025", "data")
    header, body = download_csv(pg)
    assert len(body) == commune_points(dbp, 2025) > 0
    assert {r[header.index("Mã đơn vị")] for r in body} == {COMMUNE}
    # the province's own reports (79 filed one for 2025) are not the commune's to see; the commune filed none
    with duckdb.connect(str(dbp), read_only=True) as c:
        filed = dict(c.execute("SELECT unit_code, count(*) FROM report WHERE year = 2025 GROUP BY 1").fetchall())
    assert filed.get("79") and not filed.get(COMMUNE)
    settle(pg, "year=2025", "results")
    with duckdb.connect(str(dbp), read_only=True) as c:
        province_own = c.execute(
            "SELECT v.value FROM report r JOIN report_value v USING (report_id) "
            "WHERE r.year = 2025 AND r.unit_code = '79' AND v.indicator = 'fest_points_total'"
        ).fetchone()[0]
        commune_own = expected.commune_total(c, "festival_points", 2025, COMMUNE)
    body = pg.inner_text("body")
    assert vn(int(province_own)) not in body  # the province's own figure is nowhere on the commune's page
    assert vn(commune_own) in body  # the commune's own figure is
    # the map: no province area coloured with part of it; the commune map holds the commune alone
    pg.goto(f"{BASE}/map?year=2025")
    # waited for by what it shows: the notice, then the commune map with its commune drawn
    shown(pg, "bản đồ các tỉnh không hiển thị", log)
    coloured_js = (
        "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => (p.data || [])"
        ".filter(t => t.name !== 'Chưa báo cáo').flatMap(t => t.locations || []))"
    )
    pg.wait_for_function(f"() => ({coloured_js})().includes('{COMMUNE}')", timeout=2 * TIMEOUT_MS, polling=500)
    # the province's other communes are drawn grey, in the no-data class; only the commune is coloured
    coloured = pg.evaluate(coloured_js)
    assert set(coloured) == {COMMUNE}, coloured
    pg.context.close()


def test_user_without_grant_sees_nothing(site, browser):
    dbp, _ = site
    pg = sign_in(browser, "khongquyen")
    body = pg.inner_text("body")
    assert "Chưa có quyền truy cập" in body and "khongquyen@antq.test" in body
    assert not metrics(pg) and pg.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == 0
    settle(pg, path="data")
    assert not metrics(pg) and vn(points(dbp, [])) not in pg.inner_text("body")
    pg.context.close()


def fest_file(path: Path, provinces: list[str]) -> Path:
    rows = []
    for prov in provinces:
        u = communes(prov, 2008)
        rows += [
            festival_row(u["Mã đơn vị"][i], venue_name=f"Điểm {prov}-{i}", year=2024, day=dt.date(2024, 8, 12))
            for i in range(3)
        ]
    path.write_bytes(xlsx(rows, FEST))
    return path


def upload(pg, f: Path) -> None:
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(f))
    pg.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetricLabel\"]')]"
        ".some(e => e.innerText.includes('Lỗi'))",
        timeout=TIMEOUT_MS,
    )
    idle(pg)


def test_reporter_sees_their_province_and_imports_within_it(site, browser):
    dbp, tmp = site
    pg = sign_in(browser, "bc79")
    assert e2e.parse_number(metrics(pg)["Điểm tổ chức Ngày hội"]) == points(dbp, ["79"])
    assert vn(points(dbp, [])) not in pg.inner_text("body")
    settle(pg, "year=2024", "import_data")
    # a file of their province (old Bình Dương 74 was merged into 79): lands, attributed
    upload(pg, fest_file(tmp / "hcm.xlsx", ["79", "74"]))
    pg.get_by_role("button", name="Nhập vào cơ sở dữ liệu").click()
    pg.get_by_text("Đã nhập: 6 dòng").wait_for(timeout=TIMEOUT_MS)
    with duckdb.connect(str(dbp), read_only=True) as c:
        last = c.execute(
            "SELECT a.outcome, a.source_id, x.email, x.subject, x.via FROM import_audit a "
            "JOIN import_actor x USING (attempt_id) ORDER BY attempt_id DESC LIMIT 1"
        ).fetchall()[0]
        assert last[0] == "loaded" and last[2:] == ("bc79@antq.test", "bc79", "app")
        assert c.execute("SELECT count(*) FROM festival_point WHERE source_id = ?", [last[1]]).fetchall()[0][0] == 6
    # a file with rows of another province: refused whole, the rows named, nothing lands
    before = checksums(dbp)
    pg.reload()
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    upload(pg, fest_file(tmp / "mixed.xlsx", ["77", "01"]))  # 77 (Bà Rịa - Vũng Tàu) is in scope, 01 is not
    text = pg.inner_text("body")
    assert "Tệp có lỗi" in text and "Ngoài phạm vi được cấp cho người nhập (3)" in text  # Hà Nội's 3 rows
    assert pg.get_by_role("button", name="Nhập vào cơ sở dữ liệu").count() == 0
    assert checksums(dbp) == before
    grid_text = " ".join(pg.locator('[data-testid="stDataFrame"]').all_inner_texts())
    assert grid_text  # the problems and the history are drawn
    pg.context.close()
    # the CLI records the refusal as an attempt by the same author
    env = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(tmp / "archive")}
    r = subprocess.run(
        [sys.executable, "-m", "antq", "import", str(tmp / "mixed.xlsx"), "--as", "bc79@antq.test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert r.returncode == 2 and "ngoài phạm vi" in r.stderr and "tỉnh mã 01" in r.stderr
    assert checksums(dbp) == before
    with duckdb.connect(str(dbp), read_only=True) as c:
        outcome, email = c.execute(
            "SELECT a.outcome, x.email FROM import_audit a JOIN import_actor x USING (attempt_id) "
            "ORDER BY attempt_id DESC LIMIT 1"
        ).fetchall()[0]
    assert (outcome, email) == ("rejected", "bc79@antq.test")
