"""Import a file: read, validate, check against the store, then load it in one atomic write.

`prepare` does everything that does not change the store (the page shows its result as a preview);
`commit` re-checks what depends on the store inside the write transaction, then loads the rows and
records the attempt. `import_bytes` / `import_path` do both (the CLI).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from antq import db, settings
from antq.access import imports as access_imports
from antq.importer import archive as archiving
from antq.importer import audit, limits, reader, spec
from antq.importer.problems import ERROR, WARNING, Problems
from antq.importer.validate import Validated, validate

log = logging.getLogger("antq.importer")


FACT_TABLE = dict(
    festivals="festival_point", commendations="commendation", models="model_year", evaluations="evaluation_unit"
)
# Columns that identify "the same row" when telling a user a row is already in the store.
ROW_KEY = {
    "festivals": ["year", "units_system", "unit_code", "held_on", "venue_kind", "venue_name"],
    "commendations": ["year", "units_system", "unit_code", "award", "recipient_kind"],
    "models": ["model_id", "year"],
    "evaluations": ["year", "units_system", "unit_code", "eval_subject", "evaluated_name"],
}


@dataclass
class Plan:
    file_name: str
    data: bytes
    sha256: str
    kind: str | None
    validated: Validated | None
    problems: Problems
    existing: pl.DataFrame | None = None  # per slice: illustrative / imported rows already stored
    unchanged: bool = False  # this very file is loaded already

    @property
    def ok(self) -> bool:
        return self.problems.n_errors == 0 and self.validated is not None and self.validated.rows is not None

    @property
    def rows(self) -> int:
        """Data rows in the file (read, whether accepted or not)."""
        v = self.validated
        return 0 if v is None else (v.rows.height if v.rows is not None else v.n_rows)

    @property
    def needs_replace(self) -> bool:
        return self.existing is not None and bool((self.existing["imported_rows"] > 0).any())

    @property
    def slices(self) -> pl.DataFrame:
        return self.validated.slices if self.validated is not None else Validated(None, "").slices


@dataclass
class Result:
    outcome: str  # loaded | replaced | unchanged | rejected
    plan: Plan
    problems: pl.DataFrame
    attempt_id: int | None = None
    source_id: int | None = None
    archive_path: Path | None = None
    replaced_slices: list[tuple[str, int]] = field(default_factory=list)
    tidied: list[str] = field(default_factory=list)  # leftovers of earlier killed imports, found by this one

    @property
    def ok(self) -> bool:
        return self.outcome != "rejected"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _periods(conn) -> dict:
    try:
        return {
            y: (a, b) for y, a, b in conn.execute("SELECT year, start_date, end_date FROM festival_period").fetchall()
        }
    except duckdb.Error:
        return {}


def prepare(
    data: bytes,
    file_name: str,
    conn: duckdb.DuckDBPyConnection | None = None,
    *,
    replace: bool = False,
    actor: access_imports.Actor | None = None,
) -> Plan:
    """Read and validate a file; with a connection, also check it against the author's scope
    (with an actor) and then, unless that refused it, against the store."""
    problems = Problems()
    grid = reader.read(data, file_name, problems)
    validated = None
    if grid is not None:
        periods = None
        if conn is not None:
            cur = conn.cursor()
            try:
                periods = _periods(cur)
            finally:
                cur.close()
        validated = validate(grid, problems, periods)
    plan = Plan(
        file_name=file_name,
        data=data,
        sha256=sha256(data),
        kind=validated.kind if validated else None,
        validated=validated,
        problems=problems,
    )
    if conn is not None and plan.ok:
        cur = conn.cursor()  # the app shares one connection between its threads
        try:
            access_imports.check(cur, plan, actor)
            store_checks(plan, cur, replace=replace)
        finally:
            cur.close()
    return plan


def _kind_sql(kind: str) -> tuple[str, str]:
    table = FACT_TABLE[kind]
    return table, f"SELECT f.*, u.province_code FROM {table} AS f JOIN admin_unit AS u USING (units_system, unit_code)"


def store_checks(plan: Plan, conn: duckdb.DuckDBPyConnection, *, replace: bool) -> None:
    """What the store already holds for the file's slices; errors for slices with imported rows
    unless `replace`. Sets plan.unchanged when this exact file is loaded and still in use. Nothing
    for a plan refused by the author's scope: what the store holds for another province (its files,
    their times) is not the author's to learn."""
    if access_imports.refused(plan):
        return
    kind, v = plan.kind, plan.validated
    table, facts = _kind_sql(kind)
    used = conn.execute(
        f"SELECT count(*) FROM data_source AS d WHERE d.kind = 'imported' AND d.file_sha256 = $sha "
        f"AND EXISTS (SELECT 1 FROM {table} AS f WHERE f.source_id = d.source_id)",
        {"sha": plan.sha256},
    ).fetchall()[0][0]
    if used:
        plan.unchanged = True
        return
    slices = v.slices.select("province_code", pl.col("year").cast(pl.Int16))  # noqa: F841 -- read by DuckDB
    plan.existing = conn.sql(
        f"""SELECT s.province_code, s.year,
                   count(f.source_id) FILTER (WHERE d.kind = 'illustrative') AS illustrative_rows,
                   count(f.source_id) FILTER (WHERE d.kind = 'imported')     AS imported_rows,
                   string_agg(DISTINCT d.file_name, ', ') FILTER (WHERE d.kind = 'imported') AS files,
                   max(d.loaded_at) FILTER (WHERE d.kind = 'imported')       AS loaded_at
            FROM slices AS s
            LEFT JOIN ({facts}) AS f ON f.province_code = s.province_code AND f.year = s.year
            LEFT JOIN data_source AS d ON d.source_id = f.source_id
            GROUP BY ALL ORDER BY s.year, s.province_code"""
    ).pl()
    if replace or not plan.needs_replace:
        return
    sheet = v.sheet
    for r in plan.existing.filter(pl.col("imported_rows") > 0).iter_rows(named=True):
        when = r["loaded_at"].strftime("%H:%M %d/%m/%Y") if r["loaded_at"] else "?"
        plan.problems.add(
            ERROR,
            "exists",
            f"Tỉnh mã {r['province_code']}, năm {r['year']} đã có {r['imported_rows']} dòng "
            f"{spec.KIND_LABELS[kind].lower()} nhập từ tệp {r['files']} lúc {when}.",
            "Nếu tệp này là bản sửa thay cho bản trước: nhập lại với --replace (hoặc đánh dấu "
            "'Thay thế số liệu đã nhập' trên trang Nhập dữ liệu); số liệu cũ của tỉnh và năm đó sẽ được thay toàn bộ.",
            sheet=sheet,
            value=f"{r['province_code']}/{r['year']}",
        )
    key = ROW_KEY[kind]
    rows = v.rows  # noqa: F841
    on = " AND ".join(f"r.{k} IS NOT DISTINCT FROM f.{k}" for k in key)
    same = conn.sql(
        f"""SELECT r._row FROM rows AS r WHERE EXISTS (
                SELECT 1 FROM {table} AS f JOIN data_source AS d USING (source_id)
                WHERE d.kind = 'imported' AND {on})
            ORDER BY r._row"""
    ).pl()
    plan.problems.add_rows(
        same,
        ERROR,
        "exists",
        sheet=sheet,
        column=None,
        value=None,
        message="Dòng này đã có trong cơ sở dữ liệu (nhập từ một tệp trước).",
        fix="Bỏ dòng này, hoặc nhập lại cả tệp với --replace nếu đây là bản sửa.",
    )


