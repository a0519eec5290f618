"""Issue 17 against real files, a real DuckDB file and the real CLI: hostile files (small on disk,
huge unpacked) are refused without a traceback and without echoing their values; plausibility
bounds; bad settings; a full disk; leftovers of killed imports; capped URL parameters."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from antq import db, selection, webserver
from antq.importer import archive as archiving
from antq.importer import limits, load, problems
from antq.units import SYSTEM_NEW
from antq.vocab import bounds

from .conftest import REPO
from .import_helpers import (
    audit_rows,
    checksums,
    cli,
    entity_bomb,
    festival_row,
    labels,
    lying_zip,
    shared_string_bomb,
    xlsx,
)

FEST = labels("festivals")


@pytest.fixture
def env(paths, monkeypatch):
    monkeypatch.setenv("ANTQ_DB", str(paths[0]))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(paths[1]))
    return paths[0]


def good(kh, n=2, **kw):
    return [festival_row(kh["Mã đơn vị"][i], venue_name=f"Thôn {i}", **kw) for i in range(n)]


# ------------------------------------------------------------------ hostile files through the CLI
@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: shared_string_bomb(p, 1024, FEST), ["giải nén", "vượt giới hạn"]),  # 1 MB -> 1 GiB
        (lambda p: shared_string_bomb(p, 64, FEST), ["32.767 ký tự"]),  # one 64 MiB cell
        (lambda p: lying_zip(p, FEST, 64), ["bị hỏng"]),  # says 1 KB, unpacks to 64 MiB
        (lambda p: entity_bomb(p, FEST), ["DTD"]),
    ],
    ids=["1GiB-shared-strings", "64MiB-cell", "lying-sizes", "entity-expansion"],
)
def test_hostile_xlsx_refused_without_echo(paths, tmp_path, make, words):
    dbp, arch = paths
    before = checksums(dbp)
    f = make(tmp_path / "hostile.xlsx")
    assert f.stat().st_size < 2 << 20
    r = cli("import", str(f), db_path=dbp, archive=arch)
    out = r.stdout + r.stderr
    assert r.returncode == 2, out[-2000:]
    assert "Traceback" not in out
    assert len(out) < 5_000  # the value is never repeated back
    for w in words:
        assert w in out, out
    assert checksums(dbp) == before
    assert audit_rows(dbp)[-1]["outcome"] == "rejected"


def test_a_million_duplicate_csv_rows_refused_before_parsing(paths, tmp_path, kh):
    dbp, arch = paths
    row = ",".join(str(v) for v in festival_row(kh["Mã đơn vị"][0], day="10/08/2024"))
    f = tmp_path / "dups.csv"
    f.write_text(",".join(FEST) + "\n" + (row + "\n") * 1_000_000, encoding="utf-8")
    r = cli("import", str(f), db_path=dbp, archive=arch, env={"ANTQ_IMPORT_MAX_MB": "200"})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"vượt giới hạn {limits.MAX_ROWS:,} dòng".replace(",", ".") in r.stderr


def test_an_overlong_cell_is_refused_and_not_echoed(env, kh):
    long_name = "Thôn " + "x" * 5_000
    res = load.import_bytes(xlsx([festival_row(kh["Mã đơn vị"][0], venue_name=long_name)], FEST), "long.xlsx")
    assert res.outcome == "rejected"
    (p,) = res.problems.filter(pl.col("group") == "length").to_dicts()
    assert f"{bounds.FREE_TEXT_MAX:,}".replace(",", ".") in p["message"]
    assert len(p["value"]) < bounds.ECHO_MAX + 30 and "ký tự" in p["value"]
    assert all(len(v or "") < 200 for v in res.problems["message"])


def test_problems_listed_per_class_then_counted(env, kh):
    rows = [festival_row("99999", venue_name=f"T{i}") for i in range(limits.PROBLEMS_PER_GROUP + 60)]
    res = load.import_bytes(xlsx(rows, FEST), "many.xlsx")
    unknown = res.problems.filter(pl.col("group") == "unit_unknown")
    assert unknown.height == limits.PROBLEMS_PER_GROUP + 1
    assert unknown["message"][-1].startswith("… và 60 vấn đề khác cùng loại")
    assert res.plan.problems.n_errors >= limits.PROBLEMS_PER_GROUP + 60
    assert audit_rows(env)[-1]["errors"] == res.plan.problems.n_errors


# ------------------------------------------------------------------ plausibility bounds
def test_participants_above_the_bound_refused_naming_it(env, kh):
    res = load.import_bytes(xlsx(good(kh, 1, participants=2_147_483_647, households=10), FEST), "p.xlsx")
    assert res.outcome == "rejected"
    (p,) = res.problems.filter(pl.col("group") == "bound").to_dicts()
    assert p["severity"] == "error" and "200.000 người" in p["message"]


def test_participants_above_the_warning_bound_load_with_a_warning(env, kh):
    res = load.import_bytes(xlsx(good(kh, 1, participants=30_000), FEST), "w.xlsx")
    assert res.outcome == "loaded", res.problems
    (p,) = res.problems.filter(pl.col("group") == "bound").to_dicts()
    assert p["severity"] == "warning" and "20.000 người" in p["message"] and "vẫn được nhập" in p["message"]


def test_a_budget_of_billions_of_dong_is_stored_as_bigint(env, kh):
    res = load.import_bytes(xlsx(good(kh, 1, budget=3_000_000_000), FEST), "b.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    with duckdb.connect(str(env), read_only=True) as c:
        assert c.execute("SELECT budget_vnd FROM festival_point").fetchall() == [(3_000_000_000,)]


def test_a_festival_after_today_is_refused(env, kh):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    if tomorrow.year != dt.date.today().year:
        pytest.skip("31 December: tomorrow is in a year the importer refuses anyway")
    rows = good(kh, 1, year=tomorrow.year, day=tomorrow)
    res = load.import_bytes(xlsx(rows, FEST), "f.xlsx")
    assert res.outcome == "rejected"
    assert any("sau ngày hôm nay" in m for m in res.problems.filter(pl.col("group") == "date")["message"])


# ------------------------------------------------------------------ settings, serve flags
@pytest.mark.parametrize(
    "name, value", [("ANTQ_IMPORT_MAX_MB", "abc"), ("ANTQ_IMPORT_MAX_MB", "-1"), ("ANTQ_MALLOC_ARENAS", "hai")]
)
def test_a_bad_setting_stops_with_one_line(paths, tmp_path, name, value):
    dbp, arch = paths
    f = tmp_path / "x.csv"
    f.write_text("a\n")
    r = cli("import", str(f), db_path=dbp, archive=arch, env={name: value})
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and name in r.stderr and "Traceback" not in r.stderr


def test_serve_flags_upload_limit_and_bind(monkeypatch):
    monkeypatch.setenv("ANTQ_IMPORT_MAX_MB", "7.5")
    f = webserver.flags(["--server.port", "9", "--server.maxUploadSize", "200"])
    assert f[f.index("--server.maxUploadSize") + 1] == "8" and f.count("--server.maxUploadSize") == 1
    assert f[f.index("--server.address") + 1] == "127.0.0.1"
    assert f[f.index("--client.showErrorDetails") + 1] == "none"
    f = webserver.flags(["--server.address", "0.0.0.0"])
    assert f.count("--server.address") == 1


# Sixteen threads allocate at once; glibc's malloc_info then lists the arenas ("<heap nr=").
_ARENAS = """
import ctypes, os, sys, tempfile, threading
from antq import webserver
webserver.limit_malloc_arenas()
libc = ctypes.CDLL("libc.so.6")
keep, start = [], threading.Barrier(16)
def work():
    start.wait()
    keep.extend(bytearray(4096) for _ in range(500))  # above pymalloc's size: glibc malloc
