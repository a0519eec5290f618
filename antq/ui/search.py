"""The unit search box (issue 25, "a commune is one tap away"): on a phone at the top of every page
beside the page menu (antq/ui/phone.py), on a wide screen at the top of the sidebar. Enter opens
the unit page (pages/unit.py) with the words in its URL (?q=...), which lists what matched
(antq.unitview.search) or opens the one unit the words name."""

from __future__ import annotations

import streamlit as st

from antq.unitview import QUERY_KEY, URL_KEY

PAGE_PATH = "unit"  # the unit page's url_path (app.py)
_PENDING = "_unit_search_pending"
_PAGE = "_unit_search_page"
BAR_KEY, SIDEBAR_KEY = "unit_search_bar", "unit_search_sidebar"


def _submit(key: str) -> None:
    text = (st.session_state.get(key) or "").strip()
    if text:
        st.session_state[_PENDING] = text
    st.session_state[key] = ""  # the box is ready for the next search; the unit page shows these words


def box(tr, key: str, where=st) -> None:
    where.text_input(
        tr("Tìm đơn vị", "Find a unit"),
        key=key,
        on_change=_submit,
        args=(key,),
        placeholder=tr("Tìm xã, phường, tỉnh…", "Find a commune, province…"),
        label_visibility="collapsed",
        max_chars=80,
        icon=":material/search:",
    )


def follow(offered: list) -> None:
    """After a search was submitted: open the unit page with its words (st.switch_page stops the run).
    Also keeps this run's unit page for `link` (a page cannot import app.py's)."""
    page = next((p for p in offered if p.url_path == PAGE_PATH), None)
    st.session_state[_PAGE] = page
    text = st.session_state.pop(_PENDING, None)
    if text and page is not None:
        st.switch_page(page, query_params={QUERY_KEY: text})


def link(key: str, label: str, **kw) -> None:
    """A link to one unit's page; its address can be shared."""
    page = st.session_state.get(_PAGE)
    if page is not None:
        st.page_link(page, label=label, query_params={URL_KEY: key}, **kw)
