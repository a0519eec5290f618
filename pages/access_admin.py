"""Quản lý quyền: the grants in force, grant or revoke, and the history of every change.
Administrators only. Thin: the work is in antq.access."""

import polars as pl
import streamlit as st

from antq import db
from antq.access import store
from antq.access import web as access
from antq.ui import frame, state
from antq.units import SYSTEM_NEW, province_names

try:
    ctx = frame.current()
except KeyError:  # opened on its own (tests): draw the shared frame first
    ctx = frame.setup()
t = ctx.t
access.require("manage")
me = access.identity()
st.title(t("Quản lý quyền truy cập", "Access"))
st.caption(
    t(
        "Mỗi người dùng (khớp theo claim email của token) có một vai trò và một phạm vi. Không có quyền = không xem "
        "được gì. Mọi thay đổi được ghi lại.",
        "Each user (matched on the token's email claim) has one role and one scope. No grant = nothing. "
        "Every change is recorded.",
    )
)
conn = state.snapshot().conn
names = province_names(SYSTEM_NEW)
SCOPES = {
    "country": ("Toàn quốc", "Whole country"),
    "provinces": ("Các tỉnh, thành phố chọn dưới đây", "The provinces chosen below"),
    "communes": ("Các xã, phường ghi dưới đây", "The communes entered below"),
}
grants = store.grants(conn)
st.subheader(t("Quyền đang có", "Grants in force"))
if grants:
    st.dataframe(
        pl.DataFrame([g.as_dict() for g in grants]).with_columns(
            pl.col("scope_codes").list.join(", ").fill_null(t("toàn quốc", "whole country"))
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(t("Chưa có quyền nào.", "No grants yet."))

st.subheader(t("Cấp hoặc thay quyền", "Grant or change"))
with st.form("access_grant_form", clear_on_submit=True):
    c1, c2 = st.columns(2)
    who = c1.text_input(t("E-mail người dùng", "User's e-mail"), key="access_who")
    role = c2.selectbox(t("Vai trò", "Role"), store.ROLES, key="access_role")
    # The scope is always chosen: an empty province list used to mean the whole country silently.
    scope = st.selectbox(
        t("Phạm vi", "Scope"),
        SCOPES,
        index=None,
        format_func=lambda k: t(*SCOPES[k]),
        placeholder=t("Chọn phạm vi", "Choose the scope"),
        key="access_scope",
    )
    provs = st.multiselect(
        t("Tỉnh, thành phố (khi phạm vi là các tỉnh)", "Provinces (for a province scope)"),
        list(names),
        format_func=lambda c: f"{names[c]} ({c})",
        key="access_provs",
        placeholder=t("Chọn tỉnh", "Choose provinces"),
    )
    comms = st.text_input(
        t(
            "Hoặc các xã, phường (mã xã hiện nay, cách nhau bằng dấu phẩy; công an xã xem xã của mình)",
            "Or communes (today's commune codes, comma-separated; commune police see their commune)",
        ),
        key="access_comms",
    )
    go = st.form_submit_button(t("Cấp quyền", "Grant"), type="primary")
missing = {
    None: t(
        "Chọn phạm vi: Toàn quốc, các tỉnh hoặc các xã.", "Choose the scope: whole country, provinces or communes."
    ),
    "provinces": t("Phạm vi các tỉnh: chọn ít nhất một tỉnh.", "Province scope: choose at least one province.")
    if not provs
    else None,
    "communes": t("Phạm vi các xã: ghi ít nhất một mã xã.", "Commune scope: enter at least one commune code.")
    if not comms.strip()
    else None,
    "country": t(
        "Phạm vi Toàn quốc: bỏ các tỉnh, xã đã chọn (hoặc chọn phạm vi các tỉnh, các xã).",
        "Whole country: clear the provinces and communes (or choose a province or commune scope).",
    )
    if provs or comms.strip()
    else None,
}[scope]
if go and missing:
    st.error(missing, icon=":material/error:")
elif go:
    try:
        g = store.grant("email", who, role, provinces=provs, communes=[comms], by=me.label)
    except store.GrantError as exc:
        st.error(str(exc), icon=":material/error:")
    except db.DatabaseBusy as exc:
        st.error(str(exc), icon=":material/hourglass:")
    else:
        st.success(t(f"Đã cấp quyền {g.role} cho {g.principal}.", f"Granted {g.role} to {g.principal}."))
        st.rerun()

st.subheader(t("Thu hồi quyền", "Revoke"))
emails = [g.principal for g in grants if g.principal_kind == "email"]
c1, c2 = st.columns([3, 1])
victim = c1.selectbox(
    t("Người dùng", "User"),
    emails,
    index=None,
    key="access_revoke_who",
    placeholder=t("Chọn người dùng", "Choose a user"),
)
# Grants hold e-mails lower-case; the token's may be in any case.
mine = victim is not None and victim == (me.email or "").strip().lower()
if c2.button(t("Thu hồi", "Revoke"), disabled=victim is None or mine, key="access_revoke_go"):
    if mine:  # checked on the click too, not only by the disabled button
        st.error(t("Không tự thu hồi quyền của mình ở đây.", "You cannot revoke yourself here."))
        st.stop()
    try:
        store.revoke("email", victim, by=me.label)
    except db.DatabaseBusy as exc:
        st.error(str(exc), icon=":material/hourglass:")
    else:
        st.rerun()

st.subheader(t("Lịch sử thay đổi quyền", "History of changes"))
hist = store.changes(conn)
if hist.is_empty():
    st.caption(t("Chưa có thay đổi nào.", "No changes yet."))
else:
    st.dataframe(hist.with_columns(pl.col("scope_codes").list.join(", ")), hide_index=True, width="stretch")
