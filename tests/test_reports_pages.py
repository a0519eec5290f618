"""What users see of the aggregated result reports: the results page, the overview's reported
festival figures, the double-counting rule, qualifiers, completeness and deadlines.

The database is a copy of the demo with the reports cleared and a known set written by plain SQL
(tests/support/reports.py); every expected figure below comes from independent SQL over that file
or from the rows the fixture wrote, never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from antq import downloads, reportview, service
from antq.selection import Selection
from antq.settings import PROJECT_ROOT
from antq.ui import state
from antq.vocab import indicators, report_rules
from tests.support import e2e
from tests.support import reports as R

YEAR = 2024
PREV = 2023
OLD_56_PARTS = ("56", "58")  # Khánh Hòa and Ninh Thuận: one province (56) since 2025
NO_DETAIL = ("02", "04")  # provinces whose 2024 festival points the fixture removes
RANK_INDICATOR = "mob_sessions"


@pytest.fixture(scope="module")
def reports_db(tmp_path_factory, demo_db):
    p = tmp_path_factory.mktemp("reports") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    with duckdb.connect(str(p)) as c:
        c.execute("DELETE FROM report_value; DELETE FROM report;")
        # detail rows: none for two provinces in 2024 (one of them then reports, the other does not)
        c.execute(
            "DELETE FROM festival_point WHERE year = $y AND unit_code IN "
            "(SELECT unit_code FROM admin_unit WHERE units_system = 2008 AND list_contains($p, province_code))",
            {"y": YEAR, "p": list(NO_DETAIL)},
        )
        c.execute((PROJECT_ROOT / "antq" / "refresh_summary.sql").read_text("utf-8"))
        at = dt.datetime(YEAR, 9, 1, 8, 0)
        R.add_report(  # superseded below: must count nowhere
            c, "01", YEAR, {"mob_sessions": 999, "fest_participants": 1}, reported_on=dt.date(YEAR, 8, 1), entered_at=at
        )
        R.add_report(
            c,
            "56",
            YEAR,
            {
                "fest_participants": 4321,
                "mob_sessions": (120, "at_least"),
                "tips_received": (5800, "at_least"),
                "fest_communes_held": (100, "exact", 140),
            },
            reported_on=dt.date(YEAR, 8, 25),
            entered_at=at,
        )
        R.add_report(
            c,
            "58",
            YEAR,
            {"fest_participants": 1000, "mob_sessions": (30, "about"), "tips_received": 300},
            reported_on=dt.date(YEAR, 9, 10),
            entered_at=at,
        )
        R.add_report(c, "01", YEAR, {"mob_sessions": 500}, reported_on=dt.date(YEAR, 8, 30), entered_at=at)
        R.add_report(c, "01", PREV, {"mob_sessions": 400}, reported_on=dt.date(PREV, 8, 30))
        R.add_report(c, "02", YEAR, {"fest_participants": 777}, kind="year", reported_on=dt.date(YEAR, 12, 15))
        R.add_report(c, "56", YEAR, {"mob_sessions": 60}, kind="half_year", half=1)  # no date of its own
        communes = [
            r[0]
            for r in c.execute(
                "SELECT unit_code FROM admin_unit WHERE units_system = 2008 AND province_code = '56' AND is_base "
                "ORDER BY unit_code LIMIT 3"
            ).fetchall()
        ]
        for code in communes:
            R.add_report(c, code, YEAR, {"fest_participants": 100, "mob_sessions": 7})
    return p


@pytest.fixture
def env(reports_db, app_script, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(reports_db))
    state.reader.clear()  # the process-wide reader follows ANTQ_DB from its first use
    yield app_script
    state.reader.clear()


@pytest.fixture(scope="module")
def rconn(reports_db):
    c = duckdb.connect(str(reports_db), read_only=True)
    yield c
    c.close()


def sql(conn, query: str, **params):
    return conn.execute(query, params).fetchall()


# Independent: the value in force of each province-level report (the latest by reported_on,
# entered_at, report_id per unit and period), summed over the given own-system provinces.
IN_FORCE_SQL = """
WITH ranked AS (
    SELECT r.*, row_number() OVER (PARTITION BY units_system, unit_code, period_kind, year_from, year, half
                                   ORDER BY reported_on DESC NULLS LAST, entered_at DESC, report_id DESC) AS k
    FROM report r
)
SELECT v.value, v.qualifier FROM ranked r JOIN report_value v USING (report_id)
JOIN admin_unit a ON a.units_system = r.units_system AND a.unit_code = r.unit_code
WHERE k = 1 AND a.level = 'province' AND r.year = $year AND v.indicator = $ind
  AND list_contains($provinces, r.unit_code) AND r.period_kind IN ('festival_year', 'year')
