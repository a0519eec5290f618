"""The frame: page config, the shared sidebar filters (kept in the URL), navigation, the chosen page."""

import streamlit as st

from antq import webserver

# `antq serve` imports the heavy modules on a thread of its own while it starts; no session may
# import them at the same time (a half-initialised module), so every run waits for it first.
webserver.wait_preloaded()

from antq.access import web as access  # noqa: E402 -- after the wait above
from antq.briefing import ui as briefing_ui  # noqa: E402
from antq.ui import errors, frame, phone, report_status, search  # noqa: E402

st.set_page_config(page_title="Phong trào Toàn dân bảo vệ ANTQ", page_icon="static/favicon.png", layout="wide")
phone.inject()

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
        # The default page answers at the root; the path it reserves cannot be opened ("Page not
        # found"), so it reserves an unused one and /overview is an alias below.
        url_path="trang-chu",
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
    st.Page(
        "pages/results.py",
        title=t("Kết quả phong trào", "Results of the movement"),
        icon=":material/insights:",
        url_path="results",
    ),
    st.Page("pages/map.py", title=t("Bản đồ độ phủ", "Coverage map"), icon=":material/map:", url_path="map"),
    # Reached from the reporting section of the results and import pages (antq/ui/report_status.py),
    # not from the page list: a ninth entry overflows the desktop's top navigation (see below).
    st.Page(
        "pages/cycle.py",
        title=t("Tiến độ báo cáo", "Reporting progress"),
        icon=":material/event_available:",
        url_path="cycle",
        visibility="hidden",
    ),
    # Reached from the search box on every page (antq/ui/search.py), not from the page list: a
    # tenth entry overflowed the desktop's top navigation into an English "1 more" button.
    st.Page(
        "pages/unit.py",
        title=t("Tra cứu đơn vị", "Find a unit"),
        icon=":material/location_city:",
        url_path="unit",
        visibility="hidden",
    ),
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
    # The reviewers' page (issue 27), offered only to those who review (antq.access.web.may_open).
    # Hidden from the top navigation for the same reason as the unit page (an eleventh entry for an
    # administrator): linked from the sidebar instead (below) and from the import page.
    st.Page(
        "pages/review.py",
        title=t("Duyệt báo cáo", "Review reports"),
        icon=":material/fact_check:",
        url_path="review",
        visibility="hidden",
    ),
    st.Page(
        "pages/access_admin.py",
        title=t("Quản lý quyền", "Access"),
        icon=":material/admin_panel_settings:",
        url_path="access",
    ),
]
# Navigation first: the filters rewrite the URL's query string, and a rewrite before the page is
# resolved sends a deep link (/participation?...) to the main page with a "Page not found" dialog.
# Old and documented paths (the README's /tham-gia, Vietnamese names) lead to today's pages, with
# the URL's filters; hidden from the menu, and only to pages this visitor is offered.
ALIASES = {
    "overview": "overview",
    "tong-quan": "overview",
    "tham-gia": "participation",
    "mo-hinh": "models",
    "khen-thuong": "commendations",
    "ket-qua": "results",
    "ban-do": "map",
    "don-vi": "unit",
    "nhap-du-lieu": "import_data",
    "du-lieu": "data",
    "duyet-bao-cao": "review",
    "tien-do-bao-cao": "cycle",
}


def _redirect(target: st.Page):
    def go():
        st.switch_page(target, query_params=st.query_params.to_dict())

    go.__name__ = f"redirect_{target.url_path}"
    return go


OFFERED: list = []  # this run's offered pages, for the phone's page menu


def alias_pages(offered: list) -> list:
    OFFERED[:] = offered
    by_path = {p.url_path or "overview": p for p in offered}  # the default page answers at the root
    return [
        st.Page(_redirect(by_path[to]), title=by_path[to].title, url_path=alias, visibility="hidden")
        for alias, to in ALIASES.items()
        if to in by_path
    ]


# Who may see what (antq.access): the sign-in page alone, the no-grant page, or the role's pages.
page = access.navigation(PAGES, t, hidden=alias_pages)
phone.page_menu(OFFERED, t)
try:
    if access.shows_data():
        briefing_ui.download_buttons(frame.setup())  # "Tải báo cáo" in the sidebar, for the current filters
        search.follow(OFFERED)  # a unit search just submitted opens the unit page
        review_page = next((p for p in OFFERED if p.url_path == "review"), None)
        if review_page is not None:  # hidden from the top navigation (see PAGES): the sidebar links it
            st.sidebar.page_link(review_page, icon=":material/fact_check:")
        report_status.remember(OFFERED)  # the results and import pages link to the progress page
    page.run()
except Exception as exc:  # noqa: BLE001 -- st.rerun/st.stop are BaseException and pass through
    errors.show(exc)
