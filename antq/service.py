"""The questions pages, the CLI and the briefing ask, answered from the store: one function per
question, taking a source (a DuckDB connection, or a db.Snapshot on the pages, whose results are
cached -- see antq/cache.py) and a checked Selection, returning Polars frames or plain values.

Derived figures have one home each: ratios and totals in `transforms.with_ratios` /
`totals_by_year`, year-over-year change in `transforms.yoy`, ranks in `transforms.rank`.

Longer than ~350 lines on purpose: every question a page asks is one cached function here, next to
the one store of figures they read (`figures`, `headline`, `totals`); split by page, the questions
that share a cached read (the headline range, the store's figures) would be spread apart.
"""

from __future__ import annotations

import dataclasses

import duckdb
import polars as pl

from antq import i18n, queries, transforms
from antq.cache import cached
from antq.db import Snapshot
from antq.selection import Selection
from antq.vocab import indicators, national_units, report_rules
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
    "figures": None,  # the store: every indicator's figure in force per province (report_figures)
    "festival_points": "festival_points",
    "commendations": "commendations",
    "models": "models",
    "exemplars": "exemplars",
    "provinces": "headline_by_province_year",
}


HEADLINE_STORE_INDICATORS = tuple(sorted({i for inds in report_rules.HEADLINE_INDICATORS.values() for i in inds}))


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
    # The detail rows' figures, then every figure the store answers in force over them (issue 24).
    store = figures(source, sel, HEADLINE_STORE_INDICATORS, year_from, year_to)
    df = transforms.headline_from_store(transforms.mark_not_reported(df), store, report_rules.HEADLINE_INDICATORS)
    return transforms.with_ratios(df)


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
    # The range read does not depend on the selection's year: keyed without it, a change of year
    # finds the range cached.
    every_year = dataclasses.replace(sel, year=hi)
    if lo <= yf and yt <= hi:
        if yf < yt:
            return _headline_years(source, every_year, lo, hi).filter(pl.col("year").is_between(yf, yt))
        hit, every = _headline_years.peek(source, every_year, lo, hi)
        if hit:
            return every.filter(pl.col("year") == yf)
    return _headline_years(source, sel, yf, yt)


@cached
def province_ranking(source: Source, sel: Selection, measure: str) -> pl.DataFrame:
    """Every province of the selection's system that its scope covers (the whole country for a
    national user), ranked on `measure` in the selection's year (1 = largest; ties share a rank),
    whatever provinces are selected. The scope is the selection's, never the thread's (issue 23)."""
    whole = dataclasses.replace(sel, provinces=(), year_from=None, year_to=None)
    every = headline(source, whole)
    written = [f"{measure}_qualifier"] if f"{measure}_qualifier" in every.columns else []
    return transforms.rank(every.select("province_code", "province_name", measure, *written), measure)


