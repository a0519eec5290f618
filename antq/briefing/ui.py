"""The "Tải báo cáo" action in the sidebar: the briefing of the current filters as PDF or DOCX.

The document is made when a button is clicked (Streamlit's deferred download), not on every page
run, and kept for a few selections per database version and day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from antq import downloads
from antq.access import deferred
from antq.briefing import FORMATS


# A few documents only (~0.6 MB each), per database version (the snapshot itself is not hashed).
@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False)
def _briefing_bytes(_snapshot, version, sel, fmt: str, lang: str, day: str) -> bytes:
    from antq.briefing import build

    return build(_snapshot, sel, fmt, lang, today=dt.date.fromisoformat(day))


def briefing_bytes(sel, fmt: str, lang: str) -> bytes:
    """The document for `sel`, made on the first click from the current database version (its
    figures through the same cached questions as the pages), kept per version and day."""
    from antq.ui import state

    snap = state.snapshot()
    return _briefing_bytes(snap, snap.version, sel, fmt, lang, dt.date.today().isoformat())


def file_name(sel, fmt: str) -> str:
    return downloads.filename("bao-cao", sel.year, sel.provinces, sel.units, fmt)


def download_buttons(ctx) -> None:
    """Draw the two buttons in the sidebar for `ctx.selection` (nothing when the store is empty)."""
    if not ctx.years:
        return
    # The trend range does not change the document: it must not split the cache.
    sel, lang = dataclasses.replace(ctx.selection, year_from=None, year_to=None), ctx.lang
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
            data=deferred.download(lambda fmt=fmt: briefing_bytes(sel, fmt, lang)),
            file_name=file_name(sel, fmt),
            mime=FORMATS[fmt],
            key=f"briefing_{fmt}",
            on_click="ignore",
            icon=":material/description:",
            width="stretch",
        )
