"""Every chart stands alone (issue 25): each Plotly figure that every page sends to the browser, read
from the figure JSON Streamlit sends (AppTest), carries its title, the unit of its values (an axis
title, or a map's legend title) and a source line that says "Dữ liệu minh họa" on the demo -- so
the toolbar's PNG or a screenshot still says what it shows. Paired rankings share one scale; a
trend's axis stops at its data."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from antq.ui import state
from tests.support import e2e

# Every page that draws charts, with a URL that shows them all (the map's commune drill-down opens
# on one chosen province; the unit page on a unit).
VIEWS = [
    ("pages/overview.py", {"year": "2024"}),
    ("pages/overview.py", {"year": "2025"}),
    ("pages/participation.py", {"year": "2024"}),
    ("pages/models.py", {"year": "2025"}),
    ("pages/commendations.py", {"year": "2024"}),
    ("pages/results.py", {"year": "2025"}),
    ("pages/map.py", {"year": "2024", "province": "01"}),
    ("pages/documents.py", {"year": "2024", "_state": {"docs_view_vi": "plan_result"}}),
    ("pages/data.py", {"year": "2024"}),
    ("pages/unit.py", {"year": "2025", "unit": "2025-00004"}),
    ("pages/unit.py", {"year": "2024", "unit": "2008-001"}),
]
GEO = {"choropleth", "scattergeo", "choroplethmap", "scattermap"}


def figures(app_script, page: str, url: dict) -> list[tuple[str, dict]]:
    at = AppTest.from_file(str(app_script), default_timeout=120)
    for k, v in url.items():
        if k == "_state":  # a view chosen on the page (the documents page's plan-versus-result map)
            for name, value in v.items():
                at.session_state[name] = value
        else:
            at.query_params[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(e2e.apptest_page(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return [(e.proto.id.rsplit("-", 1)[-1], json.loads(e.proto.spec)) for e in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def sent(app_script, demo_db):
    """{(page, url): [(key, figure JSON)]} over every view, read once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ANTQ_DB", str(demo_db))
    state.reader.clear()
    try:
        return {(page, json.dumps(url)): figures(app_script, page, url) for page, url in VIEWS}
    finally:
        state.reader.clear()
        mp.undo()


def _text(layout: dict, *path: str) -> str:
    node = layout
    for p in path:
        node = node.get(p) if isinstance(node, dict) else None
        if node is None:
            return ""
    return node if isinstance(node, str) else ""


def _problems(spec: dict) -> list[str]:
    layout, data = spec["layout"], spec["data"]
    out = []
    if not _text(layout, "title", "text").strip():
        out.append("no title")
    geo = any(t.get("type") in GEO for t in data)
    unit = (
        _text(layout, "legend", "title", "text")
        if geo
        else _text(layout, "xaxis", "title", "text") + _text(layout, "yaxis", "title", "text")
    )
    if not unit.strip():
        out.append("no unit (axis or legend title)")
    source = _text(layout, "title", "subtitle", "text")
    if not source.startswith("Nguồn:"):
        out.append("no source line")
    elif "Dữ liệu minh họa" not in source:
        out.append(f"source does not say the data is illustrative: {source!r}")
    return out


def test_every_chart_of_every_page_has_title_unit_and_source(sent):
    count = sum(len(v) for v in sent.values())
    assert count >= 20, f"only {count} figures sent over {len(VIEWS)} views"
    bad = [
        f"{page} {url} {key}: {p}" for (page, url), figs in sent.items() for key, spec in figs for p in _problems(spec)
    ]
    assert not bad, bad


def test_every_page_that_draws_charts_was_seen(sent):
    empty = [page for (page, _), figs in sent.items() if not figs and page not in ("pages/data.py",)]
    assert not empty, f"no figure sent on {empty}"


def test_paired_rankings_share_one_scale(sent):
    for url in ('{"year": "2024"}', '{"year": "2025"}'):
        figs = dict(sent[("pages/overview.py", url)])
        best, weakest = figs["overview_best_chart"]["layout"], figs["overview_weakest_chart"]["layout"]
        assert best["xaxis"].get("range") and best["xaxis"]["range"] == weakest["xaxis"]["range"]
        top = max(max(t["x"]) for t in figs["overview_best_chart"]["data"])
        assert best["xaxis"]["range"][1] >= top  # the scale holds the leader's bar


def test_trend_axes_stop_at_the_data(sent):
    for (page, _), figs in sent.items():
        for key, spec in figs:
            if not key.endswith("trend_chart") and key != "models_sites_chart":
                continue
            years = [x for t in spec["data"] for x in t["x"]]
            assert spec["layout"]["xaxis"]["range"] == [min(years) - 0.5, max(years) + 0.5], (page, key)


def test_the_toolbar_shows_on_hover_and_exports_a_named_png(app_script, demo_db, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(demo_db))
    state.reader.clear()
    at = AppTest.from_file(str(app_script), default_timeout=120)
    at.query_params["year"] = "2024"
    at.run()
    configs = [json.loads(e.proto.config) for e in at.get("plotly_chart")]
    state.reader.clear()
    assert configs and all(c.get("displayModeBar") == "hover" for c in configs)
    assert all(c["toImageButtonOptions"]["filename"] for c in configs)
