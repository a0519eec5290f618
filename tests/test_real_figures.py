"""Published figures enter as published (issue 24): the word of the qualifier kept ("hơn" stays
"hơn"), a percentage kept as a percentage, x of y kept whole, a running total "to date" with its
day — each read back by plain SQL over the DuckDB file, not through the code under test. And the
measurement on the 180 real published figures (tools/real_figures.py), when ../shared holds them.
"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from antq import db, transforms
from antq.reports import form, load
from antq.vocab.report_rules import as_published, combine_qualifiers, period_label
from tools import real_figures

from .report_forms import csv_form

YEAR = 2025
PROVINCE = "01"


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    path = tmp_path / "antq.duckdb"
    monkeypatch.setenv("ANTQ_DB", str(path))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    monkeypatch.setenv("ANTQ_EMPTY", "1")
    db.build(path, empty=True)
    return path


def _import(tmp_path, values: dict[str, str], period: str = "Năm", year: int = YEAR):
    data, _ = csv_form(year, PROVINCE, values, {form.FIELDS["period_kind"]: period})
    p = tmp_path / "form.csv"
    p.write_bytes(data)
    return load.import_path(p, via="cli")


def _sql(path, q, params=None):
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(q, params or []).fetchall()


VALUES = {
    "mob_participants": "hơn 5.800",  # "hơn", not "trên"
    "tips_received": "trên 5.800",
    "fest_gift_value": "gần 35 tỷ",
    "fest_communes_held_pct": "96,5%",  # a percentage, as published
    "fest_communes_held": "12/15",  # x of y, both kept
    "camera_eyes": "ước 1.200",
    "model_sites": "1.080",
}


def test_published_values_are_stored_with_the_word_as_written(empty_db, tmp_path):
    res = _import(tmp_path, VALUES)
    assert res.outcome == "loaded", res.problems
    got = {
        r[0]: r[1:]
        for r in _sql(
            empty_db,
            "SELECT indicator, value, denominator, qualifier, qualifier_word FROM report_value ORDER BY indicator",
        )
    }
    assert got == {
        "mob_participants": (5800.0, None, "at_least", "hơn"),
        "tips_received": (5800.0, None, "at_least", "trên"),
        "fest_gift_value": (35e9, None, "just_under", "gần"),
        "fest_communes_held_pct": (96.5, None, "exact", None),
        "fest_communes_held": (12.0, 15.0, "exact", None),
        "camera_eyes": (1200.0, None, "about", "ước"),
        "model_sites": (1080.0, None, "exact", None),
    }


def test_the_store_gives_them_back_as_published(empty_db, tmp_path):
    assert _import(tmp_path, VALUES).outcome == "loaded"
    rows = _sql(
        empty_db,
        "SELECT indicator, value, denominator, qualifier, qualifier_word FROM report_value ORDER BY indicator",
    )
    from antq.vocab import indicators

    shown = {i: as_published(v, q, w, "vi", indicators.get(i).unit, d) for i, v, d, q, w in rows}
    assert shown == {
        "camera_eyes": "ước 1.200",
        "fest_communes_held": "12/15",
        "fest_communes_held_pct": "96,5%",
        "fest_gift_value": "gần 35 tỷ",
        "mob_participants": "hơn 5.800",
        "model_sites": "1.080",
        "tips_received": "trên 5.800",
    }


def test_the_form_preview_shows_the_word_as_written():
    from antq.ui import report_form

    data, _ = csv_form(YEAR, PROVINCE, {"mob_participants": "hơn 5.800", "fest_communes_held_pct": "96,5%"})
    plan = load.prepare(data, "form.csv")
    assert plan.ok, plan.problems.frame()
    shown = report_form.preview_table(plan, "vi")
    assert sorted(shown["Số liệu (sẽ hiển thị)"].to_list()) == ["96,5%", "hơn 5.800"]


def test_as_published_keeps_the_word_and_falls_back_to_the_default():
    assert as_published(5800, "at_least", "hơn") == "hơn 5.800"
    assert as_published(5800, "at_least", None) == "trên 5.800"  # older rows: the qualifier's default word
    assert as_published(5800, "at_least", "hơn", "en") == "more than 5,800"
    assert as_published(96.5, "exact", None, "vi", "percent") == "96,5%"
    assert as_published(12, "exact", None, "vi", "count", 15) == "12/15"
    assert as_published(None, "exact", None) == "–"
    assert as_published(130_000_000, "about", "khoảng", "vi", "vnd") == "khoảng 130 triệu"
    assert as_published(1_234_567, "exact", None, "vi", "vnd") == "1.234.567"


def test_a_percentage_is_refused_where_the_indicator_counts(empty_db, tmp_path):
    before = _sql(empty_db, "SELECT count(*) FROM report_value")
    res = _import(tmp_path, {"mob_participants": "96,5%"})
    assert res.outcome == "rejected"
    assert any("phần trăm" in m for m in res.problems["message"].to_list())
    assert _sql(empty_db, "SELECT count(*) FROM report_value") == before


def test_to_date_keeps_its_day(empty_db, tmp_path):
    res = _import(tmp_path, {"models_active": "hơn 4.300"}, period="đến 30/11/2025")
    assert res.outcome == "loaded", res.problems
    assert _sql(empty_db, "SELECT period_kind, year, as_of::VARCHAR FROM report") == [("to_date", 2025, "2025-11-30")]
    assert period_label("to_date", as_of=__import__("datetime").date(2025, 11, 30)) == "Đến 30/11/2025"


def test_the_web_form_writes_to_date_with_its_day(empty_db):
    from antq.ui import report_form

    values = report_form.editor_frame().with_columns(
        pl.when(pl.col("Mã chỉ tiêu") == "models_active")
        .then(pl.lit("hơn 4.300"))
        .otherwise(pl.col(report_form.VALUE))
        .alias(report_form.VALUE)
    )
    data, _ = report_form.form_csv(
        YEAR,
        PROVINCE,
        PROVINCE,
        "to_date",
        None,
        None,
        None,
        "",
        values,
        as_of=__import__("datetime").date(2025, 7, 31),
    )
    plan = load.prepare(data, "form.csv")
    assert plan.ok, plan.problems.frame()
    assert load.commit(plan, via="cli").outcome == "loaded"
    assert _sql(empty_db, "SELECT period_kind, as_of::VARCHAR FROM report") == [("to_date", "2025-07-31")]


def test_to_date_outside_the_report_year_is_refused(empty_db, tmp_path):
    res = _import(tmp_path, {"models_active": "hơn 4.300"}, period="đến 30/11/2024")
    assert res.outcome == "rejected"
    assert any("30/11/2024" in m and "năm báo cáo 2025" in m for m in res.problems["message"].to_list())
    assert _sql(empty_db, "SELECT count(*) FROM report") == [(0,)]


def test_a_phase_says_its_years():
    assert period_label("phase", year_from=2020, year=2025) == "Giai đoạn 2020–2025"


def test_percentages_are_never_added_and_a_lower_bound_stays_one():
    fig = pl.DataFrame(
        {
            "indicator": ["fest_communes_held_pct"] * 2 + ["mob_participants"] * 2,
            "value": [96.5, 80.0, 5800.0, 100.0],
            "denominator": [None, None, None, None],
            "qualifier": ["exact", "exact", "at_least", "exact"],
            "provinces_reported": [1, 1, 1, 1],
            "provinces_total": [1, 1, 1, 1],
            "commune_value": [None, None, None, None],
            "commune_qualifier": [None, None, None, None],
            "communes_reported": [0, 0, 0, 0],
            "communes_total": [0, 0, 0, 0],
        },
        schema_overrides={"denominator": pl.Float64, "commune_value": pl.Float64, "commune_qualifier": pl.String},
    )
    tot = {
        r["indicator"]: (r["value"], r["qualifier"])
        for r in transforms.report_totals(fig, none_indicators=["fest_communes_held_pct"]).iter_rows(named=True)
    }
    assert tot["fest_communes_held_pct"][0] is None  # 96,5% and 80% make no total
    assert tot["mob_participants"] == (5900.0, "at_least") == (5900.0, combine_qualifiers(["at_least", "exact"]))
    one = transforms.report_totals(fig.head(1), none_indicators=["fest_communes_held_pct"]).row(0, named=True)
    assert one["value"] == 96.5  # a single unit's own percentage is shown


def test_the_store_adds_no_percentages_of_several_units(empty_db, tmp_path):
    from antq import service
    from antq.selection import Selection

    for commune, pct in (("00004", "96,5%"), ("00008", "80%")):
        data, _ = csv_form(YEAR, PROVINCE, {"fest_residential_held_pct": pct}, {form.FIELDS["unit_code"]: commune})
        p = tmp_path / f"form-{commune}.csv"
        p.write_bytes(data)
        assert load.import_path(p, via="cli").outcome == "loaded"
    assert _sql(empty_db, "SELECT sum(value) FROM report_value") == [(176.5,)]  # both stored as published
    sel = Selection(year=YEAR, units=2025, provinces=(PROVINCE,), scope=None)
    with duckdb.connect(str(empty_db), read_only=True) as c:
        row = service.figures(c, sel, ("fest_residential_held_pct",)).row(0, named=True)
    assert row["value"] is None and row["lower_value"] is None  # never "176,5%" nor 96,5% for the city


# ------------------------------------------------------------------ the measurement
RECORDED_FAITHFUL = 129  # docs/real-figures.md; raise it when more figures enter, never lower it


@pytest.fixture(scope="module")
def measured():
    path = real_figures.csv_path()
    if path is None:
        pytest.skip("no ../shared/real-figures/real_figures.csv (measurement material, kept outside the repository)")
    return real_figures.measure(path)


def test_the_measurement_is_what_the_document_says(measured):
    mapped, rows = measured
    assert len(mapped) == 180
    assert real_figures.DOC.read_text("utf-8") == real_figures.markdown(mapped, rows), (
        "docs/real-figures.md is stale: python -m tools.real_figures --write"
    )


def test_faithful_figures_do_not_fall(measured):
    mapped, _ = measured
    assert real_figures.totals(mapped)["faithful"] >= RECORDED_FAITHFUL


def test_every_faithful_figure_reads_back_with_its_word(measured):
    mapped, _ = measured
    for m in mapped:
        if m.status == "faithful" and m.word:
            assert m.read_back.split(" ")[0] == m.word, m
        if m.status == "faithful":  # and `report-values --unit` gives it back unless a later report replaced it
            assert m.extra["report_values"] in ("same", "superseded"), m


@pytest.mark.xfail(
    strict=True,
    reason="issue 24 asks ≥ 90 %; measured below it (docs/real-figures.md): the nation's and regions' units and "
    "the district codes are the lead's part, and the rest needs invention or has no place",
)
def test_nine_in_ten_enter_as_published(measured):
    mapped, _ = measured
    assert real_figures.totals(mapped)["faithful"] >= 0.9 * len(mapped)
