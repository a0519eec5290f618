"""The year's evaluation in a real browser on a real server (issue 27): the classification and
"An toàn về ANTT" shares on the overview and on the map, each with the count it is computed over,
read as a user sees them and compared with independent SQL over the DuckDB file's evaluation rows
(the demo's illustrative rows; no report of these counts, so every figure is the rows' roll-up).
Years before the reform are read in today's unit system (through the province lineage)."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from tests.support import e2e

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
PORT = 8871  # this module's server (helpers of issue 27: 8870-8879)
YEAR, OLD_YEAR = 2026, 2024


def vi_int(x: float) -> str:
    return f"{int(round(x)):,}".replace(",", ".")


def vi_pct(n: float, d: float) -> str:
    return f"{100 * n / d:.1f}".replace(".", ",") + "%"


@pytest.fixture(scope="module")
def served(browser_ready, demo_db, tmp_path_factory):
    d = tmp_path_factory.mktemp("evaluation")
    path = d / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    srv = e2e.Server("app.py", db=path, log=d / "streamlit.log")
    srv.port, srv.url = PORT, f"http://127.0.0.1:{PORT}"
    srv.start()
    srv.wait_healthy(timeout=180)
    try:
        yield srv, path
    finally:
        srv.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    yield pg
    context.close()


def rows_sql(path, year: int, subjects: tuple[str, ...], province: str | None = None, what: str = "excellent"):
    """(count, over) straight from the evaluation rows: excellent of all (classification) or
    recognised of all (safety), for the year and, optionally, one 2025 province (old units mapped
    through the province crosswalk)."""
    cond = "grade = 'excellent'" if what == "excellent" else "recognised_safe"
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(
            f"""SELECT count(*) FILTER (WHERE {cond}), count(*)
                FROM evaluation_unit e
                JOIN admin_unit a USING (units_system, unit_code)
                LEFT JOIN province_crosswalk x ON e.units_system = 2008 AND x.old_province_code = a.province_code
                WHERE e.year = $y AND list_contains($s, e.eval_subject)
                  AND ($p IS NULL OR coalesce(x.new_province_code, a.province_code) = $p)""",
            {"y": year, "s": list(subjects), "p": province},
        ).fetchone()


def test_overview_shows_the_shares_with_their_counts(page, served):
    srv, path = served
    n, d = rows_sql(path, YEAR, ("residential",))
    assert 0 < n < d
    page.goto(f"{srv.url}/?year={YEAR}&units=2025")
    page.get_by_text("Phân loại phong trào").first.wait_for()
    page.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)
    body = page.inner_text("body")
    assert f"Xuất sắc {vi_pct(n, d)} ({vi_int(n)}/{vi_int(d)} khu dân cư)" in body, body[:4000]
    n, d = rows_sql(path, YEAR, ("school",), what="safe")
    assert f"An toàn về ANTT {vi_pct(n, d)} ({vi_int(n)}/{vi_int(d)} nhà trường)" in body
    n, d = rows_sql(path, YEAR, ("agency", "enterprise", "school"))
    assert f"Xuất sắc {vi_pct(n, d)} ({vi_int(n)}/{vi_int(d)} cơ quan, doanh nghiệp, nhà trường)" in body

    # year by year, across the reform: 2024's old units counted in today's provinces
    page.get_by_text(re.compile(r"So sánh qua các năm")).first.click()
    n, d = rows_sql(path, OLD_YEAR, ("residential",), what="safe")
    page.get_by_text(f"{vi_pct(n, d)} ({vi_int(n)}/{vi_int(d)} khu dân cư)").first.wait_for()


JS_HOVER_TEXTS = """() => {
    const p = document.querySelector('.js-plotly-plot');
    const out = {};
    for (const t of p.data || []) {
        if (t.type !== 'choropleth' || !t.customdata) continue;
        for (const cd of t.customdata) if (cd.length > 2) out[cd[0]] = cd[2];
    }
    return {title: p.layout.title && p.layout.title.text, hover: out};
}"""


JS_REDRAWN = """() => { const p = document.querySelector('.js-plotly-plot');
    return !!p && (p.data || []).some(t => (t.customdata || []).some(cd => String(cd[2]).includes('khu dân cư'))); }"""


def test_map_measure_is_the_share_with_its_count_in_the_hover(page, served):
    srv, path = served
    page.goto(f"{srv.url}/map?year={YEAR}&units=2025")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot .choroplethlocation') !== null")
    label = "Tỷ lệ khu dân cư đạt “An toàn về ANTT” (%)"
    page.get_by_role("combobox", name="Chỉ tiêu").click()
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)
    # the map redrawn with the share: its hover says "x% (n/N khu dân cư)"
    page.wait_for_function(JS_REDRAWN, timeout=TIMEOUT_MS)
    drawn = page.evaluate(JS_HOVER_TEXTS)
    assert label in drawn["title"], drawn["title"]
    with duckdb.connect(str(path), read_only=True) as c:
        provinces = [
            r[0]
            for r in c.execute(
                "SELECT DISTINCT a.province_code FROM evaluation_unit e "
                "JOIN admin_unit a USING (units_system, unit_code) WHERE e.year = $y ORDER BY 1",
                {"y": YEAR},
            ).fetchall()
        ]
    assert provinces
    for p in provinces:
        n, d = rows_sql(path, YEAR, ("residential",), p, what="safe")
        assert drawn["hover"].get(p) == f"{vi_pct(n, d)} ({vi_int(n)}/{vi_int(d)} khu dân cư)", (p, drawn)
    # a province without evaluation figures is not 0 %: it reads "chưa báo cáo"/no data
    others = [c for c, t in drawn["hover"].items() if c not in provinces]
    assert others and all("%" not in drawn["hover"][c] for c in others)
