"""Figures provinces really published, entered through the report form without inventing anything,
then shown by the results page exactly as written (issue 12, "Done when").

The figures (2025, today's provinces), as the news reports and provincial portals gave them:
- Hà Nội (01): 175 models of exemplary practice at more than 8,800 sites ("175 mô hình … hơn 8.800
  điểm");
- Hồ Chí Minh City (79): 18 kinds of models at 1,080 sites;
- Thanh Hóa (38): the festival held at 4,517 points.
Only these values are typed into the form the CLI's `template --kind report` writes; every other
row stays empty ("not reported"). Expected values come from the sentences above and from plain SQL
over the database file, not from the code under test.
"""

from __future__ import annotations

import csv
import io
import shutil

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from antq.ui import state
from antq.vocab import indicators
from tests.support import e2e

from .import_helpers import cli

YEAR = 2025
PUBLISHED = {  # province -> {indicator: value as written in the published report}
    "01": {"model_kinds": "175", "model_sites": "hơn 8.800"},
    "79": {"model_kinds": "18", "model_sites": "1.080"},
    "38": {"fest_points_total": "4.517"},
}
EXPECTED = {  # the same sentences, read by hand: (value, qualifier, as the page writes it)
    ("01", "model_kinds"): (175, "exact", "175"),
    ("01", "model_sites"): (8800, "at_least", "hơn 8.800"),  # as the source wrote it
    ("79", "model_kinds"): (18, "exact", "18"),
    ("79", "model_sites"): (1080, "exact", "1.080"),
    ("38", "fest_points_total"): (4517, "exact", "4.517"),
}


@pytest.fixture(scope="module")
def published_db(demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    dbp = tmp / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    for prov, values in PUBLISHED.items():
        form = tmp / f"form-{prov}.csv"
        r = cli("template", "--kind", "report", "--year", str(YEAR), "--province", prov, "--out", str(form),
                db_path=dbp, archive=tmp / "archive")  # fmt: skip
        assert r.returncode == 0, r.stderr
        rows = list(csv.reader(io.StringIO(form.read_text("utf-8-sig"))))
        head = next(i for i, row in enumerate(rows) if "Số liệu" in row)
        code, value = rows[head].index("Mã chỉ tiêu"), rows[head].index("Số liệu")
        for row in rows[head + 1 :]:
            if row and row[code] in values:
                row[value] = values[row[code]]
        for i, row in enumerate(rows[:head]):  # the report's source, as the form asks for it
            if row and row[0] == "Nguồn":
                rows[i][1] = "Báo cáo kết quả năm 2025 (tin đã đăng)"
        with open(form, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
        r = cli("import", str(form), db_path=dbp, archive=tmp / "archive")
        assert r.returncode == 0, r.stdout + r.stderr
    return dbp


def test_the_published_values_are_stored_as_written(published_db):
    with duckdb.connect(str(published_db), read_only=True) as c:
        got = c.execute(
            """WITH latest AS (
                   SELECT r.* FROM report r
                   QUALIFY row_number() OVER (PARTITION BY units_system, unit_code, period_kind, year
                                              ORDER BY reported_on DESC NULLS LAST, entered_at DESC,
                                                       report_id DESC) = 1)
               SELECT l.unit_code, v.indicator, v.value, v.qualifier, l.reference
               FROM latest l JOIN report_value v USING (report_id)
               WHERE l.year = $y AND l.period_kind = 'festival_year' AND list_contains($p, l.unit_code)""",
            {"y": YEAR, "p": list(PUBLISHED)},
        ).fetchall()
    assert {(u, i): (v, q) for u, i, v, q, _ in got} == {k: (v, q) for k, (v, q, _) in EXPECTED.items()}
    assert {ref for *_, ref in got} == {"Báo cáo kết quả năm 2025 (tin đã đăng)"}  # nothing else typed


@pytest.mark.parametrize("province", sorted(PUBLISHED))
def test_the_results_page_shows_exactly_those_figures(published_db, app_script, monkeypatch, province):
    monkeypatch.setenv("ANTQ_DB", str(published_db))
    state.reader.clear()
    try:
        at = AppTest.from_file(str(app_script), default_timeout=120)
        for k, v in {"year": str(YEAR), "province": province}.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(e2e.apptest_page("pages/results.py")).run()
        assert not at.exception, [e.message for e in at.exception]
        # the year's figures: the summary tables (an indicator per row, beside who reported it; not the
        # trend or a version's values), read by the indicator's name as shown (the code is only in downloads)
        tables = [pl.from_pandas(t.value) for t in at.table]
        summary = [t for t in tables if {"Chỉ tiêu", "Số liệu", "Tỉnh báo cáo"} <= set(t.columns)]
        shown = pl.concat(summary, how="diagonal")
    finally:
        state.reader.clear()
    code_of = {indicators.label(c, "vi"): c for c in indicators.BY_CODE}
    by_code = {code_of[r["Chỉ tiêu"]]: r["Số liệu"] for r in shown.iter_rows(named=True)}
    for (prov, indicator), (_, _, written) in EXPECTED.items():
        if prov == province:
            assert by_code[indicator] == written, (indicator, by_code.get(indicator))
    # a figure the province did not publish is left out or "not reported", never 0
    assert by_code.get("tips_received") in (None, "–", "chưa báo cáo", "Chưa báo cáo")
