"""The reporting cycle in a browser (issue 27, item 1): a real OpenID Connect provider process, a
real Streamlit server and Chromium. An administrator sets an obligation with its deadlines in the
app; the row lands attributed to them. A national viewer and a viewer of one province then see
completeness and timeliness per level within their scope, and download it; every figure is compared
with independent SQL over the DuckDB file. A viewer is offered no obligation form. Ports 8850/8851."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from antq import db
from antq.access import store
from tests.support import e2e, oidc
from tests.support import reports as R

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_PORT, OIDC_PORT = 8850, 8851
BASE = f"http://localhost:{APP_PORT}"
TIMEOUT_MS = 90_000
YEAR = 2026
USERS = {  # sub -> (email, role, provinces)
    "quantri": ("quantri@antq.test", "admin", []),
    "toanquoc": ("toanquoc@antq.test", "viewer", []),
    "xem01": ("xem01@antq.test", "viewer", ["01"]),
}
TODAY = dt.date.today()
COMMUNE_DUE = TODAY + dt.timedelta(days=20)
PROVINCE_DUE = TODAY + dt.timedelta(days=30)


@pytest.fixture(scope="module")
def site(browser_ready, demo_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cycle-e2e")
    dbp = tmp / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    # Two reports that come in late against the deadlines set below: a province and a commune that
    # had none.
    with duckdb.connect(str(dbp)) as c:
        late = dt.datetime.combine(PROVINCE_DUE + dt.timedelta(days=1), dt.time(9))
        for base in (False, True):
            (code,) = c.execute(
                "SELECT min(unit_code) FROM admin_unit WHERE units_system = 2025 AND is_base = $b "
                "AND level IN ('province', 'commune') AND unit_code NOT IN "
                "(SELECT unit_code FROM report WHERE year = $y AND period_kind = 'festival_year')",
                {"b": base, "y": YEAR},
            ).fetchone()
            R.add_report(c, code, YEAR, {"mob_sessions": 1}, entered_at=late)
        db.refresh_summary(c)
    for email, role, provs in USERS.values():
        store.grant("email", email, role, provinces=provs, by="test", db_path=dbp)
    users = tuple((sub, email) for sub, (email, *_rest) in USERS.items())
    with oidc.provider(tmp, BASE, OIDC_PORT, dbp, users=users) as auth_env:
        server = e2e.Server(db=dbp, log=tmp / "app.log", extra_env=auth_env)
        server.port, server.url = APP_PORT, BASE
        try:
            server.start()
            server.wait_healthy(120)
            yield dbp, tmp
        finally:
            server.stop()


def idle(pg) -> None:
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)


def open_page(pg, path: str, query: str = f"year={YEAR}") -> None:
    pg.goto(f"{BASE}/{path}?{query}")
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)


def sign_in(browser, sub: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="vi-VN")
    pg = ctx.new_page()
    open_page(pg, "cycle")
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.wait_for_url(re.compile(f"localhost:{OIDC_PORT}"), timeout=TIMEOUT_MS)
    pg.locator(f"button[name=sub][value='{sub}']").click()
    pg.wait_for_url(re.compile(rf"localhost:{APP_PORT}/cycle\?year={YEAR}"), timeout=TIMEOUT_MS)
    pg.wait_for_selector("h1", timeout=TIMEOUT_MS)
    idle(pg)
    return pg


def shown(pg, text: str, log: Path) -> None:
    try:
        pg.get_by_text(text, exact=False).first.wait_for(timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"«{text}» not shown:\n{e2e.describe(pg, log)}")


def cards(pg) -> dict[str, str]:
    return dict(pg.evaluate(e2e.JS_METRICS))


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# Independent: the units the obligation set below expects (every base unit and province of 2026 in
# the provinces `provs`, empty = all), each one's first festival report of 2026 and its status.
EXPECTED_SQL = """
WITH e AS (
    SELECT unit_code, CASE WHEN is_base THEN 'commune' ELSE 'province' END AS level
    FROM admin_unit WHERE units_system = 2025 AND (is_base OR level = 'province')
      AND (len($provs) = 0 OR list_contains($provs, province_code))
), r AS (
    SELECT unit_code, min(entered_at)::DATE AS first_in FROM report
    WHERE year = $y AND period_kind = 'festival_year' AND units_system = 2025 GROUP BY 1
)
SELECT e.level,
       count(*) AS expected,
       count(r.first_in) AS received,
       count(*) FILTER (WHERE r.first_in <= CASE e.level WHEN 'commune' THEN $cd ELSE $pd END) AS on_time,
       count(*) FILTER (WHERE r.first_in > CASE e.level WHEN 'commune' THEN $cd ELSE $pd END) AS late,
       count(*) FILTER (WHERE r.first_in IS NULL) AS not_in
