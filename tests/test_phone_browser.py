"""Every page on a phone (390x844, mobile, touch) and on a desktop (1440x900), as a user sees it
(issue 25): no sideways scrolling, tap targets of at least 44 px, the page list and the year /
province filters on the first screen without opening the sidebar, the overview's figures above the
fold, no internal code, setting name, command or English widget text, Vietnamese numbers in tables.

Its own demo server on a free port. Each page is opened once per screen size (`sweep`) and what
the browser measured is kept; the tests below read it, so that one defect fails one test.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.support import e2e, expected

pytestmark = pytest.mark.browser

TIMEOUT_MS = 90_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

# Words a viewer must never read: Python's and pandas' empties, Streamlit's English widget texts,
# setting names, commands, the database's codes, statisticians' terms (issue 25).
FORBIDDEN = [
    r"\bNone\b",
    r"\bnan\b",
    r"Choose (an )?options?",
    r"No results",
    r"\b\d+ results?\b",
    r"ANTQ_[A-Z_]+",
    r"python -m",
    r"\bfest_[a-z_]+",
    r"\baward_[a-z_]+",
    r"\bmodel_[a-z_]+",
    r"Phân vị",
    r"Ngắt tự nhiên",
]
# A number written the English way ("1,234", "75.67") or without thousands dots ("4518"); years pass.
ENGLISH_NUMBER = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+\.(\d{1,2}|\d{4,})|[1-9]\d{3}")
YEAR = re.compile(r"(19|20)\d\d")

# Everything a finger presses, outside the sidebar and the chart toolbar; a checkbox or radio
# button is pressed through its label. Returns "text WxH" of the ones under 44 px either way.
JS_SMALL_TARGETS = """() => { const out = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [role=radio], [role=tab],'
      + ' [role=checkbox], [role=option], [role=combobox], [role=slider]')) {
    if (el.closest('.modebar, [data-testid="stSidebar"], [data-testid="stHeaderActionElements"]')) continue;
    if (el.tagName === 'A' && (el.getAttribute('href') || '').startsWith('#')) continue;
    const hit = (el.matches('input[type=checkbox], input[type=radio], [role=radio], [role=checkbox]')
                 && el.closest('label')) || el;
    const r = hit.getBoundingClientRect(); const s = getComputedStyle(el);
    if (r.width <= 2 || r.height <= 2 || s.visibility === 'hidden' || s.display === 'none') continue;
    if (r.bottom < 0) continue;
    if (Math.min(r.height, r.width) < 44)
      out.push((el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40)
               + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
  } return out; }"""

# Is the element wholly inside the first screen (no scrolling, no sidebar opened)?
JS_ON_SCREEN = """el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
         && r.right <= innerWidth && s.visibility !== 'hidden' && !el.closest('[data-testid="stSidebar"]'); }"""

JS_FACTS = f"""() => {{
  const onScreen = {JS_ON_SCREEN};
  const main = document.querySelector('[data-testid="stMain"]');
  const labelled = (label) => [...main.querySelectorAll('input[aria-label]')]
      .filter(i => i.getAttribute('aria-label') === label)
      .some(i => onScreen(i.closest('[data-baseweb="select"]') || i));
  return {{
    // Streamlit scrolls its main area itself: a page too wide widens stMain, not the document.
    width: Math.max(document.documentElement.scrollWidth, main.scrollWidth), inner: innerWidth,
    small: ({JS_SMALL_TARGETS})(),
    text: document.body.innerText,
    cells: [...document.querySelectorAll('td, [role=gridcell]')].map(c => c.innerText.trim()),
    nav: [...document.querySelectorAll('a[href]')].filter(onScreen).map(a => new URL(a.href).pathname),
    menu: [...main.querySelectorAll('button')].filter(b => onScreen(b) && /Các trang/.test(b.innerText)).length,
    year: labelled('Năm'), provinces: labelled('Tỉnh, thành phố'),
    metrics: [...document.querySelectorAll('[data-testid="stMetricValue"]')].filter(onScreen).length,
    // the page's main figure: its first card, chart or table, starting on the first screen
    lead: (() => {{ const el = main.querySelector('[data-testid="stMetricValue"], .js-plotly-plot, '
                   + '[data-testid="stTable"], [data-testid="stDataFrame"]');
                   if (!el) return null; const r = el.getBoundingClientRect();
                   return r.height > 0 && r.top >= 0 && r.top < innerHeight ? 'on screen' : Math.round(r.top); }})(),
    h1: document.querySelector('h1').getBoundingClientRect().top,
  }}; }}"""


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def server(browser_ready, demo_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("phone") / "streamlit.log"
    srv = e2e.Server("app.py", db=demo_db, log=log).start()
    try:
        srv.wait_healthy(timeout=90)
        yield srv
    finally:
        srv.stop()


def settle(pg):
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=200)
    pg.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=TIMEOUT_MS, polling=200)
    time.sleep(0.5)  # the charts' own resize after they drew


@pytest.fixture(scope="module")
def page_paths(server, browser):
    """Every page the demo offers, as the desktop's top navigation lists them."""
    ctx = browser.new_context(**DESKTOP)
    try:
        pg = ctx.new_page()
        pg.goto(server.url + "/")
        settle(pg)
        paths = pg.evaluate(
            "() => [...new Set([...document.querySelectorAll('[data-testid=\"stTopNavLink\"]')]"
            ".map(a => new URL(a.href).pathname))]"
        )
    finally:
        ctx.close()
    assert len(paths) >= 8, paths
    return paths


