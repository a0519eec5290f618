"""The year's evaluation and the rules between figures (issue 27, items 3 and 4).

- each rule between figures (antq/vocab/validation_rules.py): broken -> refused (error) or flagged
  (warning), the message naming both figures; approximate figures only flagged; Python and the SQL
  macros agree;
- the robust outlier rule: flags a jump, not the usual wobble, and is not fooled by one big year
  the way mean ± 3σ is; Python and SQL agree;
- a report form breaking a hard rule is refused with a Vietnamese message naming both figures, the
  unit and the period, the database file unchanged; a soft one is loaded with a warning;
- the level above sees the rule breaks of the units under it (queries/validation_flags.sql);
- evaluation rows (one per evaluated unit) import through the importer with its bad-input rules, and
  roll up to the counts per province through the one store of figures, checked against independent
  SQL over the rows; a unit's own reported count stays over the sum of its rows.
"""

from __future__ import annotations

import csv
import io
import math
import shutil

import duckdb
import polars as pl
import pytest

from antq import db, evaluation
from antq.importer import load as importer
from antq.importer import template as import_template
from antq.reports import load as report_load
from antq.selection import Selection
from antq.vocab import indicators, validation_rules
from antq.vocab.validation_rules import ERROR, RULES, WARNING
from tests.report_forms import csv_form, file_sha, sql


def _figures_breaking(rule) -> dict:
    """Figures of one unit that break `rule` by 5 (every term exact)."""
    figs: dict[str, list] = {}

    def put(term, v):
        f = figs.setdefault(term.indicator, [0.0, None])
        if term.part == validation_rules.DENOMINATOR:
            f[1] = v
        else:
            f[0] = v

    put(rule.right, 20.0)
    for t in rule.left:
        put(t, 25.0 / len(rule.left) if rule.op == "le" else 1.0)
    for code, f in figs.items():  # an x-of-y figure needs a denominator no smaller than its value
        if indicators.get(code).aggregation == "ratio" and f[1] is None:
            f[1] = max(f[0], 100.0)
    return {k: (v[0], v[1], True) for k, v in figs.items()}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_each_rule_refuses_or_flags_naming_both_figures(rule):
    figs = _figures_breaking(rule)
    broken = [v for v in validation_rules.check(figs) if v.rule.code == rule.code]
    assert len(broken) == 1
    v = broken[0]
    assert v.severity == rule.severity
    msg = v.message("Xã A (00001), năm 2024")
    assert msg.startswith("Xã A (00001), năm 2024: ")
    for t in (*rule.left, rule.right):  # both figures named, with their values
        assert t.label() in msg
    assert validation_rules.number_vi(v.left) in msg and validation_rules.number_vi(v.right) in msg
    # the same figures, one of them approximate ("trên"): flagged, never refused
    approx = {k: (a, b, k != rule.right.indicator) for k, (a, b, _) in figs.items()}
    assert all(x.severity == WARNING for x in validation_rules.check(approx) if x.rule.code == rule.code)


def test_rules_hold_where_figures_agree_and_skip_what_is_not_reported():
    ok = {"tips_received": (100.0, None, True), "tips_valuable": (40.0, None, True)}
    assert validation_rules.check(ok) == []
    # not reported is not zero: no rule without its right side
    assert validation_rules.check({"tips_valuable": (40.0, None, True)}) == []
    grades = {f"class_residential_{g}": (5.0, None, True) for g in ("excellent", "good", "average", "weak")}
    # all four grades = 20 = assessed: nothing; 21 assessed: the soft rule only (a unit still under review)
    assert validation_rules.check(grades | {"class_residential_assessed": (20.0, None, True)}) == []
    soft = validation_rules.check(grades | {"class_residential_assessed": (21.0, None, True)})
    assert [(v.rule.code, v.severity) for v in soft] == [("class_residential_grades_eq_assessed", WARNING)]
    hard = validation_rules.check(grades | {"class_residential_assessed": (19.0, None, True)})
    assert {(v.rule.code, v.severity) for v in hard} == {
        ("class_residential_grades_le_assessed", ERROR),
        ("class_residential_grades_eq_assessed", WARNING),
    }


