"""Opening, creating and describing the DuckDB store: one writer, many readers.

Longer than ~350 lines on purpose: the writer's lock and atomic write, the publication of immutable
versions and the readers that follow them are one protocol; each part's guarantees rest on the
others' (the lock that serialises writes also serialises publications), so they are read together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import json
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
    """Rebuild every derived table: the per-(year, unit) and per-province totals from the fact
    tables, and the reports' versions."""
    conn.execute((resources.files("antq") / "refresh_summary.sql").read_text("utf-8"))
    refresh_reports(conn)


def refresh_reports(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the reports' versions (which report is in force); for writers of reports only."""
    conn.execute((resources.files("antq") / "refresh_reports.sql").read_text("utf-8"))


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
    conn.execute(vocab_sql.session_end_table_sql())
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
    with writer_lock(path):
        _publish_or_note(path)
    return path


def ensure_database(path: Path | None = None) -> Path:
    """The database path, built with the demo data (or empty, by setting) if it does not exist."""
    path = Path(path or settings.db_path())
    if not path.exists():
        build(path)
    return path


def check_schema(path: Path) -> None:
    """Bring a database of an older schema up to date: one that holds only illustrative data is
    rebuilt (grants carried over); one holding entered data is migrated, every value and its history
    kept (`migrate`), or refused with a message if that cannot be done faithfully."""
    with duckdb.connect(str(path), read_only=True) as c:
        try:
            version = c.execute("SELECT value FROM db_meta WHERE key = 'schema_version'").fetchall()
            entered = _holds_entered_data(c)
        except duckdb.Error:
            version, entered = [], True
    if version and version[0][0] == _schema_version():
        return
    if entered:
        if not version:
            raise SchemaMismatch(
                f"Cơ sở dữ liệu {path} không phải do chương trình này tạo (không có phiên bản lược đồ); "
                "hãy sao lưu tệp rồi nhập lại các báo cáo (lưu trong thư mục archive) vào cơ sở dữ liệu mới."
            )
        migrate(path)
        return
    kept = _carried(path)
    build(path)
    _carry_into(path, kept)


def _holds_entered_data(c: duckdb.DuckDBPyConnection) -> bool:
    """Whether anything in the file was entered by someone (imports, reports, documents, audit rows),
    as opposed to the illustrative build alone."""
    imported = c.execute("SELECT count(*) FROM data_source WHERE kind <> 'illustrative'").fetchall()[0][0]
    tables = {r[0] for r in c.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    audited = "import_audit" in tables and c.execute("SELECT count(*) FROM import_audit").fetchall()[0][0]
    return bool(imported or audited)


# Tables create_schema fills from the package (the registries, the festival periods, the schema
# version) or that are derived from the others (rebuilt by refresh_summary): never copied by migrate.
REBUILT_ON_MIGRATION = (
    "admin_unit",
    "province_crosswalk",
    "commune_crosswalk",
    "festival_period",
    "db_meta",
    "unit_year_summary",
    "province_year_summary",
    "province_year_reported",
    "report_version",
)


def migrate(path: Path) -> Path:
    """Carry every entered table of an older schema's file into a fresh file of today's schema.

    Each table is copied by column name (a column the new schema added is NULL or its default; a
    column it dropped is refused rather than lost), in creation order so that foreign keys hold, and
    its row count is checked. The old file is kept beside it (`<name>.before-<version>`), the new one
    replaces it atomically and is published. Anything the new schema's constraints refuse leaves the
    old file untouched and raises SchemaMismatch naming the table."""
    path = Path(path)
    with duckdb.connect(str(path), read_only=True) as c:
        old_version = c.execute("SELECT value FROM db_meta WHERE key = 'schema_version'").fetchall()[0][0]
    tmp = path.with_name(f"{path.name}.migrate{os.getpid()}")
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    copied: dict[str, int] = {}
    try:
        with duckdb.connect(str(tmp)) as conn:
            create_schema(conn)
            conn.execute("ATTACH ? AS migrating_from (READ_ONLY)", [str(path)])
            new_tables = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY table_oid"
                ).fetchall()
            ]
            old_tables = {
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = 'migrating_from'"
                ).fetchall()
            }
            for table in new_tables:
                if table in REBUILT_ON_MIGRATION or table not in old_tables:
                    continue
                new_cols = [r[0] for r in conn.execute(f"DESCRIBE {table}").fetchall()]  # our own table names
                old_cols = [r[0] for r in conn.execute(f"DESCRIBE migrating_from.{table}").fetchall()]
                dropped = [c for c in old_cols if c not in new_cols]
                if dropped:
                    raise SchemaMismatch(
                        f"Không chuyển được cơ sở dữ liệu {path.name} sang phiên bản mới: bảng {table} mất cột "
                        f"{', '.join(dropped)}. Tệp cũ giữ nguyên."
                    )
                cols = ", ".join(f'"{c}"' for c in old_cols)
                conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM migrating_from.{table}")
                n_old = conn.execute(f"SELECT count(*) FROM migrating_from.{table}").fetchall()[0][0]
                n_new = conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                if n_old != n_new:
                    raise SchemaMismatch(f"Bảng {table}: {n_old} dòng trong tệp cũ, {n_new} dòng sau khi chuyển.")
                copied[table] = n_new
            conn.execute("DETACH migrating_from")
            conn.execute(
                "INSERT INTO db_meta VALUES ('migrated_from', ?), ('migrated_at', ?)",
                [old_version, dt.datetime.now().isoformat(timespec="seconds")],
            )
            refresh_summary(conn)
            conn.execute("CHECKPOINT")
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise SchemaMismatch(
            f"Không chuyển được cơ sở dữ liệu {path.name} sang phiên bản mới ({str(exc).splitlines()[0][:200]}); "
            "tệp cũ giữ nguyên. Hãy sao lưu tệp rồi nhập lại các báo cáo (thư mục archive) vào cơ sở dữ liệu mới."
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    import logging

    with writer_lock(path):
        kept = path.with_name(f"{path.name}.before-{old_version}")
        shutil.copy2(path, kept)
        os.replace(tmp, path)
        _publish_or_note(path)
    logging.getLogger("antq.db").warning(
        "%s migrated from schema %s (kept as %s): %s",
        path,
        old_version,
        kept.name,
        ", ".join(f"{t} {n}" for t, n in copied.items()),
    )
    return path


# Tables a rebuild of an out-of-date demo database carries over: who may see what (and the record of
# every change of it) must survive the rebuild, whatever happens to the illustrative figures.
CARRIED_ON_REBUILD = ("access_grant", "access_change", "access_session_end")


def _carried(path: Path) -> dict[str, pl.DataFrame]:
    kept = {}
    with duckdb.connect(str(path), read_only=True) as c:
        for table in CARRIED_ON_REBUILD:
            try:
                kept[table] = c.sql(f"SELECT * FROM {table}").pl()  # our own table names, not input
            except duckdb.Error:
                continue  # a database from before the table existed
    return {t: f for t, f in kept.items() if f.height}


def _carry_into(path: Path, kept: dict[str, pl.DataFrame]) -> None:
    import logging

    if not kept:
        return
    try:
        with write_transaction(path) as conn:
            for table, frame in kept.items():
                conn.register("carried", frame)
                conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM carried")
                conn.unregister("carried")
    except duckdb.Error:  # rows of an incompatible shape: nobody has access until granted again (deny)
        logging.getLogger("antq.db").exception("%s could not be carried into the rebuilt %s", ", ".join(kept), path)


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current published version (never to the writer's file).

    A one-off reader (the CLI, a download) checks the schema first, as `serve` does at start: a
    database left by an older version is rebuilt if it holds only illustrative data, or refused
    with a message (SchemaMismatch), rather than failing later on a missing table."""
    path = Path(path or settings.db_path())
    if path.exists():
        check_schema(path)
    return _open_published(path)[0]


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
    path = ensure_database(path)
    with writer_lock(path, wait_seconds):
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
        # The change stands from here on, whatever publishing does: a failure is noted (and said by
        # the caller through `unpublished`), never reported as a write that did not happen.
        _publish_or_note(path)  # readers switch to the new version on their next query


@contextlib.contextmanager
def writer_lock(path: Path, wait_seconds: float = 30.0):
    """The one-writer lock (a lock file beside the database): writes and publications are serialised."""
    import time

    with open(path.with_name(path.name + ".lock"), "a+") as lock:
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
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------- published snapshots (readers)
# One writer, many readers. The writer's file (ANTQ_DB) is only ever opened by writers. After every
# accepted change the writer copies it to a new immutable file `v00000042.duckdb` in the publication
# directory and then atomically replaces the pointer file `current` (write + rename) that names it.
# Readers -- every app replica, the CLI's read commands -- open only the version the pointer names,
# and follow it on their next query: no restart, no half state (a version file is complete before
# the pointer names it, and never changes afterwards). The directory may be a shared volume or a
# copy of the writer's (ANTQ_PUBLISHED): see docs/deployment.md.

POINTER = "current"
PUBLISH_KEEP = 3  # versions kept on disk: the current one and two older ones other processes may still read


@dataclasses.dataclass(frozen=True)
class Publication:
    version: int
    file: Path
    source: tuple[int, int, int]  # the writer's file (inode, mtime, size) this version was copied from


def published_dir(path: Path | None = None) -> Path:
    """Where the versions of the database at `path` are published (ANTQ_PUBLISHED, else beside it)."""
    path = Path(path or settings.db_path())
    if settings.get("ANTQ_PUBLISHED") and path.resolve() == settings.db_path().resolve():
        return settings.path("ANTQ_PUBLISHED")
    return path.with_name(f".{path.name}.published")


def _source_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def read_publication(path: Path | None = None) -> Publication | None:
    """The version the pointer names now, or None before the first publication."""
    d = published_dir(path)
    try:
        data = json.loads((d / POINTER).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return Publication(int(data["version"]), d / data["file"], tuple(data["source"]))


def _fsync_write(target: Path, data: bytes) -> None:
    with open(target, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def publish(path: Path) -> Publication:
    """Publish the writer's file as the next immutable version and switch the pointer to it.

    The caller holds `writer_lock(path)`. The copy is complete and synced before the pointer (a
    rename, atomic on POSIX filesystems) names it; versions older than PUBLISH_KEEP are removed
    (a process still reading one keeps its open file: Linux frees it when the last reader closes)."""
    d = published_dir(path)
    d.mkdir(parents=True, exist_ok=True)
    pointer_tmp = d / f".{POINTER}.tmp{os.getpid()}"
    known = [int(p.stem[1:]) for p in d.glob("v*.duckdb") if p.stem[1:].isdigit()]
    current = read_publication(path)
    version = max([0, *known, current.version if current else 0]) + 1
    source = _source_identity(path)
    name = f"v{version:08d}.duckdb"
    tmp = d / f".{name}.tmp{os.getpid()}"
    try:
        shutil.copyfile(path, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, d / name)
        at = dt.datetime.now().isoformat(timespec="seconds")
        pointer = json.dumps(dict(version=version, file=name, source=source, published_at=at))
        _fsync_write(pointer_tmp, pointer.encode())
        os.replace(pointer_tmp, d / POINTER)
    finally:
        tmp.unlink(missing_ok=True)
        pointer_tmp.unlink(missing_ok=True)
    for old in sorted(d.glob("v*.duckdb"))[:-PUBLISH_KEEP]:
        old.unlink(missing_ok=True)
    for stale in d.glob(".*.tmp*"):  # left by a publisher that was killed
        if not stale.name.endswith(f".tmp{os.getpid()}"):
            stale.unlink(missing_ok=True)
    return Publication(version, d / name, source)


class PublicationFailed(RuntimeError):
    """Nothing has ever been published and publishing fails: there is no version to read. For the user."""


# A publication that failed (a full or read-only publication volume), by writer's file: when, the
# writer's file it tried to publish, and why. Readers then keep the last published version and say
# it is not current; they try again at most every PUBLISH_RETRY_SECONDS (each try copies the whole
# file), and the note goes once a version of that file is published. Per process: every process
# that reads tries for itself, so each one knows.
PUBLISH_RETRY_SECONDS = 30.0
_FAILED: dict[Path, tuple[float, tuple[int, int, int] | None, str]] = {}


def _why(exc: BaseException, d: Path) -> str:
    import errno

    if _disk_full(exc):
        return f"ổ đĩa chứa thư mục công bố {d} đã đầy"
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"không có quyền ghi vào thư mục công bố {d}"
    return f"lỗi khi ghi vào thư mục công bố {d}: {exc.strerror if isinstance(exc, OSError) else exc}"


def _publish_or_note(path: Path) -> Publication | None:
    """Publish (the caller holds the writer's lock); a failure is logged and noted, not raised."""
    import logging
    import time

    try:
        pub = publish(path)
    except (OSError, duckdb.Error) as exc:
        why = _why(exc, published_dir(path))
        _FAILED[path.resolve()] = (time.monotonic(), _source_identity(path), why)
        logging.getLogger("antq.db").error("Không công bố được phiên bản mới của %s: %s", path, why)
        return None
    _FAILED.pop(path.resolve(), None)
    return pub


def unpublished(path: Path | None = None) -> str | None:
    """Why readers do not see the writer's latest change (a publication failed in this process and
    the writer's file is still ahead of the published version), or None. The message is for users."""
    path = Path(path or settings.db_path())
    failed = _FAILED.get(path.resolve())
    if failed is None:
        return None
    pub = read_publication(path)
    source = _source_identity(path)
    if source is None or (pub is not None and pub.source == source):
        _FAILED.pop(path.resolve(), None)  # published since (by another process)
        return None
    return (
        "Số liệu đang hiển thị chưa phải bản mới nhất: thay đổi mới nhất đã được ghi vào cơ sở dữ liệu "
        f"nhưng chưa công bố được cho người xem ({failed[2]}); người xem vẫn thấy phiên bản trước. "
        "Quản trị hệ thống cần giải phóng dung lượng hoặc sửa quyền ghi; phiên bản mới được công bố tự động ở lần "
        "xem hoặc lần ghi kế tiếp."
    )


def ensure_published(path: Path | None = None) -> Publication:
    """The current publication, made first if there is none or if the writer's file changed without
    publishing (a database built by an older version, edited by hand, or a publication that failed).
    A reader with only the publication directory (a replica on another machine) takes the pointer
    as it is. When publishing fails the last published version is returned (`unpublished` says
    why): a reader never fails because publishing does, unless nothing was ever published."""
    import time

    path = Path(path or settings.db_path())
    pub = read_publication(path)
    if pub is not None:
        source = _source_identity(path)
        if source is None or source == pub.source:
            return pub
        failed = _FAILED.get(path.resolve())
        if failed and failed[1] == source and time.monotonic() - failed[0] < PUBLISH_RETRY_SECONDS:
            return pub  # tried moments ago for this very file: do not copy it again on every query
    path = ensure_database(path)
    check_schema(path)  # may rebuild an out-of-date demo database (and publish it)
    with writer_lock(path):
        pub = read_publication(path)
        if pub is None or _source_identity(path) != pub.source:
            pub = _publish_or_note(path) or pub
    if pub is None:
        raise PublicationFailed(
            f"Chưa có phiên bản nào của cơ sở dữ liệu {path.name} được công bố và không công bố được: "
            f"{_FAILED[path.resolve()][2]}."
        )
    return pub


def _open_published(path: Path) -> tuple[duckdb.DuckDBPyConnection, Publication]:
    for _ in range(5):
        pub = ensure_published(path)
        try:
            return duckdb.connect(str(pub.file), read_only=True), pub
        except duckdb.IOException:
            # Three newer versions were published between reading the pointer and opening the file
            # it named, which was then pruned: read the pointer again.
            if pub.file.exists():
                raise
    raise DatabaseBusy(f"Cơ sở dữ liệu {path.name} đang được cập nhật liên tục; hãy thử lại sau ít phút.")


class SnapshotReader:
    """Read-only connections that follow the published versions of the database.

    Each query asks `current()`: a stat of the pointer (and of the writer's file, to notice a change
    made without publishing); a new version is opened on first use. The previous version stays open
    for queries still running on it; older ones are closed.
    """

    def __init__(self, path: Path | None = None):
        import threading

        self.path = Path(path or settings.db_path())
        self._lock = threading.Lock()
        self._open: dict[int, duckdb.DuckDBPyConnection] = {}
        self._order: list[int] = []

    def current(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        """The connection to the current version, and that version's number."""
        pub = ensure_published(self.path)
        with self._lock:
            if pub.version not in self._open:
                conn, pub = _open_published(self.path)
                if pub.version in self._open:
                    conn.close()
                else:
                    self._open[pub.version] = conn
                    self._order.append(pub.version)
                while len(self._order) > 2:
                    with contextlib.suppress(Exception):
                        self._open.pop(self._order.pop(0)).close()
            return self._open[pub.version], pub.version

    def snapshot(self) -> Snapshot:
        conn, version = self.current()
        return Snapshot(conn, (str(self.path), version), behind=unpublished(self.path))

    def close(self) -> None:
        with self._lock:
            for conn in self._open.values():
                with contextlib.suppress(Exception):
                    conn.close()
            self._open.clear()
            self._order.clear()


@dataclasses.dataclass(frozen=True, eq=False)
class Snapshot:
    """One version of the database, read-only: what a page run reads all its figures from (so they
    agree with each other), and what the result cache keys them by (antq/cache.py)."""

    conn: duckdb.DuckDBPyConnection
    version: tuple[str, int]  # the database and its published version number
    behind: str | None = None  # why this is not the writer's latest version (a failed publication), for users
