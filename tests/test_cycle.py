"""The reporting cycle's obligations and progress (issue 27, item 1): the periods' windows, an
obligation's checks and history, and completeness and timeliness per unit and level compared with
independent SQL over a real DuckDB file; a database of the schema before the reporting cycle
migrates with its entered reports."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import polars as pl
import pytest

from antq import db
from antq.cycle import obligations, progress
from antq.selection import Selection
from antq.vocab import report_rules
from tests.support import reports as R

YEAR = 2026  # today's system: 34 provinces, 3,321 communes
D = dt.date


# ---------------------------------------------------------------- windows
@pytest.mark.parametrize(
    ("kind", "half", "year", "start", "end"),
    [
        ("year", 0, 2025, D(2024, 12, 15), D(2025, 12, 14)),  # ND 09/2019: 15/12 of the year before -> 14/12
        ("half_year", 1, 2025, D(2024, 12, 15), D(2025, 6, 14)),  # six months: 15/12 -> 14/6
        ("half_year", 2, 2025, D(2025, 6, 15), D(2025, 12, 14)),
        ("festival_year", 0, 2025, D(2025, 7, 1), D(2025, 8, 19)),  # the festival: 1/7 -> 19/8
        ("festival_year", 0, 2022, D(2022, 8, 1), D(2022, 8, 20)),  # the year its plan moved it
        ("year", 0, 2024, D(2023, 12, 15), D(2024, 12, 14)),  # a leap year changes nothing
    ],
)
def test_windows(kind, half, year, start, end):
    assert report_rules.window(kind, year, half) == (start, end)


def test_every_period_of_an_obligation_has_a_window_and_the_views_agree():
    for kind, half in report_rules.COMPLETENESS_PERIODS:
        start, end = report_rules.window(kind, 2025, half)
        assert start < end
    halves = {v.half for v in report_rules.PERIOD_VIEWS.values() if "half_year" in v.kinds}
    assert {(("half_year"), h) for h in halves} <= set(report_rules.COMPLETENESS_PERIODS)
    with pytest.raises(ValueError):
        report_rules.window("to_date", 2025)
    # one window for the year and its six months: the first six months end the day before the second start
    assert (
        report_rules.window("half_year", 2025, 1)[1] + dt.timedelta(days=1)
        == report_rules.window("half_year", 2025, 2)[0]
    )


# ---------------------------------------------------------------- checks
@pytest.mark.parametrize(
    ("kw", "words"),
    [
        (dict(level="commune", province_deadline="31/08/2026"), "hạn xã báo cáo tỉnh"),
        (dict(level="province", commune_deadline="20/08/2026", province_deadline="31/08/2026"), "chỉ dùng khi"),
        (dict(level="commune", commune_deadline="05/09/2026", province_deadline="31/08/2026"), "sau hạn tỉnh"),
        (dict(level="province", province_deadline="10/08/2026"), "trước ngày chốt"),
        (dict(level="province", province_deadline="31/08/2026", cutoff="01/01/2026"), "trước ngày đầu của kỳ"),
        (dict(level="province", province_deadline="31/13/2026"), "không phải một ngày"),
        (dict(level="province", province_deadline="31/08/2026", provinces=["99"]), "Mã tỉnh 99"),
        (dict(level="nation", province_deadline="31/08/2026", provinces=["79"]), "không giới hạn theo tỉnh"),
        (dict(level="xa", province_deadline="31/08/2026"), "Cấp báo cáo"),
        (dict(level="province"), "thiếu hạn tỉnh"),
    ],
)
def test_a_bad_obligation_is_refused_with_a_vietnamese_message(kw, words):
    with pytest.raises(obligations.ObligationError, match=words):
        obligations.checked(year=YEAR, period_kind="festival_year", **kw)


def test_a_period_without_a_window_cannot_be_obliged():
    with pytest.raises(obligations.ObligationError, match="Kỳ báo cáo"):
        obligations.checked(year=YEAR, period_kind="to_date", level="province", province_deadline="31/12/2026")


# ---------------------------------------------------------------- a cycle on a real file
@pytest.fixture(scope="module")
def cycle_db(tmp_path_factory, demo_db):
    """The demo with its reports cleared and a known set written by plain SQL: provinces 79 and 01
    and three communes of 79 report the festival of 2026 at known times."""
    p = tmp_path_factory.mktemp("cycle") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    with duckdb.connect(str(p)) as c:
        c.execute("DELETE FROM report_value; DELETE FROM report;")
        communes = [
            r[0]
            for r in c.execute(
                "SELECT unit_code FROM admin_unit WHERE units_system = 2025 AND province_code = '79' AND is_base "
                "ORDER BY unit_code LIMIT 3"
            ).fetchall()
        ]
        R.add_report(c, communes[0], YEAR, {"mob_sessions": 1}, entered_at=dt.datetime(YEAR, 8, 20, 9))  # on time
        R.add_report(c, communes[1], YEAR, {"mob_sessions": 1}, entered_at=dt.datetime(YEAR, 8, 25, 23, 59))  # ditto
        R.add_report(  # late by two days, though its own date is on time
            c,
            communes[2],
            YEAR,
            {"mob_sessions": 1},
            reported_on=D(YEAR, 8, 20),
            entered_at=dt.datetime(YEAR, 8, 27, 8),
        )
        R.add_report(c, "79", YEAR, {"mob_sessions": 3}, entered_at=dt.datetime(YEAR, 8, 30, 8))  # on time
        R.add_report(c, "79", YEAR, {"mob_sessions": 4}, entered_at=dt.datetime(YEAR, 9, 9, 8))  # a correction
        R.add_report(c, "01", YEAR, {"mob_sessions": 5}, entered_at=dt.datetime(YEAR, 9, 3, 8))  # late
        R.add_report(c, "01", YEAR, {"mob_sessions": 5}, kind="year", entered_at=dt.datetime(YEAR, 8, 1, 8))
    db.refresh_summary(duckdb.connect(str(p)))
    ob = obligations.checked(
        year=YEAR,
        period_kind="festival_year",
        level="commune",
        provinces=["79", "01"],
        commune_deadline="25/08/2026",
        province_deadline="31/08/2026",
    )
    obligations.set_obligation(ob, by="admin@antq.test", via="cli", db_path=p)
    return p, communes


# Independent: who the obligation expects (base units and provinces of 2026 in 79 and 01), each
# one's first report of the festival of 2026 and its deadline.
EXPECTED_SQL = """
WITH e AS (
    SELECT unit_code, CASE WHEN is_base THEN 'commune' ELSE 'province' END AS level, province_code
    FROM admin_unit WHERE units_system = 2025 AND (is_base OR level = 'province')
      AND province_code IN ('79', '01') AND list_contains($only, province_code)
      AND (len($communes) = 0 OR list_contains($communes, unit_code))
), r AS (
    SELECT unit_code, min(entered_at) AS first_in FROM report
    WHERE year = 2026 AND period_kind = 'festival_year' AND units_system = 2025 GROUP BY 1
)
SELECT e.unit_code, e.level, r.first_in,
       CASE WHEN e.level = 'commune' THEN DATE '2026-08-25' ELSE DATE '2026-08-31' END AS due
