"""A command-line write refused before its file is read (no identity the grants know, a role that
may not write it, a document outside the scope) is recorded like any refused import: which file,
who and why, in the import history (antq.access.imports decides; issue 23)."""

from __future__ import annotations

from pathlib import Path

from antq import db
from antq.access import imports as access_imports
from antq.importer import audit
from antq.importer.load import ERROR, Plan, file_sha256
from antq.importer.problems import Problems


def record_refusal(
    path: Path, message: str, *, actor=None, via: str = "cli", db_path: Path | None = None, wait_seconds: float = 30.0
) -> int:
    """Record a write refused before its file was read (no identity the grants know, a role that
    may not write it, a document outside the scope): which file, who (`actor`) and why, as a
    rejected attempt in the import history. Nothing else changes. Returns the attempt's id."""
    path = Path(path)
    plan = Plan(file_name=path.name, data=b"", sha256=file_sha256(path), kind=None, validated=None, problems=Problems())
    plan.problems.add(ERROR, access_imports.SCOPE_GROUP, message, "", value=path.name)
    with db.write_transaction(db_path, wait_seconds=wait_seconds, refresh=False) as conn:
        attempt = audit.record(conn, plan, "rejected", via, message=message, actor=actor)
        conn.execute(
            "UPDATE import_audit SET file_bytes = $n WHERE attempt_id = $id", {"n": path.stat().st_size, "id": attempt}
        )
    return attempt
