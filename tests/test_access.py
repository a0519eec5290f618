"""Accounts and scope without a browser: the decision, the lineage, the grants store and its CLI,
the scope inside a Selection, and imports attributed and refused outside the author's scope.
Figures are compared with independent SQL over the DuckDB file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from antq import db, service
from antq.access import policy, scope, store
from antq.access.policy import Identity
from antq.selection import Selection
from tests.support import expected

from .conftest import REPO
from .import_helpers import audit_rows, checksums, communes, festival_row, labels, xlsx


def cli(*args, db_path, archive=None, timeout=180):
    env = os.environ | {"ANTQ_DB": str(db_path)}
    if archive:
        env["ANTQ_ARCHIVE_DIR"] = str(archive)
    return subprocess.run(
        [sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout
    )


@pytest.fixture
def own_db(demo_db, tmp_path):
    """A writable copy of the demo database."""
    p = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    return p


def sql(path, q, params=None):
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(q, params or {}).fetchall()


# ---------------------------------------------------------------- the one decision
def g(kind, who, role, provinces=None, communes=None):
    if provinces:
        return store.Grant(kind, who, role, store.PROVINCES, tuple(provinces))
    if communes:
        return store.Grant(kind, who, role, store.COMMUNES, tuple(communes))
    return store.Grant(kind, who, role)


def test_decide_denies_by_default():
    grants = [g("email", "a@x.vn", "viewer", ["79"])]
    assert policy.decide(grants, None) == policy.NOBODY
    assert not policy.decide(grants, Identity(subject="s", email="b@x.vn")).granted
    assert not policy.decide([], Identity(subject="s", email="a@x.vn")).granted
    nobody = policy.decide([], Identity(email="a@x.vn"))
    assert not nobody.can("read") and nobody.selection_scope == ()  # a scope of nothing, never "all"


def test_decide_matches_email_case_insensitively_and_not_when_unverified():
    grants = [g("email", "a@x.vn", "reporter", ["79"])]
    acc = policy.decide(grants, Identity(email="A@X.VN"))
    assert acc.role == "reporter" and acc.selection_scope == ("79",)
    assert acc.can("read") and acc.can("import") and not acc.can("manage")
    assert not policy.decide(grants, Identity(email="a@x.vn", email_verified=False)).granted


def test_decide_subject_before_email_before_groups():
    grants = [
        g("subject", "sub-1", "admin"),
        g("email", "a@x.vn", "viewer", ["01"]),
        g("group", "cong-an-79", "reporter", ["79"]),
        g("group", "cong-an-01", "viewer", ["01"]),
    ]
    assert policy.decide(grants, Identity(subject="sub-1", email="a@x.vn")).role == "admin"
    assert policy.decide(grants, Identity(subject="other", email="a@x.vn")).selection_scope == ("01",)
    by_groups = policy.decide(grants, Identity(email="z@x.vn", groups=("cong-an-79", "cong-an-01")))
    assert by_groups.role == "reporter" and by_groups.selection_scope == ("79",)
    viewers = [g("group", "a", "viewer", ["79"]), g("group", "b", "viewer", ["01"])]
    assert policy.decide(viewers, Identity(groups=("a", "b"))).selection_scope == ("01", "79")


def test_a_commune_scope_carries_its_communes_and_their_provinces():
    acc = policy.decide([g("email", "xa@x.vn", "viewer", communes=["26734"])], Identity(email="xa@x.vn"))
    # decided alone it has no province yet (nothing shown); the app fills in its communes' provinces
    assert acc.granted and acc.selection_scope == () and acc.selection_communes == ("26734",)
    import dataclasses

    acc = dataclasses.replace(acc, commune_provinces=("79",))
    assert acc.selection_scope == ("79",) and acc.selection_communes == ("26734",)
    # a province scope is not held to communes
    prov = policy.decide([g("email", "p@x.vn", "viewer", provinces=["79"])], Identity(email="p@x.vn"))
    assert prov.selection_communes is None


# ---------------------------------------------------------------- lineage
def test_province_lineage_matches_the_crosswalk(conn):
    for new in ("79", "01", "46"):
        expected = [
            r[0]
            for r in conn.execute(
                "SELECT old_province_code FROM province_crosswalk WHERE new_province_code = ? ORDER BY 1", [new]
            ).fetchall()
        ]
        assert list(scope.provinces_in((new,), 2008)) == expected and expected
        assert scope.provinces_in((new,), 2025) == (new,)
    assert scope.provinces_in(("79",), 2008) == ("74", "77", "79")  # Bình Dương, Bà Rịa - Vũng Tàu, HCM
    assert scope.within(("79",), 2025, ("01",)) == [scope.NO_PROVINCE]


def test_commune_lineage_matches_the_crosswalk(conn):
    new = conn.execute(
        "SELECT new_unit_code FROM commune_crosswalk GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1"
    ).fetchall()[0][0]
    expected = tuple(
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT old_unit_code FROM commune_crosswalk WHERE new_unit_code = ? ORDER BY 1", [new]
        ).fetchall()
    )
    assert scope.communes_in(conn, (new,), 2008) == expected and len(expected) >= 2
    assert scope.communes_in(conn, (new,), 2025) == (new,)


# ---------------------------------------------------------------- the scope inside a Selection
HEADLINE_SQL = """
    SELECT sum(s.participants) FROM unit_year_summary AS s
    JOIN unit_province AS u USING (units_system, unit_code)
    WHERE s.year = $year AND list_contains($provinces, u.province_2025_code)"""


def test_a_scoped_selection_reads_only_its_scope(conn, demo_db):
    nat = expected.total(conn, "participants", 2024, 2025)
    p79 = expected.total(conn, "participants", 2024, 2025, ["79"])
    assert service.summary(conn, Selection(2024))["participants"] == nat
    for units in (2025, 2008):
        s = service.summary(conn, Selection(2024, units, scope=("79",)))
        assert s["participants"] == p79, units  # "Toàn quốc" of a province user = their scope
    # a province outside the scope, asked for explicitly, gives nothing -- never the whole country
    # (nothing: not reported, or 0)
    assert not service.summary(conn, Selection(2024, 2025, ("01",), scope=("79",)))["participants"]
    assert not service.summary(conn, Selection(2024, 2025, scope=()))["participants"]
    rows = service.table(conn, Selection(2024, 2008, scope=("79",)), "festival_points")
    assert set(rows["province_code"].unique().to_list()) <= {"74", "77", "79"} and rows.height > 0
    assert Selection(2024, scope=("79",)) != Selection(2024, scope=("01",))  # distinct cache keys


# A commune of Hồ Chí Minh (79) made of five old units, with festival points in 2024 and 2025.
COMMUNE = "26824"  # Phường Thủ Đức
OWN_UNITS = """
    SELECT units_system, unit_code FROM admin_unit WHERE units_system = 2025 AND unit_code = $c
    UNION ALL SELECT 2008, old_unit_code FROM commune_crosswalk WHERE new_unit_code = $c"""


def commune_sum(path, table: str, column: str, year: int, commune: str = COMMUNE) -> int:
    return sql(
        path,
        f"SELECT coalesce(sum({column}), 0) FROM {table} WHERE year = $y "
        f"AND (units_system, unit_code) IN (SELECT * FROM ({OWN_UNITS}))",
        {"y": year, "c": commune},
    )[0][0]


@pytest.mark.parametrize("year, units", [(2025, 2025), (2024, 2025), (2024, 2008)])
def test_a_commune_selection_reads_only_its_commune(conn, demo_db, year, units):
    """Commune police see their commune: in its own year, and before the reform the old units the
    crosswalk maps into it, in either unit system; never their province's other communes."""
    sel = Selection(year, units, scope=("79",), communes=(COMMUNE,))
    s = service.summary(conn, sel)
    want_points = commune_sum(demo_db, "festival_point", "1", year)  # the detail rows' table
    assert want_points > 0
    # the figures: each of its units' own report where it has one, else its detail rows
    assert s["festival_points"] == expected.commune_total(conn, "festival_points", year, COMMUNE)
    assert s["participants"] == expected.commune_total(conn, "participants", year, COMMUNE)
    assert s["commendations"] == expected.commune_total(conn, "commendations", year, COMMUNE)
    units_in = {(r[0], r[1]) for r in sql(demo_db, f"SELECT * FROM ({OWN_UNITS})", {"c": COMMUNE})}
    assert s["communes_total"] == sum(1 for sys_, _ in units_in if sys_ == (2025 if year >= 2025 else 2008))
    for name in ("festival_points", "commendations", "models"):
        rows = service.table(conn, sel, name)
        got = {(2025 if year >= 2025 else 2008, c) for c in rows["unit_code"].unique().to_list()}
        assert got <= units_in, name
    assert service.table(conn, sel, "festival_points").height == want_points
    communes_shown = service.participation_by_commune(conn, sel)["unit_code"].to_list()
    assert communes_shown and {(2025 if year >= 2025 else 2008, c) for c in communes_shown} <= units_in
    # the province's own reports are not a commune's to see: its figures on the results page are the
    # commune's own, and no province's own report is beside them
    figs = service.report_figures(conn, sel)
    part = figs.filter(pl.col("indicator") == "fest_participants")["value"].sum()
    assert part == expected.commune_total(conn, "participants", year, COMMUNE)
    assert figs["commune_value"].is_null().all()
    assert service.festival_reconciled(conn, sel).height == 0
    assert service.report_versions(conn, sel).filter(pl.col("level") == "province").height == 0


