"""The frame: page config, the shared sidebar filters (kept in the URL), navigation, the chosen page."""

import streamlit as st

from antq.briefing import ui as briefing_ui
from antq.ui import frame

st.set_page_config(page_title="Phong trào Toàn dân bảo vệ ANTQ", page_icon="static/favicon.png", layout="wide")

# Serve with `python -m antq serve` (make run): it switches Streamlit's legacy pages/ router off
# before the first session, so deep links such as /participation?year=2024 open without a
# "Page not found" dialog.
lang = frame.requested_lang()


def t(vi: str, en: str) -> str:
    return en if lang == "en" else vi


PAGES = [
    st.Page(
        "pages/overview.py",
        title=t("Tổng quan", "Overview"),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(
        "pages/participation.py",
        title=t("Tham gia", "Participation"),
        icon=":material/groups:",
        url_path="participation",
    ),
    st.Page(
        "pages/models.py",
        title=t("Mô hình, điển hình tiên tiến", "Models and exemplars"),
        icon=":material/workspace_premium:",
        url_path="models",
    ),
    st.Page(
        "pages/commendations.py",
        title=t("Khen thưởng", "Commendations"),
        icon=":material/military_tech:",
        url_path="commendations",
    ),
    st.Page("pages/map.py", title=t("Bản đồ độ phủ", "Coverage map"), icon=":material/map:", url_path="map"),
    st.Page(
        "pages/import_data.py",
        title=t("Nhập dữ liệu", "Import data"),
        icon=":material/upload_file:",
        url_path="import_data",
    ),
    st.Page("pages/data.py", title=t("Dữ liệu", "Data & downloads"), icon=":material/table_view:", url_path="data"),
    st.Page(
        "pages/documents.py",
        title=t("Kế hoạch, văn bản", "Plans & documents"),
        icon=":material/description:",
        url_path="documents",
    ),
]
# Navigation first: the filters rewrite the URL's query string, and a rewrite before the page is
# resolved sends a deep link (/participation?...) to the main page with a "Page not found" dialog.
page = st.navigation(PAGES, position="top")
briefing_ui.download_buttons(frame.setup())  # "Tải báo cáo" in the sidebar, for the current filters
page.run()
