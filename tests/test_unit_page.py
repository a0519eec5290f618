"""The unit search and the unit page (issue 25, "a commune is one tap away"), under AppTest: a name
typed without accents or case finds its units; an old commune's name finds its successor and the
other way round; the page shows the unit's figures as the database holds them; a scoped user finds
and opens only units inside their scope, whatever the URL says. Expected values come from plain SQL
over the base tables (festival_point, admin_unit, commune_crosswalk), never from unitview's queries.
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from antq.access import store
from antq.ui import state
from tests.support import e2e

AUTH = {
    "redirect_uri": "http://localhost:8801/oauth2callback",
    "cookie_secret": "apptest-cookie-secret-not-used-0123456789",
    "client_id": "antq",
    "client_secret": "apptest",
    "server_metadata_url": "http://localhost:8802/.well-known/openid-configuration",
}
UNIT_PAGE = "pages/unit.py"
# Independent accent folding for the expected rows: DuckDB's strip_accents keeps đ, so it is mapped first.
FOLD_SQL = "lower(strip_accents(replace(replace({c}, 'đ', 'd'), 'Đ', 'D')))"


@pytest.fixture(scope="module")
def commune_79(demo_db) -> str:
    """A commune of today's Hồ Chí Minh City (79) that took in several old communes."""
    with duckdb.connect(str(demo_db), read_only=True) as c:
        return c.execute(
            """SELECT cw.new_unit_code FROM commune_crosswalk cw
               JOIN admin_unit a ON a.units_system = 2025 AND a.unit_code = cw.new_unit_code
               WHERE a.province_code = '79' GROUP BY ALL HAVING count(*) >= 2 ORDER BY 1 LIMIT 1"""
        ).fetchone()[0]


@pytest.fixture(scope="module")
def scoped_db(tmp_path_factory, demo_db, commune_79):
    p = tmp_path_factory.mktemp("unit") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    store.grant("email", "tinh79@antq.test", "viewer", provinces=["79"], by="test", db_path=p)
    store.grant("email", "xa@antq.test", "viewer", communes=[commune_79], by="test", db_path=p)
    return p


