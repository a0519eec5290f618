"""Who has reported a result report for a period, on time or late (antq/vocab/report_rules.py's
deadlines), or not at all — drawn on the results page and in the import page's reporting-status
area, with the list of who has not reported to download."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import i18n, reportview
from antq.ui import frame
from antq.vocab import report_rules
from antq.vocab.report_rules import COMPLETENESS_PERIODS, period_label


def section(ctx: frame.Context, key: str) -> None:
    """The period picker, the counts by status, the table per province and the downloads."""
    sel, t, lang = ctx.selection, ctx.t, ctx.lang
    kind, half = st.selectbox(
        t("Kỳ", "Period"),
        COMPLETENESS_PERIODS,
        index=COMPLETENESS_PERIODS.index(("festival_year", 0)),
        format_func=lambda p: period_label(p[0], p[1], lang),
        key=frame.lkey(f"{key}_completeness_period"),
    )
    today = dt.date.today()
    counts = reportview.completeness_counts(ctx.source, sel, kind, half, today)
    deadline = report_rules.deadline(kind, sel.year, half)
    frame.metric_cards(
        [
            (reportview.SUBMISSION_STATUS[s][1 if lang == "en" else 0], i18n.number(counts[s], 0, lang), None)
            for s in reportview.SUBMISSION_STATUS
        ],
        columns=len(reportview.SUBMISSION_STATUS),
    )
    st.caption(
        t(
            f"Năm {sel.year}. Hạn báo cáo: {i18n.date(deadline)} (quản trị viên hệ thống có thể đổi). "
            f"Tính trên {reportview.provinces_phrase(sel, lang)} trong phạm vi đang chọn ({counts['total']}).",
            f"Year {sel.year}. Deadline: {i18n.date(deadline, 'en')} (the system administrator may change it). "
            f"Over {reportview.provinces_phrase(sel, lang)} in the selection ({counts['total']}).",
        )
    )
    status = reportview.completeness_table(ctx.source, sel, kind, half, today, lang)
    st.dataframe(status, hide_index=True, width="stretch")
    frame.download_buttons(status, f"{key}_status", f"tinh-hinh-bao-cao-{kind}{half or ''}", sel.year)
    missing = reportview.not_reported(status, lang)
    st.markdown(t(f"**Chưa báo cáo: {missing.height} tỉnh**", f"**Not reported: {missing.height} provinces**"))
    frame.download_buttons(missing, f"{key}_missing", f"chua-bao-cao-{kind}{half or ''}", sel.year)
