"""Polars transforms: what SQL does badly -- totals with recomputed ratios, year-over-year deltas,
ranks. Each derived figure is computed here and nowhere else."""

from __future__ import annotations

import polars as pl

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
    provinces and communes each total is."""
    return with_ratios(
        headline.group_by("year")
        .agg(
            pl.len().alias("provinces"),
            *[pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c) for c in ADDITIVE],
            *[pl.col(c).sum() for c in REPORTING],
        )
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
