"""Report forms for the tests: the template's own bytes, filled cell by cell as a reporter would, and
the data tables' checksums (a refused form must leave them, and the file, as they were)."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl

from antq.reports import form, template

from .conftest import REPO

REPORT_TABLES = ("report", "report_value", "data_source", "import_audit", "import_actor")


def cli(*args, db_path, archive, timeout=300):
    env = os.environ | {"ANTQ_DB": str(db_path), "ANTQ_ARCHIVE_DIR": str(archive)}
    return subprocess.run(
        [sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout
    )


def writable_copy(demo_db: Path, tmp_path: Path) -> Path:
    p = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, p)
    return p


def sql(path: Path, q: str, params=None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(q, params or {}).fetchall()


def checksums(path: Path) -> dict[str, tuple]:
    with duckdb.connect(str(path), read_only=True) as c:
        return {
            t: tuple(c.execute(f"SELECT count(*), sum(hash(t)) FROM {t} AS t").fetchall()[0]) for t in REPORT_TABLES
        }


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_form(
    year, province, values: dict[str, str], fields: dict[str, str] | None = None, codes: dict[str, str] | None = None
) -> tuple[bytes, dict]:
    """The template's CSV with `values` (indicator code -> cell text) and header `fields` (label ->
    value) filled in, indicator codes changed by `codes` (old -> new); also returns where each
    indicator's row is (code -> CSV line)."""
    rows = list(csv.reader(io.StringIO(template.csv_bytes(year, province).decode("utf-8-sig"))))
    where = {}
    for n, r in enumerate(rows, 1):
        if r and r[0] in (fields or {}):
            r[1] = fields[r[0]]
        if r and r[0] in (codes or {}):
            where[r[0]] = n
            r[0] = codes[r[0]]
        if len(r) > 4 and r[0] in values:
            r[4] = values[r[0]]
            where[r[0]] = n
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + buf.getvalue().encode(), where


def xlsx_form(year, province, sheets: list[tuple[dict, dict]]) -> bytes:
    """The template's XLSX with one form sheet per (fields, values): the first fills the template's
    own sheet, the others copies of it."""
    wb = openpyxl.load_workbook(io.BytesIO(template.xlsx_bytes(year, province)))
    first = wb[form.FORM_SHEET]
    copies = [first] + [wb.copy_worksheet(first) for _ in sheets[1:]]
    for i, (ws, (fields, values)) in enumerate(zip(copies, sheets, strict=True)):
        if i:
            ws.title = f"{form.FORM_SHEET} {i + 1}"
        for row in ws.iter_rows():
            key = row[0].value
            if key in fields:
                row[1].value = fields[key]
            if key in values:
                row[4].value = values[key]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
