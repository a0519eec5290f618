"""Work Streamlit runs for a user outside their script run: the deferred downloads (CSV, XLSX, the
briefing, import templates), made on another thread when the button is clicked.

That thread has no user's scope (antq.access.scope: unset is deny), and the click can come long
after the page was drawn -- after a revoke or a sign-out. So the callable carries the scope of the
page run that drew the button explicitly, and checks the user's access again when clicked
(issue 23: a deferred briefing ran with the whole country, and a revoked user's open tab still
downloaded).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from antq.access import sessions, web
from antq.access.scope import using

log = logging.getLogger(__name__)


class DownloadRefused(PermissionError):
    """A deferred download clicked by a user who may no longer have it (revoked, signed out, scope
    changed since the page was drawn)."""


def download(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """The callable of a deferred download (Streamlit runs it on another thread when clicked, where
    no user's scope is set): it carries the scope of the page run that drew the button explicitly,
    and checks the user's access again at the click -- a revoked or signed-out user's click is
    refused, and a changed scope asks for a fresh page."""
    configured = web.auth_configured()
    who = web.identity() if configured else None
    issued = st.user.get("iat") if who is not None else None
    acc = web.current()
    scope = acc.selection_scope if acc.granted else ()
    communes = acc.selection_communes

    def run() -> bytes:
        if configured:
            _check_still_allowed(who, issued, scope, communes)
        with using(scope, communes):
            return make()

    return run


def _check_still_allowed(who, issued, scope, communes) -> None:
    from antq.ui import state

    if who is None:
        raise DownloadRefused("Chưa đăng nhập: không tải được số liệu.")
    cur = state.snapshot().conn.cursor()
    try:
        if not sessions.valid(issued, who.subject, who.email, sessions.ends(cur)):
            log.warning("download refused: the sign-in of %s has ended", who.label)
            raise DownloadRefused("Phiên đăng nhập đã kết thúc; hãy đăng nhập lại.")
        now = web.decide_on(cur, who)
    finally:
        cur.close()
    if not now.granted or (now.selection_scope, now.selection_communes) != (scope, communes):
        log.warning("download refused: the access of %s changed since the page was drawn", who.label)
        raise DownloadRefused("Quyền truy cập của bạn đã thay đổi hoặc đã bị thu hồi; hãy tải lại trang.")
