"""The importer's archive: every accepted or unchanged file kept unchanged, named by its hash.

A file is staged beside the archive during the write and kept (renamed) only once the audit row
naming it is committed; the next writer, holding the lock, tidies what a killed import left behind.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from antq import db, settings

log = logging.getLogger("antq.importer")


def archive_dir() -> Path:
    return settings.path("ANTQ_ARCHIVE_DIR")


def target(plan, where: Path) -> Path:
    """Where the file is kept: named by its hash (a second copy of the same content is the same file)."""
    ext = Path(plan.file_name).suffix.lower()
    ext = ext if 2 <= len(ext) <= 6 and ext[1:].isascii() and ext[1:].isalnum() else ".bin"
    return where / f"{plan.sha256}{ext}"


STAGE_SUFFIX = ".staged"
UNAUDITED_DIR = "unaudited"


def stage(plan, where: Path) -> Path | None:
    """Write the file beside the archive under a temporary name; it is kept (renamed) only once
    the audit row that names it is committed. None when it is kept already."""
    where.mkdir(parents=True, exist_ok=True)
    if target(plan, where).exists():
        return None
    staged = where / f".{target(plan, where).name}.{os.getpid()}{STAGE_SUFFIX}"
    with open(staged, "wb") as fh:
        fh.write(plan.data)
        fh.flush()
        os.fsync(fh.fileno())
    return staged


def keep(staged: Path | None, target: Path) -> None:
    if staged is not None:
        os.replace(staged, target)


def tidy(conn, where: Path) -> list[str]:
    """Leftovers of imports killed mid-way, handled by the next writer (which holds the lock):
    a staged copy whose attempt was committed is kept (the kill fell between commit and rename),
    any other staged copy is removed; archived files no audit row names are reported."""
    if not where.is_dir():
        return []
    notes = []
    named = {
        Path(r[0]).name
        for r in conn.execute("SELECT archive_path FROM import_audit WHERE archive_path IS NOT NULL").fetchall()
    }
    for staged in where.glob(f".*{STAGE_SUFFIX}"):
        name, _, pid = staged.name[1:].removesuffix(STAGE_SUFFIX).rpartition(".")
        if pid.isdigit() and int(pid) != os.getpid() and db._pid_alive(int(pid)):
            continue  # another process is staging right now (it does not hold the lock yet)
        target = where / name
        if name in named and not target.exists():
            os.replace(staged, target)
            notes.append(f"Đã lưu tệp {name} của một lần nhập bị ngắt sau khi ghi xong.")
        else:
            staged.unlink(missing_ok=True)
            notes.append(f"Đã xóa bản tạm {staged.name} của một lần nhập bị ngắt.")
    orphans = sorted(p for p in where.iterdir() if p.is_file() and not p.name.startswith(".") and p.name not in named)
    if orphans:
        # kept, not deleted (an original is never thrown away), but set apart so it is reported once
        aside = where / UNAUDITED_DIR
        aside.mkdir(exist_ok=True)
        for p in orphans:
            os.replace(p, aside / p.name)
        shown = ", ".join(p.name for p in orphans[:5]) + (" …" if len(orphans) > 5 else "")
        notes.append(
            f"{len(orphans)} tệp lưu trữ không có bản ghi nhập (từ một lần nhập bị ngắt trước đây) đã được chuyển "
            f"vào {aside}: {shown}."
        )
    for n in notes:
        log.warning(n)
    return notes
