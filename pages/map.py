"""Bản đồ độ phủ: a province choropleth of a chosen measure; click a province (or pick it) to see
its communes; compare two years side by side."""

import dataclasses

import polars as pl
import streamlit as st

from antq import boundaries, i18n, maps, mapview
from antq.access import web as access
from antq.ui import frame
from antq.units import province_names
from antq.vocab.unit_systems import system_for_year, year_in_view

ctx = frame.page_header("Bản đồ độ phủ", "Coverage map")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
ss = st.session_state

c1, c2, c3 = st.columns([2, 1, 1])
measure = c1.selectbox(
    t("Chỉ tiêu", "Measure"), mapview.MEASURES, format_func=lambda m: mapview.measure_label(m, lang), key="map_measure"
)
scheme = c2.radio(
    t("Chia nhóm màu", "Colour groups"),
    mapview.SCHEMES,
    key="map_scheme",
    horizontal=True,
    # In words a leader reads, not the statistician's ("phân vị", "ngắt tự nhiên").
    format_func=lambda s: {
        "quantiles": t("Số tỉnh đều nhau", "Equal counts"),
        "natural_breaks": t("Theo khoảng số liệu", "By gaps in the figures"),
    }[s],
)
# A commune scope sees its communes only: a province area would be coloured with figures of part of it.
commune_scope = access.current().selection_communes is not None
compare = c3.toggle(t("So sánh hai năm", "Compare two years"), key="map_compare", disabled=commune_scope)

_, report = boundaries.load_boundaries(sel.units, "province")
for line in [] if report.is_embedded else report.lines():
    st.info(line, icon=":material/map:")
caption = boundaries.boundary_caption(report)
if lang == "en" and report.is_embedded:
    caption = (
        f"Approximate boundaries (ranh giới gần đúng, system {sel.units}): generated from commune centroids, "
        "not official; for illustrating figures only."
    )
st.caption(
    caption
    + " "
    + t(
        "Quần đảo Hoàng Sa (Đà Nẵng) và Quần đảo Trường Sa (Khánh Hòa) mang màu của tỉnh.",
        "The Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) archipelagos take their province's colour.",
    )
)

if compare and not commune_scope:
    others = [y for y in sorted(ctx.years, reverse=True) if y != sel.year and year_in_view(y, sel.units)]
    other = st.selectbox(t("Năm so sánh", "Compare with"), others, key="map_other_year")
    left, right = st.columns(2)
    for col, year in ((left, sel.year), (right, other)):
        with col:
            s = dataclasses.replace(sel, year=year)
            frame.plot(
                mapview.national_figure(ctx.source, s, measure, scheme, lang),
                f"map_cmp_{year}",
                unit=mapview.measure_label(measure, lang),
                width="content",
                config=maps.CHART_CONFIG,
            )
    both = pl.concat(
        [
            mapview.province_values(ctx.source, dataclasses.replace(sel, year=y, provinces=()), measure).with_columns(
                year=pl.lit(y)
            )
            for y in (sel.year, other)
        ]
    )
    frame.chart(
        None,
        both.select("year", "province_code", "province_name", pl.col("value").alias(measure), "rank"),
        "map_cmp_table",
        f"ban-do-{measure}",
        f"{sel.year}-{other}",
    )
    st.stop()

event = None
if commune_scope:
    st.info(
        t(
            "Phạm vi của bạn là cấp xã: bản đồ các tỉnh không hiển thị; bản đồ dưới đây tô màu các xã của bạn.",
            "Your scope is communes: the province map is not shown; the map below colours your communes.",
        ),
        icon=":material/map:",
    )
else:
    fig = mapview.national_figure(ctx.source, sel, measure, scheme, lang)
    event = frame.plot(
        fig,
        "map_national",
        unit=mapview.measure_label(measure, lang),
        on_select="rerun",
        selection_mode="points",
        width="content",
        config=maps.CHART_CONFIG,
    )
    values = mapview.province_values(ctx.source, sel, measure)
    frame.download_buttons(values.rename({"value": measure}), "map_values", f"ban-do-{measure}", sel.year)

# Drill-down: a click on the map, else the picker (also the fallback where selection events do not
# reach the app); one selected province opens directly.
names = province_names(sel.units)
names = {c: names[c] for c in access.allowed_provinces(list(names), sel.units)}  # drill only in scope
clicked = mapview.clicked_code(event)
if clicked in names and clicked != ss.get("_map_clicked"):
    ss["_map_clicked"] = clicked
    ss["map_drill"] = clicked
if "map_drill" not in ss and len(sel.provinces) == 1:
    ss["map_drill"] = sel.provinces[0]
if ss.get("map_drill") not in names:
    ss.pop("map_drill", None)

st.subheader(t("Chi tiết theo xã", "Communes of a province"))
drill = st.selectbox(
    t("Tỉnh, thành phố (hoặc bấm vào bản đồ)", "Province (or click the map)"),
    list(names),
    format_func=lambda c: f"{names[c]} ({c})",
    index=None,
    key="map_drill",
    placeholder=t("Chọn tỉnh để xem các xã", "Pick a province to see its communes"),
)
if drill is None:
    st.stop()
parts = mapview.drill_provinces(sel, drill)
own = parts[0]
if len(parts) > 1:
    old_names = province_names(system_for_year(sel.year))
    own = st.radio(
        t(f"Năm {sel.year} tỉnh này gồm các tỉnh cũ:", f"In {sel.year} this province was:"),
        parts,
        format_func=lambda c: old_names[c],
        horizontal=True,
        key="map_drill_part",
    )
colour_by = st.radio(
    t("Tô màu xã theo", "Colour communes by"),
    ["held", "festival_points", "participants"],
    horizontal=True,
    key="map_colour_by",
    format_func=lambda c: t("Đã / chưa tổ chức", "Held / not held") if c == "held" else i18n.column(c, lang),
)
frame.plot(
    mapview.commune_figure(ctx.source, sel, own, colour_by, lang),
    "map_communes",
    width="content",
    config=maps.CHART_CONFIG,
)
table = mapview.communes(ctx.source, sel, own)
held = int(table["held"].sum())
reported = table.height - table["held"].null_count()
if reported:
    st.caption(
        t(
            f"{i18n.number(held)} / {i18n.number(reported)} xã tổ chức Ngày hội năm {sel.year}.",
            f"{i18n.number(held, lang=lang)} of {i18n.number(reported, lang=lang)} communes held the festival "
            f"in {sel.year}.",
        )
    )
else:  # not reported is not "none held"
    st.caption(
        t(
            f"Tỉnh này chưa báo cáo số liệu Ngày hội năm {sel.year} ({i18n.number(table.height)} xã).",
            f"This province has not reported festival figures for {sel.year} "
            f"({i18n.number(table.height, lang=lang)} communes).",
        )
    )
frame.chart(None, table.drop("held"), "map_commune_table", f"xa-{own}", sel.year)
