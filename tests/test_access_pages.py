"""Access at page level under AppTest, with `at.user` standing in for the signed-in token and
`at.secrets` for the `[auth]` section: the modes, deny by default, the scope on every page, the
fallback of a URL outside the scope, and the cache test (user B, then user A on the same page and
filters: A sees no B figure). Figures are checked against independent SQL over the DuckDB file."""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from antq import i18n
from antq.access import store
from antq.ui import state
from antq.units import province_successor
from tests.support import e2e, expected

AUTH = {
    "redirect_uri": "http://localhost:8801/oauth2callback",
    "cookie_secret": "apptest-cookie-secret-not-used-0123456789",
    "client_id": "antq",
    "client_secret": "apptest",
    "server_metadata_url": "http://localhost:8802/.well-known/openid-configuration",
}
USERS = {
    "tinh79": ("tinh79@antq.test", "viewer", ["79"]),
    "tinh01": ("tinh01@antq.test", "viewer", ["01"]),
    "bc79": ("bc79@antq.test", "reporter", ["79"]),
    "toanquoc": ("toanquoc@antq.test", "viewer", []),
    "quantri": ("quantri@antq.test", "admin", []),
}
PAGES = ["pages/overview.py", "pages/participation.py", "pages/models.py", "pages/commendations.py", "pages/data.py"]
# page -> (metric label, fact of tests/support/expected.py)
CHECKS = {
    "pages/overview.py": ("Điểm tổ chức Ngày hội", "festival_points"),
    "pages/participation.py": ("Lượt người tham gia", "participants"),
    "pages/commendations.py": ("Tổng lượt khen thưởng (tập thể + cá nhân)", "commendations"),
    "pages/data.py": ("Số dòng", "festival_points"),  # the detail rows' table (chosen on the page)
}


@pytest.fixture(scope="module")
def access_db(tmp_path_factory, demo_db):
    p = tmp_path_factory.mktemp("access") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    for email, role, provs in USERS.values():
        store.grant("email", email, role, provinces=provs, by="test", db_path=p)
    return p


@pytest.fixture(autouse=True)
def env(access_db, app_script, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(access_db))
    state.reader.clear()  # the process-wide reader follows ANTQ_DB from its first use
    yield app_script
    state.reader.clear()


def total(path, fact: str, year: int, provinces_2025: list[str], detail: bool = False) -> int:
    """Independent figure (tests/support/expected.py): the fact over the given 2025 provinces."""
    with duckdb.connect(str(path), read_only=True) as c:
        return (expected.detail_total if detail else expected.total)(c, fact, year, 2025, provinces_2025)


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def figure(at: AppTest, page: str, label: str) -> int:
    """The page's figure under `label` without its qualifier word; the data page's row count is read
    from its detail rows' table."""
    if page == "pages/data.py":
        at.segmented_control(key=at.segmented_control[0].key).set_value("festival_points").run()
    text = metric(at, label)
    for word in ("trên ", "gần ", "khoảng "):
        text = text.removeprefix(word)
    return int(text.replace(".", ""))


