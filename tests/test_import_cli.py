"""`python -m antq template/import` as a user runs them, imports while the app is reading, the
reporting-status grid, the import page, and the import benchmark."""

from __future__ import annotations

import datetime as dt
import fcntl
import shutil
import time

import duckdb
import polars as pl

from antq import db
from antq.importer import page, status
from tools.bench import importer as bench

from .conftest import REPO
from .import_helpers import audit_rows, checksums, cli, festival_row, labels, xlsx

FEST = labels("festivals")


def rows(kh, n=3, participants=200):
    return [festival_row(kh["Mã đơn vị"][i], venue_name=f"Thôn {i}", participants=participants) for i in range(n)]


def test_template_command_writes_xlsx_and_csv(paths, tmp_path):
    dbp, arch = paths
    r = cli(
        "template",
        "--kind",
        "commendations",
        "--year",
        "2025",
        "--province",
        "01",
        "--out",
        str(tmp_path / "t.xlsx"),
        db_path=dbp,
        archive=arch,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"
    r = cli(
        "template",
        "--kind",
        "models",
        "--year",
        "2024",
        "--province",
        "77",
        "--out",
        str(tmp_path / "t.csv"),
        db_path=dbp,
        archive=arch,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8-sig").startswith("Năm,Mã đơn vị,")
    r = cli(
        "template",
        "--kind",
        "models",
        "--year",
        "2025",
        "--province",
        "77",
        "--out",
        str(tmp_path / "x.csv"),
        db_path=dbp,
        archive=arch,
    )
    assert r.returncode == 2 and r.stderr.strip().startswith("Lỗi:") and len(r.stderr.strip().splitlines()) == 1


def test_import_command_reports_problems_and_exits_2(paths, kh, tmp_path):
    dbp, arch = paths
    bad = rows(kh)
    bad[1][7] = -3
    f = tmp_path / "bad.xlsx"
    f.write_bytes(xlsx(bad, FEST))
    before = checksums(dbp)
    r = cli("import", str(f), "--report", str(tmp_path / "report.csv"), db_path=dbp, archive=arch)
    assert r.returncode == 2
    assert "trang 'Dữ liệu', dòng 3, cột 'Số người tham gia', giá trị '-3'" in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("Lỗi: tệp bad.xlsx không được nhập")
    assert "Traceback" not in r.stderr
    report = (tmp_path / "report.csv").read_bytes()
    assert report.startswith(b"\xef\xbb\xbf") and "Số âm".encode() in report
    assert checksums(dbp) == before
    assert not arch.exists() or not any(arch.iterdir())  # rejected files are not archived


def test_import_command_caps_terminal_output(paths, kh, tmp_path):
    dbp, arch = paths
    bad = [festival_row("99999", venue_name=f"T{i}") for i in range(250)]
    f = tmp_path / "many.xlsx"
    f.write_bytes(xlsx(bad, FEST))
    r = cli("import", str(f), "--report", str(tmp_path / "r.csv"), db_path=dbp, archive=arch)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 200 + 2 and lines[-2] == "... và 50 vấn đề khác."
    report = (tmp_path / "r.csv").read_text("utf-8-sig").splitlines()
    # the first 200 of the class, then one line counting the other 50
    assert len(report) == 1 + 200 + 1 and "… và 50 vấn đề khác cùng loại" in report[-1]


def test_import_command_load_noop_replace(paths, kh, tmp_path):
    dbp, arch = paths
    v1, v2 = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    v1.write_bytes(xlsx(rows(kh), FEST))
    v2.write_bytes(xlsx(rows(kh, 2, participants=333), FEST))
    r = cli("import", str(v1), db_path=dbp, archive=arch)
    assert r.returncode == 0 and "Đã nhập 3 dòng" in r.stdout, r.stderr
    r = cli("import", str(v1), db_path=dbp, archive=arch)
    assert r.returncode == 0 and "không có gì thay đổi" in r.stdout
    r = cli("import", str(v2), db_path=dbp, archive=arch)
    assert r.returncode == 2 and "--replace" in r.stderr
    r = cli("import", str(v2), "--replace", db_path=dbp, archive=arch)
    assert r.returncode == 0 and "thay thế" in r.stdout, r.stderr
    with duckdb.connect(str(dbp), read_only=True) as c:
        assert c.execute("SELECT count(*), sum(participants) FROM festival_point").fetchall()[0] == (2, 666)
    assert [a["outcome"] for a in audit_rows(dbp)] == ["loaded", "unchanged", "rejected", "replaced"]
    assert all(a["via"] == "cli" for a in audit_rows(dbp))
    # an import leaves no link to an old version behind (it would keep that whole file on disk)
    snaps = dbp.parent / ".snapshots"
    assert not snaps.exists() or not any(snaps.iterdir())
    assert sorted(p.name for p in dbp.parent.iterdir() if p.name.startswith("antq.duckdb")) == [
        "antq.duckdb",
        "antq.duckdb.lock",
    ]


def test_import_command_missing_file(paths, tmp_path):
    dbp, arch = paths
    r = cli("import", str(tmp_path / "khong-co.xlsx"), db_path=dbp, archive=arch)
    assert r.returncode == 2 and r.stderr.strip().splitlines() == [
        f"Lỗi: Không tìm thấy tệp {tmp_path / 'khong-co.xlsx'}."
    ]


def test_import_while_the_app_reads(demo_db, tmp_path, kh):
    """A reader holding the current version keeps working through an import from another process;
    a new look at the file sees the imported rows."""
    dbp = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, dbp)
    f = tmp_path / "kh.xlsx"
    f.write_bytes(xlsx(rows(kh, 4, participants=111), FEST))
    q = (
        "SELECT count(*) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
        "JOIN data_source d USING (source_id) WHERE f.year = 2024 AND u.province_code = '56' AND d.kind = 'imported'"
    )
    reader = db.SnapshotReader(dbp)
    try:
        old, ident = reader.current()
        total_before = old.execute("SELECT count(*) FROM festival_point").fetchall()[0][0]
        assert old.execute(q).fetchall()[0][0] == 0
        r = cli("import", str(f), db_path=dbp, archive=tmp_path / "archive")
        assert r.returncode == 0, r.stderr
        # the version the app had open still answers, unchanged
        assert old.execute("SELECT count(*) FROM festival_point").fetchall()[0][0] == total_before
        assert old.execute(q).fetchall()[0][0] == 0
        new, ident2 = reader.current()
        assert ident2 != ident
        assert new.execute(q).fetchall()[0][0] == 4
        assert old.execute("SELECT 1").fetchall() == [(1,)]  # the previous version stays open for running queries
    finally:
        reader.close()


def test_import_stops_clearly_when_another_writer_holds_the_database(paths, kh, tmp_path):
    dbp, arch = paths
    f = tmp_path / "kh.xlsx"
    f.write_bytes(xlsx(rows(kh), FEST))
    before = checksums(dbp)
    with open(dbp.with_name(dbp.name + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = cli("import", str(f), "--wait", "0.5", db_path=dbp, archive=arch)
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("Lỗi: Cơ sở dữ liệu")
        and "đang được một tiến trình khác cập nhật" in lines[0]
    )
    assert checksums(dbp) == before


# ------------------------------------------------------------------------ reporting status
def test_reporting_status_follows_each_years_system(demo_db, tmp_path, kh, monkeypatch):
    dbp = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, dbp)
    from antq.importer import load

    res = load.import_bytes(xlsx(rows(kh), FEST), "kh-2024.xlsx", db_path=dbp, archive=tmp_path / "a")
    assert res.outcome == "loaded"
    with duckdb.connect(str(dbp), read_only=True) as c:
        s = status.reporting_status(c, 2024, 2025)
        by = {(r["year"], r["province_code"], r["kind"]): r for r in s.iter_rows(named=True)}
        summary = status.summary_by_year(s)
    n = s.group_by("year").agg(pl.col("province_code").n_unique()).sort("year")
    assert n.rows() == [(2024, 63), (2025, 34)]
    assert by[(2024, "56", "festivals")]["status"] == "imported"
    assert by[(2024, "56", "festivals")]["file_name"] == "kh-2024.xlsx"
    assert by[(2024, "56", "festivals")]["rows"] == 3
    assert by[(2024, "56", "commendations")]["status"] == "illustrative"
    assert by[(2024, "01", "festivals")]["status"] == "illustrative"
    row = summary.filter((pl.col("year") == 2024) & (pl.col("kind") == "festivals")).row(0, named=True)
    assert (row["provinces"], row["imported"], row["illustrative"] + row["missing"]) == (63, 1, 62)
    g = status.grid(s, "festivals", 2008)
    assert g.height == 63 and g.filter(pl.col("Mã tỉnh") == "56")["2024"].item() == "✔"


def test_reporting_status_on_an_empty_database(paths):
    dbp, _ = paths
    with duckdb.connect(str(dbp), read_only=True) as c:
        s = status.reporting_status(c, 2023, 2026)
    assert set(s["status"]) == {"missing"}
    assert s.height == (63 * 2 + 34 * 2) * 5  # festivals, commendations, models, evaluations, result reports


# ------------------------------------------------------------------------ the page
def test_import_page_renders_status_and_history(demo_db, tmp_path, kh, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from antq.access import store
    from antq.importer import load

    dbp = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, dbp)
    load.import_bytes(xlsx(rows(kh), FEST), "kh-2024.xlsx", db_path=dbp, archive=tmp_path / "a", via="app")
    monkeypatch.setenv("ANTQ_DB", str(dbp))
    st.cache_resource.clear()  # the app's snapshot reader is process-wide; this test has its own file
    st.cache_data.clear()
    # The import page is for signed-in reporters and administrators (docs/access.md).
    store.grant("email", "quantri@antq.test", "admin", by="test", db_path=dbp)
    try:
        at = AppTest.from_file(str(REPO / "pages" / "import_data.py"), default_timeout=120)
        at.secrets["auth"] = {"redirect_uri": "http://localhost:8801/oauth2callback", "cookie_secret": "t" * 32}
        at.user = {"is_logged_in": True, "sub": "quantri", "email": "quantri@antq.test", "iat": int(time.time())}
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == "Nhập dữ liệu"
        frames = [d.value for d in at.dataframe]
        history = next(f for f in frames if "file_name" in f.columns)
        assert history["file_name"].tolist() == ["kh-2024.xlsx"]
        assert history["outcome"].tolist() == ["Đã nhập"]
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_page_helpers_group_problems_in_report_order():
    from antq.importer.problems import Problems

    p = Problems()
    p.add("warning", "extra_column", "w", "f", sheet="S", row=1, column="X")
    p.add("error", "number", "e2", "f", sheet="S", row=5, column="Y")
    p.add("error", "unit_unknown", "e1", "f", sheet="S", row=3, column="Z")
    groups = page.problem_groups(p.frame())
    assert [(s, t) for s, t, _ in groups] == [
        ("error", "Đơn vị không có trong danh mục"),
        ("error", "Số lượng không hợp lệ"),
        ("warning", "Cột không dùng đến"),
    ]


# ------------------------------------------------------------------------ benchmark
def test_benchmark_function_runs_and_loads(tmp_path):
    out = bench.measure_import(rows=3000, workdir=tmp_path)
    assert out["outcome"] == "loaded" and out["errors"] == 0 and out["rows"] == 3000
    assert 0 < out["seconds_total"] < 120  # a sanity bound only: timing is measured, not asserted


def test_benchmark_file_is_national(tmp_path):
    df = bench.national_festivals(5000, 2024)
    from antq.units import registry

    u = registry().units.filter(pl.col("units_system") == 2008).select("unit_code", "province_code")
    assert df.join(u, on="unit_code")["province_code"].n_unique() == 63
    assert df["held_on"].min() >= dt.date(2024, 7, 1)
