"""Intake with review in the browser: upload a report, correct one value, drop one, confirm; the
database then holds exactly the reviewed figures (independent SQL), and the figures view shows the
corrected one attributed to its document."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.support import e2e, oidc

from .test_documents import REPORT, REPORT_FIGURES

pytestmark = pytest.mark.browser


def _idle(pg):
    pg.wait_for_function(e2e.JS_IDLE, timeout=90_000, polling=100)


def _server(db, tmp_path, env, port):
    srv = e2e.Server("app.py", db=db, log=tmp_path / "streamlit.log", extra_env=env)
    srv.port, srv.url = port, f"http://localhost:{port}"
    return srv


def test_upload_correct_confirm(demo_db, tmp_path, browser):
    db = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, db)
    # The demo already holds the illustrative report; upload a later report of the same kind.
    report = tmp_path / "513-BC-CAT.txt"
    report.write_text(REPORT.read_text("utf-8").replace("512/BC-CAT", "513/BC-CAT"), "utf-8")
    env = {"ANTQ_ARCHIVE_DIR": str(tmp_path / "archive")}
    # Registering a document writes: the intake is offered to granted users only (issue 13).
    base = "http://localhost:8765"
    with (
        oidc.provider(tmp_path, base, 8766, db) as auth_env,
        _server(db, tmp_path, env | auth_env, 8765) as srv,
    ):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        pg.set_default_timeout(90_000)
        oidc.sign_in(pg, base, 8766)
        pg.goto(srv.url + "/documents?year=2024")
        pg.wait_for_selector("h1")
        _idle(pg)
        assert "Kế hoạch và văn bản" in pg.inner_text("h1")
        assert "172/KH-BCĐ" in pg.inner_text("body")  # the cascade: the unregistered central plan above 4955
        pg.get_by_text("Đăng ký văn bản", exact=True).first.click()
        _idle(pg)
        pg.locator("input[type=file]").set_input_files(str(report))
        pg.get_by_role("button", name="Xác nhận và lưu").wait_for()
        _idle(pg)
        # every extracted figure beside its sentence
        body = pg.inner_text("body")
        assert "hơn 6.000 nguồn tin" in body
        first = pg.get_by_role("textbox", name="Số liệu").first
        assert first.input_value() == "845/879"
        first.fill("846/879")  # the reviewer corrects one value
        # and drops another (the figures' boxes: in the page itself, not the sidebar's switches)
        pg.get_by_test_id("stMain").get_by_test_id("stCheckbox").nth(1).locator("label").click()
        pg.get_by_role("button", name="Xác nhận và lưu").click()
        pg.get_by_text("Đã đăng ký văn bản mã").wait_for()
        ctx.close()
    with duckdb.connect(str(db), read_only=True) as c:
        doc = c.execute("SELECT document_id, number, via FROM document WHERE origin = 'uploaded'").fetchall()
        who = c.execute("SELECT registered_by FROM document WHERE origin = 'uploaded'").fetchall()
    assert who == [(oidc.ADMIN[1],)]  # attributed to the signed-in account (issue 13)
    with duckdb.connect(str(db), read_only=True) as c:
        rows = c.execute(
            "SELECT indicator, value, denominator, review FROM document_figure WHERE document_id = $d ORDER BY seq",
            {"d": doc[0][0]},
        ).fetchall()
    assert [d[1:] for d in doc] == [("513/BC-CAT", "app")]
    assert rows[0] == ("fest_communes_held", 846.0, 879.0, "corrected")
    assert [r[0] for r in rows] == [f[0] for f in REPORT_FIGURES if f[0] != "fest_points_total"]
    assert all(r[3] == "confirmed" for r in rows[1:])


def test_a_reporter_cannot_register_a_document_outside_their_provinces(demo_db, tmp_path, browser):
    """A reporter of Hồ Chí Minh City (79) uploads Khánh Hòa's report: the province is not offered,
    and saving is refused on the server; nothing is registered."""
    from antq.access import store

    db = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, db)
    report = tmp_path / "514-BC-CAT.txt"
    report.write_text(REPORT.read_text("utf-8").replace("512/BC-CAT", "514/BC-CAT"), "utf-8")
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=db)
    base = "http://localhost:8767"
    with (
        oidc.provider(tmp_path, base, 8768, db, users=(("bc79", "bc79@antq.test"),)) as auth_env,
        _server(db, tmp_path, {"ANTQ_ARCHIVE_DIR": str(tmp_path / "archive")} | auth_env, 8767) as srv,
    ):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        pg.set_default_timeout(90_000)
        pg.goto(srv.url + "/")
        pg.get_by_role("button", name="Đăng nhập").click()
        pg.locator("button[name=sub][value='bc79']").click()
        pg.wait_for_selector("h1")
        pg.goto(srv.url + "/documents?year=2024")
        pg.wait_for_selector("h1")
        _idle(pg)
        pg.get_by_text("Đăng ký văn bản", exact=True).first.click()
        _idle(pg)
        pg.locator("input[type=file]").set_input_files(str(report))
        pg.get_by_role("button", name="Xác nhận và lưu").wait_for()
        _idle(pg)
        assert "Khánh Hòa (56)" not in pg.inner_text("body")  # read from the text, not offered
        pg.get_by_role("button", name="Xác nhận và lưu").click()
        pg.get_by_text("ngoài phạm vi được cấp cho bạn", exact=False).first.wait_for()
        ctx.close()
    with duckdb.connect(str(db), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM document WHERE number = '514/BC-CAT'").fetchall() == [(0,)]
