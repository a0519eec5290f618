"""Polars transforms: what SQL does badly -- totals with recomputed ratios, year-over-year deltas,
ranks, pivots, re-aggregation through the commune crosswalk."""

from __future__ import annotations

import polars as pl

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


def participants_per_point() -> pl.Expr:
    """Participants per festival point, from the two sums (never an average of averages)."""
    return (pl.col("participants") / pl.col("festival_points")).round(1).alias("participants_per_point")


def with_ratios(df: pl.DataFrame) -> pl.DataFrame:
    """Add the ratios a leader reads, computed from their parts (never averaged)."""
    return df.with_columns(
        (100.0 * pl.col("communes_covered") / pl.col("communes_total")).round(2).alias("coverage_pct"),
        participants_per_point(),
        (100.0 * pl.col("models_active") / pl.col("communes_total")).round(2).alias("models_per_100_communes"),
    ).with_columns(pl.col(pl.Float64).fill_nan(None))


def totals_by_year(headline: pl.DataFrame) -> pl.DataFrame:
    """Sum the per-province rows of `headline_by_province_year` into one row per year."""
    return with_ratios(
        headline.group_by("year").agg(pl.len().alias("provinces"), *[pl.col(c).sum() for c in ADDITIVE]).sort("year")
    )


def yoy(df: pl.DataFrame, by: list[str] | None = None, cols: tuple[str, ...] = ADDITIVE) -> pl.DataFrame:
    """Year-over-year change: `<col>_prev` and `<col>_change_pct` for each column (null without a previous year)."""
    by = by or []
    df = df.sort([*by, "year"])
    exprs = []
    for c in cols:
        if c not in df.columns:
            continue
        prev = pl.col(c).shift(1)
        if by:
            prev = prev.over(by)
        exprs += [prev.alias(f"{c}_prev")]
    df = df.with_columns(exprs)
    prev_year = pl.col("year").shift(1).over(by) if by else pl.col("year").shift(1)
    df = df.with_columns(_prev_year=prev_year)
    change = []
    for c in cols:
        if c not in df.columns:
            continue
        ok = (pl.col("_prev_year") == pl.col("year") - 1) & (pl.col(f"{c}_prev") != 0)
        change.append(
            pl.when(ok)
            .then((100.0 * (pl.col(c) - pl.col(f"{c}_prev")) / pl.col(f"{c}_prev")).round(1))
            .alias(f"{c}_change_pct")
        )
        df = df.with_columns(
            pl.when(pl.col("_prev_year") == pl.col("year") - 1).then(pl.col(f"{c}_prev")).alias(f"{c}_prev")
        )
    return df.with_columns(change).drop("_prev_year")


def rank(df: pl.DataFrame, col: str, descending: bool = True) -> pl.DataFrame:
    """Competition rank (1 = best) on `col`; ties share a rank; rows without a value come last,
    unranked. The one place a rank is computed (the overview's ranking, the map's hover)."""
    ranked = df.with_columns(rank=pl.col(col).rank(method="min", descending=descending).cast(pl.Int32))
    return ranked.sort("rank", nulls_last=True)


def reaggregate_communes(df: pl.DataFrame, crosswalk: pl.DataFrame, value_cols: list[str]) -> pl.DataFrame:
    """Carry old-commune figures (column `unit_code`, 2008 system) onto new communes.

    A divided commune's figures are split by the crosswalk's shares (which sum to 1 per old
    commune), so every total is preserved; counts may become fractional at commune level and are
    left unrounded so that sums stay exact.
    """
    joined = df.join(
        crosswalk.select("old_unit_code", "new_unit_code", "share"), left_on="unit_code", right_on="old_unit_code"
    )
    keys = [c for c in df.columns if c not in value_cols and c != "unit_code"]
    return (
        joined.with_columns([(pl.col(c) * pl.col("share")).alias(c) for c in value_cols])
        .group_by([*keys, "new_unit_code"])
        .agg([pl.col(c).sum() for c in value_cols])
        .rename({"new_unit_code": "unit_code"})
        .sort([*keys, "unit_code"])
    )