"""


def open_results(script, url: dict) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=120)
    for k, v in url.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(e2e.apptest_page("pages/results.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_tables(at: AppTest) -> list[pl.DataFrame]:
    return [pl.from_pandas(t.value) for t in at.table]


def summary_tables(at: AppTest, lang: str = "vi") -> pl.DataFrame:
    """The page's tables of the year's figures, one per group of indicators, together."""
    cols = ("Chỉ tiêu", "Số liệu") if lang == "vi" else ("Indicator", "Figure")
    return pl.concat([t for t in shown_tables(at) if set(cols) <= set(t.columns)], how="diagonal")


# ---------------------------------------------------------------- figures, qualifiers, units reported
def test_province_figure_is_its_report_in_force_as_written(env, rconn):
    at = open_results(env, {"year": str(YEAR), "province": "56", "units": "2008"})
    summary = summary_tables(at)
    row = summary.filter(pl.col("Chỉ tiêu") == indicators.label("fest_participants", "vi")).row(0, named=True)
    (want,) = sql(rconn, IN_FORCE_SQL, year=YEAR, ind="fest_participants", provinces=["56"])
    assert want == (4321.0, "exact")
    assert row["Số liệu"] == "4.321"
    assert row["Tỉnh báo cáo"] == "1/1 tỉnh"
    # the communes' own reports are kept apart, never added to the province's figure
    (communes,) = sql(
        rconn,
        "SELECT sum(v.value), count(*) FROM report r JOIN report_value v USING (report_id) "
        "JOIN admin_unit a ON a.units_system = r.units_system AND a.unit_code = r.unit_code "
        "WHERE a.is_base AND a.province_code = '56' AND r.year = $y AND v.indicator = 'fest_participants'",
        y=YEAR,
    )
    # beside the province's own report, the sum of everything below it: each commune's own report where
    # it has one (the three above), else its detail rows, and the province's own detail rows; with how
    # many of its districts have a figure
    (lower,) = sql(
        rconn,
        """WITH own AS (SELECT r.unit_code, v.value FROM report r JOIN report_value v USING (report_id)
                        WHERE r.year = $y AND v.indicator = 'fest_participants'),
           det AS (SELECT unit_code, sum(participants) AS v FROM festival_point WHERE year = $y GROUP BY 1)
           SELECT sum(CASE WHEN a.level = 'province' THEN d.v ELSE coalesce(o.value, d.v) END),
                  count(DISTINCT a.district_code) FILTER (WHERE a.level <> 'province')
           FROM admin_unit a LEFT JOIN own o USING (unit_code) LEFT JOIN det d USING (unit_code)
           WHERE a.units_system = 2008 AND a.province_code = '56'
             AND coalesce(o.value, d.v) IS NOT NULL""",
        y=YEAR,
    )
    assert communes[1] == 3
    districts = sql(
        rconn,
        "SELECT count(*) FROM admin_unit WHERE units_system = 2008 AND province_code = '56' AND level = 'district'",
    )[0][0]
    want_lower = f"{int(lower[0]):,}".replace(",", ".")
    assert row["Tổng của các đơn vị cấp dưới"] == f"{want_lower} ({lower[1]}/{districts} đơn vị)"
    tips = summary.filter(pl.col("Chỉ tiêu") == indicators.label("tips_received", "vi")).row(0, named=True)
    assert tips["Số liệu"] == "trên 5.800"
    ratio = summary.filter(pl.col("Chỉ tiêu") == indicators.label("fest_communes_held", "vi")).row(0, named=True)
    assert ratio["Số liệu"] == "100/140"


def test_merged_province_sums_its_old_provinces_and_says_how_many_reported(env, rconn):
    sel = Selection(year=YEAR, units=2025, provinces=("56",), scope=None)
    tot = service.report_totals(rconn, sel).filter(pl.col("indicator").is_in(["tips_received", "mob_sessions"]))
    got = {r["indicator"]: r for r in tot.iter_rows(named=True)}
    parts = {
        ind: sql(rconn, IN_FORCE_SQL, year=YEAR, ind=ind, provinces=list(OLD_56_PARTS))
        for ind in ("tips_received", "mob_sessions")
    }
    for ind, rows in parts.items():
        assert got[ind]["value"] == sum(v for v, _ in rows)
        assert (got[ind]["provinces_reported"], got[ind]["provinces_total"]) == (len(rows), 2)
    # a sum with an approximate part is approximate: "trên" + exact stays "trên"; "trên" + "khoảng" is "khoảng"
    assert {q for _, q in parts["tips_received"]} == {"at_least", "exact"}
    assert got["tips_received"]["qualifier"] == "at_least"
    assert {q for _, q in parts["mob_sessions"]} == {"at_least", "about"}
    assert got["mob_sessions"]["qualifier"] == "about"
    fest = service.report_totals(rconn, sel).filter(pl.col("indicator") == "fest_communes_held").row(0, named=True)
    # 56 by its report, 58 by its detail rows (its communes with a festival point): both have a figure
    assert (fest["provinces_reported"], fest["provinces_total"]) == (2, 2)


def test_combine_qualifiers_rule():
    assert report_rules.combine_qualifiers(["exact", "exact"]) == "exact"
    assert report_rules.combine_qualifiers(["exact", "at_least"]) == "at_least"
    assert report_rules.combine_qualifiers(["just_under", "exact"]) == "just_under"
    assert report_rules.combine_qualifiers(["just_under", "at_least"]) == "about"
    assert report_rules.combine_qualifiers(["about", "exact"]) == "about"


def test_superseded_report_counts_nowhere(rconn):
    sel = Selection(year=YEAR, units=2008, provinces=("01",), scope=None)
    row = service.report_totals(rconn, sel).filter(pl.col("indicator") == "mob_sessions").row(0, named=True)
    assert row["value"] == 500  # the report of 30/08 replaced the one of 01/08 (999), which is still stored
    assert sql(rconn, "SELECT count(*) FROM report_value WHERE value = 999")[0][0] == 1


# ---------------------------------------------------------------- not reported is not zero
def test_ranking_and_map_show_not_reported_never_zero(env, rconn):
    at = open_results(env, {"year": str(YEAR), "units": "2008"})
    assert at.selectbox(key="results_indicator_vi").value == RANK_INDICATOR
    reported = {
        r[0]
        for r in sql(
            rconn,
            "SELECT DISTINCT r.unit_code FROM report r JOIN report_value v USING (report_id) "
            "JOIN admin_unit a ON a.units_system = r.units_system AND a.unit_code = r.unit_code "
            "WHERE a.level = 'province' AND r.year = $y AND v.indicator = $i",
            y=YEAR,
            i=RANK_INDICATOR,
        )
    }
    n_provinces = sql(rconn, "SELECT count(*) FROM admin_unit WHERE units_system = 2008 AND level = 'province'")[0][0]
    ranked, shown = reportview.ranking_table(rconn, Selection(YEAR, 2008, scope=None), RANK_INDICATOR, "annual", "vi")
    figures = dict(zip(ranked["province_code"].to_list(), shown["Số liệu"].to_list()))
    assert len(figures) == n_provinces
    assert {c for c, f in figures.items() if f != "chưa báo cáo"} == reported
    assert "0" not in figures.values()
    fig = reportview.map_figure(rconn, Selection(YEAR, 2008, scope=None), RANK_INDICATOR, "annual", "vi")
    grey = next(tr for tr in fig.data if tr.name == "Chưa báo cáo")
    assert set(grey.locations) == set(figures) - reported
    # the page draws that map and that table
    names = [tr.get("name") for c in at.get("plotly_chart") for tr in json.loads(c.proto.spec or "{}").get("data", [])]
    assert "Chưa báo cáo" in names


def test_downloads_are_exactly_the_tables_shown(env, rconn):
    at = open_results(env, {"year": str(YEAR), "province": "56", "units": "2008"})
    table = reportview.summary_table(
        rconn, Selection(YEAR, 2008, ("56",), scope=None), "annual", reportview.ALL_GROUPS, "vi"
    )
    groups = table["Nhóm"].n_unique()  # one table per group on the page, then the indicator's own
    tables = pl.concat(shown_tables(at)[:groups], how="diagonal")
    assert "Mã" not in tables.columns  # the indicator code is for the import template, not for reading (issue 25)
    shown = tables.select("Chỉ tiêu", "Số liệu")
    rows = list(csv.DictReader(io.StringIO(downloads.csv_bytes(table).decode("utf-8-sig"))))
    assert [(r["Chỉ tiêu"], r["Số liệu"]) for r in rows] == list(shown.iter_rows())
    # and every indicator the province reported is there (independent SQL)
    codes = {
        r[0]
        for r in sql(
            rconn,
            "SELECT v.indicator FROM report r JOIN report_value v USING (report_id) WHERE r.unit_code = '56' "
            "AND r.units_system = 2008 AND r.year = $y",
            y=YEAR,
        )
    }
    assert {r["Mã"] for r in rows} >= codes  # (and the detail rows' indicators, from the same store)


def test_english_switch_writes_qualifiers_in_english(env):
    at = open_results(env, {"year": str(YEAR), "province": "56", "units": "2008", "lang": "en"})
    text = summary_tables(at, "en")
    assert "over 5,800" in text["Figure"].to_list()
    assert "4,321" in text["Figure"].to_list()


# ---------------------------------------------------------------- the double-counting rule
DETAIL_SQL = """
SELECT a.province_code, sum(f.participants)
FROM festival_point f JOIN admin_unit a USING (units_system, unit_code)
WHERE f.year = $y GROUP BY 1
"""


def test_one_figure_per_province_report_where_it_has_one_detail_where_not(rconn):
    sel = Selection(year=YEAR, units=2008, scope=None)
    rec = service.festival_reconciled(rconn, sel).filter(pl.col("indicator") == "fest_participants")
    by = {r["province_code"]: r for r in rec.iter_rows(named=True)}
    detail = {p: float(v) for p, v in sql(rconn, DETAIL_SQL, y=YEAR)}
    reported = {
        p: v for p in by for v, _ in sql(rconn, IN_FORCE_SQL, year=YEAR, ind="fest_participants", provinces=[p])
    }
    for code, r in by.items():
        if code in reported:
            assert r["value"] == reported[code] and r["source"] == "report", code  # the official figure
            assert r["detail_value"] == detail.get(code), code
            assert r["differs"] == (code in detail and detail[code] != reported[code]), code
        elif code in detail:
            assert r["value"] == detail[code] and r["source"] == "detail" and not r["differs"], code
        else:
            assert r["value"] is None and r["source"] is None, code  # neither: not reported, not zero
    # the cases the fixture set up are all there
    assert by["56"]["differs"] and by["56"]["value"] == 4321  # both, disagreeing: reported, flagged
    assert by["02"]["source"] == "report" and by["02"]["detail_value"] is None  # report only
    assert by["04"]["value"] is None  # neither
    assert by["01"]["source"] == "detail"  # its reports say nothing of participants in force
    # the commune reports of 56 (3 x 100) are not in the province figure
    total = service.festival_reconciled_totals(rconn, sel).filter(pl.col("indicator") == "fest_participants")
    want = sum(reported.values()) + sum(v for p, v in detail.items() if p not in reported)
    assert total["value"][0] == want
    assert total["differing"][0] == sum(1 for p in reported if p in detail and detail[p] != reported[p])


def test_overview_shows_the_reported_festival_figure_and_the_difference(env, rconn):
    at = AppTest.from_file(str(env), default_timeout=120)
    for k, v in {"year": str(YEAR), "province": "56", "units": "2008"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards["Lượt người tham gia"] == "4.321"  # the report is the figure; the detail rows a note
    detail = dict(sql(rconn, DETAIL_SQL, y=YEAR))["56"]
    diff = pl.from_pandas(at.table[0].value).row(0, named=True)
    assert diff["Báo cáo (chính thức)"] == "4.321"
    assert diff["Số liệu chi tiết"] == f"{int(detail):,}".replace(",", ".")


# ---------------------------------------------------------------- completeness and deadlines
# Independent: per province of 2024 (2008 system), when its first festival report reached the system.
RECEIVED_SQL = """
SELECT a.unit_code, min(r.entered_at) FROM admin_unit a
LEFT JOIN report r ON r.units_system = a.units_system AND r.unit_code = a.unit_code
     AND r.year = $y AND r.period_kind = 'festival_year'
