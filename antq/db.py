"""Opening, creating and describing the DuckDB store."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import os
import shutil
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from antq import demo, settings
from antq.units import registry
from antq.vocab import report_years
from antq.vocab import sql as vocab_sql


def _schema_version() -> str:
    # The schema's own hash, vocabulary included: any change to schema.sql or to antq/vocab's
    # rules and lists makes older database files out of date.
    import hashlib

    return hashlib.sha256((vocab_sql.macros_sql() + schema_sql()).encode()).hexdigest()[:16]


class SchemaMismatch(RuntimeError):
    """The database file was made by another version of the schema and holds imported data."""


# Kept under its old name for the importer; the value lives in antq/vocab/report_years.py.
YEAR_FIRST_ALLOWED = report_years.FIRST_REPORT_YEAR


def schema_sql() -> str:
    return (resources.files("antq") / "schema.sql").read_text("utf-8")


def refresh_summary(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the derived per-(year, unit) totals from the fact tables."""
    conn.execute((resources.files("antq") / "refresh_summary.sql").read_text("utf-8"))


def festival_periods(years) -> pl.DataFrame:
    """The `festival_period` rows of `years` (antq/vocab/report_years.py)."""
    rows = []
    for y in years:
        start, end, note = report_years.festival_period(y)
        rows.append(dict(year=y, start_date=start, end_date=end, source_note=note))
    return pl.DataFrame(rows)


def create_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the vocabulary macros and the tables; load both unit registries and the crosswalks."""
    conn.execute(vocab_sql.macros_sql())
    conn.execute(schema_sql())
    reg = registry()
    units = reg.units  # noqa: F841 -- read by DuckDB's replacement scan below
    pcw = reg.province_crosswalk  # noqa: F841
    ccw = reg.commune_crosswalk  # noqa: F841
    conn.execute("INSERT INTO admin_unit SELECT * FROM units")
    conn.execute("INSERT INTO province_crosswalk SELECT old_province_code, new_province_code FROM pcw")
    conn.execute(
        "INSERT INTO commune_crosswalk SELECT old_unit_code, new_unit_code, share, is_default, is_divided FROM ccw"
    )
    periods = festival_periods(range(report_years.FIRST_REPORT_YEAR, dt.date.today().year + 2))  # noqa: F841
    conn.execute("INSERT INTO festival_period SELECT * FROM periods")
    conn.execute("INSERT INTO db_meta VALUES ('schema_version', ?)", [_schema_version()])


def build(path: Path | None = None, *, empty: bool | None = None, seed: int | None = None, scale: int = 1) -> Path:
    """Build a database file atomically: written beside the target, then renamed into place, so a
    reader never sees a half-built file."""
    path = Path(path or settings.db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    empty = settings.flag("ANTQ_EMPTY") if empty is None else empty
    seed = int(settings.get("ANTQ_DEMO_SEED")) if seed is None else seed
    with duckdb.connect(str(tmp)) as conn:
        create_schema(conn)
        if not empty:
            demo.load(conn, seed=seed, scale=scale)
        refresh_summary(conn)
        conn.execute("CHECKPOINT")
    os.replace(tmp, path)
    return path


def ensure_database(path: Path | None = None) -> Path:
    """The database path, built with the demo data (or empty, by setting) if it does not exist."""
    path = Path(path or settings.db_path())
    if not path.exists():
        build(path)
    return path


def check_schema(path: Path) -> None:
    """Rebuild a database of an older schema if it holds only illustrative data; refuse otherwise."""
    with duckdb.connect(str(path), read_only=True) as c:
        try:
            version = c.execute("SELECT value FROM db_meta WHERE key = 'schema_version'").fetchall()
            imported = c.execute("SELECT count(*) FROM data_source WHERE kind = 'imported'").fetchall()[0][0]
        except duckdb.Error:
            version, imported = [], 1
    if version and version[0][0] == _schema_version():
        return
    if imported:
        raise SchemaMismatch(
            f"Cơ sở dữ liệu {path} được tạo bởi một phiên bản khác của chương trình và có số liệu đã nhập; "
            "hãy sao lưu tệp rồi nhập lại các báo cáo (lưu trong thư mục archive) vào cơ sở dữ liệu mới."
        )
    from antq.access import store as access_store  # grants and their history outlive a demo rebuild

    kept = access_store.saved(path)
    build(path)
    access_store.restore(path, kept)


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = ensure_database(path)
    check_schema(path)
    return duckdb.connect(str(path), read_only=True)


def file_identity(path: Path) -> tuple[int, int]:
    """Changes whenever a writer swaps in a new version of the database file."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns)


class DatabaseBusy(RuntimeError):
    """Another process is writing to the database; the message is for the user."""


class DiskFull(RuntimeError):
    """No room on disk for the database's working copy; the original is untouched. For the user."""


