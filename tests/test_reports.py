"""Result reports (issue 12): the form written by the template, filled, imported and read back by
`report-values` and by independent SQL over the DuckDB file; the supersession rule; the demo's
reports; the schema's contract. Bad input: tests/test_reports_bad_input.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from antq.reports import load
from antq.vocab import indicators, unit_systems

from .report_forms import cli, csv_form, file_sha, sql, writable_copy, xlsx_form

Y_OLD = unit_systems.LAST_OLD_SYSTEM_YEAR  # a year of the 63-province system
Y_NEW = unit_systems.FIRST_NEW_SYSTEM_YEAR
WRITTEN = {  # as a province's report writes them -> (value, denominator, qualifier)
    "fest_participants": ("trên 5.800", 5800, None, "at_least"),
    "fest_gift_value": ("gần 35 tỷ", 35_000_000_000, None, "just_under"),
    "fest_communes_held": ("120/140", 120, 140, "exact"),
    "mob_sessions": ("13.000", 13000, None, "exact"),
    "tips_received": ("khoảng 6.000", 6000, None, "about"),
    "security_teams": ("4351", 4351, None, "exact"),
    "fireworks_handed_in_kg": ("12,5", 12.5, None, "exact"),
    "award_moc_collective": ("08", 8, None, "exact"),
}


@pytest.fixture
def own_db(demo_db, tmp_path):
    return writable_copy(demo_db, tmp_path)


def latest_cli_values(path, unit, year):
    """The values of the unit's last report entered from the command line, read straight from the tables."""
    return {
        ind: (val, den, q)
        for ind, val, den, q in sql(
            path,
            """SELECT v.indicator, v.value, v.denominator, v.qualifier FROM report_value AS v
               WHERE v.report_id = (SELECT max(report_id) FROM report
                                    WHERE unit_code = $u AND year = $y AND via = 'cli')""",
            {"u": unit, "y": year},
        )
    }


def test_csv_round_trip_template_fill_import_report_values(own_db, tmp_path):
    arch = tmp_path / "archive"
    tpl = tmp_path / "mau.csv"
    r = cli(
        "template",
        "--kind",
        "report",
        "--year",
        str(Y_OLD),
        "--province",
        "56",
        "--out",
        str(tpl),
        db_path=own_db,
        archive=arch,
    )
    assert r.returncode == 0, r.stderr
    assert tpl.read_bytes().startswith("\ufeff".encode())
    data, _ = csv_form(Y_OLD, "56", {k: v[0] for k, v in WRITTEN.items()}, {"Nguồn": "Báo cáo 123/BC-CAT"})
    filled = tmp_path / "bao-cao.csv"
    filled.write_bytes(data)
    r = cli("import", str(filled), db_path=own_db, archive=arch)
    assert r.returncode == 0, r.stderr
    # independent SQL over the file: exactly what was written, nothing for the blank rows
    stored = latest_cli_values(own_db, "56", Y_OLD)
    assert stored == {k: (float(v), None if d is None else float(d), q) for k, (_, v, d, q) in WRITTEN.items()}
    (audit,) = sql(
        own_db, "SELECT kind, outcome, rows, archive_path FROM import_audit ORDER BY attempt_id DESC LIMIT 1"
    )
    assert audit[:3] == ("report", "loaded", len(WRITTEN))
    assert audit[3] == str(arch / f"{file_sha(filled)}.csv")
    assert (arch / f"{file_sha(filled)}.csv").read_bytes() == data  # the original, archived unchanged
    assert sql(own_db, "SELECT entered_by LIKE 'os:%', reference FROM report ORDER BY report_id DESC LIMIT 1") == [
        (True, "Báo cáo 123/BC-CAT")
    ]
    r = cli("report-values", "--year", str(Y_OLD), "--province", "56", "--json", db_path=own_db, archive=arch)
    assert r.returncode == 0, r.stderr
    shown = {v["indicator"]: v for v in json.loads(r.stdout)}
    assert {k: (v["value"], v["denominator"], v["qualifier"]) for k, v in shown.items()} == {
        k: (v, d, q) for k, (_, v, d, q) in WRITTEN.items()
    }
    assert {v["unit_code"] for v in shown.values()} == {"56"} and {v["period"] for v in shown.values()} == {
        "festival_year"
    }
    # the same file again changes nothing
    before = sql(own_db, "SELECT count(*) FROM report")
    r = cli("import", str(filled), db_path=own_db, archive=arch)
    assert r.returncode == 0 and "đã được nhập trước đó" in r.stdout
    assert sql(own_db, "SELECT count(*) FROM report") == before


