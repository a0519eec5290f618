"""Every page under Streamlit's AppTest, for many filter combinations, with at least one number per
page checked against an independent SQL query on the demo database; URL round trips."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import e2e, expected

from .conftest import REPO

LATEST, FIRST = 2026, 2019
APP = None  # set by the autouse fixture below


@pytest.fixture(autouse=True)
def _app(app_script):
    global APP
    APP = app_script


def vn_int(text: str) -> int:
    """A figure as the page writes it, without its qualifier word ("trên 9.527.516" -> 9527516)."""
    for word in ("trên ", "gần ", "khoảng "):
        text = text.removeprefix(word)
    return int(text.replace(".", "").replace("%", "").strip())


# page -> (metric label, fact of tests/support/expected.py)
CHECKS = {
    "pages/overview.py": ("Điểm tổ chức Ngày hội", "festival_points"),
    "pages/participation.py": ("Lượt người tham gia", "participants"),
    "pages/models.py": ("Mô hình đang hoạt động", "models_active"),
    "pages/commendations.py": ("Tổng lượt khen thưởng (tập thể + cá nhân)", "commendations"),
    "pages/data.py": ("Số dòng", "festival_points"),
}
# URL -> (year, units, provinces) actually shown, and whether a notice is expected
COMBOS = [
    ({"year": "2024", "units": "2025"}, (2024, 2025, []), False),
    ({"year": "2024", "units": "2008"}, (2024, 2008, []), False),
    ({"year": str(FIRST), "units": "2008", "province": "01"}, (FIRST, 2008, ["01"]), False),
    ({"year": str(LATEST), "province": "56,01,79"}, (LATEST, 2025, ["01", "56", "79"]), False),
    ({"year": "2023", "units": "2025", "province": "56"}, (2023, 2025, ["56"]), False),
    ({"year": "1999"}, (LATEST, 2025, []), True),
    ({"year": "2025", "units": "2008"}, (2025, 2025, []), True),
    ({"year": "2024", "province": "58"}, (2024, 2025, []), True),  # Ninh Thuận: a 2008-only code
    ({"year": "abc", "units": "x", "province": "zz"}, (LATEST, 2025, []), True),
]


def open_page(page: str, url: dict, script=None) -> AppTest:
    """Open the app at a URL, then go to `page`. (AppTest runs a page file given before the first
    run on its own, without app.py's frame, so the frame runs first on the default page.)"""
    at = AppTest.from_file(str(script or APP), default_timeout=90)
    for k, v in url.items():
        at.query_params[k] = v
    at.run()
    at.first_warnings = " ".join(w.value for w in at.warning)
    if page != "pages/overview.py":
        at.switch_page(e2e.apptest_page(page)).run()
    return at


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric '{label}' in {[m.label for m in at.metric]}")


@pytest.mark.parametrize("url, shown, notice", COMBOS, ids=[str(c[0]) for c in COMBOS])
@pytest.mark.parametrize("page", list(CHECKS))
def test_page_runs_and_shows_the_right_number(demo_env, conn, page, url, shown, notice):
    at = open_page(page, url)
    assert not at.exception, [e.message for e in at.exception]
    year, units, provinces = shown
    assert at.selectbox(key="f_year").value == year
    assert at.radio(key="f_units").value == units
    assert sorted(at.multiselect(key="f_provinces").value) == provinces
    assert "Dữ liệu minh họa" in " ".join(w.value for w in at.warning)  # the demo set is always labelled
    warnings = at.first_warnings
    if notice:
        assert any(s in warnings for s in ("đường dẫn", "không hợp lệ", "không có trong", "chỉ xem được")), warnings
    else:
        assert not any(s in warnings for s in ("đường dẫn", "không hợp lệ", "không có trong", "chỉ xem được")), warnings
    label, fact = CHECKS[page]
    if page == "pages/data.py":  # the detail rows' table: its row count is the detail rows'
        at.segmented_control(key=at.segmented_control[0].key).set_value("festival_points").run()
        want = expected.detail_total(conn, fact, year, units, provinces)
    else:
        want = expected.total(conn, fact, year, units, provinces)
    assert vn_int(metric(at, label)) == want


def test_overview_cards_and_cli_summary_match_the_database(demo_env, conn):
    at = open_page("pages/overview.py", {"year": "2024", "units": "2025"})
    want = expected.overview(conn, 2024, 2025)
    for label, value in want.items():
        shown = metric(at, label)
        if label == "Tỷ lệ xã tổ chức":
            assert expected.shown_matches(shown, value), (shown, value)
        else:
            assert vn_int(shown) == value, (label, shown, value)
    env = os.environ | {"ANTQ_DB": str(demo_env)}
    out = subprocess.run(
        [sys.executable, "-m", "antq", "summary", "--year", "2024", "--units", "2025", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    s = json.loads(out.stdout)
    assert s["communes_covered"] == want["Xã tổ chức Ngày hội"]
    assert s["festival_points"] == want["Điểm tổ chức Ngày hội"]
    assert s["participants"] == want["Lượt người tham gia"]
    assert s["commendations"] == want["Lượt khen thưởng (tập thể + cá nhân)"]
    assert s["models_active"] == want["Mô hình đang hoạt động"]
    assert abs(s["coverage_pct"] - want["Tỷ lệ xã tổ chức"]) <= 0.005 + 1e-9


# ---------------------------------------------------------------- URL round trips
def test_url_sets_the_filters(demo_env):
    at = open_page(
        "pages/overview.py", {"year": "2023", "units": "2008", "province": "56,58", "from": "2020", "to": "2023"}
    )
    assert at.selectbox(key="f_year").value == 2023
    assert at.radio(key="f_units").value == 2008
    assert at.multiselect(key="f_provinces").value == ["56", "58"]
    assert tuple(at.select_slider(key="f_range").value) == (2020, 2023)
    assert all("đường dẫn" not in w.value for w in at.warning)


def test_filter_change_rewrites_the_url(demo_env):
    at = open_page("pages/overview.py", {"year": "2024"})
    at.selectbox(key="f_year").set_value(2022).run()
    assert at.query_params["year"] == ["2022"] or at.query_params["year"] == "2022"
    at.multiselect(key="f_provinces").set_value(["01", "56"]).run()
    prov = at.query_params["province"]
    assert (prov if isinstance(prov, str) else prov[0]) == "01,56"
    at.radio(key="f_units").set_value(2008).run()
    units = at.query_params["units"]
    assert (units if isinstance(units, str) else units[0]) == "2008"
    # switching to the 63 provinces carries the selection: Khánh Hòa (56) was old 56 + 58
    assert at.multiselect(key="f_provinces").value == ["01", "56", "58"]


def test_filters_survive_a_page_switch(demo_env):
    at = open_page("pages/overview.py", {"year": "2021", "province": "48"})
    at.switch_page(e2e.apptest_page("pages/commendations.py")).run()
    assert not at.exception
    assert at.selectbox(key="f_year").value == 2021
    assert at.multiselect(key="f_provinces").value == ["48"]
    year = at.query_params["year"]
    assert (year if isinstance(year, str) else year[0]) == "2021"


def test_language_switch_keeps_the_filters(demo_env):
    at = open_page("pages/overview.py", {"year": "2022", "province": "01"})
    at.radio(key="f_lang").set_value("en").run()
    assert not at.exception
    assert any(t.value.startswith("Overview") for t in at.title)
    assert at.selectbox(key="f_year").value == 2022 and at.multiselect(key="f_provinces").value == ["01"]
    assert any(m.label == "Festival points" for m in at.metric)
    lang = at.query_params["lang"]
    assert (lang if isinstance(lang, str) else lang[0]) == "en"


def test_empty_selection_says_so_in_words(tmp_path, monkeypatch):
    from antq import db

    path = tmp_path / "empty.duckdb"
    db.build(path, empty=True)
    monkeypatch.setenv("ANTQ_DB", str(path))
    from antq.ui import state

    state.reader.clear()
    try:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        assert not at.exception
        assert any("chưa có số liệu" in i.value for i in at.info)
    finally:
        state.reader.clear()


# ---------------------------------------------------------------- the coverage map page
def map_measure(conn, measure: str, year: int, units: int) -> dict[str, float | None]:
    """Each province's value of a map measure, from the database."""
    if measure == "coverage_pct":
        cov = expected.communes_by_province(conn, year, units)
        return {c: 100.0 * held / n if n else None for c, (held, n) in cov.items()}
    if measure == "participants_per_point":
        people = expected.by_province(conn, "participants", year, units)
        points = expected.by_province(conn, "festival_points", year, units)
        return {c: people[c] / points[c] if points[c] else None for c in points}
    if measure == "models_per_100_communes":
        models = expected.by_province(conn, "models_active", year, units)
        communes = expected.communes_by_province(conn, year, units, "model_year")
        # a province that reported its models without detail rows: over all its communes
        base = dict(
            conn.execute(
                "SELECT province_code, count(*) FROM admin_unit WHERE units_system = ? AND is_base GROUP BY 1", [units]
            ).fetchall()
        )
        over = {c: communes[c][1] or (base.get(c, 0) if models[c] is not None else 0) for c in models}
        return {c: 100.0 * models[c] / over[c] if over[c] and models[c] is not None else None for c in models}
    return expected.by_province(conn, measure, year, units)


def drawn_map(at: AppTest) -> dict[str, tuple[str, str]]:
    """The national map's figure as the page sends it to the browser: code -> (name, value shown)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    out = {}
    for trace in spec["data"]:
        if trace["type"] == "choropleth" and trace.get("name") != "Đang chọn":
            for code, data in zip(trace["locations"], trace["customdata"]):
                assert code not in out, f"{code} drawn twice"
                out[code] = (data[1], data[2])
    return out


@pytest.mark.parametrize(
    "url, measure",
    [
        ({"year": "2024", "units": "2008"}, "coverage_pct"),
        ({"year": "2024", "units": "2025", "province": "56"}, "participants_per_point"),
        ({"year": "2026"}, "models_per_100_communes"),
        ({"year": "2019", "units": "2008", "province": "01,79"}, "commendations"),
    ],
)
def test_map_page_draws_each_province_with_its_value(demo_env, conn, url, measure):
    at = open_page("pages/map.py", url)
    assert not at.exception, [e.message for e in at.exception]
    at.selectbox(key="map_measure").set_value(measure).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Ranh giới gần đúng" in c.value for c in at.caption)
    year, units = int(url["year"]), int(url.get("units", 2025))
    names = dict(
        conn.execute(
            "SELECT unit_code, name FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
        ).fetchall()
    )
    drawn = drawn_map(at)
    assert {c: n for c, (n, _) in drawn.items()} == names  # every province once, under its own name
    want = map_measure(conn, measure, year, units)
    for code, (_, shown) in drawn.items():
        if want[code] is None or shown in ("Chưa báo cáo", "", None):
            # not reported: said so, never drawn as 0
            assert want[code] is None and shown == "Chưa báo cáo", (code, measure, shown, want[code])
            continue
        assert expected.shown_matches(shown, want[code]), (code, measure, shown, want[code])
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    notes = [t for trace in spec["data"] if trace["type"] == "scattergeo" for t in trace["text"]]
    assert any("Hoàng Sa" in t and names["48"] in t for t in notes), notes
    assert any("Trường Sa" in t and names["56"] in t for t in notes), notes


def test_map_drill_down_lists_the_communes_of_a_province(demo_env, conn):
    at = open_page("pages/map.py", {"year": "2024", "units": "2025"})
    at.selectbox(key="map_drill").set_value("56").run()  # Khánh Hòa today = old Khánh Hòa + Ninh Thuận
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="map_drill_part").options == ["Tỉnh Khánh Hòa", "Tỉnh Ninh Thuận"]
    at.radio(key="map_drill_part").set_value("58").run()
    held, total = conn.execute(
        "SELECT count(DISTINCT f.unit_code) FILTER (WHERE f.unit_code IS NOT NULL), count(DISTINCT u.unit_code) "
        "FROM admin_unit u LEFT JOIN festival_point f ON f.units_system = u.units_system AND f.unit_code = u.unit_code "
        "AND f.year = 2024 WHERE u.units_system = 2008 AND u.is_base AND u.province_code = '58'"
    ).fetchall()[0]
    assert any(c.value.startswith(f"{held} / {total} xã tổ chức") for c in at.caption), [c.value for c in at.caption]
    at.toggle(key="map_compare").set_value(True).run()
    assert not at.exception, [e.message for e in at.exception]


def test_map_click_event_selects_the_province():
    from antq import mapview

    event = {"selection": {"points": [{"curve_number": 0, "location": "01", "customdata": ["01", "Thành phố Hà Nội"]}]}}
    assert mapview.clicked_code(event) == "01"
    assert mapview.clicked_code({"selection": {"points": []}}) is None
    assert mapview.clicked_code(None) is None