def test_python_and_sql_rules_agree(tmp_path):
    """The same figures through validation_rules.check and through queries/validation_flags.sql."""
    path = db.build(tmp_path / "e.duckdb", empty=True)
    with duckdb.connect(str(path), read_only=True) as c:
        rules = c.execute("SELECT rule, op, severity, n_left FROM validation_rules() ORDER BY rule").fetchall()
        terms = c.execute("SELECT rule, side, indicator, part FROM validation_rule_terms()").fetchall()
    assert rules == sorted((r.code, r.op, r.severity, len(r.left)) for r in RULES)
    assert sorted(terms) == sorted(
        [(r.code, "left", t.indicator, t.part) for r in RULES for t in r.left]
        + [(r.code, "right", r.right.indicator, r.right.part) for r in RULES]
    )


# ---------------------------------------------------------------- the robust outlier rule
def _stats(history: list[float]) -> tuple[int, float, float, float]:
    logs = sorted(math.log1p(v) for v in history)
    med_log = _median(logs)
    return len(history), _median(sorted(history)), med_log, _median(sorted(abs(x - med_log) for x in logs))


def _median(xs):
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def test_outlier_rule_flags_a_jump_not_the_wobble():
    h = _stats([100, 110, 105, 120, 98])
    assert not validation_rules.is_outlier(125, *h)  # the usual wobble
    assert not validation_rules.is_outlier(80, *h)
    assert validation_rules.is_outlier(500, *h)  # five times the usual
    assert validation_rules.is_outlier(12, *h)  # a zero dropped
    assert not validation_rules.is_outlier(500, 0, None, None, None)  # no history: nothing to compare
    assert not validation_rules.is_outlier(2, *_stats([0, 0, 0]))  # small counts jump by chance
    assert validation_rules.is_outlier(40, *_stats([0, 0, 0]))


def test_outlier_rule_is_robust_where_mean_and_three_sigma_are_not():
    # one big year (a merger) in the history: mean ± 3σ widens enough to hide the next jump
    history = [10, 11, 12, 10, 300]
    mean = sum(history) / len(history)
    sd = math.sqrt(sum((x - mean) ** 2 for x in history) / (len(history) - 1))
    assert 250 < mean + 3 * sd  # the naive rule would let 250 through
    assert validation_rules.is_outlier(250, *_stats(history))
    assert not validation_rules.is_outlier(13, *_stats(history))


def test_outlier_rule_python_and_sql_agree(tmp_path):
    path = db.build(tmp_path / "o.duckdb", empty=True)
    histories = [[100, 110, 105, 120, 98], [10, 11, 12, 10, 300], [5, 5, 5], [3], [0, 0, 1], [40, 400], [0, 0, 0]]
    values = [0, 1, 2, 3, 12, 13, 40, 80, 125, 250, 500, 4000]
    with duckdb.connect(str(path), read_only=True) as c:
        for h in histories:
            sql_stats = c.execute(
                "SELECT count(*), median(v), median(ln(1 + v)), mad(ln(1 + v)) FROM unnest($h::DOUBLE[]) AS t(v)",
                {"h": h},
            ).fetchone()
            assert sql_stats == pytest.approx(_stats(h))
            for x in values:
                got = c.execute(
                    "SELECT history_outlier($x, $n, $m, $ml, $ma)", dict(zip("x n m ml ma".split(), (x, *sql_stats)))
                ).fetchone()[0]
                assert got == validation_rules.is_outlier(x, *sql_stats), (h, x)


# ---------------------------------------------------------------- on entry: the report form
def test_report_form_contradiction_is_refused_naming_both_figures_and_the_unit(demo_db, tmp_path):
    path = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    before = file_sha(path)
    data, where = csv_form(2024, "56", {"tips_received": "120", "tips_valuable": "150"})
    res = report_load.import_bytes(data, "mau.csv", db_path=path, archive=tmp_path / "a")
    assert res.outcome == "rejected"
    errors = res.problems.filter(pl.col("severity") == "error").to_dicts()
    assert len(errors) == 1, errors
    msg = errors[0]["message"]
    assert "tin có giá trị" in indicators.label("tips_valuable")
    assert indicators.label("tips_valuable") in msg and indicators.label("tips_received") in msg, msg
    assert "(150)" in msg and "(120)" in msg and "(56)" in msg and "2024" in msg, msg
    assert errors[0]["row"] == where["tips_received"]
    assert file_sha(path) == before  # the database file unchanged


