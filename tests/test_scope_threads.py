"""Issue 23: a scope travels with the work, not with a thread; sign-ins end on the server.

Streamlit runs a deferred download on a thread of its own, where no page run set a scope. There the
questions must see nothing unless the work carries its scope, and a question that widens a
selection (the national ranking behind the map and the briefing) must keep the selection's scope.
Checked against independent SQL over the DuckDB file.
"""

from __future__ import annotations

import shutil
import threading
import time

import duckdb
import pytest

from antq import mapview, service
from antq.access import scope, sessions, store
from antq.selection import Selection
from tests.support import expected

YEAR = 2024


def on_a_fresh_thread(fn):
    """fn() on a new thread (an empty context, as Streamlit's deferred-download threads have)."""
    out, err = [], []

    def run():
        try:
            out.append(fn())
        except BaseException as exc:  # noqa: BLE001 -- handed back to the test
            err.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(120)
    if err:
        raise err[0]
    return out[0]


def lineage_2008(conn, province_2025: str) -> set[str]:
    rows = conn.execute(
        "SELECT old_province_code FROM province_crosswalk WHERE new_province_code = ?", [province_2025]
    ).fetchall()
    return {r[0] for r in rows}


def test_a_selection_made_where_nobody_set_a_scope_sees_nothing(conn):
    df = on_a_fresh_thread(lambda: service.headline(conn, Selection(year=YEAR)))
    assert df.filter(df["festival_points"].fill_null(0) > 0).is_empty()
    # ... while the command line's (and this test's) operator scope reads the whole country
    everything = service.headline(conn, Selection(year=YEAR))
    points = expected.total(conn, "festival_points", YEAR, 2025)
    assert int(everything["festival_points"].sum()) == points > 0


def test_work_run_in_an_explicit_scope_sees_that_scope(conn):
    def asked():
        with scope.using(("56",), None):
            return service.headline(conn, Selection(year=YEAR, units=2008))

    df = on_a_fresh_thread(asked)
    assert set(df.filter(df["festival_points"].fill_null(0) > 0)["province_code"]) <= lineage_2008(conn, "56")
    assert df["festival_points"].sum() > 0


@pytest.mark.parametrize("units", [2008, 2025])
def test_the_ranking_of_a_scoped_selection_stays_in_its_scope_on_any_thread(conn, units):
    sel = Selection(year=YEAR, units=units, scope=("56",), communes=None)
    ranked = on_a_fresh_thread(lambda: service.province_ranking(conn, sel, "festival_points"))
    own = lineage_2008(conn, "56") if units == 2008 else {"56"}
    assert set(ranked["province_code"]) == own


def test_the_map_of_a_scoped_selection_names_no_other_province(conn):
    sel = Selection(year=YEAR, units=2025, scope=("56",), communes=None)
    fig = on_a_fresh_thread(lambda: mapview.national_figure(conn, sel, "festival_points", "quantiles", "vi"))
    named = {row[1] for t in fig.data if t.type == "choropleth" and t.customdata is not None for row in t.customdata}
    coloured = {
        c for t in fig.data if t.type == "choropleth" and t.name not in ("Ngoài phạm vi của bạn",) for c in t.locations
    }
    names = conn.execute("SELECT name FROM admin_unit WHERE level = 'province' AND unit_code = '56'").fetchall()
    assert named == {names[0][0]} and coloured == {"56"}
    outside = next(t for t in fig.data if t.name == "Ngoài phạm vi của bạn")
    assert len(outside.locations) == 33 and outside.hoverinfo == "skip" and outside.customdata is None


# ---------------------------------------------------------------- sessions
def test_a_sign_in_is_valid_until_an_end_or_its_age():
    now = 1_800_000_000.0
    assert sessions.valid(now - 60, "s1", "A@x.vn", {}, now=now)
    ends = {("email", "a@x.vn"): now - 30}  # the e-mail's sign-ins ended half a minute ago
    assert not sessions.valid(now - 60, "s1", "A@x.vn", ends, now=now)
    assert sessions.valid(now - 10, "s1", "A@x.vn", ends, now=now)  # signed in again since
    assert not sessions.valid(now - 60, "s1", None, {("subject", "s1"): now - 30}, now=now)
    assert not sessions.valid(None, "s1", "a@x.vn", {}, now=now)  # no issue time: refused
    assert not sessions.valid("not a time", "s1", "a@x.vn", {}, now=now)
    assert not sessions.valid(now - 13 * 3600, "s1", "a@x.vn", {}, now=now)  # older than ANTQ_SESSION_HOURS


def test_the_hours_a_sign_in_lasts_is_a_setting(monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setenv("ANTQ_SESSION_HOURS", "1")
    assert not sessions.valid(now - 2 * 3600, "s1", None, {}, now=now)
    assert sessions.valid(now - 1800, "s1", None, {}, now=now)


def test_a_revoke_ends_the_users_sign_ins_in_the_same_write(demo_db, tmp_path):
    db = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, db)
    store.grant("email", "Xem01@antq.test", "viewer", provinces=["01"], by="test", db_path=db)
    before = time.time()
    store.revoke("email", "xem01@antq.test", by="quantri@antq.test", db_path=db)
    with duckdb.connect(str(db), read_only=True) as c:
        rows = c.execute(
            "SELECT principal_kind, principal, ended_at, reason, ended_by FROM access_session_end"
        ).fetchall()
        changes = c.execute("SELECT action FROM access_change ORDER BY change_id").fetchall()
    assert [r[:2] + r[3:] for r in rows] == [("email", "xem01@antq.test", "revoke", "quantri@antq.test")]
    assert rows[0][2] >= before - 1 and changes[-1] == ("revoke",)
    with duckdb.connect(str(db), read_only=True) as c:
        assert not sessions.valid(before - 5, None, "xem01@antq.test", sessions.ends(c))
