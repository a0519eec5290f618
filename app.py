"""The frame: page config, the shared sidebar filters (kept in the URL), navigation, the chosen page."""

import streamlit as st

from antq.ui import frame

st.set_page_config(page_title="Phong trào Toàn dân bảo vệ ANTQ", page_icon="static/favicon.png", layout="wide")

# url_path = the file's stem: Streamlit checks a first-loaded path against the pages/ folder before
# st.navigation runs, and shows "Page not found" when they differ.
ctx = frame.setup()
t = ctx.t
PAGES = [
    st.Page("pages/overview.py", title=t("Tổng quan", "Overview"), icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/participation.py", title=t("Tham gia", "Participation"), icon=":material/groups:", url_path="participation"),
    st.Page("pages/models.py", title=t("Mô hình, điển hình tiên tiến", "Models and exemplars"), icon=":material/workspace_premium:",
            url_path="models"),
    st.Page("pages/commendations.py", title=t("Khen thưởng", "Commendations"), icon=":material/military_tech:", url_path="commendations"),
    st.Page("pages/data.py", title=t("Dữ liệu", "Data & downloads"), icon=":material/table_view:", url_path="data"),
]
st.navigation(PAGES, position="top").run()