def test_a_commune_scope_that_covers_nothing_shows_nothing(conn):
    s = service.summary(conn, Selection(2025, 2025, scope=("79",), communes=()))
    assert not s["festival_points"] and not s["participants"]
    assert service.table(conn, Selection(2025, 2025, scope=("79",), communes=()), "festival_points").height == 0
    # and two communes' selections are two cache keys
    assert Selection(2025, scope=("79",), communes=("26824",)) != Selection(2025, scope=("79",), communes=("26506",))


# ---------------------------------------------------------------- the grants store and its CLI
def test_cli_grant_list_revoke_are_recorded(own_db):
    r = cli("access", "grant", "Tinh79@Antq.Test", "--role", "viewer", "--province", "79", db_path=own_db)
    assert r.returncode == 0, r.stderr
    assert cli("access", "grant", "toanquoc@antq.test", "--role", "viewer", db_path=own_db).returncode == 0
    r = cli("access", "grant", "tinh79@antq.test", "--role", "reporter", "--province", "79", "01", db_path=own_db)
    assert r.returncode == 0, r.stderr
    listed = json.loads(cli("access", "list", "--json", db_path=own_db).stdout)
    assert {(x["principal"], x["role"], tuple(x["scope_codes"] or ())) for x in listed} == {
        ("tinh79@antq.test", "reporter", ("01", "79")),
        ("toanquoc@antq.test", "viewer", ()),
    }
    assert sql(own_db, "SELECT principal, role, scope_codes FROM access_grant ORDER BY 1") == [
        ("tinh79@antq.test", "reporter", ["01", "79"]),
        ("toanquoc@antq.test", "viewer", None),
    ]
    assert cli("access", "revoke", "toanquoc@antq.test", db_path=own_db).returncode == 0
    r = cli("access", "revoke", "toanquoc@antq.test", db_path=own_db)
    assert r.returncode == 2 and r.stderr.startswith("Lỗi:")
    changes = sql(own_db, "SELECT action, principal, role, previous FROM access_change ORDER BY change_id")
    assert [(a, p, r) for a, p, r, _ in changes] == [
        ("grant", "tinh79@antq.test", "viewer"),
        ("grant", "toanquoc@antq.test", "viewer"),
        ("grant", "tinh79@antq.test", "reporter"),
        ("revoke", "toanquoc@antq.test", None),
    ]
    assert json.loads(changes[2][3])["role"] == "viewer"  # the grant as it was before the change


