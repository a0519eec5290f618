"""Dữ liệu: the filtered rows of each table, with row counts and downloads (the same bytes as
`python -m antq export`)."""

import streamlit as st

from antq import i18n, service
from antq.ui import frame

ctx = frame.page_header("Dữ liệu và tải xuống", "Data and downloads")
sel, t, lang = ctx.selection, ctx.t, ctx.lang

LABELS = {
    "figures": ("Số liệu theo chỉ tiêu (mọi nguồn)", "Figures by indicator (every source)"),
    "festival_points": ("Điểm tổ chức Ngày hội", "Festival points"),
    "commendations": ("Khen thưởng", "Commendations"),
    "models": ("Mô hình", "Models"),
    "exemplars": ("Điển hình tiên tiến", "Exemplars"),
    "provinces": ("Chỉ tiêu theo tỉnh", "Headline figures by province"),
}
# One table at a time (tabs would query and draw all five on every filter change).
name = (
    st.segmented_control(
        t("Bảng", "Table"),
        list(service.TABLES),
        format_func=lambda n: t(*LABELS[n]),
        key=frame.lkey("data_table"),
        default="figures",
    )
    or "figures"
)
head, total = service.table_preview(ctx.source, sel, name, frame.TABLE_PREVIEW_ROWS)
st.metric(t("Số dòng", "Rows"), i18n.number(total, 0, lang))
st.caption(
    t(f"{t(*LABELS[name])} · năm {sel.year} · ", f"{t(*LABELS[name])} · year {sel.year} · ") + frame.units_phrase(ctx)
)
source = ctx.source  # the page run's snapshot: the download reads the version the page shows
frame.extract(head, total, lambda: service.table(source, sel, name), f"data_{name}", name, sel.year)
