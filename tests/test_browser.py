"""End to end, as a user sees it: `streamlit run app.py` on a demo database, driven through the real
widgets in headless Chromium, with every outside host unreachable.

One server and one browser for the whole session (xdist group "browser"). Every test fails on a
request to a host other than this machine, on a browser console error and on an uncaught page
error. In CI (CI=true) a missing browser fails the run; elsewhere these tests skip with the reason.
Expected figures come from plain SQL over the database file (tests/support/expected.py), never from
the app's own code path.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import e2e, expected

from .conftest import REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "artifacts" / "screenshots"
TIMEOUT_MS = 60_000  # a rerun on a shared 2-core machine under load (measured: 25-40 s at load average 30)

UNITS_2008_LABEL = "63 tỉnh, thành phố (đến 30/6/2025)"  # the sidebar's radio option, as a user reads it
# url path, Vietnamese title (h1), nav label
PAGES = [
    ("", "Tổng quan phong trào Toàn dân bảo vệ ANTQ", "Tổng quan"),
    ("participation", "Tham gia Ngày hội", "Tham gia"),
    ("models", "Mô hình, điển hình tiên tiến", "Mô hình, điển hình tiên tiến"),
    ("commendations", "Khen thưởng", "Khen thưởng"),
    ("data", "Dữ liệu và tải xuống", "Dữ liệu"),
]
MAP_PAGE = REPO / "pages" / "map.py"


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def server(browser_ready, demo_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    srv = e2e.Server("app.py", db=demo_db, log=log).start()
    try:
        srv.wait_healthy(timeout=90)
        yield srv
    finally:
        srv.stop()


# The one console error allowed, and why: opened on a page's own path (/participation), Streamlit's
# client first probes /participation/_stcore/health and /host-config to find the server's base path,
# gets 404 and falls back to /_stcore/... (Streamlit internals; harmless, not visible to a user).
BASE_PATH_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z0-9-]+/_stcore/(health|host-config)$")


def allowed(msg) -> bool:
    return msg.text.startswith("Failed to load resource: the server responded with a status of 404") and bool(
        BASE_PATH_PROBE.match(msg.location.get("url", ""))
    )


class Watch:
    """What the page did that a user must never see: outside requests, console errors."""

    def __init__(self):
        self.outside: list[str] = []
        self.errors: list[str] = []

    def attach(self, context, page):
        context.on("request", lambda r: None if e2e.is_local_url(r.url) else self.outside.append(r.url))
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"console.{m.type}: {m.text} @ {m.location}")
                if m.type == "error" and not allowed(m)
                else None
            ),
        )
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))


def _first_session(browser, base):
    """The first browser session after the server starts; see test_first_session_keeps_the_year."""
    pg = browser.new_page()
    try:
        pg.goto(base + "/")
        pg.wait_for_selector("h1", timeout=60_000)
        pg.wait_for_function(e2e.JS_IDLE, timeout=60_000, polling=100)
        pg.get_by_test_id("stTopNavLink").filter(has_text="Tham gia").first.click()
        pg.wait_for_url(re.compile(r"/participation\?"), timeout=60_000)
        pg.wait_for_function(e2e.JS_IDLE, timeout=60_000, polling=100)
    finally:
        pg.close()


@pytest.fixture(scope="session")
def warm_server(server, browser):
    """The shared server after one throw-away session, so that no test depends on running first."""
    _first_session(browser, server.url)
    return server


@pytest.fixture
def page(warm_server, browser):
    server = warm_server
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    watch = Watch()
    watch.attach(context, pg)
    pg.base = server.url
    pg.watch = watch
    yield pg
    context.close()
    assert not watch.outside, f"requests to hosts outside this machine: {watch.outside}"
    assert not watch.errors, "browser console errors:\n" + "\n".join(watch.errors)


@pytest.fixture(scope="session")
def years(conn):
    return expected.available_years(conn)


# ---------------------------------------------------------------- helpers
def nav_link(pg, label: str):
    """The top-navigation link whose label ends with this text, case-sensitively ("Dữ liệu", not
    "Nhập dữ liệu"); the link's text starts with its icon's ligature name."""
    return pg.get_by_test_id("stTopNavLink").filter(has_text=re.compile(rf"{re.escape(label)}\s*$")).first


def idle(pg):
    """Wait until the script run finished and no element is stale."""
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)


def charts_drawn(pg):
    pg.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=TIMEOUT_MS, polling=100)


def open_page(pg, path: str = "", query: str = ""):
    pg.goto(f"{pg.base}/{path}" + (f"?{query}" if query else ""))
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)


def metrics(pg) -> dict[str, str]:
    return dict(pg.evaluate(e2e.JS_METRICS))


def first_metrics(pg) -> dict[str, str]:
    """Label -> value of the first card with each label (the data page repeats "Số dòng" per tab)."""
    out: dict[str, str] = {}
    for label, value in pg.evaluate(e2e.JS_METRICS):
        out.setdefault(label, value)
    return out


def wait_metrics_change(pg, before: dict[str, str]):
    """Wait until the metric cards show something else than `before` and the run is over."""
    pg.wait_for_function(
        f"""before => JSON.stringify(({e2e.JS_METRICS})()) !== JSON.stringify(before) && ({e2e.JS_IDLE})()""",
        arg=[list(kv) for kv in before.items()],
        timeout=TIMEOUT_MS,
        polling=100,
    )


def overview_numbers(pg) -> dict[str, str]:
    """The overview's cards as shown, by label."""
    return metrics(pg)


