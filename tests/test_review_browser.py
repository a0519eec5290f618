"""THE cycle of issue 27 in a browser (Done when, first line), with a real OpenID Connect provider
process (tests/support/oidc.py), a real Streamlit server and Chromium: an administrator sets the
festival's obligation and deadlines on "Tiến độ báo cáo"; a commune reporter submits its
report form on the import page; the province reporter returns it with a comment on "Duyệt báo cáo";
the commune corrects and resubmits; the province approves, and a later import for that unit and
period is refused with a message naming the approval, the stored reports unchanged; the Ministry's
viewer sees the report as approved, and the "approved only" view (?approved=1) leaves out a draft of
another commune. Every step is checked against independent SQL over the DuckDB file.
Ports 8860 (app) and 8861 (provider)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from antq.access import store
from antq.vocab import indicators
from tests.support import e2e, oidc

from .report_forms import checksums, csv_form
from .test_phone_browser import JS_FACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_PORT, OIDC_PORT = 8860, 8861
BASE = f"http://localhost:{APP_PORT}"
TIMEOUT_MS = 90_000
YEAR = 2025
COMMUNE, OTHER = "26824", "25747"  # Phường Thủ Đức, Phường Thủ Dầu Một (Hồ Chí Minh, 79)
USERS = {  # sub -> (email, role, scope)
    "xa26824": ("xa26824@antq.test", "reporter", ("communes", [COMMUNE])),
    "xa25747": ("xa25747@antq.test", "reporter", ("communes", [OTHER])),
    "tinh79": ("tinh79@antq.test", "reporter", ("provinces", ["79"])),
    "bo": ("bo@antq.test", "viewer", ("country", None)),
    "quantri": ("quantri@antq.test", "admin", ("country", None)),
}
TIPS = indicators.label("tips_received")


@pytest.fixture(scope="module")
def site(browser_ready, demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review-e2e")
    dbp = tmp / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    for email, role, (kind, codes) in USERS.values():
        kw = {"provinces": codes} if kind == "provinces" else {"communes": codes} if kind == "communes" else {}
        store.grant("email", email, role, by="test", db_path=dbp, **kw)
    users = tuple((sub, email) for sub, (email, *_rest) in USERS.items())
    with oidc.provider(tmp, BASE, OIDC_PORT, dbp, users=users) as auth_env:
        server = e2e.Server(
            db=dbp, log=tmp / "app.log", extra_env=auth_env | {"ANTQ_ARCHIVE_DIR": str(tmp / "archive")}
        )
        server.port, server.url = APP_PORT, BASE
        try:
            server.start()
            server.wait_healthy(120)
            yield dbp, tmp
        finally:
            server.stop()


def sql(dbp, q: str, params=None) -> list[tuple]:
    with duckdb.connect(str(dbp), read_only=True) as c:
        return c.execute(q, params or {}).fetchall()


def idle(pg) -> None:
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)


def go(pg, path: str, query: str = f"year={YEAR}") -> None:
    pg.goto(f"{BASE}/{path}?{query}")
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)


def sign_in(browser, sub: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    go(pg, "")
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.wait_for_url(re.compile(f"localhost:{OIDC_PORT}"), timeout=TIMEOUT_MS)
    pg.locator(f"button[name=sub][value='{sub}']").click()
    pg.wait_for_url(re.compile(f"localhost:{APP_PORT}"), timeout=TIMEOUT_MS)
    pg.wait_for_url(re.compile(rf"year={YEAR}"), timeout=TIMEOUT_MS)
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    return pg


def shown(pg, text: str, log) -> None:
    try:
        pg.get_by_text(text, exact=False).first.wait_for(timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"«{text}» not shown within {TIMEOUT_MS // 1000} s:\n{e2e.describe(pg, log)}")


def upload_form(pg, tmp, unit: str, tips: str, log, *, draft: bool = False) -> None:
    """The report form of `unit` with tips_received = `tips`, uploaded on the import page and saved."""
    data, _ = csv_form(YEAR, unit, {"tips_received": tips})
    f = tmp / f"bao-cao-{unit}-{tips.replace('.', '')}.csv"
    f.write_bytes(data)
    go(pg, "import_data")
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(f))
    save = pg.get_by_role("button", name="Lưu báo cáo")
    save.wait_for(timeout=TIMEOUT_MS)
    pg.locator("[data-testid=stTable]", has_text=tips).first.wait_for(timeout=TIMEOUT_MS)
    if draft:
        pg.get_by_text("Gửi lên cấp trên duyệt").first.click()
        idle(pg)
    save.click()
    shown(pg, "Lưu nháp: chưa gửi duyệt" if draft else "Đã gửi lên cấp trên duyệt", log)


def review_step(pg, button: str, log, comment: str = "") -> None:
    go(pg, "review")
    if comment:
        box = pg.get_by_label("Nhận xét (bắt buộc khi trả lại, mở khóa)")
        box.fill(comment)
        box.press("Control+Enter")
        idle(pg)
    pg.get_by_role("button", name=button, exact=True).click()
    shown(pg, {"Trả lại": "Đã trả lại báo cáo", "Duyệt": "Đã duyệt và khóa"}[button], log)


def last_event(dbp) -> tuple:
    return sql(dbp, "SELECT report_id, action, acted_by, role, via, comment FROM report_review ORDER BY event_id DESC")[
        0
    ]


def commune_report(dbp, unit: str) -> int:
    """The unit's report in force for the festival of YEAR (independently of the app's queries)."""
    return sql(
        dbp,
        "SELECT report_id FROM report WHERE units_system = 2025 AND unit_code = ? AND year = ? "
        "AND period_kind = 'festival_year' ORDER BY entered_at DESC, report_id DESC LIMIT 1",
        [unit, YEAR],
    )[0][0]


def test_a_report_goes_up_the_chain_and_is_locked_once_approved(site, browser):
    dbp, tmp = site
    log = tmp / "app.log"
    # 0. the administrator sets the obligation of YEAR's festival and its deadlines, in the app
    commune_due, province_due = dt.date.today() + dt.timedelta(days=20), dt.date.today() + dt.timedelta(days=30)
    admin = sign_in(browser, "quantri")
    go(admin, "cycle")
    shown(admin, "Đặt nghĩa vụ báo cáo", log)
    form = admin.locator('[data-testid="stForm"]')
    for label, day in (("Hạn xã báo cáo tỉnh", commune_due), ("Hạn tỉnh báo cáo Bộ", province_due)):
        box = form.locator('[data-testid="stDateInput"]').filter(has_text=label)  # day, month, year segments
        box.locator("[role=spinbutton]").first.click()
        admin.keyboard.type(day.strftime("%d%m%Y"))
        admin.keyboard.press("Tab")
    form.get_by_role("button", name="Lưu nghĩa vụ").click()
    idle(admin)
    shown(admin, "Do quantri@antq.test đặt lúc", log)
    assert sql(
        dbp, "SELECT level, period_kind, year, commune_deadline, province_deadline, set_by, via FROM report_obligation"
    ) == [("commune", "festival_year", YEAR, commune_due, province_due, "quantri@antq.test", "app")]
    admin.context.close()

    # 1. the commune reporter submits its report form on the import page
    xa = sign_in(browser, "xa26824")
    upload_form(xa, tmp, COMMUNE, "120", log)
    first = commune_report(dbp, COMMUNE)
    assert last_event(dbp) == (first, "submit", "xa26824@antq.test", "reporter", "app", None)
    # a commune reporter reviews nothing: the page is not offered, and refused by URL
    assert xa.get_by_role("link", name="Duyệt báo cáo").count() == 0

    # 2. the province reporter returns it with a comment
    tinh = sign_in(browser, "tinh79")
    go(tinh, "review")
    shown(tinh, "Báo cáo chờ duyệt (1)", log)
    review_step(tinh, "Trả lại", log, "Số tin báo chưa khớp sổ theo dõi, đề nghị kiểm tra lại")
    assert last_event(dbp) == (
        first, "return", "tinh79@antq.test", "reporter", "app", "Số tin báo chưa khớp sổ theo dõi, đề nghị kiểm tra lại"
    )  # fmt: skip

    # 3. the commune corrects and resubmits (a new report of the same unit and period)
    upload_form(xa, tmp, COMMUNE, "125", log)
    second = commune_report(dbp, COMMUNE)
    assert second != first and last_event(dbp)[:3] == (second, "submit", "xa26824@antq.test")

    # 4. the province approves; the history shows every step
    review_step(tinh, "Duyệt", log)
    assert last_event(dbp)[:3] == (second, "approve", "tinh79@antq.test")
    go(tinh, "review")
    history = tinh.locator('[data-testid="stDataFrame"]').count()
    assert history >= 2  # the reviewed list and the history are drawn
    approved_at = sql(dbp, "SELECT acted_at FROM report_review WHERE action = 'approve'")[0][0]

    # 5. locked: a later import for it is refused with a message naming the approval, nothing stored
    before = checksums(dbp), sql(dbp, "SELECT count(*) FROM report_review")
    data, _ = csv_form(YEAR, COMMUNE, {"tips_received": "130"})
    late = tmp / "bao-cao-muon.csv"
    late.write_bytes(data)
    go(xa, "import_data")
    xa.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(late))
    shown(xa, "Chưa lưu được", log)
    text = xa.inner_text("body")
    assert "Số liệu đã được duyệt và khóa" in text
    assert "đã được tinh79@antq.test duyệt" in text and approved_at.strftime("%d/%m/%Y") in text
    assert xa.get_by_role("button", name="Lưu báo cáo").count() == 0
    assert (checksums(dbp), sql(dbp, "SELECT count(*) FROM report_review")) == before

    # 6. another commune keeps a draft
    other = sign_in(browser, "xa25747")
    upload_form(other, tmp, OTHER, "4.321", log, draft=True)
    draft = commune_report(dbp, OTHER)
    assert last_event(dbp)[:2] == (draft, "save")

    # 7. the Ministry's viewer sees the commune's report as approved, and the draft as a draft
    bo = sign_in(browser, "bo")
    go(bo, "results", f"year={YEAR}&province=79")
    states = dict(
        sql(
            dbp,
            "SELECT CASE e.action WHEN 'approve' THEN 'Đã duyệt' WHEN 'save' THEN 'Nháp' END, count(*) "
            "FROM report r JOIN report_version v USING (report_id) JOIN report_review e USING (report_id) "
            "WHERE v.rank_in_period = 1 AND r.year = ? AND e.event_id = (SELECT max(event_id) FROM report_review x "
            "WHERE x.report_id = r.report_id) GROUP BY 1",
            [YEAR],
        )
    )
    assert states == {"Đã duyệt": 1, "Nháp": 1}
    shown(bo, "Trạng thái duyệt (báo cáo đang dùng)", log)
    line = bo.get_by_text("Trạng thái duyệt (báo cáo đang dùng)").first.inner_text()
    assert "Đã duyệt 1" in line and "Nháp 1" in line

    # ... and the "approved only" view hides the draft: the communes' tips are the approved 125 alone
    def tips_row(pg) -> str:
        rows = pg.locator("[data-testid=stTable] tr", has_text=TIPS)
        rows.first.wait_for(timeout=TIMEOUT_MS)
        return rows.first.inner_text()

    every = sql(
        dbp,
        "SELECT sum(v.value) FROM report r JOIN report_version rv USING (report_id) JOIN report_value v "
        "USING (report_id) WHERE rv.rank_in_period = 1 AND r.unit_code IN (?, ?) AND r.year = ? "
        "AND v.indicator = 'tips_received'",
        [COMMUNE, OTHER, YEAR],
    )[0][0]
    assert every == 125 + 4321
    assert "4.446" in tips_row(bo)  # every figure in force: the draft counted among the communes
    go(bo, "results", f"year={YEAR}&province=79&approved=1")
    shown(bo, "Đang xem chỉ số liệu đã duyệt", log)
    row = tips_row(bo)
    assert "125" in row and "4.446" not in row and "4.321" not in row
    assert bo.get_by_role("link", name="Duyệt báo cáo").count() == 0  # a viewer reviews nothing

    # the review page on a phone: nothing scrolls sideways, every tap target at least 44 px
    tinh.set_viewport_size({"width": 390, "height": 844})
    go(tinh, "review")
    facts = tinh.evaluate(JS_FACTS)
    assert facts["width"] <= facts["inner"], facts["width"]
    assert not facts["small"], facts["small"]
    for pg in (xa, tinh, other, bo):
        pg.context.close()