def test_xlsx_form_with_a_commune_sheet_keeps_the_commune_apart(own_db, tmp_path):
    commune = sql(
        own_db, "SELECT min(unit_code) FROM admin_unit WHERE units_system = 2025 AND province_code = '01' AND is_base"
    )[0][0]
    data = xlsx_form(
        Y_NEW,
        "01",
        [
            ({"Ngày báo cáo": "20/08/" + str(Y_NEW)}, {"fest_participants": 12345, "tips_received": "trên 6.000"}),
            ({"Mã đơn vị báo cáo": commune}, {"fest_participants": "321"}),
        ],
    )
    res = load.import_bytes(data, "bao-cao.xlsx", db_path=own_db, archive=tmp_path / "a")
    assert res.outcome == "loaded", res.problems
    rows = sql(
        own_db,
        """SELECT r.unit_code, v.indicator, v.value, v.qualifier, r.reported_on FROM report AS r
           JOIN report_value AS v USING (report_id) WHERE r.via = 'app' OR r.via = 'cli' ORDER BY 1, 2""",
    )
    assert rows == sorted(
        [
            ("01", "fest_participants", 12345.0, "exact", dt.date(Y_NEW, 8, 20)),
            ("01", "tips_received", 6000.0, "at_least", dt.date(Y_NEW, 8, 20)),
            (commune, "fest_participants", 321.0, "exact", None),
        ]
    )
    prov = cli(
        "report-values", "--year", str(Y_NEW), "--province", "01", "--json", db_path=own_db, archive=tmp_path / "a"
    )
    every = cli(
        "report-values",
        "--year",
        str(Y_NEW),
        "--province",
        "01",
        "--all-levels",
        "--json",
        db_path=own_db,
        archive=tmp_path / "a",
    )
    assert {v["unit_code"] for v in json.loads(prov.stdout)} == {"01"}
    assert commune in {v["unit_code"] for v in json.loads(every.stdout)}


def in_force_by_rule(path, unit, year):
    """The supersession rule written out independently: the latest by (reported_on, undated first;
    entered_at; report_id)."""
    rows = sql(
        path,
        "SELECT report_id, reported_on, entered_at FROM report "
        "WHERE unit_code = $u AND year = $y AND period_kind = 'festival_year'",
        {"u": unit, "y": year},
    )
    return max(rows, key=lambda r: (r[1] is not None, r[1] or dt.date.min, r[2], r[0]))[0], len(rows)


def test_a_later_report_supersedes_the_earlier_which_is_kept(own_db, tmp_path):
    arch = tmp_path / "a"

    def file(participants, date=""):
        data, _ = csv_form(Y_OLD, "56", {"fest_participants": participants}, {"Ngày báo cáo": date})
        return load.import_bytes(data, f"{participants}.csv", db_path=own_db, archive=arch)

    def in_force():
        q = """SELECT r.report_id, v.value FROM report_in_force() AS r JOIN report_value AS v USING (report_id)
               WHERE r.unit_code = '56' AND r.year = $y AND r.period_kind = 'festival_year'
                 AND v.indicator = 'fest_participants'"""
        return sql(own_db, q, {"y": Y_OLD})

    a = file("1.000")
    b = file("2.000")
    assert a.outcome == b.outcome == "loaded" and b.superseded == a.report_ids
    assert in_force() == [(b.report_ids[0], 2000.0)]
    c = file("3.000", f"10/09/{Y_OLD}")
    assert in_force() == [(c.report_ids[0], 3000.0)]
    d = file("4.000")  # undated, entered later: kept as an earlier version, with a warning
    assert d.outcome == "loaded" and not d.superseded
    assert d.problems.filter(d.problems["group"] == "exists").height == 1
    assert in_force() == [(c.report_ids[0], 3000.0)]
    expected, versions = in_force_by_rule(own_db, "56", Y_OLD)
    assert in_force()[0][0] == expected and versions == 5  # the demo's, a, b, c and d: all kept
    assert sql(own_db, "SELECT versions FROM report_in_force() WHERE unit_code = '56' AND year = $y", {"y": Y_OLD}) == [
        (5,)
    ]


def test_far_from_previous_years_is_a_warning_not_a_refusal(own_db, tmp_path):
    usual = sql(
        own_db,
        """SELECT v.value FROM report_in_force() AS r JOIN report_value AS v USING (report_id)
           WHERE r.unit_code = '56' AND r.year = $y AND v.indicator = 'mob_sessions'""",
        {"y": Y_OLD - 1},
    )[0][0]
    data, where = csv_form(Y_OLD, "56", {"mob_sessions": str(int(usual * 100))})
    res = load.import_bytes(data, "x.csv", db_path=own_db, archive=tmp_path / "a")
    assert res.outcome == "loaded"
    warn = res.problems.filter(res.problems["group"] == "outlier").to_dicts()
    assert [(w["severity"], w["row"], w["column"]) for w in warn] == [("warning", where["mob_sessions"], "E")]