FROM e LEFT JOIN r USING (unit_code)
"""


def expected(p, today: dt.date, only=("79", "01"), communes=()):
    with duckdb.connect(str(p), read_only=True) as c:
        rows = c.execute(EXPECTED_SQL, {"only": list(only), "communes": list(communes)}).fetchall()
    out = {}
    for code, level, first_in, due in rows:
        if first_in is None:
            out[code] = (level, "pending" if today <= due else "missing")
        else:
            out[code] = (level, "on_time" if first_in.date() <= due else "late")
    return out


@pytest.mark.parametrize("today", [D(YEAR, 8, 24), D(YEAR, 8, 28), D(YEAR, 12, 1)])
def test_progress_per_unit_matches_independent_sql(cycle_db, today):
    p, communes = cycle_db
    with db.connect_read_only(p) as c:
        ob = obligations.effective(c, YEAR, "festival_year", 0)
        assert not ob.is_default and ob.set_by == "admin@antq.test"
        df = progress.units(c, Selection(YEAR, 2025, scope=None, communes=None), ob, today)
    got = {r["unit_code"]: (r["level"], r["status"]) for r in df.iter_rows(named=True)}
    assert got == expected(p, today)
    assert got["79"] == ("province", "on_time")  # its first report counts; the correction does not make it late
    assert got["01"] == ("province", "late")
    assert got[communes[2]] == ("commune", "late")
    assert df.filter(pl.col("unit_code") == communes[2])["days_late"][0] == 2


def test_completeness_per_level(cycle_db):
    p, communes = cycle_db
    today = D(YEAR, 12, 1)
    with db.connect_read_only(p) as c:
        ob = obligations.effective(c, YEAR, "festival_year", 0)
        lv = progress.by_level(progress.units(c, Selection(YEAR, 2025, scope=None, communes=None), ob, today))
    want = expected(p, today)
    rows = {r["level"]: r for r in lv.iter_rows(named=True)}
    assert list(rows) == ["province", "commune"]
    for level in ("province", "commune"):
        mine = [s for lvl, s in want.values() if lvl == level]
        r = rows[level]
        assert r["expected"] == len(mine)
        assert r["received"] == sum(s in ("on_time", "late") for s in mine)
        for s in progress.STATUSES:
            assert r[s] == mine.count(s), (level, s)
        assert r["completeness"] == pytest.approx(100 * r["received"] / r["expected"])
    assert rows["province"]["expected"] == 2 and rows["commune"]["received"] == 3
    # shown and downloaded: the same figures, labelled
    table = progress.levels_table(
        progress.units(db.connect_read_only(p), Selection(YEAR, 2025, scope=None, communes=None), ob, today), "vi"
    )
    assert table["Phải báo cáo"].to_list() == [
        str(rows["province"]["expected"]),
        f"{rows['commune']['expected']:,}".replace(",", "."),
    ]


def test_progress_stays_within_the_users_scope(cycle_db):
    p, communes = cycle_db
    today = D(YEAR, 12, 1)
    with db.connect_read_only(p) as c:
        ob = obligations.effective(c, YEAR, "festival_year", 0)
        prov = progress.units(c, Selection(YEAR, 2025, scope=("01",), communes=None), ob, today)
        comm = progress.units(c, Selection(YEAR, 2025, scope=("79",), communes=(communes[2],)), ob, today)
        nobody = progress.units(c, Selection(YEAR, 2025, scope=()), ob, today)
    assert set(prov["unit_code"].to_list()) == set(expected(p, today, only=("01",)))
    assert comm["unit_code"].to_list() == [communes[2]]  # a commune sees its commune, not its province
    assert nobody.is_empty()


def test_a_change_is_recorded_not_overwritten_and_a_withdrawal_brings_back_the_default(cycle_db, tmp_path):
    p = tmp_path / "antq.duckdb"
    shutil.copyfile(cycle_db[0], p)
    ob = obligations.checked(year=YEAR, period_kind="festival_year", level="province", province_deadline="15/09/2026")
    obligations.set_obligation(ob, by="other@antq.test", via="app", db_path=p)
    with db.connect_read_only(p) as c:
        hist = obligations.history(c, YEAR)
        now = obligations.effective(c, YEAR, "festival_year", 0)
    assert hist["set_by"].to_list() == ["other@antq.test", "admin@antq.test"]
    assert hist["in_force"].to_list() == [True, False]
    assert now.level == "province" and now.province_deadline == D(YEAR, 9, 15)
    obligations.withdraw(YEAR, "festival_year", 0, by="other@antq.test", via="cli", db_path=p)
    with db.connect_read_only(p) as c:
        assert obligations.effective(c, YEAR, "festival_year", 0).is_default
        assert obligations.history(c, YEAR)["action"].to_list() == ["withdraw", "set", "set"]
    with pytest.raises(obligations.ObligationError, match="chưa có nghĩa vụ"):
        obligations.withdraw(YEAR, "festival_year", 0, by="other@antq.test", via="cli", db_path=p)
    with pytest.raises(obligations.ObligationError, match="người thực hiện"):
        obligations.set_obligation(ob, by="", via="app", db_path=p)


def test_the_schema_refuses_an_obligation_without_its_author_or_deadline(writable_db):
    with db.write_transaction(writable_db, refresh=False) as c:
        with pytest.raises(duckdb.ConstraintException):
            c.execute(
                "INSERT INTO report_obligation (obligation_id, form, period_kind, half, year, action, level, cutoff, "
                "set_at, set_by, via) VALUES (1, 'results', 'year', 0, 2026, 'set', 'province', DATE '2026-12-14', "
                "now(), 'a', 'app')"
            )


# ---------------------------------------------------------------- migration
def test_a_file_from_before_the_reporting_cycle_migrates_with_its_reports(tmp_path):
    """A database of the previous schema (no report_obligation) holding an entered report migrates:
    the report is kept and obligations can be set on the new file."""
    path = tmp_path / "old.duckdb"
    db.build(path, empty=True)
    with duckdb.connect(str(path)) as c:
        c.execute("DROP TABLE report_obligation")
        c.execute("UPDATE db_meta SET value = 'before-cycle' WHERE key = 'schema_version'")
        c.execute("INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES (90005, 'imported', 'x', now())")
        c.execute(
            "INSERT INTO report (report_id, units_system, unit_code, period_kind, year, year_from, source_id, "
            "entered_by, entered_at, via) "
            "VALUES (900001, 2025, '79', 'festival_year', 2026, 2026, 90005, 'a@b.vn', "
            "TIMESTAMP '2026-08-20 08:00', 'cli')"
        )
        c.execute(
            "INSERT INTO report_value (report_id, indicator, value, qualifier) "
            "VALUES (900001, 'mob_sessions', 12, 'exact')"
        )
    with db.connect_read_only(path) as c:
        assert c.execute("SELECT entered_by FROM report WHERE report_id = 900001").fetchall() == [("a@b.vn",)]
        assert c.execute("SELECT value FROM db_meta WHERE key = 'migrated_from'").fetchall() == [("before-cycle",)]
        assert c.execute("SELECT count(*) FROM report_obligation").fetchall() == [(0,)]
    ob = obligations.checked(year=2026, period_kind="festival_year", level="province", province_deadline="31/08/2026")
    obligations.set_obligation(ob, by="admin@antq.test", via="cli", db_path=path)
    with db.connect_read_only(path) as c:
        df = progress.units(
            c,
            Selection(2026, 2025, scope=("79",), communes=None),
            obligations.effective(c, 2026, "festival_year"),
            D(2026, 9, 1),
        )
    assert df.select("unit_code", "status").rows() == [("79", "on_time")]


def test_the_briefing_states_the_progress_per_level(cycle_db):
    from antq.briefing import content

    p, _ = cycle_db
    today = D(YEAR, 12, 1)
    want = expected(p, today)
    with db.connect_read_only(p) as c:
        b = content.gather(c, Selection(YEAR, 2025, scope=None, communes=None), "vi", today=today)
    (line,) = [x.text for x in b.blocks if getattr(x, "text", "").startswith("Tiến độ báo cáo")]
    for level, word in (("province", "tỉnh, thành phố"), ("commune", "xã, phường, thị trấn, đặc khu")):
        mine = [s for lvl, s in want.values() if lvl == level]
        got = sum(s in ("on_time", "late") for s in mine)
        n = f"{len(mine):,}".replace(",", ".")
        assert f"{word}: đã nhận {got}/{n} ({mine.count('on_time')} đúng hạn, {mine.count('late')} chậm hạn" in line
    assert "theo nghĩa vụ do admin@antq.test đặt" in line


def test_the_command_line_sets_lists_and_withdraws(writable_db, monkeypatch, capsys):
    from antq import cli

    monkeypatch.setenv("ANTQ_DB", str(writable_db))
    base = ["obligation", "set", "--year", "2026", "--period", "festival_year", "--level", "province"]
    assert cli.main([*base, "--province-deadline", "31/08/2026", "--province", "79"]) == 0
    assert "Hạn tỉnh báo cáo Bộ: 31/08/2026" in capsys.readouterr().out
    assert cli.main([*base, "--province-deadline", "01/08/2026"]) != 0  # before the cut-off: refused
    assert "trước ngày chốt số liệu" in capsys.readouterr().err
    assert cli.main(["obligation", "withdraw", "--year", "2026", "--period", "festival_year"]) == 0
    with duckdb.connect(str(writable_db), read_only=True) as c:
        rows = c.execute("SELECT action, province_codes, via FROM report_obligation ORDER BY obligation_id").fetchall()
    assert rows == [("set", ["79"], "cli"), ("withdraw", None, "cli")]
