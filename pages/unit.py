"""Tra cứu đơn vị: one unit (province, 2008 district, commune) found by name without accents, in
the URL as ?unit=2025-00004 -- its figures over the years, result reports and their status,
festival points and models of the chosen year, and where it lies. ?q=... lists what matched.
Every unit is read through the user's scope (antq/unitview.py): outside it, "not found"."""

import polars as pl
import streamlit as st

from antq import charts, i18n, maps, unitview
from antq.ui import frame, search
from antq.vocab.unit_systems import LATEST_SYSTEM, last_year_of

ctx = frame.current()
t, lang, sel = ctx.t, ctx.lang, ctx.selection
key = st.query_params.get(unitview.URL_KEY)
words = (st.query_params.get(unitview.QUERY_KEY) or "").strip()[:80]
unit = unitview.find(ctx.source, sel, key) if key else None

if unit is None and words and not key:
    found, total = unitview.search(ctx.source, sel, words)
    exact = found.filter(pl.col("score") == 0)
    if exact.height == 1:  # the words name one unit: open it, with its own address
        row = exact.row(0, named=True)
        st.query_params.pop(unitview.QUERY_KEY, None)
        st.query_params[unitview.URL_KEY] = unitview.unit_key(row["units_system"], row["unit_code"])
        unit = unitview.find(ctx.source, sel, st.query_params[unitview.URL_KEY])

if unit is None:
    frame.page_header("Tra cứu đơn vị", "Find a unit")
    search.box(t, "unit_search_page")
    if key:
        st.warning(
            t(
                "Không tìm thấy đơn vị trong đường dẫn, hoặc đơn vị nằm ngoài phạm vi được xem của bạn.",
                "The unit in the address was not found, or lies outside what you may see.",
            ),
            icon=":material/search_off:",
        )
    if not words:
        st.caption(
            t(
                "Gõ tên xã, phường, đặc khu, huyện (đến 2024) hoặc tỉnh, có dấu hay không dấu: "
                "“phuong ba dinh”, “Ha Noi”, “truc bach”. Tên xã cũ cũng tìm được đơn vị hiện nay.",
                "Type a commune, district (up to 2024) or province name, with or without accents: "
                "“phuong ba dinh”, “Ha Noi”, “truc bach”. An old commune's name also finds today's unit.",
            )
        )
        st.stop()
    if total == 0:
        st.info(t(f"Không có đơn vị nào khớp với “{words}”.", f"No unit matches “{words}”."), icon=":material/info:")
        st.stop()
    st.caption(
        t(
            f"{i18n.number(total)} đơn vị khớp với “{words}”"
            + (f"; {i18n.number(found.height)} đơn vị đầu:" if total > found.height else ":"),
            f"{i18n.number(total, lang=lang)} units match “{words}”"
            + (f"; the first {found.height}:" if total > found.height else ":"),
        )
    )
    for row in found.iter_rows(named=True):
        where = unitview.place(row)
        extra = {unitview.LINKED: unitview.linked_phrase, unitview.BY_PLACE: unitview.places_phrase}.get(
            row["score"], lambda *_: ""
        )(row, lang)
        label = row["name"] + (f" — {where}" if where else "") + f" · {unitview.when(row['units_system'], lang)}"
        search.link(unitview.unit_key(row["units_system"], row["unit_code"]), label + (f" ({extra})" if extra else ""))
    st.stop()

# ---------------------------------------------------------------- one unit
system, code = unit["units_system"], unit["unit_code"]
frame.page_header(unit["name"], unit["name"])
where = unitview.place(unit)
st.caption(" · ".join(p for p in (where, unitview.era(system, lang), unitview.places_phrase(unit, lang)) if p))
linked = unitview.linked_units(ctx.source, sel, unit)
if linked.height:
    with st.expander(
        t("Trước 1/7/2025 gồm các đơn vị", "Before 1 July 2025 it was")
        if system == LATEST_SYSTEM
        else t("Từ 1/7/2025 thuộc", "From 1 July 2025 part of"),
        expanded=system != LATEST_SYSTEM,
    ):
        for row in linked.iter_rows(named=True):
            search.link(unitview.unit_key(row["units_system"], row["unit_code"]), row["name"])

# The year shown: the filters' year, or a unit of an older system's last year.
year = sel.year if system == LATEST_SYSTEM or sel.year <= last_year_of(system) else last_year_of(system)

st.subheader(t("Số liệu qua các năm", "Figures over the years"))
fig_data = unitview.figures(ctx.source, sel, system, code)
if fig_data.height:
    view = unitview.figures_table(fig_data, lang)
    st.dataframe(view, hide_index=True, width="stretch")
    if fig_data["apportioned"].any():
        st.caption(
            t(
                "≈: năm trước 1/7/2025, phần của xã cũ được chia về đơn vị này theo diện tích (ước tính).",
                "≈: before 1 July 2025, a divided old commune's share is estimated by area.",
            )
        )
    frame.chart(
        charts.trend(fig_data.select("year", pl.col("festival_points").round(0)), "festival_points", lang),
        fig_data.drop("units_system"),
        "unit_trend",
        f"don-vi-{system}-{code}",
        f"{fig_data['year'].min()}-{fig_data['year'].max()}",
        title=t(f"Điểm tổ chức Ngày hội — {unit['name']}", f"Festival points — {unit['name']}"),
    )
else:
    frame.empty_note(ctx, "số liệu của đơn vị này", "figures for this unit")

st.subheader(t("Báo cáo kết quả", "Result reports"))
reps = unitview.reports(ctx.source, sel, system, code)
if reps.height:
    st.dataframe(unitview.reports_table(reps, lang), hide_index=True, width="stretch")
    values = unitview.report_values_table(ctx.source, sel, reps, year, lang)
    if values.height:
        st.markdown(t(f"**Số liệu báo cáo đang dùng, năm {year}**", f"**Reported figures in force, {year}**"))
        st.dataframe(values, hide_index=True, width="stretch")
else:
    st.caption(t("Đơn vị này chưa gửi báo cáo kết quả nào.", "This unit has filed no result report."))

st.subheader(t(f"Điểm tổ chức Ngày hội năm {year}", f"Festival points in {year}"))
points = unitview.festival_points(ctx.source, sel, system, code, year)
if points.height:
    st.caption(
        t(
            f"{i18n.number(points.height)} điểm, {i18n.number(points['participants'].sum())} lượt người tham gia.",
            f"{i18n.number(points.height, lang=lang)} points, "
            f"{i18n.number(points['participants'].sum(), lang=lang)} participants.",
        )
    )
    st.dataframe(unitview.points_table(points, lang), hide_index=True, width="stretch")
    frame.download_buttons(points, "unit_points", f"diem-ngay-hoi-{system}-{code}", year)
else:
    frame.empty_note(ctx, f"điểm tổ chức Ngày hội năm {year}", f"festival points in {year}")

st.subheader(t(f"Mô hình năm {year}", f"Models in {year}"))
mods = unitview.models(ctx.source, sel, system, code, year)
if mods.height:
    st.dataframe(unitview.models_table(mods, lang), hide_index=True, width="stretch")
    frame.download_buttons(mods, "unit_models", f"mo-hinh-{system}-{code}", year)
else:
    frame.empty_note(ctx, f"mô hình năm {year}", f"models in {year}")

st.subheader(t("Vị trí", "Where it is"))
fig = unitview.locator_figure(unit, lang)
if fig is None:
    st.caption(t("Không có ranh giới để vẽ đơn vị này.", "No boundary to draw this unit."))
else:
    frame.plot(fig, "unit_map", width="content", config=maps.CHART_CONFIG)
