"""The questions pages, the CLI and the briefing ask, answered from the store: one function per
question, taking a source (a DuckDB connection, or a db.Snapshot on the pages, whose results are
cached -- see antq/cache.py) and a checked Selection, returning Polars frames or plain values.

Derived figures have one home each: ratios and totals in `transforms.with_ratios` /
`totals_by_year`, year-over-year change in `transforms.yoy`, ranks in `transforms.rank`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from antq import queries, transforms
from antq.cache import cached
from antq.db import Snapshot
from antq.selection import Selection

Source = duckdb.DuckDBPyConnection | Snapshot

# The headline figures, in the order `summary` reports them.
SUMMARY_FIELDS = (
    "provinces",
    "communes_total",
    "communes_covered",
    "coverage_pct",
    "festival_points",
    "participants",
    "commendations",
    "models_active",
)
# Row-level extracts a user can download: name -> query.
TABLES = {
    "festival_points": "festival_points",
    "commendations": "commendations",
    "models": "models",
    "exemplars": "exemplars",
    "provinces": "headline_by_province_year",
}


@cached
def available_years(source: Source) -> list[int]:
    return queries.run(source, "data_years")["year"].to_list()


@cached
def provinces(source: Source, units: int) -> pl.DataFrame:
    return queries.run(source, "provinces", units=units)


@cached
def headline(source: Source, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    """Per (year, province) headline figures with ratios; one year unless a range is given."""
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    df = queries.run(
        source, "headline_by_province_year", year_from=yf, year_to=yt, units=sel.units, provinces=sel.province_list
    )
    return transforms.with_ratios(transforms.mark_not_reported(df))


@cached
def province_ranking(source: Source, sel: Selection, measure: str) -> pl.DataFrame:
    """Every province of the selection's system ranked on `measure` in the selection's year (1 =
    largest; ties share a rank): the ranking is national whatever provinces are selected."""
    whole = Selection(year=sel.year, units=sel.units)
    df = headline(source, whole).select("province_code", "province_name", measure)
    return transforms.rank(df, measure)


def summary(source: Source, sel: Selection) -> dict:
    """The headline figures of the selection's year, totalled over its provinces."""
    tot = transforms.totals_by_year(headline(source, sel))
    if tot.is_empty():
        return {k: 0 for k in SUMMARY_FIELDS} | {"coverage_pct": None}
    row = tot.row(0, named=True)
    # a figure nobody reported is null, with how many provinces / communes each total is over
    out = {k: row[k] for k in (*SUMMARY_FIELDS, *transforms.REPORTING)}
    return {"year": sel.year, "units": sel.units, "province_codes": sel.province_list, **out}


@cached
def table(source: Source, sel: Selection, name: str) -> pl.DataFrame:
    """A downloadable extract: the filtered rows of one table."""
    if name not in TABLES:
        raise KeyError(name)
    if name == "provinces":
        return headline(source, sel).drop("participants_per_point", "models_per_100_communes")
    return queries.run(source, TABLES[name], year=sel.year, units=sel.units, provinces=sel.province_list)


@cached
def source_kinds(source: Source) -> pl.DataFrame:
    return queries.run(source, "data_source_kinds")


@cached
def source_status(
    source: Source, sel: Selection, year_from: int | None = None, year_to: int | None = None
) -> pl.DataFrame:
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    return queries.run(
        source, "data_sources_by_province_year", year_from=yf, year_to=yt, units=sel.units, provinces=sel.province_list
    )


def _ranged(source: Source, name: str, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return queries.run(source, name, year_from=year_from, year_to=year_to, units=sel.units, provinces=sel.province_list)


@cached
def totals_with_change(source: Source, sel: Selection) -> dict:
    """The selection's year totalled over its provinces, with the previous year's figures and the
    change in % (`<field>_prev`, `<field>_change_pct`; null when there is no previous year)."""
    years = available_years(source)
    first = sel.year - 1 if (sel.year - 1) in years else sel.year
    tot = transforms.yoy(
        transforms.totals_by_year(headline(source, sel, first, sel.year)),
        cols=(*transforms.ADDITIVE, "coverage_pct", "participants_per_point"),
    )
    rows = tot.filter(pl.col("year") == sel.year)
    return rows.row(0, named=True) if rows.height else {}


@cached
def trend(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    """One row per year of the range: national (or selection) totals with ratios."""
    return transforms.totals_by_year(headline(source, sel, year_from, year_to))


@cached
def festival_points_by_kind(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(source, "festival_points_by_kind", sel, year_from, year_to)


@cached
def participation_by_commune(source: Source, sel: Selection) -> pl.DataFrame:
    return queries.run(source, "participation_by_commune", year=sel.year, units=sel.units, provinces=sel.province_list)


@cached
def models_by_category(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(source, "models_by_category", sel, year_from, year_to)


@cached
def commendations_by_award(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(source, "commendations_by_award", sel, year_from, year_to)
