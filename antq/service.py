"""The questions pages and the CLI ask, answered from the store: one function per question,
taking a connection and a checked Selection, returning Polars frames or plain values."""

from __future__ import annotations

import duckdb
import polars as pl

from antq import queries, transforms
from antq.selection import Selection

# The headline figures, in the order `summary` reports them.
SUMMARY_FIELDS = (
    "provinces", "communes_total", "communes_covered", "coverage_pct", "festival_points", "participants",
    "commendations", "models_active",
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


def table(conn, name: str, sel: Selection) -> pl.DataFrame:
    """A downloadable extract: the filtered rows of one table."""
    if name not in TABLES:
        raise KeyError(name)
    if name == "provinces":
        return headline(conn, sel).drop("participants_per_point", "models_per_100_communes")
    return queries.run(conn, TABLES[name], year=sel.year, units=sel.units, provinces=sel.province_list)


def source_status(conn, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    return queries.run(
        conn, "data_sources_by_province_year", year_from=yf, year_to=yt, units=sel.units, provinces=sel.province_list
    )