# Pages out of the top navigation, reached by a link on another page (app.py says why).
LINKED = ["/cycle"]


@pytest.fixture(scope="module")
def sweep(server, browser, page_paths):
    """{size: {path: what the browser measured on that page}}, each page opened once per size."""
    out = {}
    for size, opts in SIZES.items():
        ctx = browser.new_context(**opts, locale="vi-VN")
        ctx.set_default_timeout(TIMEOUT_MS)
        try:
            pg = ctx.new_page()
            out[size] = {}
            for path in [*page_paths, *LINKED]:
                pg.goto(server.url + path)
                settle(pg)
                out[size][path] = pg.evaluate(JS_FACTS)
        finally:
            ctx.close()
    return out


def each(sweep, size, check) -> list[str]:
    return [f"{path}: {msg}" for path, facts in sweep[size].items() if (msg := check(facts))]


# ---------------------------------------------------------------- every page, both sizes
@pytest.mark.parametrize("size", SIZES)
def test_no_page_scrolls_sideways(sweep, size):
    bad = each(sweep, size, lambda f: f["width"] > f["inner"] + 1 and f"{f['width']} px wide in {f['inner']} px")
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_every_tap_target_is_at_least_44_px(sweep, size):
    bad = each(sweep, size, lambda f: f["small"] and f"{len(f['small'])} under 44 px, e.g. {f['small'][:4]}")
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_no_code_setting_command_or_english_widget_text(sweep, size):
    def shown(f):
        found = sorted({m.group(0) for pat in FORBIDDEN for m in re.finditer(pat, f["text"])})
        return found and f"shows {found[:6]}"

    bad = each(sweep, size, shown)
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_numbers_in_tables_are_written_the_vietnamese_way(sweep, size):
    def english(f):
        cells = [c for c in f["cells"] if ENGLISH_NUMBER.fullmatch(c) and not YEAR.fullmatch(c)]
        return cells and f"cells {cells[:4]}"

    bad = each(sweep, size, english)
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_the_way_to_every_other_page_is_on_the_first_screen(sweep, size, page_paths):
    """Links to the other pages in view, or (on a phone) the labelled "Các trang" button."""

    def hidden(f, path):
        if f["menu"]:
            return None
        missing = sorted(set(page_paths) - {path} - set(f["nav"]))
        return missing and f"no button 'Các trang' and no link on screen to {missing}"

    bad = [f"{p}: {m}" for p, f in sweep[size].items() if (m := hidden(f, p))]
    assert not bad, bad


def test_year_and_provinces_on_the_phones_first_screen(sweep):
    bad = each(
        sweep, "phone", lambda f: not (f["year"] and f["provinces"]) and f"year {f['year']}, prov {f['provinces']}"
    )
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_overview_figures_above_the_fold(sweep, size):
    assert sweep[size]["/"]["metrics"] >= 2, f"{sweep[size]['/']['metrics']} headline figures on the first screen"


@pytest.mark.parametrize("size", SIZES)
def test_every_pages_main_figure_starts_on_the_first_screen(sweep, size):
    """Each page's first card, chart or table begins above the fold (a page with none shows text)."""
    bad = each(sweep, size, lambda f: f["lead"] not in ("on screen", None) and f"main figure at {f['lead']} px")
    assert not bad, bad


@pytest.mark.parametrize("size", SIZES)
def test_title_starts_near_the_top(sweep, size):
    """Streamlit's ~100 px of blank space above every page is gone (the title sat at 128 px on a
    desktop, 96 px plus the hidden sidebar's header on a phone)."""
    limit = {"desktop": 110, "phone": 220}[size]  # the phone's page menu and filter row come first
    bad = each(sweep, size, lambda f: f["h1"] > limit and f"title at {round(f['h1'])} px")
    assert not bad, bad


