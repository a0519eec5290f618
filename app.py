"""The frame: page config, the shared sidebar filters (kept in the URL), navigation, the chosen page."""

import streamlit as st

from antq.ui import frame

st.set_page_config(page_title="Phong trào Toàn dân bảo vệ ANTQ", page_icon="🛡️", layout="wide")

ctx = frame.setup()
t = ctx.t
PAGES = [
    st.Page("pages/overview.py", title=t("Tổng quan", "Overview"), icon="📊", url_path="tong-quan", default=True),
    st.Page("pages/participation.py", title=t("Tham gia", "Participation"), icon="👥", url_path="tham-gia"),
    st.Page("pages/models.py", title=t("Mô hình, điển hình tiên tiến", "Models and exemplars"), icon="🏅",
            url_path="mo-hinh"),
    st.Page("pages/commendations.py", title=t("Khen thưởng", "Commendations"), icon="🎖️", url_path="khen-thuong"),
    st.Page("pages/data.py", title=t("Dữ liệu", "Data & downloads"), icon="🗂️", url_path="du-lieu"),
]
st.navigation(PAGES, position="top").run()