def test_report_form_soft_rule_is_loaded_with_a_warning(demo_db, tmp_path):
    path = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    grades = {"class_residential_excellent": "3", "class_residential_good": "4", "class_residential_assessed": "9"}
    data, _ = csv_form(2024, "56", grades)
    res = report_load.import_bytes(data, "mau.csv", db_path=path, archive=tmp_path / "a")
    assert res.outcome == "loaded"
    warn = res.problems.filter(pl.col("group") == "contradiction").to_dicts()
    # only two grades written: the sum rule needs all four, so nothing; add the other two, one short
    assert warn == []
    data, _ = csv_form(2024, "56", grades | {"class_residential_average": "1", "class_residential_weak": "0"})
    res = report_load.import_bytes(data, "mau2.csv", db_path=path, archive=tmp_path / "a")
    assert res.outcome == "loaded"
    warn = res.problems.filter(pl.col("group") == "contradiction").to_dicts()
    assert [w["severity"] for w in warn] == ["warning"]
    assert "(8)" in warn[0]["message"] and "(9)" in warn[0]["message"]
    assert indicators.label("class_residential_assessed") in warn[0]["message"]


# ---------------------------------------------------------------- on the page of the level above
def test_level_above_sees_the_rule_breaks_of_its_units(demo_db, tmp_path):
    """A contradiction already in the store (a figure entered before the rule, or from a document)
    is listed for the province above it, in its scope only."""
    path = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, path)
    rid, unit, prov = sql(
        path,
        "SELECT r.report_id, r.unit_code, a.province_code FROM report_in_force() r "
        "JOIN admin_unit a USING (units_system, unit_code) "
        "WHERE r.year = 2024 AND r.period_kind IN ('year', 'festival_year') "
        "AND NOT EXISTS (SELECT 1 FROM document_figure f WHERE f.unit_code = r.unit_code AND f.year = r.year) "
        "ORDER BY a.level = 'province', r.report_id LIMIT 1",
    )[0]
    with db.write_transaction(path) as c:
        c.execute(
            "DELETE FROM report_value WHERE report_id = $r AND indicator IN ('tips_received', 'tips_valuable')",
            {"r": rid},
        )
        c.execute(
            "INSERT INTO report_value (report_id, indicator, value, qualifier) VALUES "
            "($r, 'tips_received', 7, 'exact'), ($r, 'tips_valuable', 9, 'exact')",
            {"r": rid},
        )
    with duckdb.connect(str(path), read_only=True) as c:
        sel = Selection(year=2024, units=2008, provinces=(prov,), scope=None, communes=None)
        flags = evaluation.flags(c, sel)
        rule_rows = flags.filter(pl.col("kind") == "rule").to_dicts()
        assert [(r["unit_code"], r["rule"], r["severity"], r["left_value"], r["right_value"]) for r in rule_rows] == [
            (unit, "tips_valuable_le_received", "error", 9.0, 7.0)
        ]
        table = evaluation.flags_table(c, sel, "annual", "vi")
        line = [m for m in table["Vấn đề"].to_list() if "tin có giá trị" in m and unit in m]
        assert line and "(9)" in line[0] and "(7)" in line[0], table
        # another province's viewer does not see it
        other = Selection(year=2024, units=2008, provinces=("01" if prov != "01" else "02",), scope=None, communes=None)
        assert unit not in evaluation.flags(c, other)["unit_code"].to_list()


# ---------------------------------------------------------------- the evaluation rows
def _evaluation_csv(rows: list[list]) -> bytes:
    header = import_template.csv_bytes("evaluations", 2025, "01").decode("utf-8-sig").splitlines()[0]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header.split(","))
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _communes(path, province, n=2):
    """(code, name) of the first `n` 2025 communes of a province: the name with the code, as a new
    code may be an old commune's (the importer asks for both then)."""
    return [
        r
        for r in sql(
            path,
            "SELECT unit_code, name FROM admin_unit WHERE units_system = 2025 AND is_base AND province_code = $p "
            "ORDER BY unit_code LIMIT $n",
            {"p": province, "n": n},
        )
    ]


