"""Choropleth figures of provinces and communes (pure functions; the pages render them).

Drawn as SVG (``go.Choropleth`` on a ``geo`` subplot with our own GeoJSON, every base layer off),
not WebGL: Streamlit gives each chart an id that hashes its figure, so every year change mounts the
chart afresh, and a MapLibre map (``Choroplethmap``) then costs a new WebGL context and its shaders
each time — ~610 ms per draw against ~80 ms for the same figure in SVG (docs/benchmarks.md, "Where a
map year change goes"). Offline by construction: plotly.js still fetches a base topology for any
geo subplot holding a choropleth, so every chart is given CHART_CONFIG, which points it at an
empty one served by the app (static/topojson/), and the briefing's renderer gets TOPOJSON_DIR.

Longer than ~350 lines on purpose: the national and commune figures share their classes, palette,
archipelago marks and layout, and the geometry helpers above them exist only for these figures;
split, a change to how a map looks would span files.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import jenkspy
import numpy as np
import plotly.graph_objects as go
import polars as pl
import shapely

from antq import i18n, settings, transforms
from antq.boundaries import BoundaryReport, load_boundaries
from antq.units import ARCHIPELAGO_POSITIONS, ARCHIPELAGOS, SYSTEM_NEW, province_names

# ColorBrewer YlGnBu: sequential and colour-blind safe; light = low.
PALETTE = {
    2: ["#edf8b1", "#2c7fb8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
}
NO_DATA_COLOUR = "#d9d9d9"
OUTSIDE_COLOUR = "#f2f2f2"  # provinces outside a scoped viewer's scope: an outline, lighter than "not reported"
HELD_COLOURS = {True: "#2c7fb8", False: "#fdb863"}  # blue / orange: distinct for colour-blind readers
# All of Vietnam with both archipelagos (lon/lat), for the national view.
NATIONAL_BOUNDS = (102.0, 8.2, 115.0, 23.5)
DEFAULT_WIDTH, DEFAULT_HEIGHT = 640, 820
MARGIN = dict(l=0, r=0, t=40, b=0)
# Display simplification (degrees) and coordinate rounding: keeps the national figure small.
NATIONAL_TOLERANCE, NATIONAL_DIGITS = 0.004, 3
COMMUNE_TOLERANCE, COMMUNE_DIGITS = 0.0004, 4
# The empty base topology plotly.js asks for (scope "world", resolution 110: world_110m.json). The
# app serves static/ under app/static/ (server.enableStaticServing); the address is relative so it
# holds behind a proxy's path prefix (every page is one level under the app's root).
TOPOJSON_DIR = settings.PROJECT_ROOT / "static" / "topojson"
CHART_CONFIG = {"displaylogo": False, "scrollZoom": True, "topojsonURL": "app/static/topojson/"}


def format_number(x: float | None, decimals: int = 0, lang: str = i18n.DEFAULT_LANG) -> str:
    """A map label in the user's language (antq.i18n: 12.345,6 in Vietnamese, 12,345.6 in English)."""
    return i18n.number(x, decimals, lang)


def _decimals(values: np.ndarray) -> int:
    if len(values) == 0 or np.allclose(values, np.round(values)):
        return 0
    span = float(np.nanmax(values) - np.nanmin(values))
    return 2 if span < 10 else 1


# --- geometry --------------------------------------------------------------------------------


def _simplified(gdf, tolerance: float, digits: int) -> list:
    geoms = gdf.geometry.values
    try:
        # A coverage keeps shared edges shared, so neighbours neither gap nor overlap on screen.
        out = shapely.coverage_simplify(geoms, tolerance)
    except Exception:  # an official file need not be a clean coverage
        out = shapely.simplify(geoms, tolerance, preserve_topology=True)
    return list(shapely.set_precision(out, 10.0**-digits, mode="pointwise"))


