"""One store of figures (issue 24), in a real browser on real servers: the same pages opened on a
report-only database (empty, filled only through the report form importer), a detail-only one (the
demo without any report) and a mixed one (the demo with a province that reported only aggregated
figures, one only detail rows, one neither). Every figure read on a page is compared with plain SQL
over the database file: the report where there is one, the detail rows where there is none,
"chưa báo cáo" where there is neither."""

from __future__ import annotations

import csv
import io
import re
import shutil

import duckdb
import pytest

from antq import db
from tests.report_forms import cli, csv_form
from tests.support import e2e

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000
OLD_YEAR = 2022  # reported in the 2008 system (districts)
DEMO_YEAR = 2024
REPORT_ONLY, DETAIL_ONLY, NEITHER = "02", "04", "06"  # 2008 provinces of the mixed database


def vi(x: float) -> str:
    return f"{int(round(x)):,}".replace(",", ".")


def one(path, q, params=None):
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(q, params or {}).fetchone()


def _serve(path, d):
    srv = e2e.Server("app.py", db=path, log=d / "streamlit.log").start()
    srv.wait_healthy(timeout=180)
    return srv


@pytest.fixture(scope="module")
def report_only(browser_ready, tmp_path_factory):
    """An empty database and four report forms, imported with the command line as a reporter would:
    a province, a district of 2022, the nation, and a 2025 commune."""
    d = tmp_path_factory.mktemp("report-only")
    path = d / "antq.duckdb"
    db.build(path, empty=True)
    commune = one(
        path,
        "SELECT min(unit_code) FROM admin_unit "
        "WHERE units_system = 2025 AND level = 'commune' AND province_code = '56'",
    )[0]
    forms = [
        (
            OLD_YEAR,
            "56",
            {"fest_participants": "trên 4.321", "models_active": "1.717", "award_province_collective": "323"},
        ),
        (OLD_YEAR, "571", {"fest_points_total": "37"}),
        (OLD_YEAR, "VN", {"fest_points_total": "hơn 5.800"}),  # "hơn" stays "hơn"
        (2025, commune, {"fest_participants": "250"}),
    ]
    for i, (year, unit, values) in enumerate(forms):
        data, _ = csv_form(year, unit, values)
        f = d / f"form-{i}.csv"
        f.write_bytes(data)
        r = cli("import", str(f), db_path=path, archive=d / "archive")
        assert r.returncode == 0, r.stderr
    srv = _serve(path, d)
    try:
        yield srv, path, commune
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def detail_only(browser_ready, demo_db, tmp_path_factory):
    d = tmp_path_factory.mktemp("detail-only")
    path = d / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    # (two writes: DuckDB checks a foreign key against the rows of the transaction's start; the
    # derived tables are rebuilt by each write)
    with db.write_transaction(path) as c:
        c.execute("DELETE FROM report_value")
        c.execute("DELETE FROM document_figure")
    with db.write_transaction(path) as c:
        c.execute("DELETE FROM report")
    srv = _serve(path, d)
    try:
        yield srv, path
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def mixed(browser_ready, demo_db, tmp_path_factory):
    d = tmp_path_factory.mktemp("mixed")
    path = d / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    in_prov = (
        "(SELECT unit_code FROM admin_unit WHERE units_system = 2008 AND province_code IN ({}))".format  # noqa: UP032
    )
    with db.write_transaction(path) as c:
        c.execute("DELETE FROM document_figure")
        for table in ("festival_point", "commendation", "model_year", "exemplar"):
            c.execute(
                f"DELETE FROM {table} WHERE year = $y AND units_system = 2008 AND unit_code IN "
                + in_prov(f"'{REPORT_ONLY}', '{NEITHER}'"),
                {"y": DEMO_YEAR},
            )
        gone = (
            f"SELECT report_id FROM report WHERE year = $y AND unit_code IN {in_prov(f'{DETAIL_ONLY!r}, {NEITHER!r}')}"
        )
        c.execute(f"DELETE FROM report_value WHERE report_id IN ({gone})", {"y": DEMO_YEAR})
    with db.write_transaction(path) as c:  # a second write: see detail_only
        c.execute(f"DELETE FROM report WHERE report_id IN ({gone})", {"y": DEMO_YEAR})
    srv = _serve(path, d)
    try:
        yield srv, path
    finally:
        srv.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    context.on("request", lambda r: None if e2e.is_local_url(r.url) else outside.append(r.url))
    pg = context.new_page()
    yield pg
    context.close()
    assert not outside, outside