FROM e LEFT JOIN r USING (unit_code) GROUP BY 1
"""


def expected(dbp, provs=()) -> dict[str, dict]:
    with duckdb.connect(str(dbp), read_only=True) as c:
        cur = c.execute(EXPECTED_SQL, {"provs": list(provs), "y": YEAR, "cd": COMMUNE_DUE, "pd": PROVINCE_DUE})
        cols = [d[0] for d in cur.description]
        return {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}


def test_an_admin_sets_an_obligation_and_viewers_see_the_progress(site, browser):
    dbp, tmp = site
    log = tmp / "app.log"
    # ---- the administrator, in the app
    pg = sign_in(browser, "quantri")
    shown(pg, "Đặt nghĩa vụ báo cáo", log)
    shown(pg, "quy tắc mặc định", log)  # nothing set yet: said plainly
    assert "ANTQ_" not in pg.inner_text("body")
    form = pg.locator('[data-testid="stForm"]')
    # the level: communes (and provinces), the form's first choice, left as it is
    for label, day in (("Hạn xã báo cáo tỉnh", COMMUNE_DUE), ("Hạn tỉnh báo cáo Bộ", PROVINCE_DUE)):
        # a date field of segments (day, month, year): typed into from its first segment
        box = form.locator('[data-testid="stDateInput"]').filter(has_text=label)
        box.locator("[role=spinbutton]").first.click()
        pg.keyboard.type(day.strftime("%d%m%Y"))
        pg.keyboard.press("Tab")
    form.get_by_label("Ghi chú (căn cứ, văn bản)").fill("Kế hoạch thử nghiệm")
    form.get_by_role("button", name="Lưu nghĩa vụ").click()
    idle(pg)
    shown(pg, "Do quantri@antq.test đặt lúc", log)
    with duckdb.connect(str(dbp), read_only=True) as c:
        rows = c.execute(
            "SELECT level, period_kind, half, year, province_codes, commune_deadline, province_deadline, set_by, via "
            "FROM report_obligation"
        ).fetchall()
    assert rows == [("commune", "festival_year", 0, YEAR, None, COMMUNE_DUE, PROVINCE_DUE, "quantri@antq.test", "app")]
    want = expected(dbp)
    got = cards(pg)
    assert got["Tỉnh, thành phố: đã nhận"] == f"{vn(want['province']['received'])}/{vn(want['province']['expected'])}"
    assert want["province"]["expected"] == 34 and want["commune"]["expected"] == 3321
    pg.context.close()

    # ---- a national viewer: both levels, and the download is the table shown
    pg = sign_in(browser, "toanquoc")
    shown(pg, "Do quantri@antq.test đặt lúc", log)
    assert pg.get_by_text("Đặt nghĩa vụ báo cáo").count() == 0  # no form for a viewer
    got = cards(pg)
    for level, label in (("province", "Tỉnh, thành phố"), ("commune", "Xã, phường, thị trấn, đặc khu")):
        w = want[level]
        assert got[f"{label}: đã nhận"] == f"{vn(w['received'])}/{vn(w['expected'])}", level
    text = pg.inner_text("body")
    assert f"{vn(want['province']['late'])} chậm hạn" in text
    with pg.expect_download() as dl:
        pg.get_by_role("button", name="Tải CSV").first.click()
    body = list(csv.reader(io.StringIO(Path(dl.value.path()).read_bytes()[3:].decode("utf-8"))))
    head, lines = body[0], {r[0]: dict(zip(body[0], r)) for r in body[1:]}
    assert head[:5] == ["Cấp", "Hạn báo cáo", "Phải báo cáo", "Đã nhận", "Tỷ lệ đầy đủ"]
    for level, label in (("province", "Tỉnh, thành phố"), ("commune", "Xã, phường, thị trấn, đặc khu")):
        w, r = want[level], lines[label]
        assert r["Phải báo cáo"] == vn(w["expected"]) and r["Đã nhận"] == vn(w["received"])
        assert r["Đúng hạn"] == vn(w["on_time"]) and r["Chậm hạn"] == vn(w["late"])
        assert r["Chưa đến hạn"] == vn(w["not_in"]) and r["Quá hạn, chưa báo cáo"] == "0"
    # out of the page list (app.py): reached from the results page's reporting section
    open_page(pg, "results")
    pg.get_by_role("link", name="Xem tiến độ từng đơn vị").click()
    pg.wait_for_url(re.compile(r"/cycle\?"), timeout=TIMEOUT_MS)
    shown(pg, "Từng đơn vị", log)
    pg.context.close()

    # ---- a viewer of Hà Nội: Hà Nội's units alone
    pg = sign_in(browser, "xem01")
    shown(pg, "Do quantri@antq.test đặt lúc", log)
    mine = expected(dbp, ["01"])
    got = cards(pg)
    assert got["Tỉnh, thành phố: đã nhận"] == f"{vn(mine['province']['received'])}/1"
    commune = mine["commune"]
    assert got["Xã, phường, thị trấn, đặc khu: đã nhận"] == f"{vn(commune['received'])}/{vn(commune['expected'])}"
    pg.context.close()
