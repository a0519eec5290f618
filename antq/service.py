"""The questions pages, the CLI and the briefing ask, answered from the store: one function per
question, taking a source (a DuckDB connection, or a db.Snapshot on the pages, whose results are
cached -- see antq/cache.py) and a checked Selection, returning Polars frames or plain values.

Derived figures have one home each: ratios and totals in `transforms.with_ratios` /
`totals_by_year`, year-over-year change in `transforms.yoy`, ranks in `transforms.rank`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import polars as pl

from antq import queries, transforms
from antq.cache import cached
from antq.db import Snapshot
from antq.selection import Selection
from antq.vocab import indicators, report_rules
from antq.vocab.unit_systems import year_in_view

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


def _years_held(source: Source, sel: Selection) -> tuple[int, int]:
    years = available_years(source) or [sel.year]
    return min(min(years), sel.year), max(max(years), sel.year)


@cached
def _headline_years(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    df = queries.run(
        source, "headline_by_province_year", year_from=year_from, year_to=year_to, units=sel.units, **sel.unit_filter
    )
    return transforms.with_ratios(transforms.mark_not_reported(df))


def headline(source: Source, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    """Per (year, province) headline figures with ratios; one year unless a range is given.
    A range is read once per selection for every year the store holds, and cut: a page asks for
    two ranges (the trend, the change on last year), and the query costs about the same whatever it
    spans. One year is cut from it when it is cached already, else a query of its own (all years
    cost ~10 ms more, measured: the map asks for one year only). So is a range reaching outside the
    years held (its years then read "not reported")."""
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    lo, hi = _years_held(source, sel)
    if lo <= yf and yt <= hi:
        if yf < yt:
            return _headline_years(source, sel, lo, hi).filter(pl.col("year").is_between(yf, yt))
        hit, every = _headline_years.peek(source, sel, lo, hi)
        if hit:
            return every.filter(pl.col("year") == yf)
    return _headline_years(source, sel, yf, yt)


@cached
def province_ranking(source: Source, sel: Selection, measure: str) -> pl.DataFrame:
    """Every province of the selection's system that its scope covers (the whole country for a
    national user), ranked on `measure` in the selection's year (1 = largest; ties share a rank),
    whatever provinces are selected. The scope is the selection's, never the thread's (issue 23)."""
    whole = dataclasses.replace(sel, provinces=(), year_from=None, year_to=None)
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
    return queries.run(source, TABLES[name], year=sel.year, units=sel.units, **sel.unit_filter)


@cached
def table_preview(source: Source, sel: Selection, name: str, rows: int) -> tuple[pl.DataFrame, int]:
    """The first `rows` rows of `table(...)` and how many it has: a national extract runs to 40-300k
    rows, and only a download needs them all (the provinces' table is the cached headline)."""
    if name == "provinces" or name not in TABLES:
        df = table(source, sel, name)
        return df.head(rows), df.height
    return queries.head(source, TABLES[name], rows, year=sel.year, units=sel.units, **sel.unit_filter)


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
        source, "data_sources_by_province_year", year_from=yf, year_to=yt, units=sel.units, **sel.unit_filter
    )