def text_of(page, url: str, wait_for: str | None = None) -> str:
    page.goto(url)
    if wait_for:
        page.get_by_text(wait_for).first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)
    return page.inner_text("body")


def own_value(path, unit: str, year: int, indicator: str) -> tuple[float, str]:
    """A unit's own reported value in force, straight from the report tables."""
    return one(
        path,
        "SELECT v.value, v.qualifier FROM report r JOIN report_value v USING (report_id) "
        "WHERE r.unit_code = $u AND r.year = $y AND v.indicator = $i "
        "ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC LIMIT 1",
        {"u": unit, "y": year, "i": indicator},
    )


def written(value: float, qualifier: str) -> str:
    return ("trên " if qualifier == "at_least" else "") + vi(value)


def test_report_only_database_every_page(page, report_only):
    srv, path, commune = report_only
    nation = own_value(path, "VN", OLD_YEAR, "fest_points_total")
    district = own_value(path, "571", OLD_YEAR, "fest_points_total")
    part = own_value(path, "56", OLD_YEAR, "fest_participants")
    models = own_value(path, "56", OLD_YEAR, "models_active")
    awards = own_value(path, "56", OLD_YEAR, "award_province_collective")
    assert nation == (5800.0, "at_least") and part == (4321.0, "at_least") and district == (37.0, "exact")

    # the nation's own report is the national figure, in its own words; the provinces' sum (the
    # district's 37) beside it
    word = one(
        path,
        "SELECT v.qualifier_word FROM report r JOIN report_value v USING (report_id) "
        "WHERE r.unit_code = 'VN' AND v.indicator = 'fest_points_total'",
    )[0]
    assert word == "hơn"
    body = text_of(page, f"{srv.url}/?year={OLD_YEAR}&units=2008", "Điểm tổ chức Ngày hội")
    assert f"hơn {vi(nation[0])}" in body, body[:3000]
    assert re.search(rf"tổng các tỉnh: {vi(district[0])} \(1/63 tỉnh\)", body), body[:3000]
    assert "chưa có số liệu" not in body.lower()

    q = f"year={OLD_YEAR}&province=56&units=2008"
    body = text_of(page, f"{srv.url}/?{q}", "Điểm tổ chức Ngày hội")
    for figure in (written(*part), vi(models[0]), vi(awards[0]), vi(district[0])):
        assert figure in body, (figure, body[:3000])
    assert written(*part) in text_of(page, f"{srv.url}/participation?{q}", "Lượt người tham gia")
    assert vi(models[0]) in text_of(page, f"{srv.url}/models?{q}", "Mô hình đang hoạt động")
    assert vi(awards[0]) in text_of(page, f"{srv.url}/commendations?{q}", "Tổng lượt khen thưởng")
    assert written(*part) in text_of(page, f"{srv.url}/results?{q}", "Kết quả phong trào")
    # the data page's table of the store: its CSV holds the figures as published, with their source
    text_of(page, f"{srv.url}/data?{q}", "Số dòng")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Tải CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text("utf-8-sig"))))
    shown = {r["Mã chỉ tiêu"]: (r["Số liệu"], r["Nguồn"]) for r in rows}
    assert shown["fest_participants"] == (written(*part), "báo cáo")
    assert shown["models_active"] == (vi(models[0]), "báo cáo")

    # a 2025 commune's report: its province shows the sum of its lower units, with how many reported
    own = own_value(path, commune, 2025, "fest_participants")
    communes = one(
        path, "SELECT count(*) FROM admin_unit WHERE units_system = 2025 AND province_code = '56' AND is_base"
    )[0]
    body = text_of(page, f"{srv.url}/?year=2025&province=56", "Lượt người tham gia")
    assert vi(own[0]) in body and f"(1/{vi(communes)} đơn vị cấp dưới)" in body, body[:3000]