@lru_cache(maxsize=32)
def _features(units_system: int, level: str, province_code: str | None, key: tuple) -> tuple[dict, ...]:
    """GeoJSON features (id/featureidkey: properties.unit_code); ``key`` ties the cache to the source."""
    gdf, _ = load_boundaries(units_system, level, province_code)
    tol, digits = (NATIONAL_TOLERANCE, NATIONAL_DIGITS) if level == "province" else (COMMUNE_TOLERANCE, COMMUNE_DIGITS)
    geoms = _simplified(gdf, tol, digits)
    return tuple(
        {"type": "Feature", "properties": {"unit_code": code}, "geometry": json.loads(shapely.to_geojson(g))}
        for code, g in zip(gdf.unit_code, geoms)
    )


def _source_key(units_system: int, level: str, province_code: str | None) -> tuple:
    _, report = load_boundaries(units_system, level, province_code)
    return (report.source, report.path, report.error)


def geojson(
    units_system: int, level: str = "province", province_code: str | None = None, codes: set[str] | None = None
) -> dict:
    feats = _features(units_system, level, province_code, _source_key(units_system, level, province_code))
    if codes is not None:
        feats = tuple(f for f in feats if f["properties"]["unit_code"] in codes)
    return {"type": "FeatureCollection", "features": list(feats)}


# --- classes ---------------------------------------------------------------------------------


def classify(
    values: np.ndarray, k: int = 5, scheme: str = "quantiles", lang: str = i18n.DEFAULT_LANG
) -> tuple[np.ndarray, list[str]]:
    """Class index per value and a label per class in words ("12,5 – 30,0")."""
    decimals = _decimals(values)
    distinct = np.unique(values)
    k = max(1, min(k, len(distinct), 6))
    if k == 1:
        return np.zeros(len(values), dtype=int), [format_number(float(distinct[0]), decimals, lang)]
    uppers = class_uppers(values, k, scheme)
    lows = [float(np.min(values))] + uppers[:-1]
    labels = [
        f"{format_number(lo, decimals, lang)} – {format_number(hi, decimals, lang)}" for lo, hi in zip(lows, uppers)
    ]
    # A value equal to a class's upper bound belongs to that class.
    return np.searchsorted(uppers, values, side="left").astype(int), labels


def class_uppers(values: np.ndarray, k: int, scheme: str) -> list[float]:
    """Each class's upper bound, ascending, the last one the maximum. Quantiles: the k-quantiles
    (ties collapse into fewer classes); natural breaks: Fisher-Jenks, the classes of least variance
    within. (mapclassify did this before, but importing it loads scikit-learn and SciPy, ~75 MB
    of every server's memory and seconds of its start, for one k-means on at most 63 values.)"""
    if scheme == "natural_breaks":
        return [float(b) for b in np.unique(jenkspy.jenks_breaks(values, n_classes=k)[1:])]
    return [float(b) for b in np.unique(np.percentile(values, np.linspace(100 / k, 100, k)))]


# --- figures ---------------------------------------------------------------------------------

WORDS = {
    "vi": {
        "classes": "Phân lớp",
        "selected": "Đang chọn",
        "no_data": "Chưa báo cáo",  # a null value is a unit that has not reported (never drawn as 0)
        "outside": "Ngoài phạm vi của bạn",
        "rank": "Xếp hạng",
        "held": "Đã tổ chức",
        "not_held": "Chưa tổ chức",
        "where": "Vị trí",
    },
    "en": {
        "classes": "Classes",
        "selected": "Selected",
        "no_data": "Not reported",
        "outside": "Outside your scope",
        "rank": "Rank",
        "held": "Held",
        "not_held": "Not held",
        "where": "Location",
    },
}