def _write(conn, plan: Plan, source_id: int) -> None:
    kind = plan.kind
    table, _ = _kind_sql(kind)
    rows = plan.validated.rows.with_columns(source_id=pl.lit(source_id, pl.Int32))  # noqa: F841
    slices = plan.slices.select("province_code", pl.col("year").cast(pl.Int16))  # noqa: F841
    if kind == "models":
        # One row per model: its description as of the latest year in the file. Models are updated
        # before the slice's model_year rows are deleted: DuckDB refuses to update a parent row whose
        # child rows were deleted earlier in the same transaction (a documented FK limitation).
        conn.execute(
            """CREATE TEMP TABLE incoming_model AS
               SELECT model_id, arg_max(model_name, year) AS name, arg_max(category, year) AS category,
                      arg_max(established_year, year)::SMALLINT AS established_year, any_value(source_id) AS source_id
               FROM rows GROUP BY model_id"""
        )
        # model.source_id keeps the source that first described the model: DuckDB cannot update a
        # foreign-key column of a row other rows reference. Each year's row (model_year) carries
        # the file it came from.
        conn.execute(
            """UPDATE model SET name = i.name, category = i.category, established_year = i.established_year
               FROM incoming_model AS i WHERE model.model_id = i.model_id"""
        )
    # Replace the whole slice (province, year) of this kind: illustrative rows always, imported ones
    # only when the caller confirmed (store_checks stopped the import otherwise).
    conn.execute(
        f"""DELETE FROM {table} AS f WHERE EXISTS (
                SELECT 1 FROM admin_unit AS u JOIN slices AS s ON s.province_code = u.province_code
                WHERE u.units_system = f.units_system AND u.unit_code = f.unit_code AND s.year = f.year)"""
    )
    # the fact table's own columns that the validated rows carry (the schema decides, not a list here)
    stored = conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = $t", {"t": table}).fetchall()
    cols = [c for (c,) in stored if c in rows.columns and c not in ("source_id", "point_id")]
    if kind == "festivals":
        first = conn.execute("SELECT coalesce(max(point_id), 0) + 1 FROM festival_point").fetchall()[0][0]
        conn.execute(
            f"INSERT INTO festival_point (point_id, {', '.join(cols)}, source_id) "
            f"SELECT $first + row_number() OVER (ORDER BY _row) - 1, {', '.join(cols)}, source_id FROM rows",
            {"first": first},
        )
        return
    if kind == "models":
        conn.execute(
            "INSERT INTO model SELECT * FROM incoming_model AS i WHERE NOT EXISTS "
            "(SELECT 1 FROM model AS m WHERE m.model_id = i.model_id)"
        )
        conn.execute("DROP TABLE incoming_model")
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}, source_id) SELECT {', '.join(cols)}, source_id FROM rows")


