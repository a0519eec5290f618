"""Polars transforms: what SQL does badly -- totals with recomputed ratios, year-over-year deltas,
ranks. Each derived figure is computed here and nowhere else."""

from __future__ import annotations

import polars as pl

from antq.vocab.report_rules import APPROXIMATE, EXACT
from antq.vocab.reporting import DETAIL_KINDS, FIGURE_KIND, reported_column

# Figures that add up across provinces (coverage_pct does not: it is recomputed from its parts).
ADDITIVE = (
    "communes_total",
    "communes_covered",
    "festival_points",
    "pilot_points",
    "participants",
    "households",
    "gift_packages",
    "gift_value_vnd",
    "budget_vnd",
    "commendations",
    "models_active",
    "models_effective",
    "models_new",
    "models_dissolved",
    "model_sites",
    "exemplars",
)


# How many provinces / communes a row's figures are computed over (headline_by_province_year):
# additive, never null.
REPORTING = (
    "source_provinces",
    *(reported_column(k) for k in DETAIL_KINDS),
    "communes_reported",
    "communes_models_reported",
)


def mark_not_reported(df: pl.DataFrame) -> pl.DataFrame:
    """The figures of a kind that no province of the row reported become null ("chưa báo cáo"),
    never 0 (antq/vocab/reporting.py says which kind each figure comes from)."""
    return df.with_columns(
        pl.when(pl.col(reported_column(kind)) > 0).then(pl.col(c)).otherwise(None).alias(c)
        for c, kind in FIGURE_KIND.items()
        if c in df.columns and reported_column(kind) in df.columns
    )


def participants_per_point() -> pl.Expr:
    """Participants per festival point, from the two sums (never an average of averages)."""
    return (pl.col("participants") / pl.col("festival_points")).round(1).alias("participants_per_point")


def with_ratios(df: pl.DataFrame) -> pl.DataFrame:
    """Add the ratios a leader reads, computed from their parts (never averaged). Shares are over
    the communes of the provinces that reported the kind: a province that sent nothing is not
    counted as "not covered"."""
    return df.with_columns(
        (100.0 * pl.col("communes_covered") / pl.col("communes_reported")).round(2).alias("coverage_pct"),
        participants_per_point(),
        (100.0 * pl.col("models_active") / pl.col("communes_models_reported"))
        .round(2)
        .alias("models_per_100_communes"),
    ).with_columns(pl.col(pl.Float64).fill_nan(None))


def totals_by_year(headline: pl.DataFrame) -> pl.DataFrame:
    """Sum the per-province rows of `headline_by_province_year` into one row per year. A figure no
    province reported stays null (a sum of nothing is not 0); the REPORTING counts say over how many
    provinces and communes each total is. The store's columns of a figure m (headline_from_store)
    follow: its qualifier combined over the provinces, its sources together, and m_units: how many
    provinces have it (the "n/y" of a sum of lower units)."""
    store = [c.removesuffix("_qualifier") for c in headline.columns if c.endswith("_qualifier")]
    return with_ratios(
        headline.group_by("year")
        .agg(
            pl.len().alias("provinces"),
            *[pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c) for c in ADDITIVE],
            *[pl.col(c).sum() for c in REPORTING],
            *[pl.col(f"{m}_qualifier").drop_nulls().alias(f"{m}_qualifier") for m in store],
            *[
                pl.col(f"{m}_sources")
                .list.explode(keep_nulls=False, empty_as_null=False)
                .unique()
                .sort()
                .alias(f"{m}_sources")
                for m in store
            ],
            *[pl.col(m).is_not_null().sum().alias(f"{m}_units") for m in store],
            *[
                pl.when(pl.len() == 1).then(pl.col(f"{m}_qualifier_word").first()).alias(f"{m}_qualifier_word")
                for m in store
                if f"{m}_qualifier_word" in headline.columns
            ],
            *[pl.col(f"{m}_lower_units").sum() for m in store if f"{m}_lower_units" in headline.columns],
            *[pl.col(f"{m}_lower_total").sum() for m in store if f"{m}_lower_total" in headline.columns],
        )
        .with_columns(*[combined_qualifier(f"{m}_qualifier").alias(f"{m}_qualifier") for m in store])
        .sort("year")
    )