WHERE a.units_system = 2008 AND a.level = 'province' GROUP BY 1
"""


def test_completeness_without_an_obligation_follows_the_default_rule_and_when_reports_came_in(env, rconn):
    """No obligation set: the provinces are expected by the default rule's day; a report is on time
    or late by when it reached the system (entered_at), not by the date it bears; the results page
    says the default rule applies and names no setting."""
    from antq.cycle import obligations, progress

    ob = obligations.effective(rconn, YEAR, "festival_year", 0)
    assert ob.is_default and ob.level == "province" and ob.province_deadline == dt.date(YEAR, 8, 31)
    sel = Selection(YEAR, 2008, scope=None, communes=None)
    df = progress.units(rconn, sel, ob, dt.date(YEAR + 1, 1, 1))
    status = dict(zip(df["unit_code"].to_list(), df["status"].to_list()))
    received = dict(sql(rconn, RECEIVED_SQL, y=YEAR))
    assert set(status) == set(received) and len(status) == 63
    for code, at in received.items():
        want = "missing" if at is None else "on_time" if at.date() <= dt.date(YEAR, 8, 31) else "late"
        assert status[code] == want, code
    assert status["56"] == "late"  # dated 25/08 but entered 01/09: late by the day it came in
    before = progress.units(rconn, sel, ob, dt.date(YEAR, 8, 31))
    assert set(before.filter(pl.col("received_at").is_null())["status"].to_list()) == {"pending"}
    at = open_results(env, {"year": str(YEAR), "units": "2008"})
    cards = {m.label: m.value for m in at.metric}
    got = sum(1 for v in received.values() if v is not None)
    assert cards["Tỉnh, thành phố: đã nhận"] == f"{got}/63"
    text = " ".join(str(x.value) for x in (*at.caption, *at.info))
    assert "quy tắc mặc định" in text and "31/08/2024" in text
    assert "ANTQ_" not in text and "không ghi ngày" not in text


def test_an_undated_report_counts_by_when_it_came_in(rconn):
    from antq.cycle import obligations, progress

    ob = obligations.effective(rconn, YEAR, "half_year", 1)
    df = progress.units(rconn, Selection(YEAR, 2008, scope=None, communes=None), ob, dt.date(YEAR + 1, 1, 1))
    status = dict(zip(df["unit_code"].to_list(), df["status"].to_list()))
    ((entered,),) = sql(
        rconn, "SELECT entered_at FROM report WHERE period_kind = 'half_year' AND reported_on IS NULL AND half = 1"
    )
    assert status["56"] == ("on_time" if entered.date() <= dt.date(YEAR, 6, 20) else "late")
    assert {s for c, s in status.items() if c != "56"} == {"missing"}


def test_the_default_rule_deadlines():
    assert report_rules.deadline("half_year", 2024, 1) == dt.date(2024, 6, 20)
    assert report_rules.deadline("half_year", 2024, 2) == dt.date(2024, 12, 20)
    assert report_rules.deadline("year", 2024) == dt.date(2024, 12, 20)
    assert report_rules.deadline("festival_year", 2024) == dt.date(2024, 8, 31)


# ---------------------------------------------------------------- every version, the superseded one too
def test_an_earlier_version_of_a_report_can_be_shown(env, rconn):
    (old, old_value), (new, new_value) = sql(
        rconn,
        """SELECT r.report_id, v.value FROM report r JOIN report_value v USING (report_id)
           WHERE r.unit_code = '01' AND r.year = $y AND r.period_kind = 'festival_year'
             AND v.indicator = 'mob_sessions' ORDER BY r.reported_on""",
        y=YEAR,
    )
    at = open_results(env, {"year": str(YEAR), "province": "01", "units": "2008"})
    versions = next(pl.from_pandas(d.value) for d in at.dataframe if "Hiệu lực" in d.value.columns)
    status = dict(zip(versions["Mã báo cáo"].to_list(), versions["Hiệu lực"].to_list()))
    assert status[old] == "đã thay thế" and status[new] == "đang dùng"
    box = next(s for s in at.selectbox if s.label == "Xem số liệu của báo cáo")
    box.set_value(old).run()
    shown = pl.from_pandas(at.table[-1].value)
    row = shown.filter(pl.col("Chỉ tiêu") == indicators.label("mob_sessions", "vi")).row(0, named=True)
    assert row["Số liệu"] == f"{old_value:,.0f}".replace(",", ".") != f"{new_value:,.0f}".replace(",", ".")


def test_a_report_outside_the_selection_gives_no_values(rconn):
    from antq import queries

    (other,) = sql(rconn, "SELECT min(report_id) FROM report WHERE unit_code = '01' AND year = $y", y=YEAR)[0]
    inside = queries.run(
        rconn, "report_version_values", report_id=other, year=YEAR, units=2008, provinces=["01"], communes=[]
    )
    outside = queries.run(
        rconn, "report_version_values", report_id=other, year=YEAR, units=2008, provinces=["56"], communes=[]
    )
    assert inside.height > 0 and outside.height == 0