threads = [threading.Thread(target=work) for _ in range(16)]
[t.start() for t in threads]; [t.join() for t in threads]
libc.fopen.restype = ctypes.c_void_p
path = tempfile.mktemp()
f = libc.fopen(path.encode(), b"w"); libc.malloc_info(0, ctypes.c_void_p(f)); libc.fclose(ctypes.c_void_p(f))
print(open(path).read().count("<heap nr="))
"""


def test_the_server_caps_malloc_arenas():
    def arenas(setting: str) -> int:
        env = dict(os.environ, ANTQ_MALLOC_ARENAS=setting, PYTHONPATH=str(REPO))
        out = subprocess.run([sys.executable, "-c", _ARENAS], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return int(out.stdout.split()[-1])

    assert arenas("2") <= 2
    assert arenas("0") > 2  # glibc's own default: an arena per thread, up to 8 per core


def test_the_server_gives_arrow_the_system_allocator():
    # Arrow's bundled mimalloc keeps what it reserves; the server's Arrow allocations (tables sent to
    # the browser, boundary files read) go to glibc's malloc, whose arenas the server caps.
    code = (
        "from antq import webserver; webserver.arrow_system_pool(); import pyarrow as pa, pyarrow.parquet as pq; "
        "t = pq.read_table('data/boundaries/2025_province.parquet'); "
        "print(pa.default_memory_pool().backend_name, pa.system_memory_pool().bytes_allocated() >= t.nbytes)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["system", "True"]
    serve = (REPO / "antq" / "cli.py").read_text("utf-8")
    assert "webserver.arrow_system_pool()" in serve.split("def cmd_serve", 1)[1].split("\ndef ", 1)[0]


# The first element a process draws; inspect.stack made to fail shows whether the stack was walked.
_FIRST_ELEMENT = """
import inspect, sys
import streamlit as st
from antq import webserver
if sys.argv[1] == "skip":
    print(webserver.skip_bare_mode_warning())
