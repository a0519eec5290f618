"""Tổng quan: headline cards with year-over-year change, the trend, the province ranking."""

import polars as pl
import streamlit as st

from antq import charts, downloads, evaluation, i18n, reportview, service
from antq.ui import frame
from antq.vocab.reporting import DETAIL_KINDS, reported_column
from antq.vocab.unit_systems import FIRST_NEW_SYSTEM_YEAR, REFORM_DATE

ctx = frame.page_header("Tổng quan phong trào Toàn dân bảo vệ ANTQ", "Overview of the movement")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
lo, hi = ctx.year_range

tot = service.totals_with_change(ctx.source, sel)
if not tot or not any(tot.get(reported_column(k)) for k in DETAIL_KINDS):
    frame.empty_note(ctx, "số liệu", "figures")
    st.stop()

prev = sel.year - 1


def card(field, label, decimals=0, pct=False):
    # one figure per indicator, as published ("trên 5.800"), with where it came from; a figure nobody
    # reported reads "chưa báo cáo", not 0 (antq/vocab/reporting.py)
    origin = i18n.figure_origin(tot, field, lang)
    if pct:
        return (
            label,
            i18n.figure(tot[field], 1, lang, pct=True),
            frame.delta_points(tot[field], tot.get(f"{field}_prev"), ctx, prev),
            i18n.figure_origin(tot, "communes_covered", lang),
        )
    delta = frame.delta_text(tot.get(f"{field}_change_pct"), ctx, prev)
    return label, i18n.headline(tot, field, lang, decimals), delta, origin


st.subheader(t(f"Năm {sel.year}", f"Year {sel.year}"))
frame.metric_cards(
    [
        card("communes_covered", t("Xã tổ chức Ngày hội", "Communes that held the festival")),
        card("coverage_pct", t("Tỷ lệ xã tổ chức", "Commune coverage"), pct=True),
        card("festival_points", t("Điểm tổ chức Ngày hội", "Festival points")),
        card("participants", t("Lượt người tham gia", "Participants")),
        card("commendations", t("Lượt khen thưởng (tập thể + cá nhân)", "Commendations (collectives + individuals)")),
        card("models_active", t("Mô hình đang hoạt động", "Active models")),
    ]
)
frame.reported_note(ctx, tot, "festivals", "commendations", "models", share=True)
if sel.year == FIRST_NEW_SYSTEM_YEAR:
    st.caption(
        t(
            f"Từ {i18n.date(REFORM_DATE)} các xã được sắp xếp lại: số xã năm {sel.year} "
            f"({i18n.number(tot['communes_total'])}) không so sánh trực tiếp với năm {prev} "
            f"({i18n.number(tot.get('communes_total_prev'))}); hãy so sánh tỷ lệ %.",
            f"Communes were reorganised on {i18n.date(REFORM_DATE, 'en')} "
            f"({i18n.number(tot['communes_total'], lang='en')} in {sel.year}, "
            f"{i18n.number(tot.get('communes_total_prev'), lang='en')} in {prev}): "
            "compare coverage %, not counts.",
        )
    )

# Where a province's own report and its detail rows disagree, the report is the figure above and
# the disagreement a note (the rule: docs/importing.md, "Một số liệu cho mỗi đơn vị").
differences = reportview.festival_differences(ctx.source, sel, lang)
if differences.height:
    with st.expander(
        t(
            f"Báo cáo khác số liệu chi tiết ({differences.height})",
            f"Reports differ from detail ({differences.height})",
        ),
        icon=":material/difference:",
    ):
        st.table(differences, hide_index=True)

# The year's evaluation (Quyết định 510, Thông tư 124): shares, each with the count it is computed over.
st.subheader(t(f"Phân loại phong trào, “An toàn về ANTT” năm {sel.year}", f"Classification and safety, {sel.year}"))
shares = evaluation.year_table(ctx.source, sel, lang)
if shares.is_empty():
    st.caption(t("Chưa báo cáo phân loại năm này.", "No classification reported for this year."))
