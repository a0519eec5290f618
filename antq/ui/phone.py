"""The layout for phones and every screen (issue 25): the app's CSS (antq/ui/phone.css, loaded
here and nowhere else) and the page menu a phone shows at the top of the main area, where Streamlit
folds the top navigation into a hidden sidebar. The phone's year / province row is drawn by
antq.ui.filters beside the sidebar filters, on the same state."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from antq.ui import search

CSS = Path(__file__).with_name("phone.css")
BAR_KEY = "antq_phone_bar"  # phone.css shows this container below 768 px only


@cache
def _css() -> str:
    return CSS.read_text("utf-8")


def inject() -> None:
    """The app's CSS, once per page run (a <style>-only st.html takes no space on the page)."""
    st.html(f"<style>{_css()}</style>")


def page_menu(offered: list, tr) -> None:
    """A labelled button opening the list of this visitor's pages (`offered`: st.Page objects; the
    hidden ones are not listed) and the unit search (antq/ui/search.py) beside it, when the visitor
    is offered the unit page; on a wide screen the search is at the top of the sidebar."""
    listed = [p for p in offered if p.visibility != "hidden"]
    if len(listed) < 2:
        return
    finds = any(p.url_path == search.PAGE_PATH for p in offered)
    with st.container(key=BAR_KEY, horizontal=True, vertical_alignment="center"):
        with st.popover(tr("Các trang", "Pages"), icon=":material/menu:"):
            for p in listed:
                st.page_link(p)
        if finds:
            search.box(tr, search.BAR_KEY)
    if finds:
        search.box(tr, search.SIDEBAR_KEY, st.sidebar)