def _archipelago_marks(units_system: int, values: dict[str, str], measure_label: str) -> go.Scattergeo:
    """Hoàng Sa and Trường Sa named on the map, with their province, and a hover carrying its value."""
    names = province_names(units_system)
    lons, lats, labels, texts, custom = [], [], [], [], []
    for a in ARCHIPELAGOS.values():
        code = a["province"]
        lat, lon = ARCHIPELAGO_POSITIONS[(SYSTEM_NEW, a["units"][SYSTEM_NEW][0])]
        prov = names[code]
        lons.append(lon)
        lats.append(lat)
        labels.append(f"{a['name']}<br>({prov})")
        texts.append(f"<b>{a['name']}</b> ({prov})<br>{measure_label}: {values.get(code, '–')}")
        custom.append([code, prov])
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="markers+text",
        marker=dict(size=9, color="rgba(0,0,0,0)"),
        text=labels,
        textposition="middle left",  # over the sea between them and the coast, inside the frame
        textfont=dict(size=11, color="#333"),
        hovertext=texts,
        hoverinfo="text",
        customdata=custom,
        showlegend=False,
        name="Quần đảo",
    )


def _provinces_trace(units_system: int, codes: list[str], colour: str, name: str, line=None, **extra):
    """One flat-coloured area per province of `codes` (a class of the legend, the outline outside a
    scope, the selection's outline): the map's one way of drawing a group of provinces."""
    return go.Choropleth(
        geojson=geojson(units_system, "province", codes=set(codes)),
        featureidkey="properties.unit_code",
        locations=codes,
        z=[1] * len(codes),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker=dict(line=line or dict(width=0.6, color="white"), opacity=0.95),
        name=name,
        showlegend=True,
        **extra,
    )


def province_choropleth(
    values: pl.DataFrame,
    units_system: int,
    measure_label: str,
    selected: list[str] | None = None,
    *,
    k: int = 5,
    scheme: str = "quantiles",
    title: str | None = None,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    lang: str = "vi",
    missing_label: str | None = None,
    only: list[str] | None = None,
) -> go.Figure:
    """National map of one measure per province.

    ``values``: province_code, province_name, value (null = no data) and, optionally, rank (as
    antq.transforms.rank computes it; computed here when absent). Every province of the system
    is drawn (missing ones grey); the archipelagos belong to Đà Nẵng / Khánh Hòa and take their
    colour. A selection on the map returns the province code as ``customdata[0]``.
    Drawn at ``width`` x ``height`` (the pages render it at that size, not the container's width).
    An optional ``text`` column is shown in the hover instead of the number (a reported value as
    written, "trên 5.800"); ``missing_label`` names the grey class ("Chưa báo cáo"; default "no data").
    ``only``: the provinces a scoped viewer may see (None: all); the others are drawn as a plain,
    unnamed outline -- never "not reported", which would be a statement about another scope.
    """
    gdf, report = load_boundaries(units_system, "province")
    names = dict(zip(gdf.unit_code, gdf.name))
    v = dict(zip(values["province_code"].to_list(), values["value"].to_list())) if values.height else {}
    codes = list(gdf.unit_code)
    have = [c for c in codes if v.get(c) is not None and not (isinstance(v[c], float) and math.isnan(v[c]))]
    arr = np.array([float(v[c]) for c in have])
    decimals = _decimals(arr)
    shown = {c: format_number(float(v[c]), decimals, lang) for c in have}
    if "text" in values.columns:
        texts = dict(zip(values["province_code"].to_list(), values["text"].to_list()))
        shown = {c: texts.get(c) or shown[c] for c in have}
    ranked = values if "rank" in values.columns else transforms.rank(values, "value")
    have_set = set(have)
    rank = {c: r for c, r in zip(ranked["province_code"].to_list(), ranked["rank"].to_list()) if c in have_set}

    traces = []
    groups: list[tuple[str, str, list[str]]] = []
    if have:
        yb, labels = classify(arr, k, scheme, lang)
        palette = PALETTE.get(len(labels), PALETTE[5])[: len(labels)] if len(labels) > 1 else [PALETTE[2][1]]
        for i, label in enumerate(labels):
            groups.append((label, palette[i], [c for c, b in zip(have, yb) if b == i]))
    outside = [] if only is None else [c for c in codes if c not in set(only)]
    missing = [c for c in codes if c not in shown and c not in outside]
    if missing:
        groups.append((missing_label or WORDS[lang]["no_data"], NO_DATA_COLOUR, missing))
    hover = (
        "<b>%{customdata[1]}</b><br>"
        + measure_label
        + ": %{customdata[2]}<br>"
        + WORDS[lang]["rank"]
        + ": %{customdata[3]}<extra></extra>"
    )
    for label, colour, members in groups:
        if not members:
            continue
        traces.append(
            _provinces_trace(
                units_system,
                members,
                colour,
                label,
                customdata=[
                    [c, names[c], shown.get(c, WORDS[lang]["no_data"]), f"{rank[c]}/{len(have)}" if c in rank else "–"]
                    for c in members
                ],
                hovertemplate=hover,
                legendgroup=label,
            )
        )
    if outside:
        traces.append(_provinces_trace(units_system, outside, OUTSIDE_COLOUR, WORDS[lang]["outside"], hoverinfo="skip"))
    sel = [c for c in (selected or []) if c in names]
    if sel:
        traces.append(
            _provinces_trace(
                units_system,
                sel,
                "rgba(0,0,0,0)",
                WORDS[lang]["selected"],
                line=dict(width=2.5, color="#d7301f"),
                hoverinfo="skip",
                customdata=[[c, names[c]] for c in sel],
            )
        )
    marks = _archipelago_marks(units_system, shown, measure_label)
    # The national view is fixed (not fitted to what is drawn), so a year change never moves it.
    x0, y0, x1, y1 = NATIONAL_BOUNDS
    view = dict(fitbounds=False, lonaxis=dict(range=[x0, x1]), lataxis=dict(range=[y0, y1]))
    layout = _layout(view, width, height, title or measure_label, report, lang)
    layout["legend"]["title"] = dict(text=measure_label)  # the legend's classes are of this measure
    return go.Figure([*traces, marks], layout)