def open_as(script, user: str | None, page: str = "pages/overview.py", url=None, auth=True) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=120)
    if auth:
        at.secrets["auth"] = AUTH
    if user is None:
        at.user = {"is_logged_in": False}
    else:
        email = USERS[user][0] if user in USERS else user
        # a real ID token says when it was issued (antq/access/sessions.py refuses one that does not)
        at.user = {
            "is_logged_in": True,
            "sub": f"sub-{email}",
            "email": email,
            "name": email.split("@")[0],
            "iat": int(time.time()),
        }
    for k, v in (url or {"year": "2024"}).items():
        at.query_params[k] = v
    at.run()
    at.first_warnings = " ".join(w.value for w in at.warning)
    if page != "pages/overview.py":
        at.switch_page(e2e.apptest_page(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def offered(at: AppTest, page: str) -> bool:
    """Is `page` in this user's navigation? (AppTest refuses to switch to a page not registered.)"""
    try:
        at.switch_page(e2e.apptest_page(page)).run()
    except ValueError as exc:
        assert "Could not find a navigation page" in str(exc)
        return False
    return True


def shown_text(at: AppTest) -> str:
    parts = [f"{m.label} {m.value}" for m in at.metric]
    parts += [x.value for x in at.markdown] + [x.value for x in at.caption] + [x.value for x in at.warning]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(parts)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_anonymous_with_auth_sees_only_the_login_page(env, access_db):
    at = open_as(env, None)
    assert [b.label for b in at.button] == ["Đăng nhập"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert vn(total(access_db, CHECKS["pages/overview.py"][1], 2024, [])) not in shown_text(at)


def test_signed_in_without_grant_sees_one_page_and_whom_to_ask(env, access_db):
    at = open_as(env, "ai-do@antq.test")
    assert [t.value for t in at.title] == ["Chưa có quyền truy cập"]
    assert "quantri@antq.test" in " ".join(m.value for m in at.markdown)  # whom to ask: the administrators
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not offered(at, "pages/data.py")  # no other page exists for this user


@pytest.mark.parametrize("page", list(CHECKS))
@pytest.mark.parametrize("user", ["tinh79", "tinh01", "toanquoc"])
def test_each_user_sees_exactly_their_scope(env, access_db, page, user):
    at = open_as(env, user, page)
    label, fact = CHECKS[page]
    provs = USERS[user][2]
    assert figure(at, page, label) == total(access_db, fact, 2024, provs, detail=page == "pages/data.py")
    if provs:
        lineage = set(provs) | {old for old, new in province_successor().items() if new in provs}
        code = i18n.column("province_code")
        for df in at.dataframe:  # every table on the page (rankings included) holds only the scope's rows
            if code in df.value.columns:
                assert set(df.value[code]) <= lineage, (page, set(df.value[code]) - lineage)
        assert at.multiselect(key="f_provinces").options == [
            o for o in at.multiselect(key="f_provinces").options if o.endswith(f"({provs[0]})")
        ]
        assert vn(total(access_db, fact, 2024, [])) not in shown_text(at)  # never the national figure


def test_the_old_system_of_a_province_user_is_its_lineage(env, access_db):
    at = open_as(env, "tinh79", url={"year": "2024", "units": "2008"})
    opts = at.multiselect(key="f_provinces").options
    assert sorted(o[-3:-1] for o in opts) == ["74", "77", "79"]  # HCM and the two provinces merged into it
    want = total(access_db, CHECKS["pages/overview.py"][1], 2024, ["79"])
    assert figure(at, "pages/overview.py", "Điểm tổ chức Ngày hội") == want


def test_a_url_outside_the_scope_falls_back_with_a_notice(env, access_db):
    at = open_as(env, "tinh79", url={"year": "2024", "province": "01"})
    assert "ngoài phạm vi" in at.first_warnings
    fact = CHECKS["pages/overview.py"][1]
    assert figure(at, "pages/overview.py", "Điểm tổ chức Ngày hội") == total(access_db, fact, 2024, ["79"])
    assert vn(total(access_db, fact, 2024, ["01"])) not in shown_text(at)
    assert "Phạm vi của bạn" in at.multiselect(key="f_provinces").placeholder


@pytest.mark.parametrize("page", ["pages/participation.py", "pages/data.py"])
def test_cache_never_serves_another_scopes_rows(env, access_db, page):
    """User B (province 01) loads the page, then user A (province 79) loads the same page with the
    same filters in the same process (one shared cache): A's response holds no B figure."""
    label, fact = CHECKS[page]
    b = open_as(env, "tinh01", page)
    detail = page == "pages/data.py"
    b_value = figure(b, page, label)
    assert b_value == total(access_db, fact, 2024, ["01"], detail)
    a = open_as(env, "tinh79", page)
    assert figure(a, page, label) == total(access_db, fact, 2024, ["79"], detail)
    assert vn(b_value) not in " ".join(m.value for m in a.metric)
    code = i18n.column("province_code")
    tables = [df.value for df in a.dataframe if code in df.value.columns]
    assert tables or page != "pages/data.py"  # the data page's extract carries province codes
    for t in tables:  # every row A receives is of A's province (HCM, or for 2024 its merged old provinces)
        assert set(t[code]) <= {"79", "74", "77"}, set(t[code])
    # and a national user after both sees the nation, not a province's cached rows
    n = open_as(env, "toanquoc", page)
    assert figure(n, page, label) == total(access_db, fact, 2024, [], page == "pages/data.py")


def test_demo_mode_offers_no_import_and_no_admin(env, access_db):
    at = open_as(env, None, auth=False)
    assert at.metric  # the read-only demo: anonymous visitors read the dashboard
    assert "Chưa cấu hình đăng nhập" in " ".join(c.value for c in at.sidebar.caption)
    for page in ("pages/import_data.py", "pages/access_admin.py"):
        assert not offered(at, page), page
    assert offered(at, "pages/data.py")


def test_pages_by_role(env, access_db):
    viewer = open_as(env, "tinh79")
    assert not offered(viewer, "pages/import_data.py") and not offered(viewer, "pages/access_admin.py")
    reporter = open_as(env, "bc79", "pages/import_data.py")
    assert len(reporter.get("file_uploader")) == 1
    assert not offered(reporter, "pages/access_admin.py")
    admin = open_as(env, "quantri", "pages/access_admin.py")
    assert admin.text_input(key="access_who") is not None
    text = shown_text(admin)
    assert "tinh79@antq.test" in text and "bc79@antq.test" in text


def test_reporting_status_and_history_are_scoped(env, access_db):
    at = open_as(env, "bc79", "pages/import_data.py")
    grids = [df.value for df in at.dataframe if "Mã tỉnh" in df.value.columns]
    assert grids and all(set(g["Mã tỉnh"]) <= {"79", "74", "77"} for g in grids)
    assert any(set(g["Mã tỉnh"]) for g in grids)


def test_import_history_names_the_author_and_stays_in_scope(env, access_db, tmp_path):
    from antq.access import imports, policy
    from antq.importer import load

    from .import_helpers import communes, festival_row, labels, xlsx

    def one_file(prov):
        u = communes(prov, 2008)
        rows = [festival_row(u["Mã đơn vị"][i], venue_name=f"Lịch sử {prov}-{i}") for i in range(2)]
        return xlsx(rows, labels("festivals"))

    who = policy.Identity(subject="sub-bc79", email="bc79@antq.test")
    acc = policy.Access("reporter", store.PROVINCES, ("79",))
    res = load.import_bytes(
        one_file("77"), "bc79.xlsx", db_path=access_db, archive=tmp_path, actor=imports.Actor(who, acc, "app")
    )
    assert res.outcome == "loaded"
    res = load.import_bytes(one_file("01"), "hn.xlsx", db_path=access_db, archive=tmp_path)  # another province
    assert res.outcome == "loaded"
    state.reader.clear()

    def history(at):
        return next(df.value for df in at.dataframe if "actor" in df.value.columns)

    mine = history(open_as(env, "bc79", "pages/import_data.py"))
    assert list(mine["file_name"]) == ["bc79.xlsx"] and list(mine["actor"]) == ["bc79@antq.test"]
    everyone = history(open_as(env, "quantri", "pages/import_data.py"))
    assert {"bc79.xlsx", "hn.xlsx"} <= set(everyone["file_name"])


def grant(
    at,
    who: str,
    *,
    role: str | None = None,
    provinces: str | None = None,
    communes: str | None = None,
    scope: str | None = "",
):
    """Fill the admin page's grant form and press "Cấp quyền"; the page must not raise. The scope
    choice follows the codes given unless `scope` says otherwise (None: left unchosen)."""
    at.text_input(key="access_who").input(who)
    if role:
        at.selectbox(key="access_role").select(role)
    if scope == "":
        scope = "provinces" if provinces else "communes" if communes else None
    if scope:
        at.selectbox(key="access_scope").select(scope)
    if provinces:
        at.multiselect(key="access_provs").select(provinces)
    if communes:
        at.text_input(key="access_comms").input(communes)
    at.button[[b.label for b in at.button].index("Cấp quyền")].click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_admin_page_grants_and_the_change_is_recorded(env, access_db):
    at = open_as(env, "quantri", "pages/access_admin.py")
    grant(at, "moi79@antq.test", role="reporter", provinces="79")
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute(
            "SELECT role, scope_codes, granted_by FROM access_grant WHERE principal = 'moi79@antq.test'"
        ).fetchall() == [("reporter", ["79"], "quantri@antq.test")]
        assert c.execute(
            "SELECT action, changed_by FROM access_change WHERE principal = 'moi79@antq.test'"
        ).fetchall() == [("grant", "quantri@antq.test")]


def test_admin_page_grants_a_commune_scope_and_refuses_a_mixed_one(env, access_db):
    at = open_as(env, "quantri", "pages/access_admin.py")
    grant(at, "xa@antq.test", communes="26824, 26506")
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute(
            "SELECT role, scope_kind, scope_codes FROM access_grant WHERE principal = 'xa@antq.test'"
        ).fetchall() == [("viewer", "communes", ["26506", "26824"])]
        before = c.execute("SELECT count(*) FROM access_change").fetchall()
    grant(at, "lan@antq.test", provinces="79", communes="26824")
    assert any("hoặc các xã" in e.value for e in at.error)  # one scope per grant, said in Vietnamese
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM access_change").fetchall() == before


def test_admin_page_grant_needs_an_explicit_scope(env, access_db):
    """Issue 23 (8): an empty province choice silently meant the whole country."""
    at = open_as(env, "quantri", "pages/access_admin.py")
    grant(at, "tron@antq.test", role="viewer", scope=None)
    assert any("Chọn phạm vi" in e.value for e in at.error), [e.value for e in at.error]
    grant(at, "tinh@antq.test", role="viewer", scope="provinces")  # "provinces" with none chosen
    assert any("ít nhất một tỉnh" in e.value for e in at.error), [e.value for e in at.error]
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute(
            "SELECT count(*) FROM access_grant WHERE principal IN ('tron@antq.test', 'tinh@antq.test')"
        ).fetchall() == [(0,)]
    grant(at, "tq@antq.test", role="viewer", scope="country")
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute(
            "SELECT scope_kind, scope_codes FROM access_grant WHERE principal = 'tq@antq.test'"
        ).fetchall() == [("country", None)]


def test_admin_cannot_revoke_themself_whatever_the_case_of_their_email(env, access_db):
    """Issue 23 (8): the token's e-mail in another case than the stored (lower-case) grant let an
    administrator revoke themself."""
    at = open_as(env, "QuanTri@Antq.Test", "pages/access_admin.py")
    at.selectbox(key="access_revoke_who").select("quantri@antq.test").run()
    assert at.button(key="access_revoke_go").disabled  # (AppTest refuses to click a disabled button)
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute("SELECT role FROM access_grant WHERE principal = 'quantri@antq.test'").fetchall() == [
            ("admin",)
        ]


@pytest.mark.parametrize("path", ["participation", "results", "tham-gia", "access", "import_data"])
def test_a_signed_out_deep_link_shows_the_sign_in_without_page_not_found(env, monkeypatch, path):
    """Issue 23 (8): a signed-out visitor opening /participation got Streamlit's "Page not found"
    dialog over the sign-in button (only the sign-in page was registered). A browser opening
    /<path> asks for the page by name (no page hash): AppTest's run request is given that name."""
    import dataclasses

    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    missed = []
    real_request, real_enqueue = LocalScriptRunner.request_rerun, script_runner.ScriptRunContext.enqueue

    def by_name(self, data):
        return real_request(self, dataclasses.replace(data, page_name=path, page_script_hash=""))

    def enqueue(self, msg):
        if msg.WhichOneof("type") == "page_not_found":
            missed.append(path)
        return real_enqueue(self, msg)

    monkeypatch.setattr(LocalScriptRunner, "request_rerun", by_name)
    monkeypatch.setattr(script_runner.ScriptRunContext, "enqueue", enqueue)
    at = AppTest.from_file(str(env), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not missed, "Page not found"
    assert [b.label for b in at.button] == ["Đăng nhập"]
    assert not at.metric and not at.dataframe


def test_a_preview_lost_with_its_session_is_said_to_have_expired(env, monkeypatch):
    """Issue 23 (8): after a server restart the browser comes back to a new session: the preview
    it showed (of an uploaded file or of typed report figures) was gone without a word. The
    browser remembers a preview was on screen (a cookie); the new session says it expired."""
    import streamlit as st

    from antq.ui import previews

    EXPIRED = "Bản xem trước trước đó đã hết hạn"
    at = open_as(env, "bc79", "pages/import_data.py")
    assert not any(EXPIRED in w.value for w in at.warning), [w.value for w in at.warning]  # nothing previewed
    monkeypatch.setattr(type(st.context), "cookies", property(lambda self: {previews.COOKIE: "1"}))
    at = open_as(env, "bc79", "pages/import_data.py")
    said = [w.value for w in at.warning if EXPIRED in w.value]
    assert said and "tải tệp lên lại" in said[0], [w.value for w in at.warning]
    at.run()  # said once per session
    assert not any(EXPIRED in w.value for w in at.warning)


# ---------------------------------------------------------------- the reporting obligations (issue 27)
def test_only_an_administrator_sets_an_obligation_and_bad_input_changes_nothing(env, access_db):
    import datetime as dt

    viewer = open_as(env, "toanquoc", "pages/cycle.py")
    assert "Lưu nghĩa vụ" not in [b.label for b in viewer.button]  # no form offered
    before = duckdb.connect(str(access_db), read_only=True)
    n0 = before.execute("SELECT count(*) FROM report_obligation").fetchall()[0][0]
    before.close()
    at = open_as(env, "quantri", "pages/cycle.py")
    at.date_input(key="cycle_ob_commune_due").set_value(dt.date(2024, 9, 5))  # after the provinces': refused
    at.date_input(key="cycle_ob_province_due").set_value(dt.date(2024, 8, 31))
    at.button[[b.label for b in at.button].index("Lưu nghĩa vụ")].click().run()
    assert any("sau hạn tỉnh báo cáo Bộ" in e.value for e in at.error), [e.value for e in at.error]
    with duckdb.connect(str(access_db), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM report_obligation").fetchall()[0][0] == n0
    at.date_input(key="cycle_ob_commune_due").set_value(dt.date(2024, 8, 25))
    at.button[[b.label for b in at.button].index("Lưu nghĩa vụ")].click().run()
    assert not at.exception, [e.message for e in at.exception]
    with duckdb.connect(str(access_db), read_only=True) as c:
        rows = c.execute(
            "SELECT level, commune_deadline, province_deadline, set_by, via FROM report_obligation "
            "ORDER BY obligation_id DESC LIMIT 1"
        ).fetchall()
    assert rows == [("commune", dt.date(2024, 8, 25), dt.date(2024, 8, 31), "quantri@antq.test", "app")]
