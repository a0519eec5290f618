"""Refused document attempts on the web: a file that cannot be read within the reading limits, or
a save outside the author's scope. Nothing of a refused document enters the database, so each is
one JSON line beside the archive (REFUSED_LOG: when, the file's name, hash and size, who, why), the
way a refused report form is recorded (antq.reports.load.REFUSED_LOG)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

REFUSED_LOG = Path("refused-documents") / "attempts.jsonl"


def record(file_name: str, data: bytes, reason: str, *, who: str, via: str, archive: Path | None = None) -> Path:
    from antq.importer import archive as archiving

    path = Path(archive or archiving.archive_dir()) / REFUSED_LOG
    line = dict(
        attempted_at=dt.datetime.now().replace(microsecond=0).isoformat(),
        file_name=file_name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_bytes=len(data),
        via=via,
        who=who,
        reason=reason,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
