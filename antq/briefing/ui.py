"""The "Tải báo cáo" action in the sidebar: the briefing of the current filters as PDF or DOCX.

The document is made when a button is clicked (Streamlit's deferred download), not on every page
run, and cached per database version, selection, format, language and day like every query.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import downloads
from antq.briefing import FORMATS


def briefing_bytes(conn, sel, fmt: str, lang: str, day: str) -> bytes:
    """(conn, sel, ...) like the service functions, so that antq.ui.state caches it."""
    from antq.briefing import build

    return build(conn, sel, fmt, lang, today=dt.date.fromisoformat(day))


def file_name(sel, fmt: str) -> str:
    return downloads.filename("bao-cao", sel.year, sel.provinces, sel.units, fmt)


def download_buttons(ctx) -> None:
    """Draw the two buttons in the sidebar for `ctx.selection` (nothing when the store is empty)."""
    if not ctx.years:
        return
    from antq.ui import state

    sel, lang = ctx.selection, ctx.lang
    day = dt.date.today().isoformat()
    sb = st.sidebar
    sb.subheader(ctx.t("Tải báo cáo", "Download the briefing"))
    sb.caption(
        ctx.t(
            "Báo cáo theo thể thức Nghị định 30/2020/NĐ-CP cho năm và tỉnh đang chọn.",
            "A report in the Decree 30/2020 layout for the selected year and provinces.",
        )
    )
    cols = sb.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS):
        col.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: state.call(briefing_bytes, sel, fmt, lang, day),
            file_name=file_name(sel, fmt),
            mime=FORMATS[fmt],
            key=f"briefing_{fmt}",
            on_click="ignore",
            icon=":material/description:",
            width="stretch",
        )