def yoy(df: pl.DataFrame, cols: tuple[str, ...] = ADDITIVE) -> pl.DataFrame:
    """Year-over-year change of one row per year: `<col>_prev` and `<col>_change_pct` for each column,
    null where the previous calendar year is missing (or its figure is 0, for the change)."""
    df = df.sort("year")
    follows = pl.col("year").shift(1) == pl.col("year") - 1
    prev = {c: pl.when(follows).then(pl.col(c).shift(1)) for c in cols}
    return df.with_columns(
        *[p.alias(f"{c}_prev") for c, p in prev.items()],
        *[
            pl.when(p != 0).then((100.0 * (pl.col(c) - p) / p).round(1)).alias(f"{c}_change_pct")
            for c, p in prev.items()
        ],
    )


def rank(df: pl.DataFrame, col: str, descending: bool = True) -> pl.DataFrame:
    """Competition rank (1 = best) on `col`; ties share a rank; rows without a value come last,
    unranked. The one place a rank is computed (the overview's ranking, the map's hover)."""
    ranked = df.with_columns(rank=pl.col(col).rank(method="min", descending=descending).cast(pl.Int32))
    return ranked.sort("rank", nulls_last=True)


def combined_qualifier(col: str) -> pl.Expr:
    """One qualifier from a list column of the parts' qualifiers: the rule of
    antq.vocab.report_rules.combine_qualifiers as a native expression (tests/test_transforms.py proves
    they agree); null when the list is empty (nothing reported). Native, not a Python lambda: a
    Python callback inside Polars deadlocks a server thread that holds the GIL (issue 23)."""
    approximate = pl.col(col).list.eval(pl.element().filter(pl.element() != EXACT)).list.unique()
    n = approximate.list.len()
    return (
        pl.when(pl.col(col).list.len().fill_null(0) == 0)
        .then(pl.lit(None, pl.String))
        .when(n == 0)
        .then(pl.lit(EXACT))
        .when(n == 1)
        .then(approximate.list.first())
        .otherwise(pl.lit(APPROXIMATE))
    )


def report_totals(
    figures: pl.DataFrame, by: tuple[str, ...] = ("indicator",), max_indicators=(), none_indicators=()
) -> pl.DataFrame:
    """Sum per-province report figures (service.report_figures) over provinces: the official value
    over the provinces that reported it (a maximum for `max_indicators`; for `none_indicators`, a
    percentage, only a single unit's own figure: several provinces' percentages make no total), how
    many of how many reported, the qualifier of the sum (approximate if any part is), the communes'
    figures apart."""
    is_max = pl.col("indicator").is_in(list(max_indicators))
    is_none = pl.col("indicator").is_in(list(none_indicators))
    return (
        figures.group_by(*by, maintain_order=True)
        .agg(
            value=pl.when(is_none.first() & (pl.col("value").count() > 1))
            .then(None)
            .when(is_max.first() | is_none.first())
            .then(pl.col("value").max())
            .otherwise(pl.col("value").sum())
            .fill_null(0)
            .cast(pl.Float64),
            several_none=is_none.first() & (pl.col("value").count() > 1),
            any_value=pl.col("value").is_not_null().any(),
            denominator=pl.col("denominator").sum(),
            any_denominator=pl.col("denominator").is_not_null().any(),
            qualifiers=pl.col("qualifier").drop_nulls().unique().sort(),
            provinces_reported=pl.col("provinces_reported").sum(),
            provinces_total=pl.col("provinces_total").sum(),
            commune_value=pl.when(is_none.first() & (pl.col("commune_value").count() > 1))
            .then(None)
            .when(is_max.first() | is_none.first())
            .then(pl.col("commune_value").max())
            .otherwise(pl.col("commune_value").sum())
            .cast(pl.Float64),
            any_commune=pl.col("commune_value").is_not_null().any(),
            commune_qualifiers=pl.col("commune_qualifier").drop_nulls().unique().sort(),
            communes_reported=pl.col("communes_reported").sum(),
            communes_total=pl.col("communes_total").sum(),
            sources=pl.col("sources").list.explode(keep_nulls=False, empty_as_null=False).unique().sort()
            if "sources" in figures.columns
            else pl.lit([], pl.List(pl.String)),
            # one province's own value keeps the word its source wrote ("hơn")
            qualifier_word=pl.col("qualifier_word").drop_nulls().first()
            if "qualifier_word" in figures.columns
            else pl.lit(None, pl.String),
            reporting_provinces=pl.col("value").is_not_null().sum(),
        )
        .with_columns(
            value=pl.when(pl.col("any_value") & ~pl.col("several_none")).then(pl.col("value")),
            denominator=pl.when(pl.col("any_denominator")).then(pl.col("denominator")),
            commune_value=pl.when(pl.col("any_commune")).then(pl.col("commune_value")),
            qualifier=combined_qualifier("qualifiers"),
            commune_qualifier=combined_qualifier("commune_qualifiers"),
        )
        .drop("any_value", "any_denominator", "any_commune", "qualifiers", "commune_qualifiers", "several_none")
    )