def test_evaluation_rows_import_and_roll_up(tmp_path):
    path = db.build(tmp_path / "antq.duckdb", empty=True)
    (a, an), (b, bn) = _communes(path, "01")
    rows = [
        [2025, a, an, "Khu dân cư", "Thôn 1", "Xuất sắc", "Xuất sắc", "Có"],
        [2025, a, an, "Khu dân cư", "Thôn 2", "Khá", "Khá", "Có"],
        [2025, a, an, "Khu dân cư", "Thôn 3", "Khá", "Trung bình", "Không"],
        [2025, b, bn, "Khu dân cư", "Tổ dân phố 1", "", "Xuất sắc", "Có"],
        [2025, b, bn, "Xã, phường, đặc khu", bn, "Xuất sắc", "Khá", "Có"],
        [2025, b, bn, "Nhà trường", "Trường THCS B", "Khá", "Yếu", ""],
        [2025, b, bn, "Doanh nghiệp", "Công ty B", "Khá", "Khá", "Có"],
    ]
    res = importer.import_bytes(_evaluation_csv(rows), "phan-loai.csv", db_path=path, archive=tmp_path / "a")
    assert res.outcome == "loaded", res.problems.to_dicts()
    # the roll-up through the one store, against independent SQL over the rows
    with duckdb.connect(str(path), read_only=True) as c:
        sel = Selection(year=2025, units=2025, provinces=("01",), scope=None, communes=None)
        got = evaluation.by_province(c, sel).filter(pl.col("share").is_not_null())
        got = {r["measure"]: (r["count"], r["over"]) for r in got.iter_rows(named=True)}
        want = {}
        for m in evaluation.MEASURES:
            grouped = {"agency": ("agency", "enterprise", "school")}
            if m.over_part == "value":
                subj = m.numerator.split("_")[1]
                subjects = list(grouped.get(subj, (subj,)))
                n, over = c.execute(
                    "SELECT count(*) FILTER (WHERE grade = 'excellent'), count(*) FROM evaluation_unit e "
                    "JOIN admin_unit a USING (units_system, unit_code) "
                    "WHERE e.year = 2025 AND a.province_code = '01' AND list_contains($s, eval_subject)",
                    {"s": subjects},
                ).fetchone()
            else:
                subj = m.numerator.removeprefix("safe_")
                subjects = {"agency": ["agency", "enterprise"]}.get(subj, [subj])
                n, over = c.execute(
                    "SELECT count(*) FILTER (WHERE recognised_safe), count(*) FROM evaluation_unit e "
                    "JOIN admin_unit a USING (units_system, unit_code) "
                    "WHERE e.year = 2025 AND a.province_code = '01' AND list_contains($s, eval_subject)",
                    {"s": subjects},
                ).fetchone()
            if over:
                want[m.code] = (float(n), float(over))
        assert got == want
        assert want["excellent_residential_pct"] == (2.0, 4.0) and want["safe_school_pct"] == (0.0, 1.0)
        text = evaluation.year_table(c, sel, "vi")["Số liệu"].to_list()
        assert "Xuất sắc 50,0% (2/4 khu dân cư)" in text, text

    # a unit's own reported count stays over the sum of its rows
    data, _ = csv_form(2025, a, {"class_residential_excellent": "3", "class_residential_assessed": "10"})
    assert report_load.import_bytes(data, "xa.csv", db_path=path, archive=tmp_path / "a").outcome == "loaded"
    with duckdb.connect(str(path), read_only=True) as c:
        got = evaluation.by_province(c, sel).filter(pl.col("measure") == "excellent_residential_pct").to_dicts()[0]
        assert (got["count"], got["over"]) == (3.0 + 1.0, 10.0 + 1.0)  # commune a's report + commune b's rows


