"""The results page in a real browser on a real server: a province's reported figure is on the page
in the default view of its URL (no click), qualifiers are written, provinces that did not report
are "chưa báo cáo" on the map, and the CSV download holds exactly the figures shown. Expected
figures come from plain SQL over the database file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import duckdb
import pytest

from tests.support import e2e
from tests.support import reports as R

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
YEAR = 2024


@pytest.fixture(scope="module")
def results_server(browser_ready, demo_db, tmp_path_factory):
    d = tmp_path_factory.mktemp("results-server")
    db = d / "antq.duckdb"
    shutil.copyfile(demo_db, db)
    with duckdb.connect(str(db)) as c:
        # two provinces that did not report the page's first indicator: drawn "chưa báo cáo", never 0
        c.execute(
            "DELETE FROM report_value WHERE indicator = 'mob_sessions' AND report_id IN "
            "(SELECT report_id FROM report WHERE units_system = 2008 AND unit_code IN ('02', '04') AND year = $y)",
            {"y": YEAR},
        )
        # dated after the demo's reports: in force whatever they hold
        R.add_report(
            c,
            "56",
            YEAR,
            {"fest_participants": 4321, "tips_received": (5800, "at_least")},
            reported_on=dt.date(YEAR, 8, 28),
        )
    srv = e2e.Server("app.py", db=db, log=d / "streamlit.log").start()
    try:
        srv.wait_healthy(timeout=120)
        yield srv, db
    finally:
        srv.stop()


@pytest.fixture
def page(results_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    context.on("request", lambda r: None if e2e.is_local_url(r.url) else outside.append(r.url))
    pg = context.new_page()
    yield pg
    context.close()
    assert not outside, outside


def test_reported_figure_is_on_the_results_page_without_a_click(page, results_server):
    srv, db = results_server
    with duckdb.connect(str(db), read_only=True) as c:
        value, qualifier = c.execute(
            "SELECT v.value, v.qualifier FROM report r JOIN report_value v USING (report_id) "
            "WHERE r.unit_code = '56' AND r.units_system = 2008 AND r.year = $y AND v.indicator = 'fest_participants' "
            "ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC LIMIT 1",
            {"y": YEAR},
        ).fetchone()
        unreported = c.execute(
            "SELECT count(*) FROM admin_unit a WHERE a.units_system = 2008 AND a.level = 'province' AND NOT EXISTS ("
            " SELECT 1 FROM report r JOIN report_value v USING (report_id) WHERE r.unit_code = a.unit_code "
            " AND r.units_system = 2008 AND r.year = $y AND v.indicator = 'mob_sessions')",
            {"y": YEAR},
        ).fetchone()[0]
    assert (value, qualifier) == (4321.0, "exact")
    page.goto(f"{srv.url}/results?year={YEAR}&province=56&units=2008")
    page.get_by_text("4.321", exact=True).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)
    body = page.inner_text("body")
    assert "trên 5.800" in body
    assert "Kết quả phong trào" in body
    # the CSV of the year's table holds exactly what the table shows
    with page.expect_download() as dl:
        page.locator(".st-key-results_summary_csv button").click()
    rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text("utf-8-sig"))))
    written = {r["Mã"]: r["Số liệu"] for r in rows}
    assert written["fest_participants"] == "4.321" and written["tips_received"] == "trên 5.800"
    cells = page.locator("[data-testid=stTable] td").all_inner_texts()
    assert all(v in cells for v in written.values())
    # national view: the map's grey class is "Chưa báo cáo" (not zero) for the provinces that did not report
    assert unreported >= 2
    page.goto(f"{srv.url}/results?year={YEAR}&units=2008")
    page.locator(".js-plotly-plot .legendtext", has_text="Chưa báo cáo").first.wait_for(timeout=TIMEOUT_MS)


def test_a_filled_report_form_uploaded_on_the_import_page_is_saved(tmp_path, browser):
    """The form as `template --kind report` writes it, filled with a qualifier, uploaded on the import
    page by a signed-in user: previewed as a report (not refused as a detail file), saved, attributed."""
    from antq import db as antq_db
    from antq.reports import template
    from tests.support import oidc

    dbp = antq_db.build(tmp_path / "antq.duckdb", empty=True)
    rows = list(csv.reader(io.StringIO(template.csv_bytes(YEAR, "56").decode("utf-8-sig"))))
    head = next(i for i, r in enumerate(rows) if "Số liệu" in r)
    code, value = rows[head].index("Mã chỉ tiêu"), rows[head].index("Số liệu")
    wanted = {"fest_participants": "trên 4.321", "tips_received": "1.250"}
    for r in rows[head + 1 :]:
        if r and r[code] in wanted:
            r[value] = wanted[r[code]]
    form = tmp_path / "bao-cao-56.csv"
    with open(form, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    base, oidc_port = "http://localhost:8731", 8732
    with oidc.provider(tmp_path, base, oidc_port, dbp) as auth_env:
        srv = e2e.Server("app.py", db=dbp, log=tmp_path / "app.log", extra_env=auth_env)
        srv.port, srv.url = 8731, base
        srv.start()
        try:
            srv.wait_healthy(120)
            pg = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            oidc.sign_in(pg, base, oidc_port)
            pg.goto(f"{base}/import_data?year={YEAR}", timeout=TIMEOUT_MS)
            pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS)
            pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(form))
            save = pg.get_by_role("button", name="Lưu báo cáo")
            save.wait_for(timeout=TIMEOUT_MS)
            # the preview writes the value as the report does; waited for, since the button can be drawn
            # while the rerun that fills the preview table is still arriving
            pg.locator("[data-testid=stTable]", has_text="trên 4.321").first.wait_for(timeout=TIMEOUT_MS)
            save.click()
            pg.get_by_text("Đã lưu 2 số liệu", exact=False).first.wait_for(timeout=TIMEOUT_MS)
            pg.context.close()
        finally:
            srv.stop()
    with duckdb.connect(str(dbp), read_only=True) as c:
        got = c.execute(
            "SELECT v.indicator, v.value, v.qualifier, r.entered_by, r.via FROM report r JOIN report_value v "
            "USING (report_id) WHERE r.units_system = 2008 AND r.unit_code = '56' AND r.year = $y ORDER BY 1",
            {"y": YEAR},
        ).fetchall()
    assert got == [
        ("fest_participants", 4321.0, "at_least", oidc.ADMIN[1], "app"),
        ("tips_received", 1250.0, "exact", oidc.ADMIN[1], "app"),
    ]
