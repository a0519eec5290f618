"""The Streamlit side of access: the modes (demo without [auth], sign-in with it), the pages a user
is offered, and the scope placed inside every Selection (so every query and cache key carries it).

Modes:
- no `[auth]` in secrets.toml: the read-only demo. Anonymous visitors read every province; the
  import and admin pages are not offered (imports go through the command line).
- `[auth]` configured: an anonymous visitor sees only the sign-in page; a signed-in user without a
  grant sees one page saying so and whom to ask; everyone else sees their role's pages and scope.
"""

from __future__ import annotations

import dataclasses
import logging

import polars as pl
import streamlit as st

from antq import settings
from antq.access import imports, policy, sessions, store
from antq.access.scope import (
    commune_names,
    province_of_communes,
    provinces_in,
    set_current_scope,
    within,
)
from antq.selection import Selection
from antq.units import SYSTEM_NEW, SYSTEM_OLD, province_names

log = logging.getLogger(__name__)

# Pages by url_path that need more than reading.
NEEDS = {"import_data": "import", "access": "manage", "review": "import"}
DEMO = policy.Access("viewer", store.COUNTRY, None)  # the read-only demo: everything, nothing written


def auth_configured() -> bool:
    """Is Streamlit's `[auth]` section present (user's ~/.streamlit or the project's .streamlit)?"""
    import os

    from streamlit import config
    from streamlit.runtime.secrets import StreamlitSecretNotFoundError

    try:
        return bool(st.secrets.get("auth"))
    except StreamlitSecretNotFoundError:
        # No secrets file: the demo. A file that exists but cannot be read must not open the data.
        present = [p for p in config.get_option("secrets.files") if os.path.exists(p)]
        if present:
            log.error("secrets file(s) %s could not be read: serving the sign-in page only", present)
        return bool(present)


def identity() -> policy.Identity | None:
    """The claims read from the signed-in user's ID token (sub, email, name, groups, email_verified),
    or None when nobody is signed in -- also when the sign-in has ended on the server (a sign-out, a
    revoke, its age: antq/access/sessions.py), whatever the browser's cookie says."""
    who = _claims()
    if who is None or not sessions.valid(st.user.get("iat"), who.subject, who.email, _session_ends(_db_version())):
        return None
    return who


def _claims() -> policy.Identity | None:
    u = st.user
    if not u.get("is_logged_in"):
        return None
    groups = u.get(settings.get("ANTQ_GROUPS_CLAIM")) or ()
    if isinstance(groups, str):
        groups = (groups,)
    verified = u.get("email_verified")
    return policy.Identity(
        subject=u.get("sub"),
        email=(u.get("email") or None),
        name=u.get("name"),
        groups=tuple(str(g) for g in groups),
        email_verified=verified if isinstance(verified, bool) else None,
    )


def _db_version():
    from antq.ui import state

    return state.snapshot().version


@st.cache_data(ttl=3600, max_entries=1024, show_spinner=False)
def _decide(db_version, who: policy.Identity) -> policy.Access:
    from antq.ui import state

    cur = state.snapshot().conn.cursor()
    try:
        return decide_on(cur, who)
    finally:
        cur.close()


def decide_on(cur, who: policy.Identity) -> policy.Access:
    acc = policy.decide(store.grants(cur), who)
    if acc.selection_communes:
        found = province_of_communes(cur, acc.communes)
        names = commune_names(cur, acc.communes)
        acc = dataclasses.replace(
            acc,
            commune_provinces=tuple(sorted(set(found.values()))),
            commune_names=tuple(names.get(c, c) for c in acc.communes),
        )
    return acc


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _session_ends(db_version) -> sessions.Ends:
    from antq.ui import state

    cur = state.snapshot().conn.cursor()
    try:
        return sessions.ends(cur)
    finally:
        cur.close()


