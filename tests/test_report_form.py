"""The web form of a result report (import page): what a reporter types becomes the CSV report
form, checked and saved by the same code as a file; the saved figure is then on the results page.
Checked against independent SQL over the DuckDB file."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from antq.access import store
from antq.reports import load
from antq.ui import report_form, state
from antq.vocab import indicators
from tests.support import e2e

from .test_access_pages import AUTH

YEAR = 2024
REPORTER = "bc56@antq.test"


@pytest.fixture(scope="module")
def form_db(tmp_path_factory, demo_db):
    p = tmp_path_factory.mktemp("form") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    store.grant("email", REPORTER, "reporter", provinces=["56"], by="test", db_path=p)
    return p


@pytest.fixture
def env(form_db, app_script, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTQ_DB", str(form_db))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    state.reader.clear()
    yield app_script
    state.reader.clear()


def typed(**values: str) -> pl.DataFrame:
    df = report_form.editor_frame()
    return df.with_columns(
        pl.col(report_form.CODE).replace_strict(values, default="", return_dtype=pl.String).alias(report_form.VALUE)
    )


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_typed_values_are_checked_and_saved_like_a_file(env, form_db, tmp_path):
    values = typed(fest_participants="4.321", mob_sessions="trên 120", fest_communes_held="100/140")
    data, rows_of = report_form.form_csv(
        YEAR, "56", "56", "festival_year", None, None, dt.date(YEAR, 8, 28), "", values
    )
    assert sorted(rows_of.values()) == ["fest_communes_held", "fest_participants", "mob_sessions"]
    with duckdb.connect(str(form_db), read_only=True) as c:
        plan = load.prepare(data, report_form.FILE_NAME, c)
    assert plan.ok, plan.problems.frame()
    shown = report_form.preview_table(plan, "vi")
    assert dict(zip(shown["Chỉ tiêu"], shown["Số liệu (sẽ hiển thị)"]))["Số buổi tuyên truyền, vận động"] == "trên 120"
    res = load.commit(plan, db_path=form_db, archive=tmp_path / "archive", via="app")
    assert res.outcome == "loaded"
    with duckdb.connect(str(form_db), read_only=True) as c:
        got = dict(
            (ind, (v, d, q))
            for ind, v, d, q in c.execute(
                "SELECT v.indicator, v.value, v.denominator, v.qualifier FROM report r JOIN report_value v "
                "USING (report_id) WHERE r.report_id = $id",
                {"id": res.report_ids[0]},
            ).fetchall()
        )
        via = c.execute(
            "SELECT via, period_kind, unit_code FROM report WHERE report_id = $id", {"id": res.report_ids[0]}
        )
        assert via.fetchall() == [("app", "festival_year", "56")]
    assert got == {
        "fest_participants": (4321.0, None, "exact"),
        "mob_sessions": (120.0, None, "at_least"),
        "fest_communes_held": (100.0, 140.0, "exact"),
    }
    # and the results page shows the saved figure as written, in the default view of its URL
    state.reader.clear()
    at = AppTest.from_file(str(env), default_timeout=120)
    for k, v in {"year": str(YEAR), "province": "56", "units": "2008"}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(e2e.apptest_page("pages/results.py")).run()
    assert not at.exception
    figures = pl.concat([pl.from_pandas(t.value) for t in at.table[:3]], how="diagonal")
    row = figures.filter(pl.col("Chỉ tiêu") == indicators.label("fest_participants", "vi"))
    assert row["Số liệu"].to_list() == ["4.321"]


def test_a_bad_value_is_refused_with_its_indicator_named_and_nothing_changes(env, form_db, tmp_path):
    values = typed(fest_participants="nhiều", mob_sessions="-5")
    data, rows_of = report_form.form_csv(YEAR, "56", "56", "festival_year", None, None, None, "", values)
    with duckdb.connect(str(form_db), read_only=True) as c:
        plan = load.prepare(data, report_form.FILE_NAME, c)
    assert not plan.ok
    shown = report_form.problems_table(plan.problems.frame(), rows_of, "vi")
    assert {"Số lượt người tham gia Ngày hội", "Số buổi tuyên truyền, vận động"} <= set(shown["Chỉ tiêu"].to_list())
    before = sha(form_db)
    assert load.commit(plan, db_path=form_db, archive=tmp_path / "archive", via="app").outcome == "rejected"
    assert sha(form_db) == before


def test_import_page_offers_the_form_and_checks_it(env):
    at = AppTest.from_file(str(env), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": "sub-bc56", "email": REPORTER, "name": "bc56", "iat": int(time.time())}
    at.query_params["year"] = str(YEAR)
    at.run()
    at.switch_page(e2e.apptest_page("pages/import_data.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="rf_province").options == ["Tỉnh Khánh Hòa (56)", "Tỉnh Ninh Thuận (58)"]  # the scope
    # the reporting-status area counts the result reports too, over the reporter's scope only
    cards = {m.label: m.value for m in at.metric}
    assert cards["Tỉnh, thành phố: đã nhận"].endswith("/2")  # the two provinces of the scope are expected
    at.button(key="rf_check").click().run()
    assert not at.exception, [e.message for e in at.exception]
    # an empty form is refused by the file path's own check, shown as for a file
    assert any("Chưa lưu được" in e.value for e in at.error)
