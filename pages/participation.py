"""Tham gia: participants by year, province and venue kind; per festival point; pilot vs regular
points; how participation is spread across communes."""

import polars as pl
import streamlit as st

from antq import charts, i18n, service, transforms
from antq.ui import frame

ctx = frame.page_header("Tham gia Ngày hội", "Participation")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
lo, hi = ctx.year_range

tot = service.totals_with_change(ctx.source, sel)
if not tot or not tot.get("festivals_reported"):
    frame.empty_note(ctx, "điểm tổ chức Ngày hội", "festival points")
    st.stop()
frame.metric_cards(
    [
        (
            t("Lượt người tham gia", "Participants"),
            i18n.headline(tot, "participants", lang),
            frame.delta_text(tot.get("participants_change_pct"), ctx, sel.year - 1),
            i18n.figure_origin(tot, "participants", lang),
        ),
        (
            t("Người tham gia / điểm", "Participants per point"),
            i18n.figure(tot["participants_per_point"], 1, lang),
            frame.delta_text(tot.get("participants_per_point_change_pct"), ctx, sel.year - 1),
        ),
        (t("Hộ gia đình tham dự", "Households represented"), i18n.figure(tot["households"], 0, lang), None),
    ]
)

frame.reported_note(ctx, tot, "festivals")

st.subheader(t(f"Người tham gia theo năm, {lo}–{hi}", f"Participants by year, {lo}–{hi}"))
tr = service.trend(ctx.source, sel, lo, hi).select("year", "participants", "festival_points", "participants_per_point")
frame.chart(
    charts.trend(tr, "participants", lang),
    tr,
    "part_trend",
    "nguoi-tham-gia-theo-nam",
    f"{lo}-{hi}",
    title=t(f"Người tham gia Ngày hội, {lo}–{hi}", f"Festival participants, {lo}–{hi}"),
)

st.subheader(t(f"Theo tỉnh, thành phố — {sel.year}", f"By province — {sel.year}"))
by_prov = service.headline(ctx.source, sel).select(
    "province_code",
    "province_name",
    "festival_points",
    "participants",
    "participants_per_point",
    "participants_qualifier",
)
measure = st.radio(
    t("Chỉ tiêu", "Measure"),
    ["participants", "participants_per_point"],
    horizontal=True,
    format_func=lambda c: i18n.column(c, lang),
    key=frame.lkey("part_prov_measure"),
)
frame.chart(
    charts.ranking(by_prov, measure, "province_name", lang, sel.provinces),
    by_prov,
    "part_prov",
    "tham-gia-theo-tinh",
    sel.year,
    title=f"{i18n.column(measure, lang)} " + t(f"theo tỉnh, thành phố — {sel.year}", f"by province — {sel.year}"),
)

kinds = service.festival_points_by_kind(ctx.source, sel, sel.year, sel.year)
c1, c2 = st.columns(2)
with c1:
    st.subheader(t("Theo loại địa bàn", "By venue kind"))
    by_kind = (
        kinds.group_by("venue_kind")
        .agg(pl.col("festival_points").sum(), pl.col("participants").sum())
        .sort("participants", descending=True)
    )
    frame.chart(
        charts.bars(by_kind, "venue_kind", "participants", lang, horizontal=True),
        by_kind,
        "part_kind",
        "tham-gia-theo-dia-ban",
        sel.year,
        title=t(f"Người tham gia theo loại địa bàn — {sel.year}", f"Participants by venue kind — {sel.year}"),
    )
with c2:
    st.subheader(t("Điểm chỉ đạo và điểm thường", "Pilot and regular points"))
    pilot = (
        kinds.group_by("is_pilot")
        .agg(pl.col("festival_points").sum(), pl.col("participants").sum())
        .with_columns(transforms.participants_per_point())
        .sort("is_pilot")
    )
    pilot_view = pilot.with_columns(
        pl.col("is_pilot")
        .replace_strict({True: t("Điểm chỉ đạo", "Pilot"), False: t("Điểm thường", "Regular")}, return_dtype=pl.String)
        .alias("kind")
    )
    fig = charts.bars(pilot_view.rename({"kind": "venue_name"}), "venue_name", "participants_per_point", lang)
    fig.update_yaxes(title=i18n.column("participants_per_point", lang), tickformat=",.0f")
    frame.chart(
        fig,
        pilot,
        "part_pilot",
        "diem-chi-dao",
        sel.year,
        title=t(
            f"Người mỗi điểm: điểm chỉ đạo và điểm thường — {sel.year}", f"Per point: pilot and regular — {sel.year}"
        ),
    )

st.subheader(t("Phân bố theo xã", "Distribution across communes"))
communes = service.participation_by_commune(ctx.source, sel)
held = communes.filter(pl.col("festival_points") > 0)
reported = communes.height - communes["festival_points"].null_count()
unreported = communes.height - reported
st.caption(
    t(
        f"{i18n.number(held.height)} / {i18n.number(reported)} xã tổ chức Ngày hội; "
        "biểu đồ chỉ gồm các xã có tổ chức."
        + (f" {i18n.number(unreported)} xã thuộc tỉnh chưa báo cáo không được tính." if unreported else ""),
        f"{i18n.number(held.height, lang=lang)} of {i18n.number(reported, lang=lang)} communes held the "
        "festival; the chart shows those that did."
        + (
            f" {i18n.number(unreported, lang=lang)} communes of provinces that have not reported are not counted."
            if unreported
            else ""
        ),
    )
)
frame.chart(
    charts.histogram(held["participants"].to_list(), lang, i18n.column("participants", lang)) if held.height else None,
    communes,
    "part_dist",
    "tham-gia-theo-xa",
    sel.year,
    title=t(f"Số xã theo lượt người tham gia — {sel.year}", f"Communes by participants — {sel.year}"),
)
