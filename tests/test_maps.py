"""Choropleth builders: every unit drawn once, archipelagos labelled, offline, within size limits."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import polars as pl
import pytest

from antq import maps
from antq.units import registry


def provinces(system: int) -> pl.DataFrame:
    u = registry().units
    return u.filter((pl.col("units_system") == system) & (pl.col("level") == "province")).sort("unit_code")


def values(system: int, missing: int = 0) -> pl.DataFrame:
    p = provinces(system)
    v = [None if i < missing else float((i * 37) % 101) + 0.5 for i in range(p.height)]
    return pl.DataFrame({"province_code": p["unit_code"], "province_name": p["name"], "value": v})


def choropleth_traces(fig):
    return [t for t in fig.data if t.type == "choropleth" and t.name != "Đang chọn"]


@pytest.mark.parametrize("system,n", [(2025, 34), (2008, 63)])
def test_national_map_every_province_once(system, n):
    fig = maps.province_choropleth(values(system, missing=2), system, "Tỷ lệ (%)", selected=["56"])
    locs = [c for t in choropleth_traces(fig) for c in t.locations]
    assert len(locs) == n and set(locs) == set(provinces(system)["unit_code"])
    for t in choropleth_traces(fig):
        ids = {f["properties"]["unit_code"] for f in t.geojson["features"]}
        assert ids == set(t.locations) and t.featureidkey == "properties.unit_code"
        assert [row[0] for row in t.customdata] == list(t.locations)  # selection -> province code
    names = [t.name for t in choropleth_traces(fig)]
    assert "Chưa báo cáo" in names and 2 <= len(names) <= 7
    assert all(" – " in name for name in names if name != "Chưa báo cáo")
    # SVG on a geo subplot with every base layer off: nothing but our GeoJSON is drawn
    assert fig.layout.geo.visible is False and fig.layout.geo.projection.type == "mercator"
    assert len(fig.to_json()) <= 1_500_000


def test_selected_provinces_outlined():
    fig = maps.province_choropleth(values(2025), 2025, "x", selected=["01", "79"])
    sel = [t for t in fig.data if t.name == "Đang chọn"]
    assert len(sel) == 1 and set(sel[0].locations) == {"01", "79"} and sel[0].marker.line.width >= 2


@pytest.mark.parametrize("system,da_nang,khanh_hoa", [(2025, "Đà Nẵng", "Khánh Hòa"), (2008, "Đà Nẵng", "Khánh Hòa")])
def test_archipelagos_labelled_with_province_value(system, da_nang, khanh_hoa):
    v = values(system)
    fig = maps.province_choropleth(v, system, "Điểm")
    (marks,) = [t for t in fig.data if t.type == "scattergeo"]
    assert marks.mode == "markers+text"
    assert any("Hoàng Sa" in t and da_nang in t for t in marks.text)
    assert any("Trường Sa" in t and khanh_hoa in t for t in marks.text)
    kh = v.filter(pl.col("province_code") == "56")["value"][0]
    hover = [h for h in marks.hovertext if "Trường Sa" in h][0]
    assert maps.format_number(kh, 1) in hover
    # Their islands are drawn in their province's colour: the province feature reaches them.
    for t in choropleth_traces(fig):
        for f in t.geojson["features"]:
            if f["properties"]["unit_code"] == "56":
                lons = str(f["geometry"]["coordinates"])
                assert "111.9" in lons or "114." in lons


def test_national_view_shows_both_archipelagos():
    # The extremes of the country: Lũng Cú's west, Sinh Tồn, Hoàng Sa, Cà Mau; inside the fixed view.
    geo = maps.province_choropleth(values(2025), 2025, "x").layout.geo
    assert geo.fitbounds is False
    (x0, x1), (y0, y1) = geo.lonaxis.range, geo.lataxis.range
    for lon, lat in [(102.14, 22.4), (114.48, 10.38), (112.73, 16.67), (104.8, 8.6)]:
        assert x0 < lon < x1 and y0 < lat < y1, (lon, lat)
    commune = maps.commune_choropleth(pl.DataFrame({"unit_code": ["x"], "held": [True]}), 2025, "79", "x")
    assert commune.layout.geo.fitbounds == "locations"  # a province's communes fill the frame


def test_empty_base_topology_is_served_with_the_app():
    # plotly.js fetches a base topology for a geo subplot with a choropleth even with every layer off;
    # the charts' config points it at this file (served under app/static/), not at a CDN.
    import json
    import tomllib

    from antq import settings

    assert maps.CHART_CONFIG["topojsonURL"] == "app/static/topojson/"
    assert json.loads((maps.TOPOJSON_DIR / "world_110m.json").read_text())["type"] == "Topology"
    config = tomllib.loads((settings.PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True


def test_number_format_and_classes():
    assert maps.format_number(12345.678, 1) == "12.345,7"
    assert maps.format_number(0.5, 2) == "0,50"
    assert maps.format_number(None) == "–"
    yb, labels = maps.classify(pl.Series(range(100)).cast(float).to_numpy(), k=5)
    assert len(labels) == 5 and labels[0].startswith("0 – ") and set(yb) == set(range(5))


def test_class_schemes_by_hand():
    # Four obvious groups: natural breaks must find them; the quartiles of 0..99 hold 25 values each.
    groups = [[1, 2, 3], [10, 11, 12], [50, 51], [90, 100]]
    values = np.array([v for g in groups for v in g], dtype=float)
    yb, labels = maps.classify(values, k=4, scheme="natural_breaks")
    assert yb.tolist() == [i for i, g in enumerate(groups) for _ in g]
    assert labels == ["1 – 3", "3 – 12", "12 – 51", "51 – 100"]
    yb, _ = maps.classify(np.arange(100, dtype=float), k=4, scheme="quantiles")
    assert np.bincount(yb).tolist() == [25, 25, 25, 25]
    # A value on a class's upper bound belongs to that class; ties collapse classes.
    yb, labels = maps.classify(np.array([5, 5, 5, 7], dtype=float), k=4)
    assert yb.tolist() == [0, 0, 0, 1] and labels == ["5 – 5", "5 – 7"]


def in_fresh_process(code: str) -> str:
    """The last line `code` prints in a new interpreter: what a server process loads starts empty."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_server_does_not_load_heavy_science_stacks():
    # Every replica holds what its start-up imports; scikit-learn and SciPy (~75 MB, seconds of start)
    # came in through a classification library once. The server needs neither.
    code = (
        "import sys; from antq import webserver; webserver.preload(); "
        "print(sorted({'sklearn', 'scipy'} & set(sys.modules)))"
    )
    assert in_fresh_process(code) == "[]"


