"""Tiến độ báo cáo: who must report what by when (the obligations an administrator sets here), and
completeness and timeliness per level and per unit within the user's scope. Thin: the work is in
antq.cycle and antq/ui/report_status.py."""

import polars as pl
import streamlit as st

from antq.access import web as access
from antq.cycle import obligations
from antq.ui import frame, report_status
from antq.units import SYSTEM_NEW, province_names
from antq.vocab import report_rules
from antq.vocab.categories import OBLIGATION_ACTIONS, OBLIGATION_LEVELS

ctx = frame.page_header("Tiến độ báo cáo", "Reporting progress")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
period = report_status.pick_period(ctx, "cycle")
report_status.section(ctx, "cycle", full=True, kind_half=period)

# ---------------------------------------------------------------- administrators: the obligations
acc = access.current()
if acc.can("manage"):
    st.divider()
    st.subheader(t("Đặt nghĩa vụ báo cáo", "Set a reporting obligation"))
    st.caption(
        t(
            "Đơn vị nào báo cáo kỳ nào, chốt số liệu ngày nào, hạn từng cấp. Mỗi lần đặt được ghi lại (người, thời "
            "điểm); lần đặt sau thay lần trước, lần trước vẫn giữ trong lịch sử.",
            "Which units report for which period, the figures' cut-off and each level's deadline. Every setting is "
            "recorded (who, when); a later one replaces the earlier, which stays in the history.",
        )
    )
    names = province_names(SYSTEM_NEW)
    with st.form("cycle_obligation_form"):
        c1, c2 = st.columns(2)
        year = c1.number_input(
            t("Năm", "Year"), min_value=2005, max_value=2100, value=sel.year, step=1, key="cycle_ob_year"
        )
        kind_half = c2.selectbox(
            t("Kỳ báo cáo", "Period"),
            report_rules.COMPLETENESS_PERIODS,
            index=report_rules.COMPLETENESS_PERIODS.index(period),
            format_func=lambda p: report_rules.period_label(p[0], p[1], lang),
            key=frame.lkey("cycle_ob_period"),
        )
        level = st.selectbox(
            t("Cấp phải báo cáo", "Units that report"),
            OBLIGATION_LEVELS.codes,
            format_func=lambda c: OBLIGATION_LEVELS.label(c, lang),
            key=frame.lkey("cycle_ob_level"),
        )
        provs = st.multiselect(
            t("Chỉ các tỉnh (bỏ trống: cả nước)", "Only these provinces (empty: the whole country)"),
            list(names),
            format_func=lambda c: names[c],
            placeholder=t("Cả nước", "Whole country"),
            key="cycle_ob_provinces",
        )
        d1, d2, d3 = st.columns(3)
        cutoff = d1.date_input(
            t("Ngày chốt số liệu (trống: cuối kỳ)", "Figures' cut-off (empty: end of the period)"),
            value=None,
            format="DD/MM/YYYY",
            key="cycle_ob_cutoff",
        )
        commune_due = d2.date_input(
            t("Hạn xã báo cáo tỉnh", "Communes to their province by"),
            value=None,
            format="DD/MM/YYYY",
            key="cycle_ob_commune_due",
        )
        province_due = d3.date_input(
            t("Hạn tỉnh báo cáo Bộ", "Provinces to the Ministry by"),
            value=None,
            format="DD/MM/YYYY",
            key="cycle_ob_province_due",
        )
        note = st.text_input(t("Ghi chú (căn cứ, văn bản)", "Note (the instruction it follows)"), key="cycle_ob_note")
        go = st.form_submit_button(t("Lưu nghĩa vụ", "Save the obligation"), type="primary")
    if go:
        access.require("manage")  # checked again on the server when the form is sent
        who = access.identity()
        try:
            ob = obligations.checked(
                year=year,
                period_kind=kind_half[0],
                half=kind_half[1],
                level=level,
                provinces=provs,
                cutoff=cutoff,
                commune_deadline=commune_due,
                province_deadline=province_due,
                note=note,
            )
            obligations.set_obligation(ob, by=who.label if who else "?", via="app")
        except obligations.ObligationError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.success(
                t(
                    f"Đã lưu nghĩa vụ: {report_rules.period_label(ob.period_kind, ob.half)} — {ob.year}.",
                    f"Obligation saved: {report_rules.period_label(ob.period_kind, ob.half, 'en')} {ob.year}.",
                ),
                icon=":material/check_circle:",
            )
            st.rerun()

    st.subheader(t(f"Lịch sử nghĩa vụ năm {sel.year}", f"Obligations of {sel.year}: history"))
    hist = obligations.history(ctx.source, sel.year)
    if hist is None or hist.is_empty():
        st.caption(t("Chưa có nghĩa vụ nào được đặt cho năm này.", "No obligation has been set for this year."))
    else:
        d = lambda x: "–" if x is None else x.strftime("%d/%m/%Y")  # noqa: E731
        shown = pl.DataFrame(
            {
                t("Kỳ", "Period"): [
                    report_rules.period_label(k, h, lang)
                    for k, h in zip(hist["period_kind"].to_list(), hist["half"].to_list())
                ],
                t("Thao tác", "Action"): [OBLIGATION_ACTIONS.label(a, lang) for a in hist["action"].to_list()],
                t("Cấp", "Level"): [
                    "–" if v is None else OBLIGATION_LEVELS.label(v, lang) for v in hist["level"].to_list()
                ],
                t("Tỉnh", "Provinces"): [
                    t("cả nước", "whole country") if not p else ", ".join(names.get(c, c) for c in p)
                    for p in hist["province_codes"].to_list()
                ],
                t("Chốt số liệu", "Cut-off"): [d(x) for x in hist["cutoff"].to_list()],
                t("Hạn xã → tỉnh", "Communes → province"): [d(x) for x in hist["commune_deadline"].to_list()],
                t("Hạn tỉnh → Bộ", "Provinces → Ministry"): [d(x) for x in hist["province_deadline"].to_list()],
                t("Người đặt", "Set by"): hist["set_by"].to_list(),
                t("Lúc", "At"): [x.strftime("%d/%m/%Y %H:%M") for x in hist["set_at"].to_list()],
                t("Đang áp dụng", "In force"): [t("có", "yes") if x else "" for x in hist["in_force"].to_list()],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
    current = obligations.in_force(ctx.source, sel.year, *period)
    if current is not None and st.button(
        t("Bãi bỏ nghĩa vụ của kỳ đang xem", "Withdraw this period's obligation"), key="cycle_ob_withdraw"
    ):
        access.require("manage")
        who = access.identity()
        obligations.withdraw(sel.year, *period, by=who.label if who else "?", via="app")
        st.rerun()
