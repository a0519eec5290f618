"""Not reported is not zero (issue 12, item 6), on a real database file into which one province's
real-looking files were imported: figures of a kind a province has not reported read "chưa báo cáo"
on cards, in rankings, maps and the CLI; shares are over the communes of the provinces that did
report, and say so. Every expected figure is independent SQL over the file (tests/support/expected.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from antq import db, service
from antq.importer import load, problems
from antq.importer.status import reporting_status
from antq.selection import Selection
from tests.support import e2e, expected

from .conftest import REPO
from .import_helpers import communes, festival_row, labels, xlsx

KH, NT = "56", "58"  # Khánh Hòa and Ninh Thuận (2008), merged into Khánh Hòa (56) in 2025
YEAR = 2022


@pytest.fixture(scope="module")
def one_province_db(tmp_path_factory):
    """Only old Khánh Hòa sent its 2022 festival and commendation files; Ninh Thuận sent nothing."""
    tmp = tmp_path_factory.mktemp("nr")
    path = db.build(tmp / "antq.duckdb", empty=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("ANTQ_DB", str(path))
    mp.setenv("ANTQ_ARCHIVE_DIR", str(tmp / "archive"))
    kh = communes(KH, 2008)
    fest = [
        festival_row(kh["Mã đơn vị"][i], kh["Tên đơn vị"][i], year=YEAR, day=dt.date(YEAR, 8, 5), venue_name=f"T{i}")
        for i in range(4)
    ]
    comm = [[YEAR, kh["Mã đơn vị"][0], None, "Biểu dương", "Tập thể", 3]]
    for data, name in ((xlsx(fest, labels("festivals")), "f.xlsx"), (xlsx(comm, labels("commendations")), "c.xlsx")):
        res = load.import_bytes(data, name)
        assert res.outcome == "loaded", problems.as_text(res.problems)
    mp.undo()
    return path


@pytest.fixture(scope="module")
def nconn(one_province_db):
    c = duckdb.connect(str(one_province_db), read_only=True)
    yield c
    c.close()


def test_merged_province_share_is_over_the_old_province_that_reported(nconn):
    """2022 on today's 34 provinces: Khánh Hòa = old Khánh Hòa (reported) + Ninh Thuận (did not).
    Its coverage is over old Khánh Hòa's communes, not over both."""
    row = service.headline(nconn, Selection(year=YEAR, units=2025, provinces=(KH,))).row(0, named=True)
    covered, all_communes = expected.communes(nconn, YEAR, 2025, [KH])
    base = expected.communes_reported(nconn, YEAR, 2025, [KH])
    assert base < all_communes  # Ninh Thuận's communes are not counted as "not covered"
    assert row["communes_covered"] == covered == 4
    assert row["communes_reported"] == base
    assert abs(row["coverage_pct"] - 100.0 * covered / base) < 0.005
    assert (row["festivals_reported"], row["source_provinces"]) == expected.provinces_reported(nconn, YEAR, 2025, [KH])
    assert (row["festivals_reported"], row["source_provinces"]) == (1, 2)
    assert row["commendations"] == expected.total(nconn, "commendations", YEAR, 2025, [KH]) == 3
    assert row["models_active"] is None and row["exemplars"] is None  # nobody reported them: not 0


def test_a_province_that_sent_nothing_is_not_reported_not_zero(nconn):
    h = service.headline(nconn, Selection(year=YEAR, units=2008, provinces=(NT,))).row(0, named=True)
    assert expected.provinces_reported(nconn, YEAR, 2008, [NT]) == (0, 1)
    for col in ("festival_points", "participants", "coverage_pct", "communes_covered", "commendations"):
        assert h[col] is None, col
    ranked = service.province_ranking(nconn, Selection(year=YEAR, units=2008), "coverage_pct")
    ranks = dict(zip(ranked["province_code"], ranked["rank"]))
    reported = {c for c, v in expected.by_province(nconn, "festival_points", YEAR, 2008).items() if v is not None}
    assert reported == {KH}
    assert ranks[KH] == 1 and all(r is None for c, r in ranks.items() if c != KH)  # unranked, not last


def test_reporting_status_and_the_headline_share_the_rule(nconn):
    """The import page's grid says "missing" exactly where the headline says "chưa báo cáo"."""
    grid = reporting_status(nconn, YEAR, YEAR)
    got = {(r["province_code"], r["kind"]) for r in grid.iter_rows(named=True) if r["status"] != "missing"}
    assert got == {(KH, "festivals"), (KH, "commendations")}
    for kind, table in (("festivals", "festival_point"), ("commendations", "commendation"), ("models", "model_year")):
        for code in (KH, NT):
            has = expected.provinces_reported(nconn, YEAR, 2008, [code], table)[0] == 1
            assert ((code, kind) in got) == has, (code, kind)