def _ranged(source: Source, name: str, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return queries.run(source, name, year_from=year_from, year_to=year_to, units=sel.units, **sel.unit_filter)


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
    return queries.run(source, "participation_by_commune", year=sel.year, units=sel.units, **sel.unit_filter)


@cached
def models_by_category(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(source, "models_by_category", sel, year_from, year_to)


@cached
def commendations_by_award(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    return _ranged(source, "commendations_by_award", sel, year_from, year_to)


# ---------------------------------------------------------------- aggregated result reports (issue 12)
REPORT_INDICATORS = [i.code for i in indicators.CATALOGUE]
MAX_INDICATORS = [i.code for i in indicators.CATALOGUE if i.aggregation == "max"]
# Percentages as published: one unit's own figure, never added up (antq/vocab/indicators.py).
NONE_INDICATORS = [i.code for i in indicators.CATALOGUE if i.aggregation == "none"]


def _period(view: str) -> report_rules.PeriodView:
    return report_rules.PERIOD_VIEWS[view]


@cached
def report_figures(source: Source, sel: Selection, view: str = report_rules.DEFAULT_PERIOD_VIEW) -> pl.DataFrame:
    """Per (province of the selection, indicator): the official reported figure in force (NULL: not
    reported), its qualifier, how many of the province's own-system provinces reported it, and
    the communes' own reports apart (queries/report_figures_by_province.sql)."""
    p = _period(view)
    df = queries.run(
        source,
        "report_figures_by_province",
        year=sel.year,
        units=sel.units,
        **sel.unit_filter,
        kinds=list(p.kinds),
        half=p.half,
        indicators=REPORT_INDICATORS,
        max_indicators=MAX_INDICATORS,
    )
    return df.with_columns(
        qualifier=transforms.combined_qualifier("qualifiers"),
        commune_qualifier=transforms.combined_qualifier("commune_qualifiers"),
    ).drop("qualifiers", "commune_qualifiers")


@cached
def report_totals(source: Source, sel: Selection, view: str = report_rules.DEFAULT_PERIOD_VIEW) -> pl.DataFrame:
    """Per indicator, the selection's provinces together: value over those that reported (x of y)."""
    return transforms.report_totals(
        report_figures(source, sel, view), max_indicators=MAX_INDICATORS, none_indicators=NONE_INDICATORS
    )


@cached
def report_trend(
    source: Source, sel: Selection, year_from: int, year_to: int, view: str = report_rules.DEFAULT_PERIOD_VIEW
) -> pl.DataFrame:
    """report_totals for every year of the range that the selection's unit system can show."""
    years = [y for y in available_years(source) if year_from <= y <= year_to and year_in_view(y, sel.units)]
    frames = [
        report_totals(
            source,
            Selection(year=y, units=sel.units, provinces=sel.provinces, scope=sel.scope, communes=sel.communes),
            view,
        ).with_columns(year=pl.lit(y, pl.Int32))
        for y in years
    ]
    return pl.concat(frames) if frames else pl.DataFrame()


@cached
def report_change(
    source: Source,
    sel: Selection,
    indicator: str,
    year_from: int,
    year_to: int,
    view: str = report_rules.DEFAULT_PERIOD_VIEW,
) -> pl.DataFrame:
    """Per year of the range: the change of `indicator` on the year before, like for like (over the
    provinces that reported it in both years; `common` says how many)."""
    years = [y for y in available_years(source) if year_from <= y <= year_to and year_in_view(y, sel.units)]
    per = [
        report_figures(
            source,
            Selection(year=y, units=sel.units, provinces=sel.provinces, scope=sel.scope, communes=sel.communes),
            view,
        )
        .filter(pl.col("indicator") == indicator)
        .select(pl.lit(y, pl.Int32).alias("year"), "province_code", "value")
        for y in years
    ]
    if not per:
        return pl.DataFrame(schema={"year": pl.Int32, "change_pct": pl.Float64, "common": pl.Int64})
    return transforms.like_for_like_change(pl.concat(per))


@cached
def report_province_ranking(
    source: Source, sel: Selection, indicator: str, view: str = report_rules.DEFAULT_PERIOD_VIEW
) -> pl.DataFrame:
    """Every province in the user's scope with its official figure of `indicator` and its rank among
    those that reported (the ones that did not have no value and no rank: not zero)."""
    whole = Selection(year=sel.year, units=sel.units, scope=sel.scope, communes=sel.communes)
    df = report_figures(source, whole, view).filter(pl.col("indicator") == indicator)
    return transforms.rank(
        df.select(
            "province_code",
            "province_name",
            "value",
            "denominator",
            "qualifier",
            "provinces_reported",
            "provinces_total",
        ),
        "value",
    )


@cached
def report_commune_figures(
    source: Source, sel: Selection, province: str, indicator: str, view: str = report_rules.DEFAULT_PERIOD_VIEW
) -> pl.DataFrame:
    """The communes of one province of the selection's system with their own reports of `indicator`, ranked."""
    if province not in (sel.province_list or [province]):
        return pl.DataFrame()
    p = _period(view)
    df = queries.run(
        source,
        "report_figures_by_commune",
        year=sel.year,
        units=sel.units,
        province=province,
        communes=sel.commune_list,
        kinds=list(p.kinds),
        half=p.half,
        indicator=indicator,
    )
    return transforms.rank(df, "value")


@cached
def festival_reconciled(source: Source, sel: Selection) -> pl.DataFrame:
    """The festival figures without double counting, one row per province of the year's own system
    and indicator of report_rules.DETAIL_EQUIVALENTS: the province's report where it has one, the
    detail rows where not, `differs` where both exist and disagree
    (queries/report_festival_reconciled.sql owns the rule)."""
    return queries.run(
        source,
        "report_festival_reconciled",
        year=sel.year,
        units=sel.units,
        **sel.unit_filter,
        kinds=list(_period("annual").kinds),
        indicators=list(report_rules.DETAIL_EQUIVALENTS),
        measures=list(report_rules.DETAIL_EQUIVALENTS.values()),
        about_tolerance=report_rules.ABOUT_TOLERANCE,
    )


@cached
def festival_reconciled_totals(source: Source, sel: Selection) -> pl.DataFrame:
    """festival_reconciled summed over the selection per indicator: the figure and its qualifier,
    how many provinces it comes from by report / by detail / not at all, and the differences."""
    df = festival_reconciled(source, sel)
    return (
        df.group_by("indicator", maintain_order=True)
        .agg(
            value=pl.col("value").sum(),
            any_value=pl.col("value").is_not_null().any(),
            qualifiers=pl.col("qualifier").drop_nulls().unique().sort(),
            provinces=pl.len(),
            from_report=(pl.col("source") == "report").sum(),
            from_detail=(pl.col("source") == "detail").sum(),
            differing=pl.col("differs").sum(),
            differing_reported=pl.col("reported_value").filter(pl.col("differs")).sum(),
            differing_detail=pl.col("detail_value").filter(pl.col("differs")).sum(),
        )
        .with_columns(
            value=pl.when(pl.col("any_value")).then(pl.col("value")),
            qualifier=transforms.combined_qualifier("qualifiers"),
        )
        .drop("any_value", "qualifiers")
    )


@cached
def report_completeness(source: Source, sel: Selection, kind: str, half: int, today: dt.date) -> pl.DataFrame:
    """Per province of the year's own system in the selection: its report for the period (kind,
    half), on time or late against the deadline of antq/vocab/report_rules.py, or none."""
    return queries.run(
        source,
        "report_completeness",
        year=sel.year,
        units=sel.units,
        **sel.unit_filter,
        kind=kind,
        half=half,
        deadline=report_rules.deadline(kind, sel.year, half),
        today=today,
    )


@cached
def report_sources(source: Source, sel: Selection) -> pl.DataFrame:
    """How many reports in force of the selection's year come from each kind of source."""
    return queries.run(source, "report_sources", year=sel.year, units=sel.units, **sel.unit_filter)


@cached
def report_versions(source: Source, sel: Selection) -> pl.DataFrame:
    """Every report of the year filed by units of the selection, in force or superseded."""
    return queries.run(source, "report_versions", year=sel.year, units=sel.units, **sel.unit_filter)


@cached
def report_version_values(source: Source, sel: Selection, report_id: int) -> pl.DataFrame:
    """The values of one report as filed; none when it lies outside the selection (and scope)."""
    return queries.run(
        source,
        "report_version_values",
        report_id=report_id,
        year=sel.year,
        units=sel.units,
        **sel.unit_filter,
    )