def walk(*a, **k):
    raise RuntimeError("the call stack was walked")
inspect.stack = walk
st.caption("x")
print("drawn")
"""


@pytest.mark.parametrize("skip", [True, False])
def test_the_first_element_does_not_walk_the_call_stack(skip):
    # Streamlit checks for bare-mode use on the first element a process draws, with inspect.stack(),
    # which resolves every loaded module's source file: 0.13 s of the server's first page run.
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_ELEMENT, "skip" if skip else "walk"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    if skip:
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == ["True", "drawn"]
    else:  # Streamlit's own path walks it: the check above is what spares the first run
        assert out.returncode != 0 and "the call stack was walked" in out.stderr


def test_a_page_run_waits_for_the_servers_preload(demo_env, monkeypatch):
    # `antq serve` imports the heavy modules on a thread while it starts; a session importing them at
    # the same time could meet a half-initialised module, so app.py's run waits until it is done.
    import threading

    from streamlit.testing.v1 import AppTest

    gate, warmed = threading.Event(), []
    monkeypatch.setattr(webserver, "preload", gate.wait)
    monkeypatch.setattr(webserver, "_preloading", None)
    webserver.wait_preloaded()  # none started (AppTest, plain `streamlit run`): returns at once
    webserver.start_preload(lambda: warmed.append(True))
    runs: list[AppTest] = []
    session = threading.Thread(target=lambda: runs.append(AppTest.from_file(str(REPO / "app.py")).run(timeout=90)))
    session.start()
    session.join(3)
    assert session.is_alive() and not runs and not warmed  # the page run is held while the preload runs
    gate.set()
    session.join(90)
    assert warmed == [True] and len(runs) == 1
    assert not runs[0].exception and runs[0].title, [e.message for e in runs[0].exception]
    # a warm-up that fails costs only its head start
    webserver.start_preload(lambda: 1 / 0).join(30)
    webserver.wait_preloaded()


# ------------------------------------------------------------------ a full disk
FULL_DISK = """
import errno, shutil, sys
def full(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")
shutil.copyfile = full
from antq.cli import main
sys.exit(main(["import", sys.argv[1]]))
"""


def test_full_disk_gives_a_clear_message_and_exit_2(paths, tmp_path, kh):
    dbp, arch = paths
    f = tmp_path / "ok.xlsx"
    f.write_bytes(xlsx(good(kh), FEST))
    before = checksums(dbp)
    e = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(arch)}
    r = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(f)], capture_output=True, text=True, env=e, cwd=REPO, timeout=180
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "đã đầy" in r.stderr
    assert checksums(dbp) == before
    assert not list(dbp.parent.glob(f"{dbp.name}.tmp*"))


def test_full_disk_on_a_real_tiny_filesystem(tmp_path, kh):
    """A real tmpfs, filled to the brim: DuckDB's own write fails, not a stand-in."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        dbp = db.build(mnt / "antq.duckdb", empty=True)
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        (mnt / "filler").write_bytes(b"\0" * max(0, free - 256 * 1024))
        f = tmp_path / "ok.xlsx"
        f.write_bytes(xlsx(good(kh), FEST))
        before = checksums(dbp)
        r = cli("import", str(f), db_path=dbp, archive=tmp_path / "archive")
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert "đã đầy" in r.stderr
        assert checksums(dbp) == before
        assert not list(mnt.glob("antq.duckdb.tmp*"))
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


# ------------------------------------------------------------------ leftovers of killed imports
def _dead_pid() -> int:
    p = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(p.stdout)


def test_next_writer_removes_working_copies_of_a_killed_writer(paths, tmp_path, kh):
    dbp, arch = paths
    pid = _dead_pid()
    junk = [dbp.with_name(f"{dbp.name}.tmp{pid}"), dbp.with_name(f"{dbp.name}.tmp{pid}.wal")]
    for j in junk:
        j.write_bytes(b"\0" * 1_000_000)
    f = tmp_path / "ok.xlsx"
    f.write_bytes(xlsx(good(kh), FEST))
    r = cli("import", str(f), db_path=dbp, archive=arch)
    assert r.returncode == 0, r.stderr
    assert not any(j.exists() for j in junk)


def test_staged_archive_kept_only_with_its_audit_row(env, paths, kh):
    """A kill between the commit and the rename leaves a staged copy the audit names: the next
    writer keeps it. A staged copy with no audit row (killed before the commit) is removed. An
    archived file no audit row names is set apart and reported."""
    dbp, arch = paths
    first = load.import_bytes(xlsx(good(kh, 1), FEST), "one.xlsx")
    assert first.outcome == "loaded" and first.archive_path.exists()
    pid = _dead_pid()
    # killed after commit: the audit row names one.xlsx's archive, which is only staged
    staged_ok = arch / f".{first.archive_path.name}.{pid}{archiving.STAGE_SUFFIX}"
    first.archive_path.rename(staged_ok)
    # killed before commit: nothing names it
    staged_lost = arch / f".{'0' * 64}.xlsx.{pid}{archiving.STAGE_SUFFIX}"
    staged_lost.write_bytes(b"x")
    orphan = arch / f"{'1' * 64}.xlsx"
    orphan.write_bytes(b"y")
    res = load.import_bytes(xlsx(good(kh, 2)[1:], FEST), "two.xlsx", replace=True)
    assert res.outcome == "replaced", res.problems
    assert first.archive_path.exists() and not staged_ok.exists()
    assert not staged_lost.exists()
    assert not orphan.exists() and (arch / archiving.UNAUDITED_DIR / orphan.name).exists()
    assert len(res.tidied) == 3 and any("1" * 64 in n for n in res.tidied)
    # every archived file is named by an audit row
    named = {Path(a["archive_path"]).name for a in audit_rows(dbp) if a["archive_path"]}
    assert {p.name for p in arch.iterdir() if p.is_file()} <= named


def test_kill_during_import_leaves_nothing_behind(paths, tmp_path, kh):
    """kill -9 at several moments of a real import: the database is either unchanged or fully
    updated, and after the next import no working copy, staged copy or unaudited archive remains."""
    import signal
    import time

    dbp, arch = paths
    rows = good(kh, 40)
    for i, delay in enumerate((1.0, 2.0, 3.0, 4.5)):
        f = tmp_path / f"k{i}.xlsx"
        f.write_bytes(xlsx([r[:5] + [f"Điểm {i}-{j}"] + r[6:] for j, r in enumerate(rows)], FEST))
        e = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(arch)}
        p = subprocess.Popen([sys.executable, "-m", "antq", "import", str(f), "--replace"], env=e, cwd=REPO)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        with duckdb.connect(str(dbp), read_only=True) as c:
            n = c.execute("SELECT count(*) FROM festival_point").fetchall()[0][0]
        assert n in (0, 40)  # unchanged, or the whole file
    f = tmp_path / "last.xlsx"
    f.write_bytes(xlsx(good(kh, 3), FEST))
    r = cli("import", str(f), "--replace", db_path=dbp, archive=arch)
    assert r.returncode == 0, r.stderr
    assert not list(dbp.parent.glob(f"{dbp.name}.tmp*"))
    assert not list(arch.glob(f".*{archiving.STAGE_SUFFIX}"))
    named = {Path(a["archive_path"]).name for a in audit_rows(dbp) if a["archive_path"]}
    assert {p.name for p in arch.iterdir() if p.is_file()} <= named


