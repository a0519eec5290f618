"""A preview lost with its session says so. A preview (of an uploaded file, or of report figures
typed in) lives in the server's session; a server restart, or a session dropped after a
disconnection, loses it, and the browser then came back to a page with nothing uploaded and no
word why. The browser keeps a cookie while a preview is on screen; a new session that finds the
cookie but no preview tells the user once that the preview expired and to upload again (issue 23).
"""

from __future__ import annotations

import streamlit as st

COOKIE = "antq_preview"
_SET = f"<script>document.cookie='{COOKIE}=1; path=/; max-age=3600; samesite=lax';</script>"
_CLEAR = f"<script>document.cookie='{COOKIE}=; path=/; max-age=0; samesite=lax';</script>"
_MARKED, _CHECKED = "_preview_marked", "_preview_checked"


def shown() -> None:
    """A preview is on screen: remember it in the browser (an hour at most)."""
    if not st.session_state.get(_MARKED):
        st.session_state[_MARKED] = True
        st.html(_SET, unsafe_allow_javascript=True)


def done() -> None:
    """The preview was used (saved, or refused at saving): nothing to say after a restart."""
    if st.session_state.pop(_MARKED, None):
        st.html(_CLEAR, unsafe_allow_javascript=True)


def expired_notice(t) -> None:
    """On a session's first run: a preview the browser showed before is not in this session."""
    ss = st.session_state
    if ss.get(_CHECKED):
        return
    ss[_CHECKED] = True
    if st.context.cookies.get(COOKIE) != "1" or ss.get(_MARKED):
        return
    st.warning(
        t(
            "Bản xem trước trước đó đã hết hạn (máy chủ đã khởi động lại hoặc phiên làm việc đã kết thúc), "
            "chưa có gì được lưu từ bản đó. Hãy tải tệp lên lại (hoặc bấm “Kiểm tra và xem trước” lại) để xem và lưu.",
            "The earlier preview expired (the server restarted or the session ended); nothing of it was saved. "
            "Upload the file again (or press “Check and preview” again) to review and save it.",
        ),
        icon=":material/history:",
    )
    st.html(_CLEAR, unsafe_allow_javascript=True)
