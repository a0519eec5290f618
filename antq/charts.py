"""Chart builders: Polars frames in, Plotly figures out; no Streamlit here.

One palette for the whole app, colour-blind safe (Okabe-Ito), fonts large enough for a
meeting-room projector, Vietnamese number separators ("1.234.567,5").
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from antq import i18n
from antq.vocab.unit_systems import FIRST_NEW_SYSTEM_YEAR, LATEST_SYSTEM, PROVINCE_COUNT, REFORM_DATE

# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
HIGHLIGHT = "#D55E00"
BASE_FONT = 16


def _layout(fig: go.Figure, lang: str, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        font=dict(size=BASE_FONT),
        colorway=PALETTE,
        separators=",." if lang == "vi" else ".,",  # decimal mark, then thousands separator
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=BASE_FONT),
    )
    fig.update_yaxes(tickformat=",d", rangemode="tozero")
    return fig


def trend(df: pl.DataFrame, y: str, lang: str, title: str | None = None, percent: bool = False) -> go.Figure:
    """One line over years; the latest reorganisation marked."""
    fig = go.Figure(
        go.Scatter(
            x=df["year"].to_list(),
            y=df[y].to_list(),
            mode="lines+markers+text",
            text=[i18n.figure(v, 1 if percent else 0, lang) for v in df[y].to_list()],
            textposition="top center",
            line=dict(color=PALETTE[0], width=3),
            marker=dict(size=9),
            name=i18n.column(y, lang),
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>" if percent else "%{x}: %{y:,d}<extra></extra>",
        )
    )
    _layout(fig, lang, title)
    fig.update_xaxes(dtick=1, tickformat="d")
    # a year nobody reported is a gap in the line, labelled as such at the foot (never plotted as 0)
    for x, v in zip(df["year"].to_list(), df[y].to_list()):
        if v is None:
            fig.add_annotation(
                x=x,
                y=0,
                yref="paper",
                yanchor="bottom",
                text=i18n.not_reported(lang),
                showarrow=False,
                font=dict(color="#777777", size=11),
            )
    if percent:
        fig.update_yaxes(tickformat=",.0f", ticksuffix="%", range=[0, 105])
    years = df["year"].to_list()
    if years and min(years) < FIRST_NEW_SYSTEM_YEAR <= max(years):
        fig.add_vline(x=FIRST_NEW_SYSTEM_YEAR - 0.5, line_dash="dot", line_color="#555")
        provinces = PROVINCE_COUNT[LATEST_SYSTEM]
        fig.add_annotation(
            x=FIRST_NEW_SYSTEM_YEAR - 0.5,
            y=1,
            yref="paper",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            text=f" {i18n.date(REFORM_DATE, lang)}: {provinces} " + ("tỉnh" if lang == "vi" else "provinces"),
            font=dict(size=13),
        )
    return fig


def ranking(
    df: pl.DataFrame,
    value: str,
    label: str,
    lang: str,
    selected: list[str] | tuple[str, ...] = (),
    title: str | None = None,
    percent: bool = False,
) -> go.Figure:
    """Horizontal bars, best at the top; selected provinces in the highlight colour."""
    df = df.sort(value, descending=False, nulls_last=False)
    codes = df["province_code"].to_list()
    colors = [HIGHLIGHT if c in selected else PALETTE[0] for c in codes]
    fmt = ",.1f" if percent else ",d"
    fig = go.Figure(
        go.Bar(
            x=df[value].to_list(),
            y=df[label].to_list(),
            orientation="h",
            marker_color=colors,
            text=[i18n.figure(v, 1 if percent else 0, lang) for v in df[value].to_list()],
            textposition="outside",
            hovertemplate=f"%{{y}}: %{{x:{fmt}}}<extra></extra>",
            cliponaxis=False,
        )
    )
    _layout(fig, lang, title, height=max(300, 26 * df.height + 80))
    fig.update_layout(margin=dict(r=60))  # room for the value labels outside the bars
    fig.update_yaxes(tickformat=None, rangemode=None)
    fig.update_xaxes(tickformat=",.0f" if percent else ",d")
    return fig


def bars(
    df: pl.DataFrame,
    x: str,
    y: str,
    lang: str,
    color: str | None = None,
    title: str | None = None,
    horizontal: bool = False,
    barmode: str = "stack",
) -> go.Figure:
    """Bars of `y` by `x`, optionally split by the categorical column `color` (labelled)."""
    fig = go.Figure()
    groups = [(None, df)] if color is None else [(k[0], g) for k, g in df.group_by(color, maintain_order=True)]
    for i, (key, g) in enumerate(groups):
        xs = [i18n.value(x, v, lang) if x in i18n.VALUES else v for v in g[x].to_list()]
        name = i18n.value(color, key, lang) if color else i18n.column(y, lang)
        kw = dict(x=g[y].to_list(), y=xs, orientation="h") if horizontal else dict(x=xs, y=g[y].to_list())
        cat, num = ("y", "x") if horizontal else ("x", "y")
        fig.add_trace(
            go.Bar(
                name=name,
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate=f"{name}<br>%{{{cat}}}: %{{{num}:,d}}<extra></extra>",
                **kw,
            )
        )
    _layout(fig, lang, title, height=max(380, 30 * df[x].n_unique() + 100) if horizontal else 420)
    fig.update_layout(barmode=barmode, showlegend=color is not None)
    if x == "year" and not horizontal:
        fig.update_xaxes(dtick=1, tickformat="d", type="category")
    if horizontal:
        fig.update_yaxes(tickformat=None, rangemode=None, autorange="reversed")
        fig.update_xaxes(tickformat=",d")
    return fig


def histogram(values: list[float], lang: str, x_title: str, title: str | None = None, nbins: int = 30) -> go.Figure:
    fig = go.Figure(
        go.Histogram(x=values, nbinsx=nbins, marker_color=PALETTE[0], hovertemplate="%{x}: %{y:,d}<extra></extra>")
    )
    _layout(fig, lang, title)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title="Số xã" if lang == "vi" else "Communes")
    return fig
