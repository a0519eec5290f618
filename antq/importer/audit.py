"""The record of every import attempt, accepted or not (`import_audit`, with its author in
`import_actor`), written in the same atomic write as the data it describes."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import duckdb

from antq import db
from antq.access import imports as access_imports


@lru_cache(maxsize=8)
def table_ddl(table: str) -> str:
    """CREATE TABLE for one table of the schema, as DuckDB itself states it after running
    schema.sql in memory (no parsing of SQL text here)."""
    from antq.vocab import sql as vocab_sql

    with duckdb.connect() as mem:
        mem.execute(vocab_sql.macros_sql())  # the schema's CHECKs call the vocabulary's macros
        mem.execute(db.schema_sql())
        return mem.execute("SELECT sql FROM duckdb_tables() WHERE table_name = $t", {"t": table}).fetchall()[0][0]


def ensure_table(conn) -> None:
    exists = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'import_audit'").fetchall()[0][0]
    if not exists:
        conn.execute(table_ddl("import_audit"))  # databases built before the importer existed


def record(conn, plan, outcome: str, via: str, *, source_id=None, archive_path=None, message=None, actor=None) -> int:
    ensure_table(conn)
    slices = plan.slices
    attempt_id = conn.execute("SELECT coalesce(max(attempt_id), 0) + 1 FROM import_audit").fetchall()[0][0]
    conn.execute(
        "INSERT INTO import_audit VALUES ($id, $at, $name, $sha, $bytes, $kind, $provs, $years, $rows, $outcome, "
        "$errors, $warnings, $source, $archive, $via, $message)",
        dict(
            id=attempt_id,
            at=dt.datetime.now().replace(microsecond=0),
            name=plan.file_name,
            sha=plan.sha256,
            bytes=len(plan.data),
            kind=plan.kind,
            provs=sorted(set(slices["province_code"].to_list())) or None,
            years=sorted(set(slices["year"].to_list())) or None,
            rows=plan.rows,
            outcome=outcome,
            errors=plan.problems.n_errors,
            warnings=plan.problems.n_warnings,
            source=source_id,
            archive=str(archive_path) if archive_path else None,
            via=via,
            message=message,
        ),
    )
    access_imports.record(conn, attempt_id, actor)  # who made it (antq.access), in the same write
    return attempt_id