def _disk_full(exc: BaseException) -> bool:
    import errno

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, duckdb.Error) and "No space left on device" in str(exc)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(path: Path) -> list[Path]:
    """Working copies (and their .wal) left by a writer that was killed or failed mid-write; called
    by the next writer, which holds the lock, so no live writer owns them. A copy whose process is
    still alive (db.build writes its copy without the lock) is left alone."""
    import logging

    removed = []
    for p in path.parent.glob(f"{path.name}.tmp*"):
        pid = p.name[len(path.name) + 4 :].removesuffix(".wal")
        if not pid.isdigit() or (int(pid) != os.getpid() and _pid_alive(int(pid))):
            continue
        p.unlink(missing_ok=True)
        removed.append(p)
    if removed:
        logging.getLogger("antq.db").warning(
            "Đã xóa %d bản sao tạm của một lần ghi bị ngắt: %s", len(removed), ", ".join(p.name for p in removed)
        )
    return removed


@contextlib.contextmanager
def write_transaction(path: Path | None = None, *, wait_seconds: float = 30.0, refresh: bool = True):
    """Change the database as one atomic step that never disturbs readers.

    The file is copied, the change is made on the copy in one transaction, and the copy is renamed
    over the original. Readers (the app holds read-only connections) keep the version they opened
    until they notice the new file; nobody ever sees a half-applied change, and an exception leaves
    the original untouched. Writers are serialised by a lock file; a writer that cannot get it in
    `wait_seconds` raises DatabaseBusy. `refresh=False` is for writes that touch no fact (the audit
    row of a rejected file): the derived totals are left as they are.
    """
    import time

    path = ensure_database(path)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as lock:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"Cơ sở dữ liệu {path.name} đang được một tiến trình khác cập nhật; hãy thử lại sau ít phút."
                    ) from None
                time.sleep(0.2)
        remove_leftovers(path)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:
            shutil.copyfile(path, tmp)
            conn = duckdb.connect(str(tmp))
            try:
                conn.execute("SET enable_progress_bar = false")  # a writer's output is the CLI's own
                conn.execute("BEGIN TRANSACTION")
                yield conn
                if refresh:  # derived totals follow every change of the facts, in the same transaction
                    refresh_summary(conn)
                conn.execute("COMMIT")
                conn.execute("CHECKPOINT")
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
            finally:
                conn.close()
            os.replace(tmp, path)
        except (OSError, duckdb.Error) as exc:
            if not _disk_full(exc):
                raise
            raise DiskFull(
                f"Ổ đĩa chứa cơ sở dữ liệu {path.name} đã đầy nên không ghi được; cơ sở dữ liệu không thay đổi. "
                "Giải phóng dung lượng (cần khoảng gấp đôi kích thước tệp) rồi thử lại."
            ) from None
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
            fcntl.flock(lock, fcntl.LOCK_UN)


@dataclasses.dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of the database, read-only: what a page run reads all its figures from (so they
    agree with each other), and what the result cache keys them by (antq/cache.py)."""

    conn: duckdb.DuckDBPyConnection
    version: tuple[str, int, int]  # the file and its identity (file_identity) in that version


class SnapshotReader:
    """Read-only connections that follow the database file across atomic swaps.

    DuckDB caches one database instance per path and process, so reopening `antq.duckdb` after a
    writer swapped it would return the old instance. Each version is therefore opened through its
    own hard link (named by inode), which is a new path for DuckDB. The previous version stays open
    for queries still running on it; older ones are closed and their links removed.
    """

    def __init__(self, path: Path | None = None):
        import threading

        self.path = Path(path or settings.db_path())
        self._lock = threading.Lock()
        self._open: dict[tuple[int, int], tuple[duckdb.DuckDBPyConnection, Path]] = {}
        self._order: list[tuple[int, int]] = []

    def current(self) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
        ensure_database(self.path)
        ident = file_identity(self.path)
        with self._lock:
            if ident not in self._open:
                check_schema(self.path)  # may rebuild an out-of-date demo database
                ident = file_identity(self.path)
            if ident not in self._open:
                self._open[ident] = self._connect(ident)
                self._order.append(ident)
                while len(self._order) > 2:
                    old = self._order.pop(0)
                    conn, link = self._open.pop(old)
                    with contextlib.suppress(Exception):
                        conn.close()
                    link.unlink(missing_ok=True)
            return self._open[ident][0], ident

    def snapshot(self) -> Snapshot:
        conn, ident = self.current()
        return Snapshot(conn, (str(self.path), *ident))

    def _connect(self, ident) -> tuple[duckdb.DuckDBPyConnection, Path]:
        snaps = self.path.parent / ".snapshots"
        snaps.mkdir(exist_ok=True)
        # Links of versions nobody here has open are old copies kept alive on disk (a restart, another
        # process); unlinking is safe on Linux even for a file another process still reads.
        in_use = {link.name for _, link in self._open.values()}
        for old in snaps.glob(f"{self.path.stem}.*.duckdb"):
            if old.name not in in_use and not os.path.samefile(old, self.path):
                old.unlink(missing_ok=True)
        link = snaps / f"{self.path.stem}.{ident[0]}.{ident[1]}.duckdb"
        if link.exists() and not os.path.samefile(link, self.path):
            link.unlink()
        if not link.exists():
            try:
                os.link(self.path, link)
            except FileExistsError:
                pass  # another process linked the same version just now
        return duckdb.connect(str(link), read_only=True), link

    def close(self) -> None:
        with self._lock:
            for conn, _link in self._open.values():
                with contextlib.suppress(Exception):
                    conn.close()
            self._open.clear()
            self._order.clear()