def commit(
    plan: Plan,
    *,
    db_path: Path | None = None,
    archive: Path | None = None,
    replace: bool = False,
    via: str = "cli",
    wait_seconds: float = 30.0,
    actor: access_imports.Actor | None = None,
) -> Result:
    """Load the file in one atomic write, or record why not. Raises db.DatabaseBusy if another
    writer holds the store for too long (nothing is written then)."""
    db_path = Path(db_path or settings.db_path())
    archive = Path(archive or archiving.archive_dir())
    if not plan.ok:
        with db.write_transaction(db_path, wait_seconds=wait_seconds, refresh=False) as conn:
            audit.ensure_table(conn)
            tidied = archiving.tidy(conn, archive)
            access_imports.check(conn, plan, actor)  # name the rows outside the scope too
            attempt = audit.record(conn, plan, "rejected", via, message=_first_error(plan), actor=actor)
        return Result("rejected", plan, plan.problems.frame(), attempt_id=attempt, tidied=tidied)
    target, staged = archiving.target(plan, archive), None
    try:
        with db.write_transaction(db_path, wait_seconds=wait_seconds) as conn:
            audit.ensure_table(conn)
            tidied = archiving.tidy(conn, archive)
            res = _load(conn, plan, replace, via, target, actor)
            if res.outcome != "rejected":
                # staged inside the transaction, kept only after the audit row naming it is committed
                staged = archiving.stage(plan, archive)
        archiving.keep(staged, target)
        res.tidied = tidied
        return res
    except duckdb.Error as exc:
        # A row the validator let through but the schema refused: nothing was loaded (the write
        # rolled back); say so and record the attempt.
        plan.problems.add_database_refusal(exc)
        with db.write_transaction(db_path, refresh=False) as conn:
            attempt = audit.record(conn, plan, "rejected", via, message=_first_error(plan), actor=actor)
        return Result("rejected", plan, plan.problems.frame(), attempt_id=attempt)
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)  # not kept: the write failed after staging


