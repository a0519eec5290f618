"""The review of result reports up the chain (antq/cycle/review.py): the state machine, who may take
which step, and the lock of an approved unit and period -- each checked against independent SQL over
a real DuckDB file (the events as stored, the reports' values, the file's bytes after a refusal)."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from antq import db, queries
from antq.access import imports, policy, store
from antq.cycle import review
from antq.reports import load

from .report_forms import csv_form

YEAR = 2025
COMMUNE, OTHER, HANOI_COMMUNE = "26824", "25747", "00004"  # Thủ Đức and Thủ Dầu Một (79); Ba Đình (01)
USERS = {
    "xa@t.vn": ("reporter", "communes", [COMMUNE]),
    "xa2@t.vn": ("reporter", "communes", [OTHER]),
    "tinh79@t.vn": ("reporter", "provinces", ["79"]),
    "xem79@t.vn": ("viewer", "provinces", ["79"]),
    "tinh01@t.vn": ("reporter", "provinces", ["01"]),
    "bo@t.vn": ("reporter", "country", None),
    "bo-xem@t.vn": ("viewer", "country", None),
}


@pytest.fixture()
def store_db(tmp_path, monkeypatch):
    p = db.build(tmp_path / "antq.duckdb", empty=True)
    monkeypatch.setenv("ANTQ_DB", str(p))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    for email, (role, kind, codes) in USERS.items():
        kw = {"provinces": codes} if kind == "provinces" else {"communes": codes} if kind == "communes" else {}
        store.grant("email", email, role, by="test", db_path=p, **kw)
    return p


def actor(p, email: str) -> imports.Actor:
    who = policy.Identity(subject=email.split("@")[0], email=email, email_verified=True)
    with duckdb.connect(str(p), read_only=True) as c:
        acc = policy.decide(store.grants(c), who)
    return imports.Actor(who, acc, "app")


def sql(p, q: str, params=None) -> list[tuple]:
    with duckdb.connect(str(p), read_only=True) as c:
        return c.execute(q, params or {}).fetchall()


def file_sha(p) -> str:
    return hashlib.sha256(open(p, "rb").read()).hexdigest()


def submit(p, unit: str, tips: str, who: str, *, draft: bool = False, on: str = "") -> load.Result:
    data, _ = csv_form(YEAR, unit, {"tips_received": tips}, {"Ngày báo cáo": on} if on else None)
    with db.connect_read_only(p) as c:
        plan = load.prepare(data, f"bc-{unit}-{tips}.csv", c, actor(p, who))
    plan.submit = not draft
    return load.commit(plan, db_path=p, via="app", actor=actor(p, who))


def state(p, report_id: int) -> str:
    """The state from the stored events alone (independent of report_review_state())."""
    rows = sql(p, "SELECT action FROM report_review WHERE report_id = ? ORDER BY event_id DESC LIMIT 1", [report_id])
    return {None: "legacy", "save": "draft", "submit": "submitted", "return": "returned", "approve": "approved",
            "unlock": "unlocked"}[rows[0][0] if rows else None]  # fmt: skip


def derived(p, report_id: int) -> str:
    with duckdb.connect(str(p), read_only=True) as c:
        return review.report_info(c, report_id)["review_state"]


def test_a_whole_cycle_submit_return_correct_approve_unlock(store_db):
    p = store_db
    first = submit(p, COMMUNE, "120", "xa@t.vn")
    assert first.outcome == "loaded"
    (rid,) = first.report_ids
    assert state(p, rid) == derived(p, rid) == "submitted"
    assert sql(p, "SELECT acted_by, role, via FROM report_review WHERE report_id = ?", [rid]) == [
        ("xa@t.vn", "reporter", "app")
    ]
    # a return needs a comment, and is the province's
    with pytest.raises(review.ReviewRefused, match="Cần ghi điều cần sửa"):
        review.act(rid, "return", actor(p, "tinh79@t.vn"), "  ", db_path=p)
    review.act(rid, "return", actor(p, "tinh79@t.vn"), "Số tin báo sai, kiểm tra lại", db_path=p)
    assert state(p, rid) == derived(p, rid) == "returned"
    # corrected: a new report of the same unit and period, submitted again
    second = submit(p, COMMUNE, "125", "xa@t.vn", on="05/12/2025")
    (rid2,) = second.report_ids
    assert second.superseded == [rid] and derived(p, rid2) == "submitted"
    # the returned report can no longer be approved: it is not in force
    with pytest.raises(review.ReviewRefused):
        review.act(rid, "approve", actor(p, "tinh79@t.vn"), db_path=p)
    msg = review.act(rid2, "approve", actor(p, "tinh79@t.vn"), db_path=p)
    assert "Đã duyệt" in msg
    assert state(p, rid2) == derived(p, rid2) == "approved"
    # the history of the unit and period holds every step, nothing overwritten
    with duckdb.connect(str(p), read_only=True) as c:
        h = review.history(c, rid2)
    assert h.select("report_id", "action").rows() == [
        (rid, "submit"),
        (rid, "return"),
        (rid2, "submit"),
        (rid2, "approve"),
    ]
    assert h["comment"].to_list()[1] == "Số tin báo sai, kiểm tra lại"
    # locked: a later import for the unit and period is refused, naming the approval; the file unchanged
    before = file_sha(p)
    third = submit(p, COMMUNE, "130", "xa@t.vn")
    assert third.outcome == "rejected"
    msgs = third.problems.filter(third.problems["group"] == "locked")["message"].to_list()
    assert len(msgs) == 1 and "tinh79@t.vn duyệt" in msgs[0] and "đang khóa" in msgs[0]
    approved_at = sql(p, "SELECT acted_at FROM report_review WHERE action = 'approve'")[0][0]
    assert approved_at.strftime("%d/%m/%Y") in msgs[0]
    assert file_sha(p) == before
    # an unlock needs a reason and the approving level; then the unit may report again
    with pytest.raises(review.ReviewRefused, match="lý do"):
        review.act(rid2, "unlock", actor(p, "tinh79@t.vn"), "", db_path=p)
    with pytest.raises(review.ReviewRefused):
        review.act(rid2, "unlock", actor(p, "bo@t.vn"), "Ministry is not the approving level", db_path=p)
    review.act(rid2, "unlock", actor(p, "tinh79@t.vn"), "Bổ sung số liệu tháng 12", db_path=p)
    assert state(p, rid2) == "unlocked"
    assert submit(p, COMMUNE, "131", "xa@t.vn", on="10/12/2025").outcome == "loaded"
    assert sql(p, "SELECT count(*) FROM report_review")[0][0] == 6


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("tinh79@t.vn", True),  # the province reviews its communes
        ("tinh01@t.vn", False),  # another province
        ("xem79@t.vn", False),  # a viewer of the province
        ("bo@t.vn", False),  # the Ministry reviews provinces, not communes
        ("xa2@t.vn", False),  # another commune's reporter
        ("xa@t.vn", False),  # the submitter itself
    ],
)
def test_who_approves_a_communes_report(store_db, who, allowed):
    p = store_db
    (rid,) = submit(p, COMMUNE, "50", "xa@t.vn").report_ids
    before = sql(p, "SELECT count(*) FROM report_review")[0][0]
    if allowed:
        review.act(rid, "approve", actor(p, who), db_path=p)
        assert state(p, rid) == "approved"
    else:
        with pytest.raises(review.ReviewRefused):
            review.act(rid, "approve", actor(p, who), db_path=p)
        assert sql(p, "SELECT count(*) FROM report_review")[0][0] == before and state(p, rid) == "submitted"


def test_a_provinces_report_is_the_ministrys_and_never_its_own_level(store_db):
    p = store_db
    (rid,) = submit(p, "79", "900", "tinh79@t.vn").report_ids
    for who in ("tinh79@t.vn", "xa@t.vn", "bo-xem@t.vn"):
        with pytest.raises(review.ReviewRefused):
            review.act(rid, "approve", actor(p, who), db_path=p)
    review.act(rid, "return", actor(p, "bo@t.vn"), "Thiếu số liệu mô hình", db_path=p)
    assert state(p, rid) == "returned"


def test_a_draft_is_submitted_by_its_unit_only_and_is_not_approvable_before(store_db):
    p = store_db
    res = submit(p, OTHER, "7", "xa2@t.vn", draft=True)
    (rid,) = res.report_ids
    assert state(p, rid) == derived(p, rid) == "draft"
    # the same file uploaded again finds its draft to send up (the import page's "Gửi duyệt")
    with duckdb.connect(str(p), read_only=True) as c:
        found = queries.run(c, "review_file_reports", sha=res.plan.sha256)
    assert found.rows() == [(rid, OTHER, "draft")]
    with pytest.raises(review.ReviewRefused, match="Nháp"):
        review.act(rid, "approve", actor(p, "tinh79@t.vn"), db_path=p)
    with pytest.raises(review.ReviewRefused):
        review.act(rid, "submit", actor(p, "xa@t.vn"), db_path=p)  # another commune
    review.act(rid, "submit", actor(p, "xa2@t.vn"), db_path=p)
    assert state(p, rid) == "submitted"


def test_approved_only_keeps_approved_reports_and_the_default_is_unchanged(store_db):
    p = store_db
    (a,) = submit(p, COMMUNE, "40", "xa@t.vn").report_ids
    submit(p, OTHER, "9", "xa2@t.vn", draft=True)
    review.act(a, "approve", actor(p, "tinh79@t.vn"), db_path=p)
    args = dict(year_from=YEAR, year_to=YEAR, kinds=["festival_year"], half=0, indicators=["tips_received"])
    with duckdb.connect(str(p), read_only=True) as c:
        everything = c.execute(
            "SELECT unit_code, value FROM unit_values_in_force($year_from, $year_to, $kinds, $half, $indicators) "
            "ORDER BY 1",
            args,
        ).fetchall()
        approved = c.execute(
            "SELECT unit_code, value FROM unit_values_in_force($year_from, $year_to, $kinds, $half, $indicators, "
            "approved_only := true) ORDER BY 1",
            args,
        ).fetchall()
        # independently: the reports whose last event is an approval
        expect = c.execute(
            "SELECT r.unit_code, v.value FROM report r JOIN report_value v USING (report_id) "
            "WHERE v.indicator = 'tips_received' AND (SELECT action FROM report_review e WHERE e.report_id = "
            "r.report_id ORDER BY event_id DESC LIMIT 1) = 'approve' ORDER BY 1"
        ).fetchall()
    assert sorted(everything) == sorted([(COMMUNE, 40.0), (OTHER, 9.0)])  # the default: every report in force
    assert approved == expect == [(COMMUNE, 40.0)]


def test_the_figure_store_follows_the_approved_only_choice(store_db):
    from antq import service
    from antq.selection import Selection

    p = store_db
    (a,) = submit(p, COMMUNE, "40", "xa@t.vn").report_ids
    submit(p, OTHER, "9", "xa2@t.vn", draft=True)
    review.act(a, "approve", actor(p, "tinh79@t.vn"), db_path=p)
    with duckdb.connect(str(p), read_only=True) as c:
        sel = Selection(year=YEAR, provinces=("79",), scope=None, communes=None)
        params = dict(
            year_from=YEAR, year_to=YEAR, units=2025, **sel.unit_filter, **service._store_params(["tips_received"])
        )
        all_ = queries.run(c, "figures_by_province_year", **params)
        only = queries.run(c, "figures_by_province_year", **(params | {"approved_only": True}))
    assert all_["value"].to_list() == [49.0] and only["value"].to_list() == [40.0]


def test_a_database_of_the_previous_schema_is_carried_and_its_reports_are_legacy(store_db, tmp_path):
    """db.migrate: reports entered before the review existed keep showing (state 'legacy', in force)."""
    p = store_db
    (rid,) = submit(p, COMMUNE, "40", "xa@t.vn").report_ids
    with duckdb.connect(str(p)) as c:  # as the previous schema left it: no review table, another version
        c.execute("DROP TABLE report_review")
        c.execute("UPDATE db_meta SET value = 'old' WHERE key = 'schema_version'")
    db.migrate(p)
    with duckdb.connect(str(p), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM report_review").fetchall()[0][0] == 0
        assert review.report_info(c, rid)["review_state"] == "legacy"
        got = c.execute(
            "SELECT value FROM unit_values_in_force(2025, 2025, ['festival_year'], 0, ['tips_received'])"
        ).fetchall()
    assert got == [(40.0,)]