else:
    st.table(shares, hide_index=True)
    across = evaluation.years_table(ctx.source, sel, lo, hi, lang)
    with st.expander(t(f"So sánh qua các năm {lo}–{hi}", f"Year by year, {lo}–{hi}"), icon=":material/timeline:"):
        st.table(across, hide_index=True)
        frame.download_buttons(across, "overview_evaluation", "phan-loai-theo-nam", f"{lo}-{hi}")
    st.caption(
        t(
            "Tỷ lệ tính trên số đơn vị được phân loại (công nhận an toàn: trên tổng số đơn vị), chỉ gồm các tỉnh "
            "có cả hai số liệu; năm trước 2025 tính theo danh mục đơn vị hành chính đang xem.",
            "Shares over the units assessed (safety: over all units), from the provinces with both figures; "
            "years before 2025 in the unit system viewed.",
        )
    )

st.subheader(t(f"Xu hướng {lo}–{hi}", f"Trend {lo}–{hi}"))
measure = st.selectbox(
    t("Chỉ tiêu", "Measure"),
    ["coverage_pct", "festival_points", "participants", "commendations", "models_active"],
    format_func=lambda c: i18n.column(c, lang),
    key=frame.lkey("overview_measure"),
)
tr = service.trend(ctx.source, sel, lo, hi).select("year", measure)
frame.chart(
    charts.trend(tr, measure, lang, percent=measure == "coverage_pct"),
    tr,
    "overview_trend",
    measure,
    f"{lo}-{hi}",
    title=f"{i18n.column(measure, lang)}, {lo}–{hi}",
)

st.subheader(t("Xếp hạng tỉnh, thành phố", "Province ranking"))
rank_by = st.selectbox(
    t("Xếp hạng theo", "Rank by"),
    ["coverage_pct", "participants_per_point", "festival_points", "models_per_100_communes"],
    format_func=lambda c: i18n.column(c, lang),
    key=frame.lkey("overview_rank_by"),
)
# Ranks are among all provinces, whatever the selection; the selected ones are highlighted.
ranked = service.province_ranking(ctx.source, sel, rank_by)
n = st.slider(t("Số tỉnh mỗi nhóm", "Provinces per group"), 3, 15, 5, key="overview_rank_n")
# A province that has not reported is not ranked (it is not the weakest): listed apart.
unranked = ranked.filter(pl.col("rank").is_null())
ranked = ranked.filter(pl.col("rank").is_not_null())
best, weakest = ranked.head(n), ranked.tail(n)
shown = pl.concat([best, weakest]).unique("province_code", keep="first").sort("rank")
extra = ranked.filter(
    pl.col("province_code").is_in(sel.province_list) & ~pl.col("province_code").is_in(shown["province_code"].to_list())
)
shown = pl.concat([shown, extra]).sort("rank")
# One scale for both groups: side by side, a bar's length must mean the same figure in each.
x_max = ranked[rank_by].max() if ranked.height else None
c1, c2 = st.columns(2)
with c1:
    st.markdown(t(f"**{n} tỉnh dẫn đầu**", f"**Top {n}**"))
    frame.chart(
        charts.ranking(
            best, rank_by, "province_name", lang, sel.provinces, percent=rank_by == "coverage_pct", x_max=x_max
        ),
        best,
        "overview_best",
        f"xep-hang-{rank_by}-dau",
        sel.year,
        title=t(f"{n} tỉnh dẫn đầu — {sel.year}", f"Top {n} — {sel.year}"),
    )
with c2:
    st.markdown(t(f"**{n} tỉnh thấp nhất**", f"**Weakest {n}**"))
    frame.chart(
        charts.ranking(
            weakest, rank_by, "province_name", lang, sel.provinces, percent=rank_by == "coverage_pct", x_max=x_max
        ),
        weakest,
        "overview_weakest",
        f"xep-hang-{rank_by}-cuoi",
        sel.year,
        title=t(f"{n} tỉnh thấp nhất — {sel.year}", f"Weakest {n} — {sel.year}"),
    )
if unranked.height:
    st.caption(
        t(
            f"Chưa báo cáo, không xếp hạng ({unranked.height} tỉnh): ",
            f"Not reported, not ranked ({unranked.height} provinces): ",
        )
        + ", ".join(unranked["province_name"].to_list())
    )
if extra.height:
    st.markdown(t("**Tỉnh đang chọn ngoài hai nhóm trên**", "**Selected provinces outside both groups**"))
    st.dataframe(downloads.labelled(extra, lang), hide_index=True)