def commune_choropleth(
    values: pl.DataFrame,
    units_system: int,
    province_code: str,
    measure_label: str,
    *,
    k: int = 5,
    scheme: str = "quantiles",
    title: str | None = None,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    lang: str = "vi",
) -> go.Figure:
    """Communes of one province: ``values`` has unit_code and either ``held`` (bool: held / not
    held) or ``value`` (a measure, classed like the national map). customdata[0] is the commune code."""
    gdf, report = load_boundaries(units_system, "commune", province_code)
    if gdf.empty:
        raise ValueError(f"Không có xã nào của tỉnh mã {province_code} trong hệ {units_system}.")
    names = dict(zip(gdf.unit_code, gdf.name))
    codes = list(gdf.unit_code)
    traces = []
    groups: list[tuple[str, str, list[str], dict]] = []
    if "held" in values.columns:
        held = dict(zip(values["unit_code"].to_list(), values["held"].to_list()))
        for flag, label in ((True, WORDS[lang]["held"]), (False, WORDS[lang]["not_held"])):
            members = [c for c in codes if held.get(c) is flag]
            groups.append((label, HELD_COLOURS[flag], members, {c: label for c in members}))
        # held null: the province has not reported, which is not "not held"
        missing = [c for c in codes if held.get(c) is None]
        groups.append((WORDS[lang]["no_data"], NO_DATA_COLOUR, missing, {c: WORDS[lang]["no_data"] for c in missing}))
    else:
        v = dict(zip(values["unit_code"].to_list(), values["value"].to_list()))
        have = [c for c in codes if v.get(c) is not None]
        if have:
            arr = np.array([float(v[c]) for c in have])
            decimals = _decimals(arr)
            yb, labels = classify(arr, k, scheme, lang)
            palette = PALETTE.get(len(labels), PALETTE[5])[: len(labels)] if len(labels) > 1 else [PALETTE[2][1]]
            for i, label in enumerate(labels):
                members = [c for c, b in zip(have, yb) if b == i]
                shown = {c: format_number(float(v[c]), decimals, lang) for c in members}
                groups.append((label, palette[i], members, shown))
        missing = [c for c in codes if c not in set(have)]
        groups.append((WORDS[lang]["no_data"], NO_DATA_COLOUR, missing, {c: WORDS[lang]["no_data"] for c in missing}))
    for label, colour, members, shown in groups:
        if not members:
            continue
        traces.append(
            go.Choropleth(
                geojson=geojson(units_system, "commune", province_code, codes=set(members)),
                featureidkey="properties.unit_code",
                locations=members,
                z=[1] * len(members),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker=dict(line=dict(width=0.4, color="white"), opacity=0.95),
                customdata=[[c, names[c], shown[c]] for c in members],
                hovertemplate="<b>%{customdata[1]}</b><br>" + measure_label + ": %{customdata[2]}<extra></extra>",
                name=label,
                showlegend=True,
            )
        )
    layout = _layout(
        dict(fitbounds="locations"),
        width,
        height,
        title or f"{measure_label} – {province_names(units_system)[province_code]}",
        report,
        lang,
    )
    layout["legend"]["title"] = dict(text=measure_label)
    return go.Figure(traces, layout)