@pytest.mark.parametrize(
    "row, words",
    [
        (["2025", "01", "", "Khu dân cư", "Thôn 1", "", "Khá", "Có"], "theo xã"),  # a province, not a commune
        (["2025", "{a}", "{an}", "Khu dân cư", "Thôn 1", "", "Tốt", "Có"], "Xếp loại"),  # not a grade
        (["2025", "{a}", "{an}", "Bệnh viện", "BV 1", "", "Khá", "Có"], "Loại đơn vị"),  # not a subject
        (["2025", "{a}", "{an}", "Khu dân cư", "", "", "Khá", "Có"], "Tên đơn vị được phân loại"),  # no name
    ],
)
def test_evaluation_bad_input_is_refused_and_changes_nothing(tmp_path, row, words):
    path = db.build(tmp_path / "antq.duckdb", empty=True)
    ((a, an),) = _communes(path, "01", 1)
    row = [c.format(a=a, an=an) for c in row]
    good = ["2025", a, an, "Khu dân cư", "Thôn 9", "", "Khá", "Có"]
    before = sql(path, "SELECT count(*) FROM evaluation_unit")
    res = importer.import_bytes(_evaluation_csv([good, row]), "x.csv", db_path=path, archive=tmp_path / "a")
    assert res.outcome == "rejected"
    errors = res.problems.filter(pl.col("severity") == "error").to_dicts()
    assert any(words in (e["message"] + (e["column"] or "")) for e in errors), errors
    assert all(e["row"] == 3 for e in errors if e["row"] is not None), errors
    assert sql(path, "SELECT count(*) FROM evaluation_unit") == before == [(0,)]


def test_migration_adds_the_evaluation_table_and_carries_its_rows(tmp_path):
    """A file from before the evaluation (no evaluation_unit table) migrates with its entered data;
    a later migration carries the evaluation rows themselves."""
    path = db.build(tmp_path / "antq.duckdb", empty=True)
    ((a, _),) = _communes(path, "01", 1)
    with duckdb.connect(str(path)) as c:
        c.execute("DROP TABLE evaluation_unit")
        c.execute("UPDATE db_meta SET value = 'before-evaluation' WHERE key = 'schema_version'")
        c.execute("INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES (90005, 'imported', 'x', now())")
    db.migrate(path)
    with duckdb.connect(str(path)) as c:
        assert c.execute("SELECT count(*) FROM evaluation_unit").fetchone() == (0,)
        assert c.execute("SELECT count(*) FROM data_source WHERE source_id = 90005").fetchone() == (1,)
        c.execute(
            "INSERT INTO evaluation_unit VALUES (2025, 2025, $u, 'residential', 'Thôn 1', 'good', 'excellent', true, "
            "90005)",
            {"u": a},
        )
        c.execute("UPDATE db_meta SET value = 'older' WHERE key = 'schema_version'")
    db.migrate(path)
    with duckdb.connect(str(path), read_only=True) as c:
        assert c.execute("SELECT unit_code, grade, recognised_safe FROM evaluation_unit").fetchall() == [
            (a, "excellent", True)
        ]
        # and the derived figures are rebuilt from it
        assert c.execute(
            "SELECT value, denominator FROM unit_indicator_detail WHERE indicator = 'safe_residential'"
        ).fetchall() == [(1.0, 1.0)]


def test_shares_respect_the_viewers_scope(conn):
    """A viewer scoped to one province gets that province's shares only, whatever is selected."""
    scoped = Selection(year=2026, units=2025, scope=("01",), communes=None)
    got = evaluation.shares(conn, scoped, 2026, 2026).filter(pl.col("measure") == "excellent_residential_pct")
    n, d = conn.execute(
        "SELECT count(*) FILTER (WHERE grade = 'excellent'), count(*) FROM evaluation_unit e "
        "JOIN admin_unit a USING (units_system, unit_code) "
        "WHERE e.year = 2026 AND e.eval_subject = 'residential' AND a.province_code = '01'"
    ).fetchone()
    assert d > 0 and (got["count"][0], got["over"][0]) == (n, d)
    everyone = Selection(year=2026, units=2025, scope=None, communes=None)
    whole = evaluation.shares(conn, everyone, 2026, 2026).filter(pl.col("measure") == "excellent_residential_pct")
    assert whole["over"][0] > d
    assert set(evaluation.province_values(conn, scoped, "safe_residential_pct", "vi")["province_code"]) == {"01"}