def like_for_like_change(per_province: pl.DataFrame) -> pl.DataFrame:
    """Year-over-year change of a reported figure over the provinces that reported it in both years
    (a province reporting for the first time is not growth). `per_province`: year, province_code,
    value (null = not reported). One row per year: change_pct (null without a common province) and
    common (how many provinces it is computed over)."""
    have = per_province.filter(pl.col("value").is_not_null()).select("year", "province_code", "value")
    before = have.with_columns(year=pl.col("year") + 1).rename({"value": "value_prev"})
    both = have.join(before, on=["year", "province_code"], how="inner")
    agg = both.group_by("year").agg(
        now=pl.col("value").sum(), prev=pl.col("value_prev").sum(), common=pl.len().cast(pl.Int64)
    )
    years = per_province.select("year").unique()
    return (
        years.join(agg, on="year", how="left")
        .with_columns(
            change_pct=pl.when(pl.col("prev") > 0).then(
                (100.0 * (pl.col("now") - pl.col("prev")) / pl.col("prev")).round(1)
            ),
            common=pl.col("common").fill_null(0),
        )
        .select("year", "change_pct", "common")
        .sort("year")
    )


def headline_from_store(
    headline: pl.DataFrame, figures: pl.DataFrame, measures: dict[str, tuple[str, ...]]
) -> pl.DataFrame:
    """The headline rows (one per year and province, detail rows only) with every figure the store
    answers replaced by the store's figure in force (service.figures: reports, documents and detail
    under the one rule). For each such figure m: m (the value; null = not reported), m_qualifier,
    m_sources (report / document / detail), m_own (the province's own report, null if none), m_lower
    with m_lower_units / m_lower_total (the sum of its lower units beside it). `measures` maps each
    headline column to the indicators it totals (antq.vocab.report_rules.HEADLINE_INDICATORS);
    communes_covered is a ratio's numerator, its denominator replaces communes_reported. A kind is
    counted as reported by a province when the store holds any of its figures."""
    keys = ["year", "province_code"]
    pairs = pl.DataFrame(
        [(m, i) for m, inds in measures.items() for i in inds], schema=["measure", "indicator"], orient="row"
    )
    f = figures.join(pairs, on="indicator")
    per = f.group_by([*keys, "measure"]).agg(
        value=pl.when(pl.col("value").is_not_null().any()).then(pl.col("value").sum()),
        denominator=pl.when(pl.col("denominator").is_not_null().any()).then(pl.col("denominator").sum()),
        qualifiers=pl.col("qualifiers").list.explode(keep_nulls=False, empty_as_null=False),
        sources=pl.col("sources").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        own=pl.when(pl.col("own_value").is_not_null().any()).then(pl.col("own_value").sum()),
        lower=pl.when(pl.col("lower_value").is_not_null().any()).then(pl.col("lower_value").sum()),
        lower_units=pl.col("lower_units").max(),
        lower_total=pl.col("lower_total").max(),
        source_provinces=pl.col("provinces_with_value").max(),
        # one indicator's own value keeps the word its source wrote ("hơn"); a total of several says its own
        qualifier_word=pl.when(pl.len() == 1).then(pl.col("qualifier_word").first()),
    )
    per = per.with_columns(qualifier=combined_qualifier("qualifiers")).drop("qualifiers")
    out = headline
    for m in measures:
        part = per.filter(pl.col("measure") == m).drop("measure")
        cols = {
            c: f"{m}_{c}"
            for c in ("qualifier", "qualifier_word", "sources", "own", "lower", "lower_units", "lower_total")
        }
        part = part.rename({"value": f"__{m}", "denominator": f"__{m}_den", "source_provinces": f"__{m}_sp", **cols})
        out = out.join(part, on=keys, how="left")
        dtype = out.schema[m] if m in out.columns else pl.Float64
        out = out.with_columns(pl.col(f"__{m}").round(0).cast(dtype, strict=False).alias(m))
        if m == "communes_covered":
            out = out.with_columns(
                communes_reported=pl.when(pl.col(f"__{m}_den").is_not_null())
                .then(pl.col(f"__{m}_den").cast(pl.Int64))
                .otherwise(pl.col("communes_reported"))
            )
        if m == "models_active" and "communes_models_reported" in out.columns:
            # a province that reported its models without detail rows: its communes are the base
            out = out.with_columns(
                communes_models_reported=pl.when(
                    pl.col(f"__{m}").is_not_null() & (pl.col("communes_models_reported") == 0)
                )
                .then(pl.col("communes_total"))
                .otherwise(pl.col("communes_models_reported"))
            )
        kind = FIGURE_KIND.get(m)
        if kind and reported_column(kind) in out.columns:
            col = reported_column(kind)
            out = out.with_columns(
                pl.when(pl.col(f"__{m}").is_not_null())
                .then(pl.max_horizontal(col, pl.col(f"__{m}_sp").fill_null(1)))
                .otherwise(pl.col(col))
                .alias(col)
            )
        out = out.drop(f"__{m}", f"__{m}_den", f"__{m}_sp")
    return out