@pytest.mark.parametrize(
    "args, says",
    [
        (["x@y.vn", "--role", "viewer", "--province", "99"], "Mã tỉnh 99"),
        (["x@y.vn", "--role", "admin", "--province", "79"], "toàn quốc"),
        (["khong-phai-email", "--role", "viewer"], "e-mail"),
        (["x@y.vn", "--role", "viewer", "--province", "74"], "Mã tỉnh 74"),  # a 2008 code: grants are 2025
    ],
)
def test_cli_refuses_bad_grants_and_changes_nothing(own_db, args, says):
    before = sql(own_db, "SELECT count(*) FROM access_change")[0][0]
    r = cli("access", "grant", *args, db_path=own_db)
    assert r.returncode == 2 and says in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sql(own_db, "SELECT count(*) FROM access_change")[0][0] == before


def test_the_schema_refuses_impossible_grants(writable_db):
    with duckdb.connect(str(writable_db)) as c:
        for bad in (
            "('email', 'A@x.vn', 'viewer', 'country', NULL, now(), 't')",  # e-mails stored lower-case
            "('email', 'a@x.vn', 'owner', 'country', NULL, now(), 't')",
            "('email', 'a@x.vn', 'viewer', 'provinces', NULL, now(), 't')",
            "('email', 'a@x.vn', 'viewer', 'provinces', ['7x'], now(), 't')",
            "('email', 'a@x.vn', 'admin', 'provinces', ['79'], now(), 't')",
        ):
            with pytest.raises(duckdb.ConstraintException):
                c.execute(f"INSERT INTO access_grant VALUES {bad}")