def _open(script, db, monkeypatch, url: dict, user: str | None = None) -> AppTest:
    monkeypatch.setenv("ANTQ_DB", str(db))
    state.reader.clear()  # the process-wide reader follows ANTQ_DB from its first use
    at = AppTest.from_file(str(script), default_timeout=120)
    if user:
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "sub": f"sub-{user}", "email": user, "name": "x", "iat": int(time.time())}
    for k, v in url.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(e2e.apptest_page(UNIT_PAGE)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _search(at: AppTest, words: str) -> AppTest:
    """Type into the box at the top of the page (the phone's bar) and press Enter."""
    at.text_input(key="unit_search_bar").input(words).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def unit_links(at: AppTest) -> list[tuple[str, str]]:
    """(label, query string) of every link to a unit on the page."""
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link") if "unit=" in e.proto.query_string]


def title(at: AppTest) -> str:
    return at.title[0].value if at.title else ""


@pytest.fixture
def page(app_script, demo_db, monkeypatch):
    def go(url=None, user=None, db=None):
        return _open(app_script, db or demo_db, monkeypatch, url or {"year": "2024"}, user)

    yield go
    state.reader.clear()


def test_a_name_typed_without_accents_lists_its_units(page, conn):
    at = _search(page(), "phuong ba dinh")
    expected = conn.execute(
        f"SELECT units_system, unit_code FROM admin_unit WHERE {FOLD_SQL.format(c='name')} = 'phuong ba dinh'"
    ).fetchall()
    assert len(expected) >= 2
    links = unit_links(at)
    for system, code in expected:
        assert any(f"unit={system}-{code}" in q for _, q in links), (system, code, links)
    label, query = links[0]  # today's unit first
    assert label.startswith("Phường Ba Đình — Thành phố Hà Nội · hiện nay"), links[:3]
    assert "unit=2025-" in query
    assert at.query_params["q"] == "phuong ba dinh"  # the search is in the address
    # every word typed is a whole word of what each result names ("ba" never inside "Bắc")
    for label, _ in links:
        words = set(re.sub(r"[^a-z0-9 ]", " ", _fold(label)).split())
        assert {"phuong", "ba", "dinh"} <= words, label


def test_province_found_without_accents_or_case(page, conn):
    at = _search(page(), "Ha Noi")
    codes = conn.execute(
        f"SELECT units_system || '-' || unit_code FROM admin_unit WHERE level = 'province' "
        f"AND {FOLD_SQL.format(c='name')} LIKE '%ha noi'"
    ).fetchall()
    queries = [q for _, q in unit_links(at)]
    assert codes and all(any(f"unit={c}" in q for q in queries[:2]) for (c,) in codes), queries[:3]


def test_an_old_name_opens_it_and_leads_to_its_successor(page, conn):
    at = _search(page(), "truc bach")
    # One unit has exactly this name (2008): it opens, and its address names it.
    (code,) = conn.execute(
        f"SELECT unit_code FROM admin_unit WHERE units_system = 2008 "
        f"AND {FOLD_SQL.format(c='name')} = 'phuong truc bach'"
    ).fetchone()
    assert title(at) == "Phường Trúc Bạch"
    assert at.query_params["unit"] == f"2008-{code}"
    successors = conn.execute(
        "SELECT n.name, n.unit_code FROM commune_crosswalk cw JOIN admin_unit n ON n.units_system = 2025 "
        "AND n.unit_code = cw.new_unit_code WHERE cw.old_unit_code = ?",
        [code],
    ).fetchall()
    links = unit_links(at)
    for name, new in successors:
        assert (name, f"unit=2025-{new}") in [(lab, q.split("&")[0]) for lab, q in links], links


def test_todays_unit_leads_back_to_the_old_ones(page, conn):
    at = page({"year": "2025", "unit": "2025-00004"})
    assert title(at) == "Phường Ba Đình"
    old = conn.execute(
        "SELECT o.name FROM commune_crosswalk cw JOIN admin_unit o ON o.units_system = 2008 "
        "AND o.unit_code = cw.old_unit_code WHERE cw.new_unit_code = '00004'"
    ).fetchall()
    labels = [lab for lab, _ in unit_links(at)]
    assert {n for (n,) in old} <= set(labels), labels
    assert "Phường Trúc Bạch" in labels


def _fold(text: str) -> str:
    """Independent of antq.text: NFD without combining marks, đ as d, lower case."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_the_units_figures_over_the_years_are_the_databases(page, conn):
    at = page({"year": "2024", "unit": "2008-00004"})
    table = at.dataframe[0].value
    shown = dict(zip(table["Năm"], table["Số điểm tổ chức Ngày hội"]))
    expected = conn.execute(
        "SELECT year, count(*) FROM festival_point WHERE units_system = 2008 AND unit_code = '00004' GROUP BY year"
    ).fetchall()
    assert expected
    for year, n in expected:
        assert shown[str(year)] == _vn(n), (year, shown)
    # the year's festival points, counted the same way
    n24 = dict(expected).get(2024, 0)
    assert any(c.value.startswith(f"{_vn(n24)} điểm") for c in at.caption) or n24 == 0


def test_a_commune_of_today_shows_its_own_year_exactly(page, conn):
    at = page({"year": "2025", "unit": "2025-00004"})
    table = at.dataframe[0].value
    shown = dict(zip(table["Năm"], table["Số người tham gia"]))
    (expected,) = conn.execute(
        "SELECT coalesce(sum(participants), 0) FROM festival_point "
        "WHERE year = 2025 AND units_system = 2025 AND unit_code = '00004'"
    ).fetchone()
    assert shown["2025"] == _vn(expected), shown


def test_a_province_viewer_cannot_open_another_provinces_commune(page, scoped_db):
    at = page({"year": "2025", "unit": "2025-00004"}, user="tinh79@antq.test", db=scoped_db)
    assert title(at) != "Phường Ba Đình"
    assert any("ngoài phạm vi" in w.value for w in at.warning)
    assert not at.dataframe  # no figure of it leaves the server


def test_a_province_viewer_finds_only_units_of_their_province(page, scoped_db):
    at = _search(page({"year": "2025"}, user="tinh79@antq.test", db=scoped_db), "phuong ba dinh")
    assert all("Hà Nội" not in lab for lab, _ in unit_links(at))
    at = _search(at, "Ha Noi")
    assert not unit_links(at)
    with duckdb.connect(str(scoped_db), read_only=True) as c:
        (name,) = c.execute("SELECT name FROM admin_unit WHERE units_system = 2025 AND unit_code = '79'").fetchone()
    at = _search(at, "ho chi minh")
    assert any(lab.startswith(name) for lab, _ in unit_links(at)), unit_links(at)


def test_a_commune_user_opens_their_commune_and_nothing_else(page, scoped_db, commune_79):
    at = page({"year": "2025", "unit": f"2025-{commune_79}"}, user="xa@antq.test", db=scoped_db)
    with duckdb.connect(str(scoped_db), read_only=True) as c:
        (name,) = c.execute(
            "SELECT name FROM admin_unit WHERE units_system = 2025 AND unit_code = ?", [commune_79]
        ).fetchone()
        (other,) = c.execute(
            "SELECT unit_code FROM admin_unit WHERE units_system = 2025 AND province_code = '79' "
            "AND level = 'commune' AND unit_code <> ? LIMIT 1",
            [commune_79],
        ).fetchone()
    assert title(at) == name
    at = page({"year": "2025", "unit": f"2025-{other}"}, user="xa@antq.test", db=scoped_db)
    assert title(at) != name and not at.dataframe
    at = page({"year": "2025", "unit": "2025-79"}, user="xa@antq.test", db=scoped_db)  # nor their province
    assert not at.dataframe


def test_a_village_a_plan_names_finds_its_commune(page, conn):
    """A place registered inside a unit (a site a registered plan names) finds the unit."""
    rows = conn.execute(
        f"SELECT DISTINCT s.name, d.units_system, d.unit_code FROM document_site s JOIN document d USING (document_id) "
        f"WHERE d.unit_code IS NOT NULL AND {FOLD_SQL.format(c='s.name')} = 'thon dong thanh'"
    ).fetchall()
    assert rows, "the demo's plans name thôn Đông Thành"
    at = _search(page(), "thon dong thanh")
    queries = [q for _, q in unit_links(at)]
    for _, system, code in rows:
        assert any(f"unit={system}-{code}" in q for q in queries), queries
    assert any("thôn Đông Thành" in lab for lab, _ in unit_links(at))


def test_the_units_reports_with_their_status_and_the_figures_in_force(page, conn):
    """A unit that filed a period twice (the demo has one): its reports of every year, each in force
    or superseded; the values of those in force for the year shown, as many as they hold."""
    system, code, year = conn.execute(
        "SELECT units_system, unit_code, year FROM report GROUP BY units_system, unit_code, year, period_kind, half "
        "HAVING count(*) > 1 ORDER BY ALL LIMIT 1"
    ).fetchone()
    at = page({"year": str(year), "unit": f"{system}-{code}"})
    reports = conn.execute(
        "SELECT report_id, year, period_kind, coalesce(half, 0), reported_on, entered_at FROM report "
        "WHERE units_system = ? AND unit_code = ?",
        [system, code],
    ).fetchall()
    latest = {}
    for rid, y, kind, half, on, at_ in reports:  # the latest per period: (reported_on NULLS FIRST, entered_at, id)
        key = (on is not None, on, at_, rid)
        if (y, kind, half) not in latest or key > latest[(y, kind, half)][0]:
            latest[(y, kind, half)] = (key, rid)
    table = next(df.value for df in at.dataframe if "Hiệu lực" in df.value.columns)
    assert len(table) == len(reports)
    expected = [
        "đang dùng" if latest[(y, k, h)][1] == rid else "đã được báo cáo sau thay thế" for rid, y, k, h, _, _ in reports
    ]
    assert sorted(table["Hiệu lực"]) == sorted(expected)
    assert "đã được báo cáo sau thay thế" in expected  # the superseded one is there to be told apart
    in_force = [rid for (y, _, _), (_, rid) in latest.items() if y == year]
    (n_values,) = conn.execute(
        "SELECT count(*) FROM report_value WHERE list_contains(?, report_id)", [in_force]
    ).fetchone()
    values = next(df.value for df in at.dataframe if "Chỉ tiêu" in df.value.columns)
    assert len(values) == n_values > 0
    assert "Mã" not in values.columns  # no internal indicator code shown