def current() -> policy.Access:
    """What the user of this session may do, decided now (a grant change takes effect on the next
    rerun: the decision is cached by database version, and every grant change makes a new one)."""
    if not auth_configured():
        return DEMO
    who = identity()
    if who is None:
        return policy.NOBODY
    from antq.ui import state

    return _decide(state.snapshot().version, who)


def scoped(sel: Selection | None) -> Selection | None:
    """The selection with the user's scope inside it (None stays None: such calls carry no figures).
    For a scoped user the provinces become the ones the scope allows (all of it for "Toàn quốc"), so
    code that reads `sel.provinces` rather than `sel.province_list` is held to the scope as well."""
    if sel is None:
        return None
    acc = current()
    scope = acc.selection_scope
    if scope is None:
        return dataclasses.replace(sel, scope=None, communes=None)
    return dataclasses.replace(
        sel,
        scope=scope,
        provinces=tuple(within(scope, sel.units, sel.provinces)),
        communes=acc.selection_communes,
    )


def allowed_provinces(codes: list[str], units: int) -> list[str]:
    """The province codes of `units` the user may pick (the sidebar offers only those)."""
    scope = current().selection_scope
    if scope is None:
        return codes
    allowed = set(provinces_in(scope, units))
    return [c for c in codes if c in allowed]


def outside_scope_notices(chosen: list[str], allowed: list[str], tr) -> list[str]:
    """A notice for provinces asked for (by a URL) outside the user's scope; they are dropped."""
    out = [c for c in chosen if c not in allowed]
    if not out or current().selection_scope is None:
        return []
    return [
        tr(
            f"Tỉnh mã {', '.join(out)} nằm ngoài phạm vi được cấp cho bạn; hiển thị phạm vi của bạn.",
            f"Province {', '.join(out)} is outside your scope; showing your scope.",
        )
    ]


def all_label(tr) -> str:
    """What an empty province filter means: the whole country, or for a scoped user their scope."""
    acc = current()
    scope = acc.selection_scope
    if scope is None:
        return tr("Toàn quốc", "Whole country")
    names = province_names(SYSTEM_NEW)
    if acc.selection_communes is not None:
        where = ", ".join(names.get(c, c) for c in scope)
        what = ", ".join(acc.commune_names) or tr("không có", "none")
        return tr(f"Phạm vi của bạn: {what} ({where})", f"Your scope: {what} ({where})")
    what = ", ".join(names.get(c, c) for c in scope) or tr("không có", "none")
    return tr(f"Phạm vi của bạn: {what}", f"Your scope: {what}")


# ---------------------------------------------------------------- pages and the gate
def pages(all_pages: list, tr) -> list:
    """The pages this visitor is offered; draws the sidebar's account block."""
    if not auth_configured():
        st.sidebar.caption(
            tr(
                "Chưa cấu hình đăng nhập: chế độ chỉ xem. Số liệu do quản trị viên hệ thống nhập.",
                "Sign-in is not configured: read-only. Imports go through the command line.",
            )
        )
        return [p for p in all_pages if p.url_path not in NEEDS]
    who = identity()
    if who is None:
        # A deep link opened signed out (/participation?year=...) shows the sign-in page under its
        # own path rather than Streamlit's "Page not found" over it; _REMEMBER_JS keeps the link.
        title = tr("Đăng nhập", "Sign in")
        deep = [
            st.Page(_login_page, title=title, url_path=p.url_path, visibility="hidden") for p in all_pages if p.url_path
        ]  # (the default page answers at the root, where the sign-in page is)
        return [st.Page(_login_page, title=title, icon=":material/login:", default=True), *deep]
    acc = current()
    _account_block(who, acc, tr)
    if not acc.granted or acc.selection_scope == ():
        return [st.Page(_no_grant_page, title=tr("Chưa có quyền", "No access"), icon=":material/block:", default=True)]
    return [p for p in all_pages if may_open(p.url_path, acc)]


