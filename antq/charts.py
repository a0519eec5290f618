"""Chart builders: Polars frames in, Plotly figures out; no Streamlit here.

One palette for the whole app, colour-blind safe (Okabe-Ito), fonts large enough for a
meeting-room projector, Vietnamese number separators ("1.234.567,5").
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import polars as pl

from antq import i18n
from antq.vocab.unit_systems import FIRST_NEW_SYSTEM_YEAR, LATEST_SYSTEM, PROVINCE_COUNT, REFORM_DATE

# Okabe & Ito (2008), the colour-blind-safe qualitative palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
HIGHLIGHT = "#D55E00"
BASE_FONT = 16


def _layout(lang: str, title: str | None = None, height: int = 420, **extra) -> dict:
    """The app's layout as one dict, with `extra` keys merged over it: a figure is built in one
    constructor call, since Plotly's update_* and add_* methods each cost a millisecond or more
    (a chart built through them took ~10 ms, most of a page's chart time)."""
    layout = dict(
        title=title,
        height=height,
        font=dict(size=BASE_FONT),
        colorway=PALETTE,
        separators=",." if lang == "vi" else ".,",  # decimal mark, then thousands separator
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hoverlabel=dict(font_size=BASE_FONT),
        yaxis=dict(tickformat=",d", rangemode="tozero"),
    )
    for key, value in extra.items():
        layout[key] = {**layout[key], **value} if isinstance(layout.get(key), dict) else value
    return layout


def trend(df: pl.DataFrame, y: str, lang: str, title: str | None = None, percent: bool = False) -> go.Figure:
    """One line over years; the latest reorganisation marked."""
    years, values = df["year"].to_list(), df[y].to_list()
    line = go.Scatter(
        x=years,
        y=values,
        mode="lines+markers+text",
        text=[i18n.figure(v, 1 if percent else 0, lang) for v in values],
        textposition="top center",
        line=dict(color=PALETTE[0], width=3),
        marker=dict(size=9),
        name=i18n.column(y, lang),
        hovertemplate="%{x}: %{y:,.1f}<extra></extra>" if percent else "%{x}: %{y:,d}<extra></extra>",
        cliponaxis=False,  # the labels above the points are drawn whole, never cut at the axis
    )
    # a year nobody reported is a gap in the line, labelled as such at the foot (never plotted as 0)
    annotations = [
        dict(
            x=x,
            y=0,
            yref="paper",
            yanchor="bottom",
            text=i18n.not_reported(lang),
            showarrow=False,
            font=dict(color="#777777", size=11),
        )
        for x, v in zip(years, values)
        if v is None
    ]
    shapes = []
    if years and min(years) < FIRST_NEW_SYSTEM_YEAR <= max(years):
        reform = FIRST_NEW_SYSTEM_YEAR - 0.5
        shapes.append(
            dict(
                type="line",
                x0=reform,
                x1=reform,
                xref="x",
                y0=0,
                y1=1,
                yref="y domain",
                line_dash="dot",
                line_color="#555",
            )
        )
        provinces = PROVINCE_COUNT[LATEST_SYSTEM]
        # The note stands on the side of the line with more room, so it is never cut at the edge.
        right_half = reform > (min(years) + max(years)) / 2
        annotations.append(
            dict(
                x=reform,
                y=1,
                yref="paper",
                showarrow=False,
                xanchor="right" if right_half else "left",
                yanchor="top",
                text=f" {i18n.date(REFORM_DATE, lang)}: {provinces} " + ("tỉnh" if lang == "vi" else "provinces"),
                font=dict(size=13),
            )
        )
    known = [v for v in values if v is not None]
    top = max(known, default=0)
    # Room above the highest point for its label; the x axis stops half a year outside the data.
    yaxis = dict(tickformat=",.0f", ticksuffix="%", range=[0, 112]) if percent else dict(range=[0, (top or 1) * 1.18])
    yaxis["title"] = dict(text=i18n.column(y, lang))
    xaxis = dict(dtick=1, tickformat="d")
    if years:
        xaxis["range"] = [min(years) - 0.5, max(years) + 0.5]
    layout = _layout(lang, title, xaxis=xaxis, yaxis=yaxis)
    if annotations:
        layout["annotations"] = annotations
    if shapes:
        layout["shapes"] = shapes
    return go.Figure(line, layout)


def ranking(
    df: pl.DataFrame,
    value: str,
    label: str,
    lang: str,
    selected: list[str] | tuple[str, ...] = (),
    title: str | None = None,
    percent: bool = False,
    x_max: float | None = None,
) -> go.Figure:
    """Horizontal bars, best at the top; selected provinces in the highlight colour. `x_max`: the
    scale's end, shared by rankings shown side by side (the leaders and the weakest): without it,
    46% drawn as long as 91%."""
    df = df.sort(value, descending=False, nulls_last=False)
    codes = df["province_code"].to_list()
    colors = [HIGHLIGHT if c in selected else PALETTE[0] for c in codes]
    # a figure as published: "trên 8.800" where the store says how it was written
    qualifiers = df[f"{value}_qualifier"].to_list() if f"{value}_qualifier" in df.columns else [None] * df.height
    text = [
        i18n.figure(v, 1, lang, pct=True)
        if percent or q is None
        else i18n.headline({"v": v, "v_qualifier": q}, "v", lang)
        for v, q in zip(df[value].to_list(), qualifiers)
    ]
    bar = go.Bar(
        x=df[value].to_list(),
        y=df[label].to_list(),
        orientation="h",
        marker_color=colors,
        text=text,
        textposition="outside",
        hovertemplate="%{y}: %{text}<extra></extra>",
        cliponaxis=False,
    )
    layout = _layout(
        lang,
        title,
        height=max(300, 26 * df.height + 80),
        margin=dict(r=60),  # room for the value labels outside the bars
        xaxis=dict(
            tickformat=",.0f" if percent else ",d",
            title=dict(text=i18n.column(value, lang)),
            **({"range": [0, x_max * 1.15]} if x_max else {}),
        ),
    )
    layout["yaxis"] = {}  # category labels: no number format, no zero floor
    return go.Figure(bar, layout)


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
    traces = []
    groups = [(None, df)] if color is None else [(k[0], g) for k, g in df.group_by(color, maintain_order=True)]
    for i, (key, g) in enumerate(groups):
        xs = [i18n.value(x, v, lang) if x in i18n.VALUES else v for v in g[x].to_list()]
        name = i18n.value(color, key, lang) if color else i18n.column(y, lang)
        kw = dict(x=g[y].to_list(), y=xs, orientation="h") if horizontal else dict(x=xs, y=g[y].to_list())
        cat, num = ("y", "x") if horizontal else ("x", "y")
        traces.append(
            go.Bar(
                name=name,
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate=f"{name}<br>%{{{cat}}}: %{{{num}:,d}}<extra></extra>",
                **kw,
            )
        )
    extra = {}
    if x == "year" and not horizontal:
        extra["xaxis"] = dict(dtick=1, tickformat="d", type="category")
    if horizontal:
        extra["xaxis"] = dict(tickformat=",d", title=dict(text=i18n.column(y, lang)))
    else:
        extra["yaxis"] = dict(title=dict(text=i18n.column(y, lang)))
    layout = _layout(
        lang,
        title,
        height=max(380, 30 * df[x].n_unique() + 100) if horizontal else 420,
        barmode=barmode,
        showlegend=color is not None,
        **extra,
    )
    if horizontal:
        layout["yaxis"] = dict(autorange="reversed")
    return go.Figure(traces, layout)


def histogram(values: list[float], lang: str, x_title: str, title: str | None = None, nbins: int = 30) -> go.Figure:
    hist = go.Histogram(x=values, nbinsx=nbins, marker_color=PALETTE[0], hovertemplate="%{x}: %{y:,d}<extra></extra>")
    layout = _layout(lang, title, xaxis=dict(title=x_title), yaxis=dict(title="Số xã" if lang == "vi" else "Communes"))
    return go.Figure(hist, layout)


# ---------------------------------------------------------------- a figure that stands alone
# Every figure sent to the browser carries its title, the unit of its values and its source inside
# itself (issue 25), so that a screenshot or the toolbar's PNG, sent on in a message, still says what
# it shows and that illustrative data is illustrative. antq.ui.frame.plot calls this for every chart.
TITLE_CHARS = 46  # a title line that fits a phone's 358 px chart at 16 px
SOURCE_CHARS = 64  # a source line at 12 px
GEO_TRACES = ("choropleth", "scattergeo", "choroplethmap", "scattermap")


def _wrapped(text: str, width: int) -> tuple[str, int]:
    if "<br>" in text:
        return text, text.count("<br>") + 1
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(lines), len(lines)


def _value_axis(fig: go.Figure) -> str:
    horizontal = any(getattr(t, "orientation", None) == "h" for t in fig.data)
    return "xaxis" if horizontal else "yaxis"


def stand_alone(fig: go.Figure, title: str | None, source: str, unit: str | None = None) -> go.Figure:
    """Give `fig` its title (or keep the one it has), the unit of its values (the value axis's
    title, or a map's legend title) and a source line under the title; the top margin is set to
    hold them and the legend, so that nothing overlaps. Changes `fig` in place (idempotent) and
    returns it."""
    layout = fig.layout
    text = title or (layout.title.text or "")
    if not text:
        raise ValueError("A chart needs a title (antq.charts.stand_alone).")
    text, title_lines = _wrapped(text, TITLE_CHARS)
    source_text, source_lines = _wrapped(source, SOURCE_CHARS)
    geo = any(t.type in GEO_TRACES for t in fig.data)
    if unit:
        if geo:
            fig.update_layout(legend_title_text=unit)
        else:
            axis = _value_axis(fig)
            if not (layout[axis].title.text or ""):
                fig.update_layout({f"{axis}_title_text": unit})
    traces_in_legend = [t for t in fig.data if t.showlegend is not False and t.name]
    legend_on_top = not geo and (layout.showlegend or (layout.showlegend is None and len(traces_in_legend) > 1))
    legend_rows = 0 if not legend_on_top else (1 if len(traces_in_legend) <= 3 else 2)
    top = 22 + 22 * title_lines + 18 * source_lines + 26 * legend_rows
    fig.update_layout(
        title=dict(
            text=text,
            x=0.01,
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=8),
            font=dict(size=16),
            automargin=False,
            subtitle=dict(text=source_text, font=dict(size=12, color="#555555")),
        ),
        margin=dict(t=top),
    )
    return fig
