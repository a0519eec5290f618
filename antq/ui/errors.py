"""What a visitor sees when a page fails: a Vietnamese message and an error id, never a traceback
or a server path (client.showErrorDetails is "none" as well). The detail goes to the server log
under the same id, so an administrator can find it."""

from __future__ import annotations

import logging
import uuid

import streamlit as st

log = logging.getLogger("antq.app")


def show(exc: BaseException) -> str:
    """Log the exception with a new error id and tell the visitor that id; returns the id."""
    error_id = uuid.uuid4().hex[:8]
    log.error("Lỗi hiển thị trang, mã lỗi %s", error_id, exc_info=exc)
    st.error(
        f"Đã xảy ra lỗi khi hiển thị trang này. Vui lòng tải lại trang; nếu lỗi lặp lại, gửi mã lỗi **{error_id}** "
        f"cho quản trị hệ thống. / Something went wrong on this page; error id {error_id}.",
        icon=":material/error:",
    )
    return error_id