def may_open(path: str | None, acc: policy.Access) -> bool:
    """Whether a page (by url_path) is offered to `acc`: the review page only to those who review
    (antq.cycle.review.can_review: a province's or the Ministry's reporter or admin)."""
    if path == "review":
        from antq.cycle import review

        return review.can_review(acc)
    return path not in NEEDS or acc.can(NEEDS[path])


def shows_data() -> bool:
    """Whether the shared frame (filters, figures) is drawn for this visitor."""
    acc = current()
    return acc.granted and acc.selection_scope != ()


def require(action: str) -> policy.Access:
    """Stop the page unless the user may `action` (read | import | manage): a page reached by URL
    is checked again, not only hidden from the menu."""
    acc = current()
    if not (acc.can(action) and (action != "import" or auth_configured())):
        st.error("Bạn không có quyền dùng trang này. / You may not use this page.", icon=":material/block:")
        st.stop()
    return acc


def _account_block(who: policy.Identity, acc: policy.Access, tr) -> None:
    sb = st.sidebar
    role = {"viewer": tr("xem", "viewer"), "reporter": tr("báo cáo", "reporter"), "admin": tr("quản trị", "admin")}
    line = f"**{who.name or who.label}** · {who.label}"
    if acc.granted:
        line += f" · {role[acc.role]} · {all_label(tr).removeprefix(tr('Phạm vi của bạn: ', 'Your scope: '))}"
    sb.caption(line)
    if sb.button(tr("Đăng xuất", "Sign out"), key="access_logout"):
        # Ended on the server first, so a copy of the cookie signs nobody in (antq/access/sessions.py).
        sessions.end(who.subject, who.email, reason="logout", by=who.label)
        st.logout()


# Streamlit's sign-in callback always lands on the app's root. A link opened by a signed-out visitor
# (/participation?year=2024) is kept in a short-lived cookie by the sign-in page and reopened by the
# first run after the sign-in (the server reads it: no second page load), which also clears it.
RETURN_COOKIE = "antq_return"
_REMEMBER_JS = (
    "<script>try{const here=location.pathname+location.search;"
    "if(here!=='/'&&!here.startsWith('/oauth2callback'))"
    f"document.cookie='{RETURN_COOKIE}='+encodeURIComponent(here)+'; path=/; max-age=900; samesite=lax';"
    "}catch(e){}</script>"
)
_FORGET_JS = f"<script>document.cookie='{RETURN_COOKIE}=; path=/; max-age=0; samesite=lax';</script>"


def navigation(all_pages: list, tr, hidden=None):
    """st.navigation over the pages this visitor is offered (see `pages`), plus the hidden pages
    `hidden(offered)` returns (aliases of offered pages); after a sign-in, the link the visitor
    first opened."""
    offered = pages(all_pages, tr)
    acc = current()
    # Every Selection made during this run defaults to this user's scope (antq.access.scope).
    set_current_scope(acc.selection_scope if acc.granted else (), acc.selection_communes)
    page = st.navigation(offered + (hidden(offered) if hidden else []), position="top")
    _return_after_sign_in(offered)
    return page


def _return_after_sign_in(offered: list) -> None:
    from urllib.parse import parse_qsl, unquote, urlsplit

    ss = st.session_state
    raw = st.context.cookies.get(RETURN_COOKIE)
    if not raw or ss.get("_access_returned") or identity() is None:
        return
    ss["_access_returned"] = True
    st.html(_FORGET_JS, unsafe_allow_javascript=True)
    if dict(st.query_params):  # the user already opened a link of their own
        return
    target = urlsplit(unquote(raw))
    if target.scheme or target.netloc:  # only a path of this app
        return
    query = dict(parse_qsl(target.query))
    path = target.path.strip("/")
    page = next((p for p in offered if path and p.url_path == path), None)
    if page is not None:
        st.switch_page(page, query_params=query)
    st.query_params.from_dict(query)


