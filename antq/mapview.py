"""The coverage map's questions: province values of a measure, the national figure, the commune
drill-down. Functions of (source, selection, ...); the values are cached like antq.service's
(antq/cache.py), the figures are not: each holds its own copy of the boundaries (Plotly copies a
trace's GeoJSON), so a cached map cost megabytes, and weighing it for the cache's byte bound cost
more time than drawing it again (42 vs 34 ms, national, 2025)."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import polars as pl

from antq import evaluation, i18n, maps, service
from antq.cache import cached
from antq.selection import Selection
from antq.units import province_successor
from antq.vocab.unit_systems import system_for_year

MEASURES = (
    "coverage_pct",
    "festival_points",
    "participants",
    "participants_per_point",
    "models_active",
    "models_per_100_communes",
    "commendations",
    # the year's evaluation: shares with the count they are computed over (antq/evaluation.py)
    *(m.code for m in evaluation.MEASURES),
)
SCHEMES = ("quantiles", "natural_breaks")


@cached
def province_values(source, sel: Selection, measure: str) -> pl.DataFrame:
    """Every province of the selection's system with the measure as `value` and its national `rank`
    (the map shows the whole country; the selection is outlined, not filtered)."""
    if measure in evaluation.BY_CODE:
        return evaluation.province_values(source, sel, measure, i18n.DEFAULT_LANG)
    return service.province_ranking(source, sel, measure).rename({measure: "value"})


def measure_label(measure: str, lang: str) -> str:
    return evaluation.label(measure, lang) if measure in evaluation.BY_CODE else i18n.column(measure, lang)


def national_figure(source, sel: Selection, measure: str, scheme: str, lang: str) -> go.Figure:
    if measure in evaluation.BY_CODE:
        # the hover says the share with its count ("65,4% (332/508 khu dân cư)")
        values = evaluation.province_values(source, sel, measure, lang)
    else:
        values = province_values(source, sel, measure)
    if f"{measure}_qualifier" in values.columns:  # the hover says a figure as published ("trên 8.800")
        written = [
            i18n.headline({"v": v, "v_qualifier": q}, "v", lang) if v is not None else None
            for v, q in zip(values["value"].to_list(), values[f"{measure}_qualifier"].to_list())
        ]
        values = values.with_columns(text=pl.Series(written, dtype=pl.String))
    title = f"{measure_label(measure, lang)} — {sel.year}"
    # (maps sets clickmode="event+select": a click selects the province, which on_select sees.)
    return maps.province_choropleth(
        values.select(
            "province_code", "province_name", "value", "rank", *(["text"] if "text" in values.columns else [])
        ),
        sel.units,
        measure_label(measure, lang),
        list(sel.provinces),
        scheme=scheme,
        title=title,
        lang=lang,
        only=sel.scope_provinces,
    )


def clicked_code(event) -> str | None:
    """The unit code of the point a map selection event carries (customdata[0]), if any."""
    try:
        points = list(event["selection"]["points"])
    except (KeyError, TypeError):
        return None
    for p in points:
        data = p.get("customdata") if hasattr(p, "get") else None
        if data:
            return data[0]
    return None


def drill_provinces(sel: Selection, province_code: str) -> list[str]:
    """The provinces, in the year's own system, whose communes make up `province_code` of the
    selection's system: one, or the old provinces merged into a new one for years before 2025."""
    if system_for_year(sel.year) != sel.units:
        return sorted(old for old, new in province_successor().items() if new == province_code)
    return [province_code]


@cached
def communes(source, sel: Selection, own_province_code: str) -> pl.DataFrame:
    """The base units of one province (in the year's own system) with festival points and participants."""
    own = dataclasses.replace(sel, units=system_for_year(sel.year), provinces=(own_province_code,))
    return service.participation_by_commune(source, own).with_columns(held=pl.col("festival_points") > 0)


def commune_figure(source, sel: Selection, own_province_code: str, colour_by: str, lang: str) -> go.Figure:
    df = communes(source, sel, own_province_code)
    system = system_for_year(sel.year)
    if colour_by == "held":
        label = "Tổ chức Ngày hội" if lang == "vi" else "Held the festival"
        return maps.commune_choropleth(df.select("unit_code", "held"), system, own_province_code, label, lang=lang)
    return maps.commune_choropleth(
        df.select("unit_code", pl.col(colour_by).alias("value")),
        system,
        own_province_code,
        i18n.column(colour_by, lang),
        lang=lang,
    )