def _load(conn, plan: Plan, replace: bool, via: str, target: Path, actor=None) -> Result:
    """Inside the write: re-check against the store and the author's scope, write the rows, record
    the attempt."""
    access_imports.check(conn, plan, actor)  # rows outside the author's scope refuse the file
    store_checks(plan, conn, replace=replace)
    if plan.unchanged:
        attempt = audit.record(
            conn,
            plan,
            "unchanged",
            via,
            archive_path=target,
            message="Tệp này đã được nhập trước đó; không có gì thay đổi.",
            actor=actor,
        )
        return Result("unchanged", plan, plan.problems.frame(), attempt_id=attempt, archive_path=target)
    if plan.problems.n_errors:
        attempt = audit.record(conn, plan, "rejected", via, message=_first_error(plan), actor=actor)
        return Result("rejected", plan, plan.problems.frame(), attempt_id=attempt)
    source_id = audit.add_source(conn, plan, f"Số liệu báo cáo: {plan.file_name}")
    replaced = [(r["province_code"], r["year"]) for r in plan.existing.iter_rows(named=True) if r["imported_rows"]]
    _write(conn, plan, source_id)
    outcome = "replaced" if replaced else "loaded"
    attempt = audit.record(conn, plan, outcome, via, source_id=source_id, archive_path=target, actor=actor)
    return Result(
        outcome,
        plan,
        plan.problems.frame(),
        attempt_id=attempt,
        source_id=source_id,
        archive_path=target,
        replaced_slices=replaced,
    )


def _first_error(plan: Plan) -> str | None:
    f = plan.problems.frame().filter(pl.col("severity") == ERROR)
    return None if f.is_empty() else f["message"][0]


def import_bytes(
    data: bytes,
    file_name: str,
    *,
    db_path: Path | None = None,
    archive: Path | None = None,
    replace: bool = False,
    via: str = "cli",
    wait_seconds: float = 30.0,
    actor: access_imports.Actor | None = None,
) -> Result:
    db_path = Path(db_path or settings.db_path())
    # A short-lived read-only look at the store (festival periods, what the slices hold); the
    # checks that decide the load are repeated inside the write. A plain connection, closed at
    # once, rather than a SnapshotReader: its hard link would keep this version's file alive.
    conn = db.connect_read_only(db_path)
    try:
        plan = prepare(data, file_name, conn, replace=replace, actor=actor)
    finally:
        conn.close()
    return commit(
        plan, db_path=db_path, archive=archive, replace=replace, via=via, wait_seconds=wait_seconds, actor=actor
    )


def import_path(path: Path | str, **kw) -> Result:
    path = Path(path)
    size = path.stat().st_size
    limit = limits.max_bytes()
    if size <= limit:
        return import_bytes(path.read_bytes(), path.name, **kw)
    # Refuse a huge file without reading it into memory; the attempt is still recorded.
    plan = Plan(file_name=path.name, data=b"", sha256=file_sha256(path), kind=None, validated=None, problems=Problems())
    plan.problems.add(
        ERROR,
        "too_large",
        f"Tệp {limits.mb(size)}, vượt giới hạn {limits.mb(limit)} (ANTQ_IMPORT_MAX_MB).",
        "Chia tệp theo tỉnh hoặc theo năm, hoặc xóa các trang tính không cần thiết rồi gửi lại.",
        value=path.name,
    )
    db_path = Path(kw.get("db_path") or settings.db_path())
    with db.write_transaction(db_path, wait_seconds=kw.get("wait_seconds", 30.0), refresh=False) as conn:
        attempt = audit.record(
            conn, plan, "rejected", kw.get("via", "cli"), message=_first_error(plan), actor=kw.get("actor")
        )
        conn.execute("UPDATE import_audit SET file_bytes = $n WHERE attempt_id = $id", {"n": size, "id": attempt})
    return Result("rejected", plan, plan.problems.frame(), attempt_id=attempt)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


__all__ = ["ERROR", "WARNING", "Plan", "Result", "commit", "import_bytes", "import_path", "prepare"]
