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
    provs = st.multiselect(
        t("Tỉnh, thành phố (bỏ trống = toàn quốc)", "Provinces (none = whole country)"),
        list(names),
        format_func=lambda c: f"{names[c]} ({c})",
        key="access_provs",
    )
    comms = st.text_input(
        t(
            "Hoặc các xã, phường (mã xã hiện nay, cách nhau bằng dấu phẩy; công an xã xem xã của mình)",
            "Or communes (today's commune codes, comma-separated; commune police see their commune)",
        ),
        key="access_comms",
    )
    go = st.form_submit_button(t("Cấp quyền", "Grant"), type="primary")
if go:
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
victim = c1.selectbox(t("Người dùng", "User"), emails, index=None, key="access_revoke_who")
if c2.button(t("Thu hồi", "Revoke"), disabled=victim is None or victim == me.email, key="access_revoke_go"):
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