@cached
def totals(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    """One row per year: the selection's provinces totalled (transforms.totals_by_year), and for the
    whole country the nation's own report (unit VN) as the official figure of every headline figure
    it gives, the provinces' sum beside it (m_lower, m_lower_units of m_lower_total provinces)."""
    tot = transforms.totals_by_year(headline(source, sel, year_from, year_to))
    if not sel.is_whole_country or tot.is_empty():
        return tot
    nation = nation_figures(source, year_from, year_to, approved_only=sel.approved_only)
    if nation.is_empty():
        return tot
    return transforms.with_ratios(transforms.nation_over_provinces(tot, nation, report_rules.HEADLINE_INDICATORS))


@cached
def nation_figures(
    source: Source,
    year_from: int,
    year_to: int,
    view: str = report_rules.DEFAULT_PERIOD_VIEW,
    approved_only: bool = False,
):
    """The nation's own values in force (unit VN), every indicator, per year (approved ones only
    for the "approved only" view)."""
    p = _period(view)
    return queries.run(
        source,
        "figures_of_units",
        year_from=year_from,
        year_to=year_to,
        unit_codes=[national_units.NATION_CODE],
        kinds=list(p.kinds),
        half=p.half,
        indicators=REPORT_INDICATORS,
        approved_only=approved_only,
    )


def summary(source: Source, sel: Selection) -> dict:
    """The headline figures of the selection's year, totalled over its provinces (the nation's own
    report where the selection is the whole country and the nation reported)."""
    tot = totals(source, sel, sel.year, sel.year)
    if tot.is_empty():
        return {k: 0 for k in SUMMARY_FIELDS} | {"coverage_pct": None}
    row = tot.row(0, named=True)
    # a figure nobody reported is null, with how many provinces / communes each total is over
    out = {k: row[k] for k in (*SUMMARY_FIELDS, *transforms.REPORTING)}
    # as published: "trên 500" stays a lower bound, "hơn" stays "hơn"
    out |= {
        f"{k}{s}": row[f"{k}{s}"] for k in SUMMARY_FIELDS for s in ("_qualifier", "_qualifier_word") if f"{k}{s}" in row
    }
    return {"year": sel.year, "units": sel.units, "province_codes": sel.province_list, **out}


def figures_table(source: Source, sel: Selection) -> pl.DataFrame:
    """The store as a table: every figure in force of the selection's year, one row per province and
    indicator that has one (and the nation's own report for the whole country), written as published,
    with its source."""
    from antq.vocab.categories import FIGURE_SOURCES

    names = {code: FIGURE_SOURCES.label(code) for code in FIGURE_SOURCES.codes}
    labels = pl.DataFrame(
        {"indicator": REPORT_INDICATORS, "indicator_label": [indicators.label(c) for c in REPORT_INDICATORS]}
    )
    per = report_figures(source, sel).filter(pl.col("value").is_not_null())
    parts = [
        per.select(
            pl.lit(sel.year, pl.Int32).alias("year"),
            "province_code",
            "province_name",
            "indicator",
            "value",
            "denominator",
            "qualifier",
            "qualifier_word",
            sources=pl.col("sources").list.eval(pl.element().replace_strict(names, default=None)).list.join(", "),
        )
    ]
    if sel.is_whole_country:
        nation = nation_figures(source, sel.year, sel.year, approved_only=sel.approved_only)
        parts.insert(
            0,
            nation.select(
                pl.col("year").cast(pl.Int32),
                pl.col("unit_code").alias("province_code"),
                pl.col("unit_name").alias("province_name"),
                "indicator",
                "value",
                "denominator",
                "qualifier",
                "qualifier_word",
                sources=pl.col("source").replace_strict(names, default=None),
            ),
        )
    out = pl.concat(parts, how="vertical_relaxed").join(labels, on="indicator", how="left")
    units = {i.code: i.unit for i in indicators.CATALOGUE}
    written = [  # as published, in plain Python over the column's values (no callback inside Polars)
        i18n.reported(v, q, "vi", d, qualifier_word=w, unit=units.get(c))
        for v, q, d, w, c in out.select("value", "qualifier", "denominator", "qualifier_word", "indicator").iter_rows()
    ]
    return out.with_columns(figure=pl.Series(written, dtype=pl.String)).select(
        "year",
        "province_code",
        "province_name",
        "indicator_label",
        "figure",
        "value",
        "denominator",
        "qualifier",
        "sources",
        "indicator",
    )


def _as_written(df: pl.DataFrame) -> pl.DataFrame:
    """A headline frame for a file: each store figure with its sources in words (its qualifier is put
    in words by antq.downloads, as every qualifier column of a file);
    the page-only companions (own report, sum of lower units) left out."""
    from antq.vocab.categories import FIGURE_SOURCES

    page_only = ("_own", "_lower", "_lower_units", "_lower_total", "_lower_qualifier", "_qualifier_word")
    drop = [c for c in df.columns if c.endswith(page_only)]
    words = {code: report_rules.qualifier_word(code) or "chính xác" for code in report_rules.QUALIFIER_WORDS}
    names = {code: FIGURE_SOURCES.label(code) for code in FIGURE_SOURCES.codes}
    return df.drop(drop).with_columns(
        *[
            pl.col(c).replace_strict(words, default=None)
            for c in df.columns
            if c.endswith("_qualifier") and c not in drop
        ],
        *[
            pl.col(c).list.eval(pl.element().replace_strict(names, default=None)).list.join(", ")
            for c in df.columns
            if c.endswith("_sources")
        ],
    )


@cached
def table(source: Source, sel: Selection, name: str) -> pl.DataFrame:
    """A downloadable extract: the filtered rows of one table."""
    if name not in TABLES:
        raise KeyError(name)
    if name == "provinces":
        return _as_written(headline(source, sel).drop("participants_per_point", "models_per_100_communes"))
    if name == "figures":
        return figures_table(source, sel)
    return queries.run(source, TABLES[name], year=sel.year, units=sel.units, **sel.unit_filter)


@cached
def table_preview(source: Source, sel: Selection, name: str, rows: int) -> tuple[pl.DataFrame, int]:
    """The first `rows` rows of `table(...)` and how many it has: a national extract runs to 40-300k
    rows, and only a download needs them all (the provinces' table is the cached headline)."""
    if name in ("provinces", "figures") or name not in TABLES:
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
        totals(source, sel, first, sel.year),
        cols=(*transforms.ADDITIVE, "coverage_pct", "participants_per_point"),
    )
    rows = tot.filter(pl.col("year") == sel.year)
    return rows.row(0, named=True) if rows.height else {}


