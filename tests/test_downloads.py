"""What a user downloads: CSV (BOM, Vietnamese headers, formula injection neutralised, numbers
left numeric), XLSX (text stays text), row counts against the database, file names. (That the CLI
writes the bytes the page's button serves is checked in the browser: tests/test_browser.py.)"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys

import openpyxl
import polars as pl
import pytest

from antq import downloads
from tests.support import expected

from .conftest import REPO

# The tables `python -m antq export` offers, as the README promises them ("Tables for `export`: ...").
_PROMISE = re.search(r"Tables for `export`:(.*?)\(", (REPO / "README.md").read_text("utf-8"), re.S)
EXPORT_TABLES = re.findall(r"`(\w+)`", _PROMISE.group(1))

CRAFTED = ['=HYPERLINK("http://x","y")', "+1", "-A1", "@SUM(A1)", "\t=1+2", "\r=1", "Thôn Đông Thành"]


def crafted_frame() -> pl.DataFrame:
    n = len(CRAFTED)
    return pl.DataFrame(
        {
            "unit_name": CRAFTED,
            "participants": [-5, 3, 0, 12, 7, 1, 250],
            "venue_kind": ["residential"] * n,
            "is_pilot": [True, False] * 3 + [True],
        }
    )


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    text = data[3:].decode("utf-8")
    assert not text.startswith("sep="), "a sep= line makes Excel ignore the BOM"
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_neutralises_formulas_and_keeps_numbers():
    rows = parse_csv(downloads.csv_bytes(crafted_frame()))
    assert rows[0] == ["Đơn vị", "Số người tham gia", "Loại địa bàn", "Điểm chỉ đạo"]
    names = [r[0] for r in rows[1:]]
    for raw, got in zip(CRAFTED, names):
        if raw[0] in "=+-@\t\r":
            assert got == "'" + raw
        else:
            assert got == raw
    assert rows[1][1] == "-5"  # a negative count stays a number
    assert rows[1][2] == "Khu dân cư (thôn, ấp, tổ dân phố)" and rows[1][3] == "Có"


def test_vectorised_neutralisation_agrees_with_the_rule():
    for text in CRAFTED + ["", "a=b", "-", "'=x"]:
        df = pl.DataFrame({"unit_name": [text]})
        got = parse_csv(downloads.csv_bytes(df))[1][0] if text else ""
        assert got == (downloads.neutralise(text) or ""), text


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers():
    wb = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(crafted_frame())))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == ["Đơn vị", "Số người tham gia", "Loại địa bàn", "Điểm chỉ đạo"]
    for i, raw in enumerate(CRAFTED, start=2):
        cell = ws.cell(i, 1)
        # (XLSX escapes a carriage return as _x000D_, which Excel decodes and openpyxl does not)
        assert cell.data_type == "s" and cell.value.replace("_x000D_", "\r") == raw  # never a formula
    assert ws.cell(2, 2).value == -5 and ws.cell(2, 2).data_type == "n"
    assert ws.max_row == len(CRAFTED) + 1


def run_export(db, table: str, out, *args: str) -> None:
    """`python -m antq export` as a user runs it."""
    subprocess.run(
        [sys.executable, "-m", "antq", "export", table, *args, "--out", str(out)],
        env=os.environ | {"ANTQ_DB": str(db)},
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_exports_hold_the_filtered_rows(demo_db, conn, tmp_path, table):
    """CSV and XLSX of one table for two provinces of today's system, counted against the database."""
    want = expected.export_rows(conn, table, 2024, 2025, ["56", "01"])
    assert want > 0
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"x.{suffix}"
        run_export(demo_db, table, out, "--year", "2024", "--province", "56", "01")
        if suffix == "csv":
            rows = parse_csv(out.read_bytes())
            assert len(rows) - 1 == want
            assert {r[rows[0].index("Mã tỉnh")] for r in rows[1:]} == {"56", "01"}
        else:
            wb = openpyxl.load_workbook(out, read_only=True)
            assert wb.active.max_row == want + 1


def test_file_name_says_table_years_provinces_units():
    assert (
        downloads.filename("festival_points", 2024, ["56", "01"], 2025) == "antq_festival-points_2024_56-01_34-tinh.csv"
    )
    assert (
        downloads.filename("Xếp hạng đầu", "2019-2024", [], 2008, "xlsx")
        == "antq_xep-hang-dau_2019-2024_toan-quoc_63-tinh.xlsx"
    )