# ------------------------------------------------------------------ DDL, URL parameters
def test_audit_table_created_from_the_schema_on_an_older_database(env, kh):
    with duckdb.connect(str(env)) as c:
        expected = c.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'import_audit'")
        expected = expected.fetchall()
        c.execute("DROP TABLE import_audit")
    res = load.import_bytes(xlsx(good(kh, 1), FEST), "a.xlsx")
    assert res.outcome == "loaded"
    with duckdb.connect(str(env), read_only=True) as c:
        got = c.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'import_audit'")
        assert got.fetchall() == expected


def test_twenty_thousand_province_codes_give_one_notice():
    raw = ",".join(f"x{i}" for i in range(20_000)) + ",56,01"
    codes, notice = selection.province_param(raw, SYSTEM_NEW)
    assert codes == [] or set(codes) <= {"01", "56"}
    assert notice is not None and len(notice) < 400 and "quá nhiều mã" in notice
    codes, notice = selection.province_param("56,xx,01", SYSTEM_NEW)
    assert codes == ["01", "56"] and "'xx'" in notice
    assert selection.province_param("56,01", SYSTEM_NEW) == (["01", "56"], None)


def test_limits_and_bounds_are_documented():
    doc = (REPO / "docs" / "importing.md").read_text("utf-8")
    for key, b in bounds.BOUNDS.items():
        assert f"`{key}`" in doc and f"{b.error_above:,}".replace(",", ".") in doc, key
    for name in (
        "XLSX_MAX_PARTS",
        "XLSX_PART_MAX_BYTES",
        "XLSX_TOTAL_MAX_BYTES",
        "XML_TEXT_MAX_BYTES",
        "MAX_ROWS",
        "MAX_COLUMNS",
        "PROBLEMS_PER_GROUP",
        "REPORT_MAX_UNPACKED_BYTES",
        "REPORT_MAX_SHEETS",
        "REPORT_MAX_COLUMNS",
        "REPORT_MAX_CELLS",
        "READ_SECONDS",
        "DOC_PARTS_MAX",
        "DOC_XML_PART_MAX_BYTES",
        "DOC_TOTAL_MAX_BYTES",
        "DOC_XML_ELEMENTS_MAX",
        "DOC_MAX_PAGES",
        "PDF_STREAM_MAX_BYTES",
        "DOC_TEXT_MAX_CHARS",
        "DOC_MAX_LINES",
    ):
        assert f"`{name}`" in doc, name
        assert hasattr(limits, name), name
    for unit, b in bounds.REPORT_BOUNDS.items():
        assert f"| `{unit}` | {b.error_above:,.0f} |".replace(",", ".") in doc, unit
    for name in ("FREE_TEXT_MAX", "LIST_VALUE_MAX", "CODE_MAX", "ECHO_MAX", "URL_PROVINCES_MAX"):
        assert f"`{name}`" in doc, name


