"""Kết quả phong trào: the movement's results as units report them (aggregated result reports):
the year's figures as written, year-over-year, a ranking of provinces (or of the communes of one
province), a map by indicator, and who has reported. Thin: the work is in antq.reportview."""

import streamlit as st

from antq import charts, evaluation, i18n, maps, reportview
from antq.cycle import review
from antq.ui import frame, report_status
from antq.vocab import indicators
from antq.vocab.report_rules import PERIOD_VIEWS

ctx = frame.page_header("Kết quả phong trào", "Results of the movement")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
lo, hi = ctx.year_range
line, illustrative = reportview.sources_line(ctx.source, sel, lang)
if illustrative:
    st.warning(
        t("**Có báo cáo minh họa** — ", "**Includes illustrative reports** — ") + line, icon=":material/science:"
    )
else:
    st.caption(t("Báo cáo: ", "Reports: ") + line)

c1, c2 = st.columns([1, 2])
view = c1.selectbox(
    t("Kỳ báo cáo", "Period"),
    list(PERIOD_VIEWS),
    format_func=lambda v: PERIOD_VIEWS[v].label(lang),
    key=frame.lkey("results_view"),
)
groups = c2.multiselect(
    t("Nhóm chỉ tiêu", "Indicator groups"),
    list(reportview.ALL_GROUPS),
    default=list(reportview.ALL_GROUPS),
    format_func=lambda g: indicators.GROUPS[g][1 if lang == "en" else 0],
    key=frame.lkey("results_groups"),
    placeholder=t("Mọi nhóm", "Every group"),
)
groups = tuple(groups) or reportview.ALL_GROUPS

# ---------------------------------------------------------------- the year's figures
st.subheader(t(f"Số liệu năm {sel.year}", f"Figures, {sel.year}"))
if sel.approved_only:  # the sidebar's "approved only" choice (antq.cycle.review)
    st.info(i18n.text("approved_only_on", lang), icon=":material/verified:")
table = reportview.summary_table(ctx.source, sel, view, groups, lang)
if table.is_empty():
    st.info(
        t(
            f"Chưa có đơn vị nào báo cáo cho kỳ này ({PERIOD_VIEWS[view].label(lang)}, năm {sel.year}).",
            f"No unit has reported for this period ({PERIOD_VIEWS[view].label(lang)}, {sel.year}).",
        ),
        icon=":material/info:",
    )
else:
    # st.table: the figures are text as written ("trên 5.800"), read in place, not sorted.
    # The indicator code (the column the import template matches on) goes to the downloads only:
    # a viewer reads the indicator's name.
    group_col, code_col = reportview.w("group", lang), reportview.w("code", lang)
    for name in table[group_col].unique(maintain_order=True).to_list():
        st.markdown(f"**{name}**")
        st.table(table.filter(table[group_col] == name).drop(group_col, code_col, strict=False), hide_index=True)
    frame.download_buttons(table, "results_summary", f"ket-qua-bao-cao-{view}", sel.year)
# How to read the figures, after them (on a phone the figures come first).
st.caption(
    t(
        "Mỗi chỉ tiêu một số liệu: báo cáo của chính đơn vị nếu có, nếu không thì tổng của các đơn vị cấp dưới "
        "(báo cáo của các đơn vị đó hoặc số liệu chi tiết), ghi như nguồn (“trên 5.800”) và ghi rõ nguồn. Tổng có phần "
        "gần đúng là số gần đúng. Đơn vị chưa báo cáo ghi “chưa báo cáo”, không tính là 0.",
        "One figure per indicator: the unit's own report where it has one, else the sum of its lower units (their "
        "reports or detail rows), as written (“over 5,800”), with its source. A total with an approximate part is "
        "approximate. Units that have not reported are shown as not reported, never as zero.",
    )
)

# ---------------------------------------------------------------- one indicator
reported = reportview.reported_indicators(ctx.source, sel, view, groups)
options = reported or [i.code for i in indicators.CATALOGUE if i.group in groups]
other = [c for c in options if indicators.get(c).group in reportview.OTHER_RESULT_GROUPS]
indicator = st.selectbox(
    t("Chỉ tiêu để so sánh, xếp hạng và xem bản đồ", "Indicator to compare, rank and map"),
    options,
    index=options.index(other[0]) if other else 0,
    format_func=lambda c: indicators.label(c, lang),
    key=frame.lkey("results_indicator"),
)

st.subheader(t(f"So sánh qua các năm {lo}–{hi}", f"Year over year, {lo}–{hi}"))
numbers, shown = reportview.trend_table(ctx.source, sel, indicator, lo, hi, view, lang)
if numbers.is_empty() or numbers["value"].is_null().all():
    frame.empty_note(ctx, "số liệu báo cáo của chỉ tiêu này", "reported figures of this indicator")