def test_maps_read_the_unit_package_data_without_its_address_parsers():
    # vietnamadminunits' __init__ loads its address parsers' dictionaries (~17 MB of Python objects,
    # kept by every replica for good); the maps, registries and crosswalks need only its data files.
    code = (
        "import sys; import polars as pl; from antq import maps, units; "
        "units.registry(); units.province_successor(); "
        "v = pl.DataFrame({'province_code': list(units.province_names(2025)), 'value': [1.0] * 34}); "
        "v = v.with_columns(province_name=pl.col('province_code'), rank=pl.lit(1)); "
        "maps.province_choropleth(v, 2025, 'x'); "
        "print(sorted(m for m in sys.modules if m.startswith('vietnamadminunits')))"
    )
    assert in_fresh_process(code) == "[]"


def test_commune_drilldown_reads_its_province_only():
    # A drill-down needs one province's communes; the country's set (10,599 in 2008) stays unread.
    code = (
        "import polars as pl; from antq import boundaries, maps; "
        "g, _ = boundaries.load_boundaries(2025, 'commune', '79'); "
        "fig = maps.commune_choropleth(pl.DataFrame({'unit_code': list(g.unit_code), 'held': [True] * len(g)}), "
        "2025, '79', 'x'); "
        "print(len(g), sum(len(t.locations) for t in fig.data), boundaries.embedded_boundaries.cache_info().currsize)"
    )
    drawn = in_fresh_process(code).split()
    communes = registry().units.filter(
        (pl.col("units_system") == 2025) & (pl.col("level") == "commune") & (pl.col("province_code") == "79")
    )
    assert drawn == [str(communes.height), str(communes.height), "0"]


def test_commune_drilldown_largest_province_size():
    u = registry().units
    for system in (2025, 2008):
        communes = u.filter((pl.col("units_system") == system) & (pl.col("level") == "commune"))
        largest = communes.group_by("province_code").len().sort("len", descending=True)["province_code"][0]
        c = communes.filter(pl.col("province_code") == largest)
        held = pl.DataFrame({"unit_code": c["unit_code"], "held": [i % 3 == 0 for i in range(c.height)]})
        fig = maps.commune_choropleth(held, system, largest, "Ngày hội")
        locs = [x for t in fig.data for x in t.locations]
        assert sorted(locs) == sorted(c["unit_code"]) and {t.name for t in fig.data} == {"Đã tổ chức", "Chưa tổ chức"}
        assert len(fig.to_json()) <= 2_000_000
        measured = pl.DataFrame({"unit_code": c["unit_code"], "value": [float(i) for i in range(c.height)]})
        fig = maps.commune_choropleth(measured, system, largest, "Số buổi")
        assert sum(len(t.locations) for t in fig.data) == c.height


def test_no_network_dependent_trace_types():
    fig = maps.province_choropleth(values(2008), 2008, "x", selected=["01"])
    assert {t.type for t in fig.data} <= {"choropleth", "scattergeo"}
    assert "mapbox" not in fig.to_json() and "map" not in fig.layout.to_plotly_json()  # no MapLibre