# ------------------------------------------------------------------ a publication that fails (issue 23, 6)
# The writer's own copy succeeds; only the copy into the publication directory fails (ENOSPC, as
# a full publication volume answers): argv[1] is that directory, the rest the CLI's arguments.
PUBLICATION_FAILS = """
import errno, shutil, sys
real = shutil.copyfile
def copy(src, dst, *a, **k):
    if str(dst).startswith(sys.argv[1]):
        raise OSError(errno.ENOSPC, "No space left on device")
    return real(src, dst, *a, **k)
shutil.copyfile = copy
from antq.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _publication_fails(dbp: Path, arch: Path, *args: str) -> subprocess.CompletedProcess:
    e = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(arch)}
    return subprocess.run(
        [sys.executable, "-c", PUBLICATION_FAILS, str(db.published_dir(dbp)), *args],
        capture_output=True,
        text=True,
        env=e,
        cwd=REPO,
        timeout=180,
    )


def _says_what_happened(r: subprocess.CompletedProcess) -> None:
    assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
    assert "không thay đổi" not in r.stdout + r.stderr  # it did change: the writer's file holds the import
    assert "chưa công bố" in r.stderr and "phiên bản trước" in r.stderr, r.stderr


def test_a_failed_publication_says_the_import_is_recorded_and_readers_keep_the_last_version(
    paths, tmp_path, kh, monkeypatch, app_script
):
    dbp, arch = paths
    first = db.read_publication(dbp)
    before = checksums(dbp)
    f = tmp_path / "ok.xlsx"
    f.write_bytes(xlsx(good(kh), FEST))
    r = _publication_fails(dbp, arch, "import", str(f))
    _says_what_happened(r)
    assert "Đã nhập 2 dòng" in r.stdout
    assert checksums(dbp) != before and audit_rows(dbp)[-1]["outcome"] == "loaded"  # the writer's file
    assert db.read_publication(dbp) == first  # readers' pointer untouched

    # A reader in a process whose publication fails too: the last version, and says so; no error.
    import errno
    import shutil

    real = shutil.copyfile
    pub = str(db.published_dir(dbp))

    def copy(src, dst, *a, **k):
        if str(dst).startswith(pub):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(shutil, "copyfile", copy)
    reader = db.SnapshotReader(dbp)
    snap = reader.snapshot()
    assert snap.version[1] == first.version and snap.behind and "chưa phải bản mới nhất" in snap.behind
    with snap.conn.cursor() as c:
        assert c.execute("SELECT count(*) FROM festival_point").fetchall() == [(0,)]  # the old version's
    assert reader.snapshot().version[1] == first.version  # asked again at once: no new copy tried
    # the page: no error, the last version, and a notice that it is not current
    from streamlit.testing.v1 import AppTest

    from antq.ui import state

    monkeypatch.setenv("ANTQ_DB", str(dbp))
    state.reader.clear()
    try:
        at = AppTest.from_file(str(app_script), default_timeout=120).run()
    finally:
        state.reader.clear()
    assert not at.exception, [e.message for e in at.exception]
    assert any("chưa phải bản mới nhất" in w.value for w in at.warning), [w.value for w in at.warning]
    # Room again: the next look publishes the writer's file, and the notice goes.
    monkeypatch.setattr(shutil, "copyfile", real)
    monkeypatch.setattr(db, "PUBLISH_RETRY_SECONDS", 0)
    snap = reader.snapshot()
    assert snap.version[1] == first.version + 1 and snap.behind is None
    with snap.conn.cursor() as c:
        assert c.execute("SELECT count(*) FROM festival_point").fetchall() == [(2,)]
    reader.close()


def test_a_full_publication_volume_on_a_real_tiny_filesystem(tmp_path, kh):
    """The publication directory on its own tmpfs, filled: the copy itself fails, not a stand-in."""
    mnt = tmp_path / "pub"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        dbp = db.build(tmp_path / "antq.duckdb", empty=True)
        env = {"ANTQ_PUBLISHED": str(mnt)}
        r = cli("summary", "--year", "2024", db_path=dbp, archive=tmp_path / "archive", env=env)
        assert r.returncode in (0, 2) and "Traceback" not in r.stderr, r.stderr  # publishes the first version
        versions = sorted(mnt.glob("v*.duckdb"))
        assert len(versions) == 1
        free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
        (mnt / "filler").write_bytes(b"\0" * max(0, free - 256 * 1024))
        f = tmp_path / "ok.xlsx"
        f.write_bytes(xlsx(good(kh), FEST))
        r = cli("import", str(f), db_path=dbp, archive=tmp_path / "archive", env=env)
        _says_what_happened(r)
        assert audit_rows(dbp)[-1]["outcome"] == "loaded"
        assert sorted(mnt.glob("v*.duckdb")) == versions and not list(mnt.glob(".v*"))  # no half copy left
        # a reader on the command line: the last version, a warning, exit status 3
        r = cli("summary", "--year", "2024", db_path=dbp, archive=tmp_path / "archive", env=env)
        assert r.returncode in (2, 3) and "Traceback" not in r.stderr, r.stderr
        assert "chưa phải bản mới nhất" in r.stderr, r.stderr
        (mnt / "filler").unlink()
        r = cli("summary", "--year", "2024", db_path=dbp, archive=tmp_path / "archive", env=env)
        assert r.returncode == 0 and "chưa" not in r.stderr, r.stderr  # published now: 2024 is in the data
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


# ------------------------------------------------------------------ uploads of closed tabs (issue 23, 8)
def test_a_session_kept_for_a_reconnect_is_shut_down_when_its_time_is_up(monkeypatch):
    """Streamlit keeps a closed tab's session for server.disconnectedSessionTTL in a TTL cache that
    dropped it without shutting it down: its uploaded files stayed in memory for good. The storage
    `antq serve` installs shuts down what expires (and only that: a session deleted to be resumed
    lives on)."""
    import time

    from streamlit.runtime import memory_session_storage as mss
    from streamlit.runtime.session_manager import SessionInfo
    from streamlit.web.server import server as st_server

    monkeypatch.setattr(mss, "MemorySessionStorage", mss.MemorySessionStorage)  # restored afterwards
    monkeypatch.setattr(st_server, "MemorySessionStorage", st_server.MemorySessionStorage)
    assert webserver.close_expired_sessions(interval=3600)
    assert st_server.MemorySessionStorage is mss.MemorySessionStorage  # the name the server builds with

    class Session:
        def __init__(self, sid):
            self.id, self.shut = sid, 0

        def shutdown(self):
            self.shut += 1

    storage = mss.MemorySessionStorage(ttl_seconds=0.2)
    closed, resumed, later = Session("closed"), Session("resumed"), Session("later")
    storage.save(SessionInfo(client=None, session=closed))
    storage.save(SessionInfo(client=None, session=resumed))
    storage.save(SessionInfo(client=None, session=resumed))  # saved again: not ended
    storage.delete("resumed")  # the tab came back: Streamlit takes it out to resume it
    time.sleep(0.3)
    storage.sweep()  # what the server's loop does every 30 s
    assert (closed.shut, resumed.shut) == (1, 0)
    storage.save(SessionInfo(client=None, session=later))
    time.sleep(0.3)
    storage.save(SessionInfo(client=None, session=Session("next")))  # a later disconnect reaps it too
    assert later.shut == 1 and storage.get("later") is None