def nation_over_provinces(
    totals: pl.DataFrame, nation: pl.DataFrame, measures: dict[str, tuple[str, ...]]
) -> pl.DataFrame:
    """Yearly totals (totals_by_year) with the nation's own report as the official figure of each
    measure it gives (all of the measure's indicators): m becomes the nation's value and qualifier,
    m_sources ['report'], and the provinces' sum moves beside it to m_lower with m_lower_units of
    m_lower_total provinces. Never added together. A ratio's denominator (communes_covered) replaces
    communes_reported."""
    out = totals
    for m, inds in measures.items():
        part = (
            nation.filter(pl.col("indicator").is_in(list(inds)))
            .group_by("year")
            .agg(
                n=pl.len(),
                v=pl.col("value").sum(),
                d=pl.when(pl.col("denominator").is_not_null().any()).then(pl.col("denominator").sum()),
                q=pl.col("qualifier"),
                w=pl.when(pl.len() == 1).then(pl.col("qualifier_word").first()),
            )
            .filter(pl.col("n") == len(inds))  # a part of a total is not the total
            .with_columns(q=combined_qualifier("q"), year=pl.col("year").cast(out.schema["year"]))
            .drop("n")
        )
        if part.is_empty() or m not in out.columns:
            continue
        out = out.join(part, on="year", how="left")
        has = pl.col("v").is_not_null()
        lower = [
            pl.when(has)
            .then(pl.col(m))
            .otherwise(pl.col(f"{m}_lower") if f"{m}_lower" in out.columns else None)
            .alias(f"{m}_lower"),
            pl.when(has).then(pl.col(f"{m}_units")).alias(f"{m}_lower_units"),
            pl.when(has).then(pl.col("provinces")).alias(f"{m}_lower_total"),
            pl.when(has).then(pl.col(f"{m}_qualifier")).alias(f"{m}_lower_qualifier"),
        ]
        out = out.with_columns(*lower).with_columns(
            pl.when(has).then(pl.col("v").round(0).cast(out.schema[m], strict=False)).otherwise(pl.col(m)).alias(m),
            pl.when(has).then(pl.col("q")).otherwise(pl.col(f"{m}_qualifier")).alias(f"{m}_qualifier"),
            pl.when(has).then(pl.lit(["report"])).otherwise(pl.col(f"{m}_sources")).alias(f"{m}_sources"),
            pl.when(has).then(pl.col("v")).alias(f"{m}_own"),
            pl.when(has).then(pl.col("w")).alias(f"{m}_qualifier_word"),
        )
        if m == "communes_covered":
            out = out.with_columns(
                communes_reported=pl.when(has & pl.col("d").is_not_null())
                .then(pl.col("d").cast(pl.Int64))
                .otherwise(pl.col("communes_reported"))
            )
        out = out.drop("v", "d", "q", "w")
    return out