def test_grants_survive_a_demo_rebuild(own_db):
    store.grant("email", "a@x.vn", "viewer", provinces=["79"], by="test", db_path=own_db)
    with duckdb.connect(str(own_db)) as c:  # as if built by an older version of the schema
        c.execute("UPDATE db_meta SET value = 'old' WHERE key = 'schema_version'")
    db.check_schema(own_db)
    assert sql(own_db, "SELECT value FROM db_meta WHERE key = 'schema_version'")[0][0] != "old"
    assert sql(own_db, "SELECT principal, scope_codes FROM access_grant") == [("a@x.vn", ["79"])]
    assert sql(own_db, "SELECT count(*) FROM access_change")[0][0] == 1


# ---------------------------------------------------------------- writes attributed and scoped
FEST = labels("festivals")


def festival_file(path, provinces_and_systems, year=2024):
    rows = []
    for prov, system in provinces_and_systems:
        u = communes(prov, system)
        rows += [
            festival_row(u["Mã đơn vị"][i], venue_name=f"Thôn {prov}-{i}", year=year, day=dt.date(year, 8, 10))
            for i in range(2)
        ]
    path.write_bytes(xlsx(rows, FEST))
    return path


def test_cli_import_as_a_reporter_lands_attributed(own_db, tmp_path):
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    f = festival_file(tmp_path / "hcm.xlsx", [("79", 2008), ("74", 2008)])  # 74 (Bình Dương) merged into 79
    r = cli("import", str(f), "--as", "BC79@antq.test", db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 0, r.stderr
    last = audit_rows(own_db)[-1]
    assert last["outcome"] == "loaded"
    assert sql(
        own_db, "SELECT email, role, via FROM import_actor WHERE attempt_id = $id", {"id": last["attempt_id"]}
    ) == [("bc79@antq.test", "reporter", "cli")]
    landed = sql(own_db, "SELECT count(*) FROM festival_point WHERE source_id = $s", {"s": last["source_id"]})[0][0]
    assert landed == 4


def test_cli_import_outside_the_scope_is_refused_whole(own_db, tmp_path):
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    before = checksums(own_db)
    f = festival_file(tmp_path / "mixed.xlsx", [("79", 2008), ("01", 2008)])
    r = cli("import", str(f), "--as", "bc79@antq.test", db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 2
    assert "ngoài phạm vi" in r.stderr and "tỉnh mã 01" in r.stderr  # the rows are named
    assert checksums(own_db) == before  # nothing landed, not even province 79's rows
    last = audit_rows(own_db)[-1]
    assert last["outcome"] == "rejected" and "ngoài phạm vi" in last["message"]
    assert sql(own_db, "SELECT email FROM import_actor WHERE attempt_id = $id", {"id": last["attempt_id"]}) == [
        ("bc79@antq.test",)
    ]


def test_cli_import_as_someone_without_a_reporter_grant_is_refused(own_db, tmp_path):
    store.grant("email", "xem@antq.test", "viewer", provinces=["79"], by="test", db_path=own_db)
    before = checksums(own_db)
    f = festival_file(tmp_path / "hcm.xlsx", [("79", 2008)])
    for who in ("xem@antq.test", "nobody@antq.test"):
        r = cli("import", str(f), "--as", who, db_path=own_db, archive=tmp_path / "a")
        assert r.returncode == 2 and who in r.stderr
    assert checksums(own_db) == before


def test_cli_import_without_as_is_the_operators(own_db, tmp_path):
    f = festival_file(tmp_path / "hcm.xlsx", [("01", 2008)])
    r = cli("import", str(f), db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 0, r.stderr
    sub, email, via = sql(own_db, "SELECT subject, email, via FROM import_actor ORDER BY attempt_id DESC LIMIT 1")[0]
    assert sub.startswith("os:") and email is None and via == "cli"


def test_cli_import_without_as_is_refused_once_accounts_are_in_use(own_db, tmp_path):
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    f = festival_file(tmp_path / "hcm.xlsx", [("79", 2008)])
    before = checksums(own_db)
    r = cli("import", str(f), db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 2 and "--as EMAIL" in r.stderr and "Không có gì được nhập" in r.stderr
    assert checksums(own_db) == before
    r = cli("import", str(f), "--as", "bc79@antq.test", db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 0, r.stderr


def test_the_result_cache_keys_on_the_scope(demo_db):
    """A question that builds its own Selection (the national ranking) run for a national user, then
    for a province user with the same filters: the second answer comes from the second user's scope."""
    from antq.access.scope import set_current_scope

    snap = db.SnapshotReader(demo_db).snapshot()
    try:
        set_current_scope(None)
        national = service.province_ranking(snap, Selection(2024), "festival_points")
        set_current_scope(("79",))
        scoped = service.province_ranking(snap, Selection(2024), "festival_points")
        set_current_scope(("01",))
        other = service.province_ranking(snap, Selection(2024), "festival_points")
    finally:
        set_current_scope(None)
    assert national.height == 34
    assert scoped["province_code"].to_list() == ["79"] and other["province_code"].to_list() == ["01"]


def test_document_intake_holds_a_commune_scope_to_its_own_communes(monkeypatch, demo_db):
    """Registering a document is checked again at saving: a commune's officers register what their
    commune issued (or, before the reform, one of the old units merged into it), nothing else."""
    import dataclasses

    from antq.access import web
    from antq.documents import intake_page
    from antq.ui import state

    acc = policy.decide([g("email", "xa@x.vn", "reporter", communes=[COMMUNE])], Identity(email="xa@x.vn"))
    acc = dataclasses.replace(acc, commune_provinces=("79",))
    snap = db.SnapshotReader(demo_db).snapshot()
    monkeypatch.setattr(web, "current", lambda: acc)
    monkeypatch.setattr(state, "snapshot", lambda: snap)
    old_unit = sql(demo_db, "SELECT min(old_unit_code) FROM commune_crosswalk WHERE new_unit_code = $c", {"c": COMMUNE})
    other = sql(
        demo_db,
        "SELECT min(unit_code) FROM admin_unit WHERE units_system = 2025 AND level = 'commune' "
        "AND province_code = '79' AND unit_code <> $c",
        {"c": COMMUNE},
    )[0][0]

    def t(vi, en):
        return vi

    assert intake_page._outside_scope("79", 2025, t, COMMUNE) is None
    assert intake_page._outside_scope("79", 2024, t, old_unit[0][0]) is None
    for year, unit in ((2025, other), (2025, "79"), (2025, None), (2024, "79")):
        assert "ngoài phạm vi" in intake_page._outside_scope("79", year, t, unit), (year, unit)


@pytest.mark.parametrize("claim", ["groups", "roles"])
def test_the_groups_claim_is_read_by_its_configured_name(monkeypatch, claim):
    import types

    from antq.access import web

    token = {"is_logged_in": True, "sub": "s1", "email": "a@x.vn", claim: ["cong-an-79"], "other": ["x"]}
    monkeypatch.setattr(web, "st", types.SimpleNamespace(user=token))
    monkeypatch.setenv("ANTQ_GROUPS_CLAIM", claim)
    assert web._claims().groups == ("cong-an-79",)
    monkeypatch.setenv("ANTQ_GROUPS_CLAIM", "other")
    assert web._claims().groups == ("x",)


# ---------------------------------------------------------------- CLI writes need a known identity (issue 23, 4)
def _actor_of(path, attempt_id):
    return sql(path, "SELECT subject, email, role, via FROM import_actor WHERE attempt_id = $id", {"id": attempt_id})


def test_cli_import_refused_for_want_of_as_is_audited_with_the_os_account(own_db, tmp_path):
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    f = festival_file(tmp_path / "hcm.xlsx", [("79", 2008)])
    n = len(audit_rows(own_db))
    r = cli("import", str(f), db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 2 and "--as EMAIL" in r.stderr
    rows = audit_rows(own_db)
    assert len(rows) == n + 1 and rows[-1]["outcome"] == "rejected" and "--as" in rows[-1]["message"]
    assert rows[-1]["file_name"] == "hcm.xlsx"
    ((sub, email, role, via),) = _actor_of(own_db, rows[-1]["attempt_id"])
    assert sub.startswith("os:") and email is None and role is None and via == "cli"


def test_cli_import_as_records_the_os_account_that_claimed_the_identity(own_db, tmp_path):
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    f = festival_file(tmp_path / "hcm.xlsx", [("79", 2008)])
    r = cli("import", str(f), "--as", "nobody@antq.test", db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 2 and "nobody@antq.test chưa được cấp quyền" in r.stderr
    last = audit_rows(own_db)[-1]
    assert last["outcome"] == "rejected" and "chưa được cấp quyền" in last["message"]
    ((sub, email, role, _),) = _actor_of(own_db, last["attempt_id"])
    assert sub.startswith("os:") and email == "nobody@antq.test" and role is None


DOC = REPO / "antq" / "documents" / "seed_documents" / "000_59e510d7eb049b54.txt"  # Khánh Hòa's plan 4955, 2024


def test_cli_documents_add_needs_a_reporter_of_the_documents_province(own_db, tmp_path):
    store.grant("email", "bc56@antq.test", "reporter", provinces=["56"], by="test", db_path=own_db)
    store.grant("email", "bc79@antq.test", "reporter", provinces=["79"], by="test", db_path=own_db)
    store.grant("email", "xem56@antq.test", "viewer", provinces=["56"], by="test", db_path=own_db)
    doc = tmp_path / "ke-hoach-4955-ban-sao.txt"  # a new file (another hash) of the same plan
    doc.write_text(DOC.read_text("utf-8") + "\n(bản sao lưu)\n", "utf-8")
    before = sql(own_db, "SELECT count(*) FROM document")
    refused = [
        ((), "--as EMAIL"),
        (("--as", "xem56@antq.test"), "không có quyền"),
        (("--as", "bc79@antq.test"), "ngoài phạm vi"),
        (("--as", "ai.do@antq.test"), "chưa được cấp quyền"),
    ]
    for extra, says in refused:
        n = len(audit_rows(own_db))
        r = cli("documents", "add", str(doc), "--yes", *extra, db_path=own_db, archive=tmp_path / "a")
        assert r.returncode == 2 and says in r.stderr and "Traceback" not in r.stderr, (extra, r.stderr)
        assert sql(own_db, "SELECT count(*) FROM document") == before
        rows = audit_rows(own_db)  # the refusal is recorded: which file, who, why
        assert len(rows) == n + 1 and rows[-1]["outcome"] == "rejected" and rows[-1]["file_name"] == doc.name
        assert says.replace("--as EMAIL", "--as") in rows[-1]["message"]
        ((sub, email, _, via),) = _actor_of(own_db, rows[-1]["attempt_id"])
        assert sub.startswith("os:") and email == (extra[1] if extra else None) and via == "cli"
    r = cli("documents", "add", str(doc), "--yes", "--as", "BC56@antq.test", db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 0, r.stderr
    assert sql(own_db, "SELECT registered_by, via FROM document ORDER BY document_id DESC LIMIT 1") == [
        ("bc56@antq.test", "cli")
    ]


def test_cli_access_changes_as_someone_need_an_admin_grant(own_db):
    """Grants on the command line are the server operator's (docs/access.md); with --as the change
    is attributed to that identity, which must hold an admin grant, else refused and nothing changes."""
    assert cli("access", "grant", "quantri@antq.test", "--role", "admin", db_path=own_db).returncode == 0
    assert (
        cli("access", "grant", "bc79@antq.test", "--role", "reporter", "--province", "79", db_path=own_db).returncode
        == 0
    )
    before = sql(own_db, "SELECT * FROM access_grant ORDER BY principal")
    for who in ("bc79@antq.test", "nobody@antq.test"):
        r = cli("access", "grant", "x@antq.test", "--role", "viewer", "--as", who, db_path=own_db)
        assert r.returncode == 2 and "admin" in r.stderr, r.stderr
        r = cli("access", "revoke", "bc79@antq.test", "--as", who, db_path=own_db)
        assert r.returncode == 2 and "admin" in r.stderr, r.stderr
    assert sql(own_db, "SELECT * FROM access_grant ORDER BY principal") == before
    r = cli("access", "grant", "x@antq.test", "--role", "viewer", "--as", "QuanTri@antq.test", db_path=own_db)
    assert r.returncode == 0, r.stderr
    (by,) = sql(own_db, "SELECT changed_by FROM access_change ORDER BY change_id DESC LIMIT 1")[0]
    assert by.startswith("cli:quantri@antq.test (os:"), by