# ---------------------------------------------------------------- on a phone, used with a finger
def test_phone_menu_opens_every_page(server, browser, page_paths):
    ctx = browser.new_context(**PHONE, locale="vi-VN")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        pg = ctx.new_page()
        pg.goto(server.url + "/participation?year=2024")
        settle(pg)
        pg.get_by_role("button", name=re.compile("Các trang")).tap()
        links = pg.locator('[data-testid="stPopoverBody"] a[href]')
        links.first.wait_for()
        # The default page's link has an empty href (Streamlit): it opens the root.
        on_screen = ["/" + a.get_attribute("href") for a in links.all() if a.evaluate(JS_ON_SCREEN)]
        assert set(page_paths) <= set(on_screen), f"menu shows {on_screen}, pages {page_paths}"
        links.filter(has_text="Khen thưởng").first.tap()
        pg.wait_for_url(re.compile(r"/commendations\?.*year=2024"), timeout=TIMEOUT_MS)
        settle(pg)
        assert pg.locator("h1").first.inner_text().strip() == "Khen thưởng"
    finally:
        ctx.close()


def test_phone_filter_row_sets_the_same_filters_as_the_sidebar(server, browser, conn):
    """A year and a province chosen in the phone's row: the address, the sidebar and the figures
    follow (one filter state), the figures as the database has them."""
    ctx = browser.new_context(**PHONE, locale="vi-VN")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        pg = ctx.new_page()
        pg.goto(server.url + "/")
        settle(pg)
        row = pg.locator(".st-key-antq_phone_filters")
        row.get_by_test_id("stSelectbox").get_by_role("button", name="Open").tap()
        pg.get_by_role("option", name="2023", exact=True).tap()
        pg.wait_for_url(re.compile(r"year=2023"), timeout=TIMEOUT_MS)
        settle(pg)
        row.get_by_test_id("stMultiSelect").get_by_role("button", name="Open").tap()
        pg.get_by_role("option", name=re.compile(r"\(01\)$")).tap()
        pg.wait_for_url(re.compile(r"province=01"), timeout=TIMEOUT_MS)
        pg.keyboard.press("Escape")
        settle(pg)
        sidebar = pg.get_by_test_id("stSidebar")
        assert sidebar.get_by_role("combobox", name="Năm").input_value() == "2023"
        assert "(01)" in sidebar.get_by_test_id("stMultiSelect").first.text_content()
        shown = dict(pg.evaluate(e2e.JS_METRICS))
        want = expected.overview(conn, 2023, 2025, ["01"])
        label = "Lượt người tham gia"
        assert e2e.parse_number(shown[label]) == want[label], (shown, want)
    finally:
        ctx.close()


def test_a_commune_typed_without_accents_opens_with_its_figures_and_its_address_reopens_it(server, browser, conn):
    """Issue 25: on a phone, "phuong ba dinh" typed in the box at the top, Enter, a tap on the
    result: the commune's page with its figures as the database has them; its address, opened
    anew, shows the same."""
    # the latest year in which today's Phường Ba Đình held festival points, and how many
    year, points = conn.execute(
        "SELECT year, count(*) FROM festival_point WHERE units_system = 2025 AND unit_code = '00004' "
        "GROUP BY year ORDER BY year DESC LIMIT 1"
    ).fetchone()
    ctx = browser.new_context(**PHONE, locale="vi-VN")
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        pg = ctx.new_page()
        pg.goto(server.url + f"/?year={year}")
        settle(pg)
        box = pg.locator(".st-key-antq_phone_bar input")
        assert box.evaluate(JS_ON_SCREEN)  # on the first screen, no sidebar opened
        box.tap()
        box.fill("phuong ba dinh")
        box.press("Enter")
        pg.wait_for_url(re.compile(r"/unit\?.*q=phuong"), timeout=TIMEOUT_MS)
        settle(pg)
        pg.get_by_role("link", name=re.compile(r"^Phường Ba Đình — Thành phố Hà Nội")).first.tap()
        pg.wait_for_url(re.compile(r"unit=2025-00004"), timeout=TIMEOUT_MS)
        settle(pg)

        def figures_shown(page) -> str:
            assert page.locator("h1").first.inner_text().strip() == "Phường Ba Đình"
            # the year's festival points, in the caption above their table
            return page.get_by_text(re.compile(r"^\d[\d.]* điểm, ")).first.inner_text()

        first = figures_shown(pg)
        assert first.startswith(f"{points:,} điểm".replace(",", ".")), first
        address = pg.url
        again = ctx.new_page()
        again.goto(address)
        settle(again)
        assert figures_shown(again) == first
        assert "unit=2025-00004" in again.url
    finally:
        ctx.close()
