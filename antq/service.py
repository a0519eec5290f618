"""The questions pages and the CLI ask, answered from the store: one function per question,
taking a connection and a checked Selection, returning Polars frames or plain values."""

from __future__ import annotations

import duckdb
import polars as pl

from antq import queries, transforms
from antq.selection import Selection

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


def available_years(conn: duckdb.DuckDBPyConnection) -> list[int]:
    return queries.run(conn, "data_years")["year"].to_list()


def provinces(conn: duckdb.DuckDBPyConnection, units: int) -> pl.DataFrame:
    return queries.run(conn, "provinces", units=units)


def headline(conn, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    """Per (year, province) headline figures with ratios; one year unless a range is given."""
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    df = queries.run(
        conn, "headline_by_province_year", year_from=yf, year_to=yt, units=sel.units, provinces=sel.province_list
    )
    return transforms.with_ratios(df)


def summary(conn, sel: Selection) -> dict:
    """The headline figures of the selection's year, totalled over its provinces."""
    tot = transforms.totals_by_year(headline(conn, sel))
    if tot.is_empty():
        return {k: 0 for k in SUMMARY_FIELDS} | {"coverage_pct": None}
    row = tot.row(0, named=True)
    out = {k: row[k] for k in SUMMARY_FIELDS}
    return {"year": sel.year, "units": sel.units, "province_codes": sel.province_list, **out}


def table(conn, sel: Selection, name: str) -> pl.DataFrame:
    """A downloadable extract: the filtered rows of one table."""
    if name not in TABLES:
        raise KeyError(name)
    if name == "provinces":
        return headline(conn, sel).drop("participants_per_point", "models_per_100_communes")
    return queries.run(conn, TABLES[name], year=sel.year, units=sel.units, provinces=sel.province_list)


def source_kinds(conn) -> pl.DataFrame:
    return queries.run(conn, "data_source_kinds")


def source_status(conn, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    return queries.run(
        conn, "data_sources_by_province_year", year_from=yf, year_to=yt, units=sel.units, provinces=sel.province_list
    )


def _ranged(conn, name: str, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return queries.run(conn, name, year_from=year_from, year_to=year_to, units=sel.units, provinces=sel.province_list)


def totals_with_change(conn, sel: Selection) -> dict:
    """The selection's year totalled over its provinces, with the previous year's figures and the
    change in % (`<field>_prev`, `<field>_change_pct`; null when there is no previous year)."""
    years = available_years(conn)
    first = sel.year - 1 if (sel.year - 1) in years else sel.year
    tot = transforms.yoy(
        transforms.totals_by_year(headline(conn, sel, first, sel.year)),
        cols=(*transforms.ADDITIVE, "coverage_pct", "participants_per_point"),
    )
    rows = tot.filter(pl.col("year") == sel.year)
    return rows.row(0, named=True) if rows.height else {}


def trend(conn, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    """One row per year of the range: national (or selection) totals with ratios."""
    return transforms.totals_by_year(headline(conn, sel, year_from, year_to))


def festival_points_by_kind(conn, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(conn, "festival_points_by_kind", sel, year_from, year_to)


def participation_by_commune(conn, sel: Selection) -> pl.DataFrame:
    return queries.run(conn, "participation_by_commune", year=sel.year, units=sel.units, provinces=sel.province_list)


def models_by_category(conn, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(conn, "models_by_category", sel, year_from, year_to)


def commendations_by_award(conn, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(conn, "commendations_by_award", sel, year_from, year_to)