def assert_overview(shown: dict[str, str], conn, year: int, units: int = 2025, provinces=()):
    """The cards against the database; the coverage is shown to one decimal."""
    want = expected.overview(conn, year, units, list(provinces))
    assert set(want) <= set(shown), f"overview cards missing: {shown}"
    for label, value in want.items():
        if label == "Tỷ lệ xã tổ chức":
            assert expected.shown_matches(shown[label], value), (label, shown[label], value)
        else:
            assert e2e.parse_number(shown[label]) == value, (label, shown[label], value)


def vi_int(n: int) -> str:
    """How a Vietnamese reader writes a whole number: dots between thousands."""
    return f"{n:,}".replace(",", ".")


def query_of(pg) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(pg.url).query))


def no_exception(pg):
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]'
    ).first.inner_text()


def choose(pg, combobox: str, option: str):
    pg.get_by_role("combobox", name=combobox).click()
    pg.get_by_role("option", name=option, exact=True).click()


def sidebar(pg):
    return pg.get_by_test_id("stSidebar")


def shot(pg, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# ---------------------------------------------------------------- tests
def test_every_page_draws_with_the_filters_kept(page, conn, years):
    """Open each page through the top navigation: its title, its charts, figures that match the
    store for the filters chosen on the first page, and no error."""
    open_page(page, "", "year=2023&province=01")
    assert_overview(overview_numbers(page), conn, 2023, 2025, ["01"])

    def want(fact):
        return expected.total(conn, fact, 2023, 2025, ["01"])

    # The card each page leads with, per its own wording.
    lead = {
        "": ("Lượt người tham gia", want("participants")),
        "participation": ("Lượt người tham gia", want("participants")),
        "models": ("Điển hình tiên tiến", want("exemplars")),
        "commendations": ("Tổng lượt khen thưởng (tập thể + cá nhân)", want("commendations")),
        # the data page: the rows of its detail table of festival points (chosen below)
        "data": ("Số dòng", expected.detail_total(conn, "festival_points", 2023, 2025, ["01"])),
    }
    for path, title, nav in PAGES:
        before = page.url
        nav_link(page, nav).click()
        page.wait_for_url(re.compile(rf"^{re.escape(page.base)}/{path}\?"), timeout=TIMEOUT_MS)
        page.wait_for_function("t => document.querySelector('h1')?.innerText.trim() === t", arg=title)
        idle(page)
        charts_drawn(page)
        no_exception(page)
        q = query_of(page)
        assert q.get("year") == "2023" and q.get("province") == "01", f"{before} -> {page.url} lost the filters"
        if path == "data":
            choose_table(page, "Điểm tổ chức Ngày hội", 2023)
        label, want = lead[path]
        shown = first_metrics(page)
        assert label in shown, f"{path or 'overview'}: no card '{label}' in {shown}"
        assert e2e.parse_number(shown[label]) == want, (
            f"{path or 'overview'}: {label} = {shown[label]}, store says {want}"
        )
        if path != "data":
            assert page.locator(".js-plotly-plot").count() >= 1, f"{path or 'overview'} drew no chart"
        else:
            assert page.get_by_test_id("stDataFrame").count() >= 1
        shot(page, path or "tong-quan")


@pytest.mark.parametrize(
    "path, title, nav",
    [("map", "Bản đồ độ phủ", "Bản đồ độ phủ"), ("documents", "Kế hoạch và văn bản", "Kế hoạch, văn bản")],
)
def test_map_and_documents_pages_open_from_the_navigation(page, path, title, nav):
    open_page(page, "", "year=2022&province=48")
    nav_link(page, nav).click()
    page.wait_for_url(re.compile(rf"^{re.escape(page.base)}/{path}\?"), timeout=TIMEOUT_MS)
    page.wait_for_function("t => document.querySelector('h1')?.innerText.trim() === t", arg=title)
    idle(page)
    no_exception(page)
    q = query_of(page)
    assert q.get("year") == "2022" and q.get("province") == "48"
    if path == "map":
        charts_drawn(page)
    shot(page, path)


def test_read_only_demo_offers_no_import_or_admin_page(page, browser):
    """Without [auth] the demo is read-only for anonymous visitors (issue 13): the import and access
    pages are not in the navigation, and their paths open nothing of them."""
    open_page(page, "", "year=2024")
    links = page.get_by_test_id("stTopNavLink").all_inner_texts()
    assert any(t.strip().endswith("Bản đồ độ phủ") for t in links), links
    assert not any(t.strip().endswith(("Nhập dữ liệu", "Quản lý quyền")) for t in links), links
    assert "Chưa cấu hình đăng nhập: chế độ chỉ xem." in page.get_by_test_id("stSidebar").inner_text()
    # The page's own path is unknown to an anonymous visitor: Streamlit says so (a console error the
    # watched page must not see) and runs the main page instead.
    ctx = browser.new_context()
    try:
        direct = ctx.new_page()
        direct.goto(f"{page.base}/import_data?year=2024")
        direct.wait_for_selector("h1", timeout=TIMEOUT_MS)
        idle(direct)
        assert "Nhập dữ liệu" not in direct.locator("h1").first.inner_text()
    finally:
        ctx.close()


def test_filters_change_the_headline_figures(page, conn, years):
    """Year, province and unit system through the real sidebar widgets; the cards follow the store."""
    open_page(page, "", "year=2024")
    first = overview_numbers(page)
    assert_overview(first, conn, 2024)

    before = metrics(page)
    choose(page, "Năm", "2022")
    wait_metrics_change(page, before)
    now = overview_numbers(page)
    assert_overview(now, conn, 2022)
    assert now != first
    assert query_of(page)["year"] == "2022"

    before = metrics(page)
    page.get_by_role("combobox", name="Tỉnh, thành phố").click()
    page.get_by_role("option", name=re.compile(r"\(08\)$")).click()
    page.keyboard.press("Escape")
    wait_metrics_change(page, before)
    one = overview_numbers(page)
    assert_overview(one, conn, 2022, 2025, ["08"])
    assert e2e.parse_number(one["Lượt người tham gia"]) < e2e.parse_number(now["Lượt người tham gia"])
    assert query_of(page)["province"] == "08"

    # The 63-province view of the same year: Tuyên Quang (08) today = Hà Giang (02) + Tuyên Quang (08).
    sidebar(page).get_by_text(UNITS_2008_LABEL, exact=True).click()
    page.wait_for_function("() => location.search.includes('units=2008')")
    idle(page)
    q = query_of(page)
    assert q["units"] == "2008" and q["province"] == "02,08", page.url
    chips = sidebar(page).get_by_test_id("stMultiSelect").inner_text()
    assert "(02)" in chips and "(08)" in chips, chips
    assert_overview(overview_numbers(page), conn, 2022, 2008, ["02", "08"])
    no_exception(page)


def test_shared_link_opens_that_view_and_back_returns(page, conn):
    open_page(page, "commendations", "year=2021&province=56&units=2008")
    assert page.get_by_role("combobox", name="Năm").input_value() == "2021"
    checked = sidebar(page).get_by_test_id("stRadio").nth(1).locator("input:checked")
    assert checked.count() == 1
    chips = sidebar(page).get_by_test_id("stMultiSelect").inner_text()
    assert "(56)" in chips
    want = expected.total(conn, "commendations", 2021, 2008, ["56"])
    assert e2e.parse_number(metrics(page)["Tổng lượt khen thưởng (tập thể + cá nhân)"]) == want
    shared_url = page.url

    before = metrics(page)
    choose(page, "Năm", "2020")
    wait_metrics_change(page, before)
    assert query_of(page)["year"] == "2020"
    assert e2e.parse_number(metrics(page)["Tổng lượt khen thưởng (tập thể + cá nhân)"]) == expected.total(
        conn, "commendations", 2020, 2008, ["56"]
    )

    before = metrics(page)
    page.go_back()
    wait_metrics_change(page, before)
    assert page.url == shared_url
    assert page.get_by_role("combobox", name="Năm").input_value() == "2021"
    assert e2e.parse_number(metrics(page)["Tổng lượt khen thưởng (tập thể + cá nhân)"]) == want
    no_exception(page)


def choose_table(page, label: str, year: int) -> None:
    """The data page's "Bảng" segmented control: show one table (it opens on the store's figures)."""
    choice = page.get_by_role("radio", name=label, exact=True)
    if choice.get_attribute("aria-checked") != "true":  # a second click would clear the choice
        choice.click()
    page.get_by_text(f"{label} · năm {year}").first.wait_for()
    idle(page)


def test_csv_download_matches_the_store(page, conn):
    open_page(page, "data", "year=2024&province=01&units=2008")
    choose_table(page, "Điểm tổ chức Ngày hội", 2024)
    want_rows = conn.execute(
        "SELECT count(*) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
        "WHERE f.year = 2024 AND u.units_system = 2008 AND u.province_code = '01'"
    ).fetchone()[0]
    assert want_rows > 100
    assert e2e.parse_number(first_metrics(page)["Số dòng"]) == want_rows
    with page.expect_download() as dl:
        page.get_by_role("button", name="Tải CSV").first.click()
    d = dl.value
    assert d.suggested_filename == "antq_festival-points_2024_01_63-tinh.csv"
    raw = Path(d.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Năm", "Mã tỉnh", "Tỉnh, thành phố", "Mã đơn vị", "Đơn vị"], header
    assert "Số người tham gia" in header and "Điểm chỉ đạo" in header
    assert len(body) == want_rows
    assert {r[1] for r in body} == {"01"}
    total = conn.execute(
        "SELECT sum(participants) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
        "WHERE f.year = 2024 AND u.units_system = 2008 AND u.province_code = '01'"
    ).fetchone()[0]
    assert sum(int(r[header.index("Số người tham gia")]) for r in body) == total


def test_national_extract_shows_its_head_and_downloads_every_row(page, conn):
    """A national extract is longer than the page's table: the page reads and shows only its first
    rows (antq.service.table_preview), the download reads every row when clicked."""
    open_page(page, "data", "year=2024&units=2008")
    choose_table(page, "Điểm tổ chức Ngày hội", 2024)
    sql = "SELECT count(*), sum(participants) FROM festival_point WHERE year = 2024 AND units_system = 2008"
    want_rows, want_participants = conn.execute(sql).fetchone()
    assert want_rows > 5000
    assert e2e.parse_number(first_metrics(page)["Số dòng"]) == want_rows
    page.get_by_text(f"Hiển thị 5.000 / {want_rows:,} dòng đầu".replace(",", ".")).wait_for()
    with page.expect_download(timeout=120_000) as dl:
        page.get_by_role("button", name="Tải CSV").first.click()
    raw = Path(dl.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert len(body) == want_rows
    assert sum(int(r[header.index("Số người tham gia")]) for r in body) == want_participants


def test_cli_export_is_byte_identical_to_the_page_download(page, demo_db, tmp_path):
    """What the Dữ liệu page's "Tải CSV" button serves, byte for byte, is what
    `python -m antq export` writes for the same filters, for several tables."""
    open_page(page, "data", "year=2023&province=56&units=2008")
    for table, label in [
        ("festival_points", "Điểm tổ chức Ngày hội"),
        ("models", "Mô hình"),
        ("provinces", "Chỉ tiêu theo tỉnh"),
    ]:
        choose_table(page, label, 2023)
        with page.expect_download() as dl:
            page.get_by_role("button", name="Tải CSV").first.click()
        served = Path(dl.value.path()).read_bytes()
        out = tmp_path / f"{table}.csv"
        cli = [sys.executable, "-m", "antq", "export", table, "--year", "2023", "--units", "2008", "--province", "56"]
        subprocess.run(
            [*cli, "--out", str(out)],
            env=os.environ | {"ANTQ_DB": str(demo_db)},
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert len(served) > 100 and served == out.read_bytes(), table


def test_language_switch(page, conn):
    open_page(page, "participation", "year=2024")
    participants, qualifier = expected.figure_total(conn, "participants", 2024, 2025)
    word_vi, word_en = {
        "at_least": ("trên ", "over "),
        "just_under": ("gần ", "nearly "),
        "about": ("khoảng ", "about "),
    }.get(qualifier, ("", ""))
    assert metrics(page)["Lượt người tham gia"] == word_vi + vi_int(participants)
    sidebar(page).get_by_text("English", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Participation'")
    idle(page)
    shown = metrics(page)
    assert shown.get("Participants") == f"{word_en}{participants:,}", shown
    assert query_of(page)["lang"] == "en"
    assert page.get_by_test_id("stTopNavLink").filter(has_text="Commendations").count() == 1
    assert page.get_by_role("combobox", name="Year").input_value() == "2024"
    charts_drawn(page)
    shot(page, "participation-en")
    # and back
    sidebar(page).get_by_text("Tiếng Việt", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Tham gia Ngày hội'")
    idle(page)
    no_exception(page)  # the whole page is drawn again, in Vietnamese (it crashed here: see the report)
    assert query_of(page)["lang"] == "vi"
    assert metrics(page)["Lượt người tham gia"] == word_vi + vi_int(participants)
    charts_drawn(page)


@pytest.mark.parametrize(
    "path, query, notice",
    [
        ("", "year=1999", "Năm '1999'"),
        ("", "year=abc", "Năm 'abc'"),
        ("participation", "province=99", "'99'"),
        ("commendations", "units=1234", "'1234'"),
        ("models", "lang=xx", "'xx'"),
        ("models", "year=2025&units=2008", "34 tỉnh"),
        ("data", "from=3000&to=1", "Khoảng năm"),
    ],
)
def test_bad_url_value_shows_a_notice_not_an_error(page, conn, years, path, query, notice):
    open_page(page, path, query)
    no_exception(page)
    alerts = page.get_by_test_id("stAlert").all_inner_texts()
    assert any(notice in a for a in alerts), f"no notice with {notice!r}: {alerts}"
    # and the default view is drawn underneath
    if path == "":
        assert_overview(overview_numbers(page), conn, max(years))
    else:
        assert metrics(page), "the page drew no figures"


def test_first_session_keeps_the_year(browser, demo_db, tmp_path):
    with e2e.Server("app.py", db=demo_db, log=tmp_path / "streamlit.log") as srv:
        pg = browser.new_page()
        try:
            pg.set_default_timeout(60_000)
            pg.goto(srv.url + "/?year=2023&province=01")
            pg.wait_for_selector("h1")
            pg.wait_for_function(e2e.JS_IDLE, polling=100)
            assert pg.get_by_role("combobox", name="Năm").input_value() == "2023"
            pg.get_by_test_id("stTopNavLink").filter(has_text="Tham gia").first.click()
            pg.wait_for_url(re.compile(r"/participation\?"))
            pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Tham gia Ngày hội'")
            pg.wait_for_function(e2e.JS_IDLE, polling=100)
            assert query_of(pg).get("year") == "2023", pg.url
            assert pg.get_by_role("combobox", name="Năm").input_value() == "2023"
        finally:
            pg.close()


JS_MAP_TRACES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
    title: p.layout && p.layout.title && p.layout.title.text,
    locations: (p.data || []).filter(t => t.type === 'choropleth' && t.name !== 'Đang chọn')
                              .reduce((n, t) => n + (t.locations || []).length, 0),
}))"""
# The national map has drawn its provinces (plotly.js draws them once its base topology has come).
JS_MAP_READY = "() => document.querySelector('.js-plotly-plot .choroplethlocation') !== null"
# What was actually drawn on the national map: each province's SVG path with a shape on screen,
# named through the data Plotly bound to it (its location and hover name); the archipelago
# markers and their labels.
JS_DRAWN_MAP = """() => {
    const p = document.querySelector('.js-plotly-plot');
    const provinces = [];
    for (const g of p.querySelectorAll('g.trace.choropleth')) {
        const tr = g.__data__[0].trace;
        if (tr.name === 'Đang chọn') continue;
        for (const path of g.querySelectorAll('path.choroplethlocation')) {
            const box = path.getBoundingClientRect();
            if (box.width > 0 && box.height > 0) provinces.push([path.__data__.loc, tr.customdata[path.__data__.i][1]]);
        }
    }
    const marks = p.querySelector('g.trace.scattergeo');
    return {
        provinces,
        markers: marks ? marks.querySelectorAll('path.point').length : 0,
        labels: marks ? [...marks.querySelectorAll('text')].map(t => t.textContent) : [],
    };
}"""
# Pixel of a (lon, lat) inside the national map: the geo subplot's own projection of the drawn map.
JS_MAP_PIXEL = """([lon, lat]) => {
    const p = document.querySelector('.js-plotly-plot');
    const [x, y] = p._fullLayout.geo._subplot.projection([lon, lat]);
    const box = p.querySelector('.main-svg').getBoundingClientRect();
    return [box.left + x, box.top + y];
}"""
JS_HOVER_SAYS = """words => [...document.querySelectorAll('.hoverlayer .hovertext')]
    .some(h => words.every(w => h.textContent.includes(w)))"""


def hover_says(page, lon: float, lat: float, *words: str):
    """Move the mouse over (lon, lat) of the national map and wait for a tooltip holding `words`."""
    x, y = page.evaluate(JS_MAP_PIXEL, [lon, lat])
    page.mouse.move(x, y)
    page.wait_for_function(JS_HOVER_SAYS, arg=list(words), timeout=TIMEOUT_MS, polling=100)


@pytest.mark.parametrize("units", [2025, 2008])
def test_map_draws_every_province_and_both_archipelagos(page, conn, units):
    """The national map as drawn: every province of the system once under its own name
    (34 or 63, names from the database), Hoàng Sa with Đà Nẵng and Trường Sa with Khánh Hòa."""
    page.set_viewport_size({"width": 1440, "height": 1400})  # the whole map, down to Cà Mau, on screen
    open_page(page, "map", f"year=2024&units={units}")
    page.wait_for_function(JS_MAP_READY, timeout=TIMEOUT_MS, polling=200)
    want = conn.execute(
        "SELECT unit_code, name FROM admin_unit WHERE units_system = ? AND level = 'province' ORDER BY 1", [units]
    ).fetchall()
    assert len(want) == {2025: 34, 2008: 63}[units]
    drawn = page.evaluate(JS_DRAWN_MAP)
    assert sorted(map(tuple, drawn["provinces"])) == want
    archipelagos = conn.execute(
        "SELECT a.name, a.lon, a.lat, p.name FROM admin_unit a JOIN admin_unit p "
        "ON p.units_system = a.units_system AND p.level = 'province' AND p.unit_code = a.province_code "
        "WHERE a.units_system = ? AND a.is_archipelago AND a.level = ? ORDER BY a.lat DESC",
        [units, "commune" if units == 2025 else "district"],
    ).fetchall()
    assert [(a[0].split()[-2:], a[3]) for a in archipelagos] == [
        (["Hoàng", "Sa"], "Thành phố Đà Nẵng"),
        (["Trường", "Sa"], "Tỉnh Khánh Hòa"),
    ]
    assert drawn["markers"] == 2, drawn["markers"]
    for name, lon, lat, province in archipelagos:
        island = "Quần đảo " + " ".join(name.split()[-2:])
        assert any(island in t and province in t for t in drawn["labels"]), drawn["labels"]
        hover_says(page, lon, lat, island, province)
    shot(page, f"ban-do-toan-quoc-{units}")


@pytest.mark.parametrize("units", [2025, 2008])
def test_map_hovers_and_drills_down(page, conn, units):
    n = conn.execute(
        "SELECT count(*) FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
    ).fetchone()[0]
    # The drill-down shows the communes of the year's own system (2024: 2008); Hà Nội was left whole.
    communes = conn.execute(
        "SELECT count(*) FROM admin_unit WHERE units_system = 2008 AND is_base AND province_code = '01'"
    ).fetchone()[0]
    open_page(page, "map", f"year=2024&units={units}")
    page.wait_for_function(JS_MAP_READY, timeout=TIMEOUT_MS, polling=200)
    traces = page.evaluate(JS_MAP_TRACES)
    assert traces and traces[0]["locations"] == n, traces
    # Hover Hà Nội's centroid: the tooltip names the province.
    hover_says(page, 105.85, 21.03, "Hà Nội")
    x, y = page.evaluate(JS_MAP_PIXEL, [105.85, 21.03])
    # Click it: the commune drill-down of Hà Nội opens.
    page.mouse.click(x, y)
    drill = page.get_by_role("combobox", name="Tỉnh, thành phố (hoặc bấm vào bản đồ)")
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=TIMEOUT_MS, polling=200
    )
    idle(page)
    assert drill.input_value() == "Thành phố Hà Nội (01)"
    traces = page.evaluate(JS_MAP_TRACES)
    assert len(traces) >= 2 and traces[1]["locations"] == communes, traces  # Hà Nội's communes
    shot(page, f"ban-do-{units}")