@cached
def trend(source: Source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    """One row per year of the range: national (or selection) totals with ratios."""
    return totals(source, sel, year_from, year_to)


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
    """Commendations by year, award and recipient kind, from the store (reports, confirmed documents
    and detail rows under the one rule): year, award, recipient_kind, recipients, qualifier, provinces
    (how many provinces of the selection have the figure). An award nobody reported has no row."""
    awards = report_rules.AWARD_INDICATORS
    keys = pl.DataFrame(
        [(a, k, i) for (a, k), i in awards.items()], schema=["award", "recipient_kind", "indicator"], orient="row"
    )
    df = figures(source, sel, tuple(sorted(set(awards.values()))), year_from, year_to)
    return (
        df.filter(pl.col("value").is_not_null())
        .join(keys, on="indicator")
        .group_by("year", "award", "recipient_kind")
        .agg(
            recipients=pl.col("value").sum().round(0).cast(pl.Int64),
            qualifier=pl.col("qualifiers").list.explode(keep_nulls=False, empty_as_null=False),
            provinces=pl.len(),
        )
        .with_columns(qualifier=transforms.combined_qualifier("qualifier"))
        .sort("year", "award", "recipient_kind")
    )


# ---------------------------------------------------------------- aggregated result reports (issue 12)
REPORT_INDICATORS = [i.code for i in indicators.CATALOGUE]
MAX_INDICATORS = [i.code for i in indicators.CATALOGUE if i.aggregation == "max"]
# Percentages as published: one unit's own figure, never added up (antq/vocab/indicators.py).
NONE_INDICATORS = [i.code for i in indicators.CATALOGUE if i.aggregation == "none"]


def _period(view: str) -> report_rules.PeriodView:
    return report_rules.PERIOD_VIEWS[view]


@cached
def report_figures(source: Source, sel: Selection, view: str = report_rules.DEFAULT_PERIOD_VIEW) -> pl.DataFrame:
    """Per (province of the selection, indicator of the catalogue): the figure in force from the
    store (NULL: not reported), its qualifier and sources, how many of the province's own-system
    provinces have it, and beside a province's own report the sum of its lower units
    (commune_value, of communes_reported / communes_total lower units)."""
    df = figures(source, sel, tuple(REPORT_INDICATORS), view=view)
    own = pl.col("own_value").is_not_null()
    return df.select(
        "province_code",
        "province_name",
        "indicator",
        "value",
        "denominator",
        "qualifier",
        "qualifier_word",
        "sources",
        provinces_reported=pl.col("provinces_with_value"),
        provinces_total=pl.col("source_provinces"),
        commune_value=pl.when(own).then(pl.col("lower_value")),
        commune_denominator=pl.when(own).then(pl.col("lower_denominator")),
        commune_qualifier=pl.when(own).then(pl.col("lower_qualifier")),
        communes_reported=pl.when(own).then(pl.col("lower_units")).otherwise(0),
        communes_total=pl.col("lower_total"),
    )


@cached
def report_totals(source: Source, sel: Selection, view: str = report_rules.DEFAULT_PERIOD_VIEW) -> pl.DataFrame:
    """Per indicator, the selection's provinces together: value over those that reported (x of y);
    for the whole country the nation's own report where it gave one, the provinces' sum beside it."""
    tot = transforms.report_totals(
        report_figures(source, sel, view), max_indicators=MAX_INDICATORS, none_indicators=NONE_INDICATORS
    )
    if not sel.is_whole_country:
        return tot
    nation = nation_figures(source, sel.year, sel.year, view, sel.approved_only).select(
        "indicator", n_value="value", n_denominator="denominator", n_qualifier="qualifier", n_word="qualifier_word"
    )
    if nation.is_empty():
        return tot
    has = pl.col("n_value").is_not_null()
    return (
        tot.join(nation, on="indicator", how="left")
        .with_columns(
            commune_value=pl.when(has).then(pl.col("value")).otherwise(pl.col("commune_value")),
            commune_qualifier=pl.when(has).then(pl.col("qualifier")).otherwise(pl.col("commune_qualifier")),
            communes_reported=pl.when(has).then(pl.col("provinces_reported")).otherwise(pl.col("communes_reported")),
            communes_total=pl.when(has).then(pl.col("provinces_total")).otherwise(pl.col("communes_total")),
        )
        .with_columns(
            value=pl.when(has).then(pl.col("n_value")).otherwise(pl.col("value")),
            denominator=pl.when(has).then(pl.col("n_denominator")).otherwise(pl.col("denominator")),
            qualifier=pl.when(has).then(pl.col("n_qualifier")).otherwise(pl.col("qualifier")),
            qualifier_word=pl.when(has).then(pl.col("n_word")).otherwise(pl.col("qualifier_word")),
            sources=pl.when(has).then(pl.lit(["report"])).otherwise(pl.col("sources")),
        )
        .drop("n_value", "n_denominator", "n_qualifier", "n_word")
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
        approved_only=sel.approved_only,
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
        indicators=list(report_rules.FESTIVAL_DETAIL_EQUIVALENTS),
        measures=list(report_rules.FESTIVAL_DETAIL_EQUIVALENTS.values()),
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


# ---------------------------------------------------------------------------------------------------
# The one store of figures (issue 24): every indicator value of a unit and period, whatever its source
# (a report, a confirmed document figure, detail rows), with the one in-force rule of
# queries/figures_by_province_year.sql.


def _store_params(
    indicators_: list[str], view: str = report_rules.DEFAULT_PERIOD_VIEW, approved_only: bool = False
) -> dict:
    p = _period(view)
    return dict(
        kinds=list(p.kinds),
        half=p.half,
        # detail rows are the festival's and the year's figures, not a half year's or a phase's; and
        # they have not been through the review, so the "approved only" view leaves them out
        with_detail=report_rules.DETAIL_PERIOD_KIND in p.kinds and not approved_only,
        indicators=indicators_,
        max_indicators=[c for c in indicators_ if indicators.get(c).aggregation == "max"],
        approved_only=approved_only,
    )


@cached
def figures(
    source: Source,
    sel: Selection,
    indicators_: tuple[str, ...],
    year_from: int | None = None,
    year_to: int | None = None,
    view: str = report_rules.DEFAULT_PERIOD_VIEW,
) -> pl.DataFrame:
    """One figure per (year, province of the selection, indicator) in force, with its qualifier
    (combined over its parts), its sources, the province's own report and the sum of its lower units
    beside it (queries/figures_by_province_year.sql owns the rule)."""
    yf = sel.year if year_from is None else year_from
    yt = sel.year if year_to is None else year_to
    df = queries.run(
        source,
        "figures_by_province_year",
        year_from=yf,
        year_to=yt,
        units=sel.units,
        **sel.unit_filter,
        **_store_params(list(indicators_), view, sel.approved_only),
    )
    # A percentage as published (aggregation 'none') is one unit's own figure: where the query added
    # several units' percentages (the lower units, or old provinces merged into one) there is none.
    is_none = pl.col("indicator").is_in(NONE_INDICATORS)
    single_below = (pl.col("lower_units") == 1) & (pl.col("provinces_with_value") == 1)
    return df.with_columns(
        qualifier=transforms.combined_qualifier("qualifiers"),
        lower_qualifier=transforms.combined_qualifier("lower_qualifiers"),
        # the word the source wrote ("hơn") where the figure is one unit's own value; a sum says its own
        qualifier_word=pl.when(pl.col("own_value").is_not_null()).then(pl.col("own_qualifier_word")),
        value=pl.when(is_none & pl.col("own_value").is_null() & ~single_below).then(None).otherwise(pl.col("value")),
        lower_value=pl.when(is_none & (pl.col("lower_units") != 1)).then(None).otherwise(pl.col("lower_value")),
    )
