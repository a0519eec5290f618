"""Bytes of a filled report form -> its sheets' header fields and indicator rows, every cell with the
sheet, row and column a user sees, or problems saying why the file cannot be read.

Within the importer's bounds (antq.importer.limits): the size limit first; an XLSX is inspected part
by part (antq.importer.xlsx.inspect: declared and actual sizes, CRCs, DTDs) before openpyxl reads
it, in read-only mode, cell values only, at most MAX_FORM_ROWS rows of a sheet, REPORT_MAX_SHEETS
sheets, REPORT_MAX_COLUMNS columns, REPORT_MAX_CELLS cells and READ_SECONDS of reading; a CSV is read by the
importer's CSV reader (UTF-8 with or without BOM, the delimiter guessed, legacy encodings named).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from antq.importer import limits, reader, xlsx
from antq.importer.problems import ERROR, Problems
from antq.reports import form
from antq.vocab.bounds import short
from antq.vocab.indicators import CATALOGUE

# A form has one row per indicator under a header block: a sheet longer than this is not a form.
MAX_FORM_ROWS = 20 * len(CATALOGUE) + 100
HEADER_SEARCH_ROWS = 60  # the table header lies within the first rows


@dataclass(frozen=True)
class At:
    """Where a cell is: what every message names."""

    sheet: str
    row: int
    column: str  # the column letter


@dataclass
class TableRow:
    at: dict[str, At]  # column key -> where that cell is
    cells: dict[str, object]  # column key -> the cell's value (str, int, float, datetime or None)


@dataclass
class FormSheet:
    sheet: str
    fields: dict[str, tuple[object, At]] = field(default_factory=dict)  # header block: key -> (value, where)
    rows: list[TableRow] = field(default_factory=list)


def read(data: bytes, file_name: str, problems: Problems) -> list[FormSheet]:
    """The form sheets of a file (empty, with problems added, when it cannot be read)."""
    if data.startswith(reader.ZIP_MAGIC) and len(data) <= limits.max_bytes():
        grids = _xlsx_grids(data, file_name, problems)
    else:
        grid = reader.read(data, file_name, problems)  # size, empty, legacy Excel, CSV encodings
        if grid is None:
            return []
        cells = grid.cells.rows()
        grids = [(grid.sheet, [(n, list(r)) for n, r in zip(grid.rows, cells, strict=True)], grid.col_letters)]
    sheets = [s for s in (_form_sheet(name, rows, letters) for name, rows, letters in grids) if s is not None]
    if not sheets and not problems.n_errors:
        problems.add(
            ERROR,
            "template",
            f"Không thấy bảng chỉ tiêu: cần một dòng tiêu đề có cột '{form.COLUMNS['indicator']}' "
            f"và cột '{form.COLUMNS['value']}'.",
            "Dùng biểu mẫu tạo bởi lệnh 'python -m antq template --kind report' (hoặc trang Nhập dữ liệu), "
            "giữ nguyên dòng tiêu đề của bảng.",
            value=file_name,
        )
    return sheets


def _too_large(problems: Problems, message: str, fix: str, sheet: str | None = None) -> list:
    problems.add(ERROR, "too_large", message, fix, sheet=sheet)
    return []


FIX_SPLIT = "Mỗi trang là báo cáo của một đơn vị; chia tệp (ví dụ theo huyện) hoặc xóa các trang, dòng, cột thừa."


def _xlsx_grids(data: bytes, file_name: str, problems: Problems):
    import openpyxl

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        xlsx.corrupt(problems, file_name, exc)
        return []
    # Before any part is inflated (zipfile never inflates past a part's declared size): 1 MB can
    # hold 70 sheets of 4 MB each, which openpyxl then parses for minutes.
    parts = [i for i in infos if i.filename.startswith("xl/worksheets/")]
    declared = sum(i.file_size for i in infos)
    if declared > limits.REPORT_MAX_UNPACKED_BYTES:
        return _too_large(
            problems,
            f"Tệp có {limits.count(len(parts))} trang tính, khi giải nén ra {limits.mb(declared)}, vượt giới hạn "
            f"{limits.mb(limits.REPORT_MAX_UNPACKED_BYTES)} của một biểu mẫu báo cáo (mỗi trang khoảng 20 KB).",
            FIX_SPLIT,
        )
    if len(parts) > limits.REPORT_MAX_SHEETS:
        return _too_large(
            problems,
            f"Tệp có {limits.count(len(parts))} trang tính, vượt giới hạn {limits.REPORT_MAX_SHEETS} trang "
            "của một biểu mẫu báo cáo.",
            FIX_SPLIT,
        )
    package = xlsx.inspect(data, file_name, problems)
    if package is None:
        return []
    for name, path in package.sheet_paths.items():
        if name in form.NOT_FORM_SHEETS:
            continue  # the template's own sheets (the units list is long), never read as a form
        layout = package.layouts.get(path)
        if layout is not None and layout.rows > MAX_FORM_ROWS + 1:  # counted from the XML, before parsing
            return _too_large(
                problems,
                f"Trang '{short(name)}' có hơn {MAX_FORM_ROWS} dòng, vượt giới hạn của một biểu mẫu báo cáo "
                f"({len(CATALOGUE)} dòng chỉ tiêu).",
                FIX_SPLIT,
                sheet=name,
            )
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 -- any failure to open means a corrupt file
        xlsx.corrupt(problems, file_name, exc)
        return []
    out, cells, budget = [], 0, limits.Budget()
    try:
        for ws in wb.worksheets:
            if ws.title in form.NOT_FORM_SHEETS:
                continue
            rows = []
            for n, values in enumerate(ws.iter_rows(values_only=True, max_col=limits.REPORT_MAX_COLUMNS), 1):
                cells += len(values)
                if n > MAX_FORM_ROWS:
                    return _too_large(
                        problems,
                        f"Trang '{short(ws.title)}' có hơn {MAX_FORM_ROWS} dòng; một biểu mẫu báo cáo chỉ có "
                        f"{len(CATALOGUE)} dòng chỉ tiêu.",
                        "Mỗi trang là báo cáo của một đơn vị; xóa các dòng không thuộc biểu mẫu rồi gửi lại.",
                        sheet=ws.title,
                    )
                if cells > limits.REPORT_MAX_CELLS:
                    return _too_large(
                        problems,
                        f"Tệp có hơn {limits.count(limits.REPORT_MAX_CELLS)} ô (đến trang '{short(ws.title)}'), "
                        "vượt giới hạn của một biểu mẫu báo cáo.",
                        FIX_SPLIT,
                        sheet=ws.title,
                    )
                if n % 50 == 0 and budget.spent():
                    return _too_large(
                        problems,
                        f"Đọc tệp quá {budget.label()} chưa xong (đến trang '{short(ws.title)}'), vượt giới hạn "
                        "thời gian đọc một biểu mẫu báo cáo.",
                        FIX_SPLIT,
                        sheet=ws.title,
                    )
                rows.append((n, [v.strip() or None if isinstance(v, str) else v for v in values]))
            width = max((len(r) for _, r in rows), default=0)
            out.append((ws.title, rows, [reader.col_letter(j) for j in range(width)]))
    except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds on a damaged sheet
        xlsx.corrupt(problems, file_name, exc)
        return []
    finally:
        wb.close()
    return out


def _form_sheet(name: str, rows: list[tuple[int, list]], letters: list[str]) -> FormSheet | None:
    head = next((i for i, (_, r) in enumerate(rows[:HEADER_SEARCH_ROWS]) if form.is_table_header(r)), None)
    if head is None:
        return None
    sheet = FormSheet(name)
    for n, r in rows[:head]:
        key = form.field_key(r[0]) if r else None
        if key and key not in sheet.fields:
            sheet.fields[key] = (r[1] if len(r) > 1 else None, At(name, n, letters[1] if len(letters) > 1 else "B"))
    cols = form.column_keys(rows[head][1])
    for n, r in rows[head + 1 :]:
        cells = {k: (r[j] if j < len(r) else None) for j, k in cols.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        if cells.get("indicator") is None and cells.get("value") is None:
            continue  # a group heading or a note under the table
        sheet.rows.append(TableRow({k: At(name, n, letters[j]) for j, k in cols.items()}, cells))
    return sheet