def _login_page() -> None:
    st.html(_REMEMBER_JS, unsafe_allow_javascript=True)
    st.title("Phong trào Toàn dân bảo vệ an ninh Tổ quốc")
    st.write(
        "Bảng điều khiển dành cho cán bộ được cấp quyền. Đăng nhập bằng tài khoản của đơn vị để xem số liệu "
        "trong phạm vi được giao."
    )
    if st.button("Đăng nhập", type="primary", icon=":material/login:", key="access_login"):
        st.login()


def _no_grant_page() -> None:
    who = identity()
    acc = current()
    st.title("Chưa có quyền truy cập")
    if acc.granted:  # a commune scope: recorded, not yet served by the province-level pages
        st.warning(
            f"Tài khoản {who.label} được cấp quyền theo xã, phường; các trang hiện chỉ phục vụ phạm vi tỉnh.",
            icon=":material/block:",
        )
    else:
        st.warning(
            f"Tài khoản {who.label} đã đăng nhập nhưng chưa được cấp quyền xem số liệu.", icon=":material/block:"
        )
    admins = admin_contacts()
    whom = ", ".join(admins) if admins else "quản trị viên hệ thống của Bộ Công an (Cục Xây dựng phong trào)"
    st.write(
        f"Đề nghị cấp quyền (vai trò và tỉnh, thành phố phụ trách) gửi tới: **{whom}**. "
        "Sau khi được cấp quyền, tải lại trang."
    )


def admin_contacts() -> list[str]:
    """The e-mails of the administrators: whom a user without a grant should ask."""
    from antq.ui import state

    cur = state.snapshot().conn.cursor()
    try:
        return sorted(g.principal for g in store.grants(cur) if g.role == "admin" and g.principal_kind == "email")
    finally:
        cur.close()


# ---------------------------------------------------------------- import page
def actor() -> imports.Actor:
    who = identity()
    return imports.Actor(who or policy.Identity(subject="anonymous"), current(), "app")


def template_provinces(codes: list[str], system: int) -> list[str]:
    return allowed_provinces(codes, system)


def scoped_status(summary: pl.DataFrame, grids: dict) -> tuple[pl.DataFrame | None, dict]:
    """The reporting-status tables within the user's scope: grids keep only the scope's provinces
    (in each system); the per-year counts, which span every province, are not shown to a scoped user."""
    scope = current().selection_scope
    if scope is None:
        return summary, grids
    out = {}
    for (kind, system), g in grids.items():
        allowed = list(provinces_in(scope, system))
        out[(kind, system)] = g.filter(pl.col("Mã tỉnh").is_in(allowed)) if not g.is_empty() else g
    return None, out


def scoped_history(conn, audit: pl.DataFrame) -> pl.DataFrame:
    """The import history with who made each attempt; a scoped user sees the attempts on their
    provinces and their own."""
    if audit.is_empty():
        return audit
    from antq import queries

    cur = conn.cursor()
    try:
        actors = queries.run(cur, "access_import_actors")
    finally:
        cur.close()
    out = audit.join(actors, on="attempt_id", how="left")
    acc = current()
    scope = acc.selection_scope
    if acc.selection_communes is not None:  # a commune's officers: their own attempts only
        me = (identity() or policy.Identity()).email
        out = out.filter(pl.col("actor_email").is_not_null() & (pl.col("actor_email") == me))
    elif scope is not None:
        allowed = set(provinces_in(scope, SYSTEM_NEW)) | set(provinces_in(scope, SYSTEM_OLD))
        me = (identity() or policy.Identity()).email
        codes = pl.col("province_codes").fill_null("").str.split(", ")
        inside = codes.list.eval(pl.element().is_in(list(allowed)) | (pl.element() == "")).list.all()
        out = out.filter((inside & (pl.col("province_codes").fill_null("") != "")) | (pl.col("actor_email") == me))
    return out.select(
        "attempt_id",
        "attempted_at",
        pl.coalesce("actor_email", "actor_subject").alias("actor"),
        *[c for c in audit.columns if c not in ("attempt_id", "attempted_at")],
    )