def test_detail_only_database_every_page(page, detail_only):
    srv, path = detail_only
    points, participants = one(
        path,
        "SELECT count(*), sum(participants) FROM festival_point f JOIN admin_unit a USING (units_system, unit_code) "
        "WHERE f.year = $y AND a.province_code = '56'",
        {"y": DEMO_YEAR},
    )
    awards = one(
        path,
        "SELECT sum(recipients) FROM commendation c JOIN admin_unit a USING (units_system, unit_code) "
        "WHERE c.year = $y AND a.province_code = '56'",
        {"y": DEMO_YEAR},
    )[0]
    nation_points = one(path, "SELECT count(*) FROM festival_point WHERE year = $y", {"y": DEMO_YEAR})[0]
    q = f"year={DEMO_YEAR}&province=56&units=2008"
    body = text_of(page, f"{srv.url}/?{q}", "Điểm tổ chức Ngày hội")
    assert vi(points) in body and vi(participants) in body and vi(awards) in body
    assert "số liệu chi tiết" in body
    assert vi(participants) in text_of(page, f"{srv.url}/participation?{q}", "Lượt người tham gia")
    assert vi(awards) in text_of(page, f"{srv.url}/commendations?{q}", "Tổng lượt khen thưởng")
    assert vi(participants) in text_of(page, f"{srv.url}/results?{q}", "Kết quả phong trào")
    assert vi(nation_points) in text_of(page, f"{srv.url}/?year={DEMO_YEAR}&units=2008", "Điểm tổ chức Ngày hội")


def test_mixed_database_takes_each_province_from_its_own_source(page, mixed):
    srv, path = mixed
    # plain SQL of the rule: a province's own report where it has one, else its detail rows
    reported = one(
        path,
        """SELECT sum(value) FROM (
             SELECT r.unit_code, v.value FROM report r JOIN report_value v USING (report_id)
             JOIN admin_unit a ON a.units_system = r.units_system AND a.unit_code = r.unit_code AND a.level = 'province'
             WHERE r.year = $y AND v.indicator = 'fest_points_total'
             QUALIFY row_number() OVER (PARTITION BY r.unit_code
                                        ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC) = 1)""",
        {"y": DEMO_YEAR},
    )[0]
    detail_b = one(
        path,
        "SELECT count(*) FROM festival_point f JOIN admin_unit a USING (units_system, unit_code) "
        "WHERE f.year = $y AND a.province_code = $p",
        {"y": DEMO_YEAR, "p": DETAIL_ONLY},
    )[0]
    own_a = own_value(path, REPORT_ONLY, DEMO_YEAR, "fest_points_total")
    assert detail_b > 0 and own_a[0] > 0
    assert (
        one(path, "SELECT count(*) FROM report WHERE unit_code = $p AND year = $y", {"p": NEITHER, "y": DEMO_YEAR})[0]
        == 0
    )

    body = text_of(page, f"{srv.url}/?year={DEMO_YEAR}&units=2008", "Điểm tổ chức Ngày hội")
    assert vi(reported + detail_b) in body, (vi(reported + detail_b), body[:2500])
    body = text_of(page, f"{srv.url}/?year={DEMO_YEAR}&province={REPORT_ONLY}&units=2008", "Điểm tổ chức Ngày hội")
    assert vi(own_a[0]) in body and "báo cáo" in body
    body = text_of(page, f"{srv.url}/?year={DEMO_YEAR}&province={DETAIL_ONLY}&units=2008", "Điểm tổ chức Ngày hội")
    assert vi(detail_b) in body and "số liệu chi tiết" in body
    body = text_of(page, f"{srv.url}/?year={DEMO_YEAR}&province={NEITHER}&units=2008", "Tổng quan")
    assert "chưa báo cáo" in body.lower() or "chưa có số liệu" in body.lower() or "không có số liệu" in body.lower()