def unit_locator(
    units_system: int,
    level: str,
    unit_code: str,
    province_code: str | None,
    title: str,
    lang: str = "vi",
    *,
    width: int = DEFAULT_WIDTH,
    height: int = 520,
) -> go.Figure:
    """Where one unit lies: the units of `level` around it (the country's provinces, or the
    communes / districts of its province) as a plain unnamed area -- they may lie outside the
    viewer's scope -- and the unit itself in colour, named."""
    where = None if level == "province" else province_code
    gdf, report = load_boundaries(units_system, level, where)
    names = dict(zip(gdf.unit_code, gdf.name))
    others = [c for c in gdf.unit_code if c != unit_code]
    traces = []
    for members, colour, hover in (
        (others, OUTSIDE_COLOUR, False),
        ([unit_code] if unit_code in names else [], HELD_COLOURS[True], True),
    ):
        if not members:
            continue
        traces.append(
            go.Choropleth(
                geojson=geojson(units_system, level, where, codes=set(members)),
                featureidkey="properties.unit_code",
                locations=members,
                z=[1] * len(members),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker=dict(line=dict(width=0.5 if hover else 0.3, color="#555" if hover else "white"), opacity=0.95),
                hovertext=[names[c] for c in members] if hover else None,
                hoverinfo="text" if hover else "skip",
                name=names[members[0]] if hover else "",
                showlegend=hover,
            )
        )
    if level == "province":
        x0, y0, x1, y1 = NATIONAL_BOUNDS
        view = dict(fitbounds=False, lonaxis=dict(range=[x0, x1]), lataxis=dict(range=[y0, y1]))
    else:
        view = dict(fitbounds="locations")
    layout = _layout(view, width, height, title, report, lang)
    layout["legend"]["title"] = dict(text=WORDS[lang]["where"])
    return go.Figure(traces, layout)


def _layout(
    view: dict,
    width: int,
    height: int,
    title: str,
    report: BoundaryReport,
    lang: str = "vi",
) -> dict:
    # a dict for the one go.Figure(...) call: Plotly's update_* methods cost milliseconds each
    return dict(
        # No base layer (land, coasts, frame): the GeoJSON is the whole map; Mercator, as the
        # country is usually drawn. ``view``: the figure's own bounds or a fit to its units.
        geo=dict(visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)", **view),
        width=width,
        height=height,
        margin=MARGIN,
        title=dict(text=title, x=0.01, font=dict(size=15)),
        legend=dict(
            x=0.01,
            y=0.01,
            xanchor="left",
            yanchor="bottom",
            bgcolor="rgba(255,255,255,0.85)",
            title=dict(text=WORDS[lang]["classes"]),
        ),
        clickmode="event+select",
        dragmode="pan",
        separators=",." if lang == "vi" else ".,",
        meta={"boundaries": report.source},
    )