def test_demo_reports_cover_every_province_and_year_and_are_illustrative(conn):
    from antq import demo

    per_year = dict(
        sql_conn(
            conn,
            """SELECT r.year, count(DISTINCT r.unit_code)
               FROM report AS r JOIN admin_unit AS a USING (units_system, unit_code)
               WHERE a.level = 'province' AND r.period_kind = 'festival_year' GROUP BY 1""",
        )
    )
    # every province but those the demo has send detail rows only, or nothing (antq/demo.py)
    silent = {s: len(demo.DETAIL_ONLY[s]) + len(demo.NEITHER[s]) for s in demo.DETAIL_ONLY}
    assert per_year == {
        y: unit_systems.PROVINCE_COUNT[unit_systems.system_for_year(y)] - silent[unit_systems.system_for_year(y)]
        for y in demo.YEARS
    }
    # some communes report, most do not
    share = conn.execute(
        """SELECT count(DISTINCT r.unit_code)::DOUBLE
                  / (SELECT count(*) FROM admin_unit WHERE is_base AND units_system = r.units_system)
           FROM report AS r JOIN admin_unit AS a USING (units_system, unit_code)
           WHERE a.level = 'commune' AND r.year = $y GROUP BY r.units_system""",
        {"y": Y_OLD},
    ).fetchall()[0][0]
    assert 0 < share < 0.2
    assert sql_conn(conn, "SELECT count(*) FROM report_value WHERE qualifier <> 'exact'")[0][0] > 0
    assert sql_conn(conn, "SELECT count(*) FROM report_in_force() WHERE versions > 1") == [(1,)]
    assert sql_conn(
        conn, "SELECT DISTINCT d.kind, r.entered_by, r.via FROM report AS r JOIN data_source AS d USING (source_id)"
    ) == [("illustrative", "demo", "demo")]
    # the festival figures a province reports are its detail rows' totals (or "trên" a rounding of them)
    off = sql_conn(
        conn,
        """SELECT count(*) FROM report_in_force() AS r JOIN report_value AS v USING (report_id)
           JOIN (SELECT f.year, u.province_code, sum(participants) AS p
                 FROM festival_point AS f JOIN admin_unit AS u USING (units_system, unit_code) GROUP BY ALL) AS d
             ON d.year = r.year AND d.province_code = r.unit_code
           WHERE v.indicator = 'fest_participants'
             AND NOT (v.value = d.p OR (v.qualifier = 'at_least' AND v.value <= d.p AND d.p - v.value < 100))""",
    )
    assert off == [(0,)]


def sql_conn(conn, q):
    return conn.execute(q).fetchall()


def test_the_schema_holds_the_contract(conn):
    assert conn.execute("SELECT indicator_codes()").fetchone()[0] == list(indicators.BY_CODE)
    cols = conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'report' ORDER BY column_index"
    ).fetchall()
    assert [c[0] for c in cols] == [
        "report_id", "units_system", "unit_code", "period_kind", "year", "year_from", "half", "reported_on",
        "reference", "document_id", "source_id", "entered_by", "entered_at", "via", "as_of", "local_unit_id",
    ]  # fmt: skip
    checks = [
        e
        for t, e in conn.execute(
            "SELECT table_name, expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
        ).fetchall()
        if t == "report"
    ]
    assert any("units_system_of" in e for e in checks)


def test_import_as_a_reporter_is_attributed_and_scope_checked(own_db, tmp_path):
    from antq.access import store

    store.grant("email", "bc56@antq.test", "reporter", provinces=["56"], by="test", db_path=own_db)
    arch = tmp_path / "a"
    ok, _ = csv_form(Y_OLD, "56", {"mob_sessions": "5"})
    (tmp_path / "kh.csv").write_bytes(ok)
    r = cli("import", str(tmp_path / "kh.csv"), "--as", "BC56@antq.test", db_path=own_db, archive=arch)
    assert r.returncode == 0, r.stderr
    assert sql(
        own_db,
        """SELECT r.entered_by, a.kind, x.email, x.role FROM report AS r
           JOIN import_audit AS a ON a.source_id = r.source_id JOIN import_actor AS x USING (attempt_id)""",
    ) == [("bc56@antq.test", "report", "bc56@antq.test", "reporter")]
    other, _ = csv_form(Y_OLD, "01", {"mob_sessions": "5"})
    (tmp_path / "hn.csv").write_bytes(other)
    before = file_sha(own_db)
    r = cli("import", str(tmp_path / "hn.csv"), "--as", "bc56@antq.test", db_path=own_db, archive=arch)
    assert r.returncode == 2 and "ngoài phạm vi" in r.stderr
    assert file_sha(own_db) == before