else:
    frame.plot(
        charts.trend(numbers.drop_nulls("value").rename({"value": indicator}), indicator, lang),
        "results_trend_chart",
        title=f"{indicators.label(indicator, lang)}, {lo}–{hi}",
        unit=indicators.label(indicator, lang),
    )
    st.table(shown, hide_index=True)
    frame.download_buttons(shown, "results_trend", f"{indicator}-theo-nam", f"{lo}-{hi}")

st.subheader(t("Xếp hạng", "Ranking"))
if len(sel.provinces) == 1:
    province = sel.provinces[0]
    st.markdown(t("**Các xã của tỉnh đang chọn (báo cáo riêng của xã)**", "**Communes of the selected province**"))
    communes = reportview.commune_ranking_table(ctx.source, sel, province, indicator, view, lang)
    if communes.is_empty():
        frame.empty_note(ctx, "xã", "communes")
    else:
        st.dataframe(communes, hide_index=True, width="stretch")
        frame.download_buttons(communes, "results_communes", f"{indicator}-xa", sel.year)
ranked, shown_rank = reportview.ranking_table(ctx.source, sel, indicator, view, lang)
st.markdown(t("**Các tỉnh, thành phố**", "**Provinces**"))
have = ranked.filter(ranked["value"].is_not_null())
if have.height:
    frame.plot(
        charts.ranking(have.head(15).rename({"value": indicator}), indicator, "province_name", lang, sel.provinces),
        "results_rank_chart",
        title=f"{indicators.label(indicator, lang)} — {sel.year}",
        unit=indicators.label(indicator, lang),
    )
st.dataframe(shown_rank, hide_index=True, width="stretch")
frame.download_buttons(shown_rank, "results_rank", f"xep-hang-{indicator}", sel.year)

st.subheader(t("Bản đồ", "Map"))
frame.plot(
    reportview.map_figure(ctx.source, sel, indicator, view, lang),
    "results_map",
    unit=indicators.label(indicator, lang),
    width="content",
    config=maps.CHART_CONFIG,
)

# ---------------------------------------------------------------- who has reported
st.subheader(t("Tình hình báo cáo", "Who has reported"))
report_status.section(ctx, "results")

# ---------------------------------------------------------------- flags for the level above
# Rules between figures broken, and figures far from a unit's own history (antq/vocab/validation_rules.py),
# for the units under the viewer: to follow up, not to refuse.
st.subheader(t("Cần xem lại", "To follow up"))
flags = evaluation.flags_table(ctx.source, sel, view, lang)
if flags.is_empty():
    st.caption(
        t(
            f"Không có số liệu mâu thuẫn hay khác xa các năm trước trong các đơn vị đang xem (năm {sel.year}).",
            f"No contradiction and no figure far from earlier years among the units viewed ({sel.year}).",
        )
    )
else:
    st.dataframe(flags, hide_index=True, width="stretch")
    frame.download_buttons(flags, "results_flags", "can-xem-lai", sel.year)
st.caption(
    t(
        "Mâu thuẫn: hai số liệu trái quy tắc (tin có giá trị nhiều hơn tin báo; tổng các loại khác số được phân "
        "loại...). Cần xem lại: số liệu khác xa các năm trước của chính đơn vị (trung vị và độ lệch tuyệt đối "
        "trung vị), không phải là lỗi.",
        "Contradiction: two figures against a rule (valuable tips above tips; grades not adding up to the units "
        "assessed...). To follow up: a figure far from the unit's own earlier years (median and median absolute "
        "deviation), not an error.",
    )
)

# ---------------------------------------------------------------- every report filed, earlier versions too
st.subheader(t("Các lần báo cáo", "Every report filed"))
if not sel.provinces:
    st.caption(
        t(
            "Chọn tỉnh ở bộ lọc để xem mọi lần báo cáo của tỉnh và các đơn vị trong tỉnh, "
            "kể cả báo cáo đã được thay thế.",
            "Pick a province in the filters to see every report of it and its units, superseded ones included.",
        )
    )
else:
    versions = reportview.versions_table(ctx.source, sel, lang)
    if versions.is_empty():
        st.info(t(f"Chưa có báo cáo nào năm {sel.year}.", f"No report for {sel.year}."), icon=":material/info:")
    else:
        st.dataframe(versions, hide_index=True, width="stretch")
        st.caption(review.state_line(ctx.source, sel, lang))  # draft / submitted / approved (issue 27)
        frame.download_buttons(versions, "results_versions", "cac-lan-bao-cao", sel.year)
        rows = {r[0]: r for r in versions.iter_rows()}
        pick = st.selectbox(
            t("Xem số liệu của báo cáo", "Show the figures of report"),
            list(rows),
            format_func=lambda i: f"{i} · {rows[i][1]} · {rows[i][3]} · {rows[i][7]}",
            key=frame.lkey("results_version"),
        )
        values = reportview.version_values_table(ctx.source, sel, pick, lang)
        st.table(values.drop(reportview.w("code", lang), strict=False), hide_index=True)
        frame.download_buttons(values, "results_version_values", f"bao-cao-{pick}", sel.year)
