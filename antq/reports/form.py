"""The report form's layout, shared by the template that writes it and the reader that reads it back.

A form sheet holds a header block (one field a row: its label in column A, its value in column B, a
hint in column C) naming the unit and the period, then a table with one row per indicator:

    Mã chỉ tiêu | Nhóm | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú

The XLSX form may hold several such sheets (one per unit: copy the sheet and change the unit code);
the CSV form holds one. `import` recognises a form by its table header ("Mã chỉ tiêu" and "Số
liệu" in one row), not by the file's name.
"""

from __future__ import annotations

import csv
import html
import io
import unicodedata
import zipfile

from antq.text import fold
from antq.vocab import categories

TITLE = "BÁO CÁO KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC (SỐ LIỆU TỔNG HỢP)"
FORM_SHEET = "Báo cáo"
UNITS_SHEET = "Đơn vị"
HELP_SHEET = "Hướng dẫn"
NOT_FORM_SHEETS = (UNITS_SHEET, HELP_SHEET)

# Header block: field key -> the label written in column A. Labels are matched after accent
# folding and up to a bracket, so "Năm (báo cáo)" or "NAM" read as "Năm".
FIELDS: dict[str, str] = {
    "kind": "Loại biểu mẫu",
    "province": "Mã tỉnh",
    "unit_code": "Mã đơn vị báo cáo",
    "unit_name": "Tên đơn vị báo cáo",
    # a report of a named place below a commune (a village, an agency, a school, an enterprise)
    "local_unit_name": "Tên thôn, cơ quan, trường, doanh nghiệp",
    "local_unit_kind": "Loại đơn vị dưới xã",
    "year": "Năm",
    "period_kind": "Kỳ báo cáo",
    "half": "Sáu tháng",
    "year_from": "Từ năm",
    "reported_on": "Ngày báo cáo",
    "reference": "Nguồn",
}
KIND_VALUE = categories.IMPORT_KINDS.label(categories.REPORT_IMPORT_KIND)

# Table columns: key -> header. The code column and the value column are required; the others help.
COLUMNS: dict[str, str] = {
    "indicator": "Mã chỉ tiêu",
    "group": "Nhóm",
    "label": "Chỉ tiêu",
    "unit": "Đơn vị tính",
    "value": "Số liệu",
    "note": "Ghi chú",
}
REQUIRED_COLUMNS = ("indicator", "value")
# Other spellings a hand-made form may use for a column.
COLUMN_ALIASES = {"indicator": ("Mã", "Code", "Indicator"), "value": ("Giá trị", "Value"), "note": ("Note",)}

# Bytes read to recognise a form: its table header lies in the first rows of a small file.
SNIFF_BYTES = 1024 * 1024
SNIFF_LINE_MAX = 4096  # a table header row is ~60 characters; longer lines are not looked into


def field_key(label) -> str | None:
    """The header-block field a column-A label names, or None."""
    if label is None:
        return None
    text = fold(str(label).split("(", 1)[0]).strip(" :")
    for key, lab in FIELDS.items():
        if text == fold(lab):
            return key
    return None


def column_keys(row) -> dict[int, str]:
    """column index -> table column key, for a row that may be the table header."""
    names = {fold(h): k for k, h in COLUMNS.items()}
    names |= {fold(a): k for k, aliases in COLUMN_ALIASES.items() for a in aliases}
    out: dict[int, str] = {}
    for j, cell in enumerate(row):
        key = names.get(fold(str(cell)).strip(" :")) if cell is not None else None
        if key and key not in out.values():
            out[j] = key
    return out


def is_table_header(row) -> bool:
    return set(REQUIRED_COLUMNS) <= set(column_keys(row).values())


def _has_headers(xml: bytes) -> bool:
    """Whether an XML part (shared strings or a sheet) holds both required table headers. Text in
    OOXML may be written as character references ("M&#227; ch&#7881; ti&#234;u")."""
    text = unicodedata.normalize("NFC", html.unescape(xml.decode("utf-8", errors="ignore"))).lower()
    return all(unicodedata.normalize("NFC", COLUMNS[k]).lower() in text for k in REQUIRED_COLUMNS)


def looks_like_report(data: bytes) -> bool:
    """Whether a file is a result report form (for `import`, which also takes detail files). Reads
    at most SNIFF_BYTES of each part; a file that cannot be read is not a form (the detail importer
    then says why it cannot be read)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            parts = [i for i in zf.infolist() if i.filename.startswith(("xl/sharedStrings", "xl/worksheets/sheet"))]
            for info in parts[:20]:
                with zf.open(info) as fh:
                    head = fh.read(SNIFF_BYTES)
                if _has_headers(head):
                    return True
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return False
        return False
    text = data[:SNIFF_BYTES].decode("utf-8-sig", errors="ignore")
    for line in text.splitlines()[:300]:
        if len(line) > SNIFF_LINE_MAX:
            continue  # not a header row; and csv refuses a field over 128 KB with an exception
        delim = max((",", ";", "\t"), key=line.count)
        try:
            header = next(csv.reader([line], delimiter=delim), [])
        except csv.Error:
            continue  # a malformed line is not the table header; the reader says what is wrong
        if line.count(delim) and is_table_header(header):
            return True
    return False