def run_cli(db_path, *args):
    env = os.environ | {"ANTQ_DB": str(db_path)}
    return subprocess.run(
        [sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def test_cli_summary_says_not_reported_and_over_how_many(one_province_db, nconn):
    r = run_cli(one_province_db, "summary", "--year", str(YEAR), "--province", KH, "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["models_active"] is None and got["festival_points"] == expected.total(
        nconn, "festival_points", YEAR, 2025, [KH]
    )
    assert (got["festivals_reported"], got["source_provinces"]) == (1, 2)
    text = run_cli(one_province_db, "summary", "--year", str(YEAR), "--province", KH)
    assert "Số mô hình đang hoạt động: chưa báo cáo" in text.stdout
    assert "1 trong 2 tỉnh cũ đã báo cáo Ngày hội" in text.stdout


# ---------------------------------------------------------------- what a user sees (AppTest)
@pytest.fixture
def app_on(one_province_db, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(one_province_db))
    from antq.ui import state

    state.reader.clear()
    yield
    state.reader.clear()


def open_at(app_script, page: str, url: dict) -> AppTest:
    at = AppTest.from_file(str(app_script), default_timeout=90)
    for k, v in url.items():
        at.query_params[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(e2e.apptest_page(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_overview_cards_say_not_reported_and_the_share_base(app_on, app_script, nconn):
    at = open_at(app_script, "pages/overview.py", {"year": str(YEAR), "province": KH})
    cards = {m.label: m.value for m in at.metric}
    assert cards["Mô hình đang hoạt động"] == "chưa báo cáo"
    assert int(cards["Điểm tổ chức Ngày hội"]) == expected.total(nconn, "festival_points", YEAR, 2025, [KH])
    base = expected.communes_reported(nconn, YEAR, 2025, [KH])
    covered, _ = expected.communes(nconn, YEAR, 2025, [KH])
    assert expected.shown_matches(cards["Tỷ lệ xã tổ chức"], 100.0 * covered / base)
    captions = " ".join(c.value for c in at.caption)
    assert f"của {base} xã" in captions and "1 trong 2 tỉnh cũ đã báo cáo Ngày hội" in captions
    assert "0 trong 2 tỉnh cũ đã báo cáo mô hình" in captions
    # the ranking leaves the 33 provinces that reported nothing out of "weakest", and says so
    assert any("Chưa báo cáo, không xếp hạng (33 tỉnh)" in c.value for c in at.caption)
    # neither "top" nor "weakest" holds a province that reported nothing
    (name,) = nconn.execute("SELECT name FROM admin_unit WHERE units_system = 2025 AND unit_code = ?", [KH]).fetchone()
    bars = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"] if t["type"] == "bar"]
    assert len(bars) == 2 and all(b["y"] == [name] for b in bars), [b["y"] for b in bars]


def test_map_draws_unreported_provinces_grey_with_a_legend_entry(app_on, app_script, nconn):
    at = open_at(app_script, "pages/map.py", {"year": str(YEAR), "units": "2025"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {t["name"]: t for t in spec["data"] if t["type"] == "choropleth" and t.get("name") != "Đang chọn"}
    grey = traces["Chưa báo cáo"]
    assert grey["showlegend"] and grey["colorscale"][0][1] == "#d9d9d9"
    reported = {c for c, v in expected.by_province(nconn, "festival_points", YEAR, 2025).items() if v is not None}
    assert set(grey["locations"]) == set(expected.by_province(nconn, "festival_points", YEAR, 2025)) - reported
    assert all(row[2] == "Chưa báo cáo" for row in grey["customdata"])
    coloured = {c for name, t in traces.items() if name != "Chưa báo cáo" for c in t["locations"]}
    assert coloured == reported == {KH}


@pytest.mark.parametrize(
    "url",
    [{"year": str(YEAR)}, {"year": str(YEAR), "units": "2008", "province": NT}, {"year": "2024"}],
    ids=["2022-on-34", "2022-ninh-thuan", "2024-nothing"],
)
@pytest.mark.parametrize(
    "page", ["pages/overview.py", "pages/participation.py", "pages/models.py", "pages/commendations.py", "pages/map.py"]
)
def test_every_page_runs_where_little_or_nothing_was_reported(app_on, app_script, page, url):
    at = open_at(app_script, page, url)
    shown = " ".join(m.value for m in at.metric)
    assert "0,0%" not in shown  # a share of nothing reported is not 0.0%
    if url.get("province") == NT:  # Ninh Thuận sent nothing: nothing is shown as a number
        assert all(m.value == "chưa báo cáo" for m in at.metric), [(m.label, m.value) for m in at.metric]


def test_commune_map_of_an_unreported_province_is_grey_not_not_held(app_on, app_script):
    at = open_at(app_script, "pages/map.py", {"year": str(YEAR), "units": "2025"})
    at.selectbox(key="map_drill").set_value(KH).run()
    at.radio(key="map_drill_part").set_value(NT).run()
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    names = {t["name"] for t in spec["data"] if t["type"] == "choropleth" and t["locations"]}
    assert names == {"Chưa báo cáo"}
    assert any("chưa báo cáo số liệu Ngày hội năm 2022" in c.value for c in at.caption)


def test_trend_leaves_unreported_years_as_gaps_labelled_not_reported(nconn):
    from antq import charts

    tr = service.trend(nconn, Selection(year=2024, units=2025, provinces=(KH,)), 2021, 2024).select(
        "year", "festival_points"
    )
    want = {y: expected.total(nconn, "festival_points", y, 2025, [KH]) for y in range(2021, 2025)}
    reported = {y for y in want if expected.provinces_reported(nconn, y, 2025, [KH])[0]}
    assert reported == {YEAR}
    assert dict(zip(tr["year"], tr["festival_points"])) == {y: (want[y] if y in reported else None) for y in want}
    fig = charts.trend(tr, "festival_points", "vi")
    labelled = sorted(a.x for a in fig.layout.annotations if a.text == "chưa báo cáo")
    assert labelled == sorted(set(want) - reported)
