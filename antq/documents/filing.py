"""Filing a reviewed document: its original archived unchanged (named by its hash), then the
document, its citations, sites, targets and figures written in one atomic write, attributed to
whoever saved it. Anything wrong raises DocumentError and leaves the database unchanged.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import duckdb

from antq import db, settings
from antq.documents.readers import DocumentError
from antq.documents.registry import Intake, Review, check, insert

DOCUMENTS_SUBDIR = "documents"  # beside the imports' files, which the importer's tidy-up audits


def archive(data: bytes, file_name: str, sha: str, where: Path | None = None) -> Path:
    """The original, unchanged, named by its hash (the importer's naming rule), written under a
    temporary name and renamed, so a killed save leaves no half file."""
    import os

    from antq.importer import archive as archiving

    folder = Path(where or archiving.archive_dir()) / DOCUMENTS_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    target = archiving.target(SimpleNamespace(file_name=file_name, sha256=sha), folder)
    if not target.exists():
        tmp = folder / f".{target.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


@dataclass
class Saved:
    outcome: str  # registered | unchanged
    document_id: int
    archive_path: Path | None


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def save(
    item: Intake,
    review: Review,
    *,
    db_path: Path | None = None,
    archive_dir: Path | None = None,
    via: str = "cli",
    user: str | None = None,
) -> Saved:
    problems = check(review)
    if problems:
        raise DocumentError("Văn bản chưa được lưu:\n- " + "\n- ".join(problems))
    review.figures = [f for f in review.figures if f.get("review") != "rejected"]
    db_path = Path(db_path or settings.db_path())
    with db.connect_read_only(db_path) as c:
        known = c.execute("SELECT document_id FROM document WHERE file_sha256 = $s", {"s": item.sha256}).fetchall()
    if known:
        return Saved("unchanged", known[0][0], None)
    stored = archive(item.data, item.file_name, item.sha256, archive_dir)
    try:
        with db.write_transaction(db_path) as conn:
            doc_id = insert(
                conn,
                review,
                file_name=item.file_name,
                sha256=item.sha256,
                archive_path=str(stored),
                origin="uploaded",
                via=via,
                user=user or current_user(),
            )
    except duckdb.ConstraintException as exc:
        raise DocumentError(
            f"Cơ sở dữ liệu từ chối văn bản ({str(exc).splitlines()[0]}); không có gì thay đổi. "
            "Kiểm tra năm, tỉnh và đơn vị ban hành rồi lưu lại."
        ) from None
    return Saved("registered", doc_id, stored)
