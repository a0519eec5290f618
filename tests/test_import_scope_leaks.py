"""Issue 23, finding 4: a reporter who uploads a form or a file of another province is refused, and
nothing in the refusal tells them about that province (its stored figures, medians, report dates,
files); every refused upload on the web is recorded with who and why, as the command line records
one. Checked against independent SQL over the DuckDB file and the refused-attempts log."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from antq.access import imports, store
from antq.importer import spec
from antq.reports import load
from antq.ui import state
from tests.support import e2e
from tests.support.reports import add_report

from .import_helpers import communes, csv_text, festival_row
from .report_forms import csv_form
from .support import bombs
from .test_access_pages import AUTH

YEAR = 2024
REPORTER = "bc79@antq.test"


@pytest.fixture(scope="module")
def leak_db(tmp_path_factory, demo_db):
    """The demo database, a reporter of 79 (Hồ Chí Minh), and Hà Nội's (01) reports of the three
    previous years and of this year, with distinctive figures and dates."""
    p = tmp_path_factory.mktemp("leak") / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    store.grant("email", REPORTER, "reporter", provinces=["79"], by="test", db_path=p)
    with duckdb.connect(str(p)) as c:
        # the five years the outlier rule compares with (validation_rules.HISTORY_YEARS): median 400.758
        for y, n in ((2019, 400_758), (2020, 399_000), (2021, 400_758), (2022, 400_758), (2023, 398_321)):
            add_report(
                c, "01", y, {"fest_participants": n, "fest_gift_value": 1_674_860_000}, reported_on=dt.date(y, 9, 14)
            )
        add_report(c, "01", YEAR, {"fest_participants": 401_977}, reported_on=dt.date(YEAR, 9, 17))
    return p


def stored_01(path) -> list[str]:
    """Every figure and date Hà Nội's stored reports hold, as a message would print them (figures
    of five digits or more: shorter ones occur in any message, as row numbers or years)."""
    with duckdb.connect(str(path), read_only=True) as c:
        rows = c.execute(
            "SELECT v.value, r.reported_on FROM report AS r JOIN report_value AS v USING (report_id) "
            "WHERE r.unit_code = '01' AND r.year BETWEEN $y - 5 AND $y",
            {"y": YEAR},
        ).fetchall()
    out = set()
    for value, on in rows:
        if value >= 10_000:
            out |= {f"{value:,.0f}".replace(",", "."), f"{value:.0f}"}
        if on is not None:
            out.add(f"{on:%d/%m/%Y}")
    return sorted(out)


def _text(frame: pl.DataFrame) -> str:
    return " ".join(str(v) for col in ("message", "fix", "value") for v in frame[col].to_list() if v is not None)


def _form_01() -> bytes:
    # 9 participants: far below Hà Nội's median, the comparison that listed it
    data, _ = csv_form(YEAR, "01", {"fest_participants": "9", "fest_gift_value": "5"}, {"Ngày báo cáo": ""})
    return data


def test_a_cross_scope_form_says_nothing_about_the_other_province(leak_db, tmp_path):
    secrets = stored_01(leak_db)
    assert "400.758" in secrets and "17/09/2024" in secrets
    data = _form_01()
    with duckdb.connect(str(leak_db), read_only=True) as c:
        actor = imports.cli_actor(c, REPORTER)
        # the store's comparison does find something to say to whoever may see province 01
        operator = _text(load.prepare(data, "bieu-mau-01.csv", c).problems.frame())
        assert "400.758" in operator and "17/09/2024" in operator
        plan = load.prepare(data, "bieu-mau-01.csv", c, actor)
    assert not plan.ok
    shown = plan.problems.frame()
    assert "scope" in shown["group"].to_list()
    text = _text(shown)
    assert not [s for s in secrets if s in text], text
    res = load.commit(plan, db_path=leak_db, archive=tmp_path / "archive", via="app", actor=actor)
    assert res.outcome == "rejected"
    text = _text(res.problems)
    assert not [s for s in secrets if s in text], text


def test_a_cross_scope_detail_file_says_nothing_about_the_stored_slice(leak_db, tmp_path):
    """The CLI's detail import: a file of Hà Nội's festivals by a reporter of 79 is refused without
    naming the files already imported for Hà Nội, or when."""
    from antq.importer import load as detail

    units = communes("01", 2008)
    rows = [festival_row(units["Mã đơn vị"][i], venue_name=f"Thôn {i}") for i in range(2)]
    data = csv_text(rows, [c.label for c in spec.COLUMNS["festivals"]]).encode()
    p = leak_db.parent / "leak-detail.duckdb"
    shutil.copyfile(leak_db, p)
    first = detail.import_bytes(data, "ha-noi-dau.csv", db_path=p, archive=tmp_path / "a")
    assert first.outcome in ("loaded", "replaced"), first.problems
    with duckdb.connect(str(p), read_only=True) as c:
        loaded_at = c.execute("SELECT max(loaded_at) FROM data_source WHERE file_name = 'ha-noi-dau.csv'").fetchall()
        actor = imports.cli_actor(c, REPORTER)
    when = f"{loaded_at[0][0]:%H:%M %d/%m/%Y}"
    again = csv_text(rows[:1], [c.label for c in spec.COLUMNS["festivals"]]).encode()
    res = detail.import_bytes(again, "ha-noi-lai.csv", db_path=p, archive=tmp_path / "a", actor=actor)
    assert res.outcome == "rejected"
    text = _text(res.problems)
    assert "ngoài phạm vi" in text
    assert "ha-noi-dau.csv" not in text and when not in text, text


# ------------------------------------------------------------------ refused web uploads are recorded
@pytest.fixture
def page_env(leak_db, app_script, monkeypatch, tmp_path):
    p = tmp_path / "antq.duckdb"
    shutil.copyfile(leak_db, p)
    monkeypatch.setenv("ANTQ_DB", str(p))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    state.reader.clear()
    yield app_script, p, tmp_path / "archive"
    state.reader.clear()


def _upload(app_script, name: str, data: bytes) -> AppTest:
    at = AppTest.from_file(str(app_script), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": "sub-bc79", "email": REPORTER, "name": "bc79", "iat": int(time.time())}
    at.query_params["year"] = str(YEAR)
    at.run()
    at.switch_page(e2e.apptest_page("pages/import_data.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    at.file_uploader[0].upload(name, data, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_refused_web_upload_of_a_detail_file_is_audited_with_its_author(page_env):
    app_script, path, _ = page_env
    units = communes("01", 2008)
    data = csv_text([festival_row(units["Mã đơn vị"][0])], [c.label for c in spec.COLUMNS["festivals"]]).encode()
    at = _upload(app_script, "le-hoi-ha-noi.csv", data)
    assert any("chưa thể nhập" in e.value for e in at.error)
    at.run()  # a rerun (any click) records nothing more
    with duckdb.connect(str(path), read_only=True) as c:
        got = c.execute(
            "SELECT a.outcome, a.via, a.message, x.email, x.role FROM import_audit AS a "
            "JOIN import_actor AS x USING (attempt_id) WHERE a.file_name = 'le-hoi-ha-noi.csv'"
        ).fetchall()
    assert len(got) == 1, got
    outcome, via, message, email, role = got[0]
    assert (outcome, via, email, role) == ("rejected", "app", REPORTER, "reporter")
    assert "ngoài phạm vi" in message


def test_a_refused_web_upload_of_a_report_form_is_recorded_with_its_author(page_env):
    app_script, path, archive = page_env
    at = _upload(app_script, "bieu-mau-01.csv", _form_01())
    assert any("Chưa lưu được" in e.value for e in at.error)
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert not [s for s in stored_01(path) if s in shown], shown
    at.run()
    lines = [json.loads(x) for x in (archive / load.REFUSED_LOG).read_text("utf-8").splitlines()]
    mine = [x for x in lines if x["file_name"] == "bieu-mau-01.csv"]
    assert len(mine) == 1, lines
    assert mine[0]["who"] == REPORTER and mine[0]["via"] == "app"
    assert any(p["group"] == "scope" for p in mine[0]["problems"])


def test_a_refused_document_upload_is_recorded_and_not_read_again(page_env, tmp_path):
    """The Documents page's intake: a compression-bomb PDF is refused with its message (no
    traceback), recorded once with who, and not read again at the next rerun."""
    from antq.documents import refusals

    app_script, _, archive = page_env
    data = bombs.pdf_flate_bomb(tmp_path / "nen.pdf", mib=64).read_bytes()
    at = AppTest.from_file(str(app_script), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": "sub-bc79", "email": REPORTER, "name": "bc79", "iat": int(time.time())}
    at.run()
    at.switch_page(e2e.apptest_page("pages/documents.py"))
    at.session_state["docs_view_vi"] = "add"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.file_uploader(key="doc_upload").upload("nen.pdf", data, "application/pdf").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("giải nén" in e.value and "giới hạn" in e.value for e in at.error), [e.value for e in at.error]
    at.run()
    lines = [json.loads(x) for x in (archive / refusals.REFUSED_LOG).read_text("utf-8").splitlines()]
    assert [(x["file_name"], x["who"], x["via"]) for x in lines] == [("nen.pdf", REPORTER, "app")]
    assert "giới hạn" in lines[0]["reason"]


@pytest.mark.parametrize(
    "make, name, words",
    [
        (lambda p: bombs.form_many_sheets(p), "70.xlsx", "70 trang"),
        (lambda p: bombs.form_csv(p, note="A" * 200_000), "o.csv", "ký tự"),
    ],
    ids=["xlsx-70-sheets", "csv-200KB-cell"],
)
def test_the_import_page_refuses_a_form_bomb_with_its_message(page_env, tmp_path, make, name, words):
    import time

    app_script, _, _ = page_env
    data = make(tmp_path / name).read_bytes()
    t0 = time.monotonic()
    at = _upload(app_script, name, data)
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert words in shown, shown[:2000]
    assert any("Chưa lưu được" in e.value for e in at.error), [e.value for e in at.error]
    assert time.monotonic() - t0 < 60  # the page's own runs included; the reading itself is tested in test_bombs
