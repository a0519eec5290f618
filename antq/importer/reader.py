"""From uploaded bytes to a grid of text cells with the row numbers and column letters the user
sees, or problems saying why the file cannot be read (too large, corrupt, password-protected,
legacy .xls, wrong encoding, wrong sheet names, empty).

XLSX is first inspected within bounds (antq.importer.xlsx: sizes declared and actual, part by
part, before any parser sees it), then read with calamine (fastexcel), every cell as text, so that
a value is judged by the validator, not coerced by the reader. CSV is counted before it is parsed.
Every limit lives in antq.importer.limits.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

import polars as pl

from antq.importer import limits, spec, xlsx
from antq.importer.problems import ERROR, WARNING, Problems
from antq.vocab.bounds import short

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted OOXML file is a CFB container holding these streams (MS-OFFCRYPTO 2.3.4).
ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
CSV_SHEET = "CSV"


@dataclass
class Grid:
    sheet: str
    cells: pl.DataFrame  # columns c0..cN, all String; one row per sheet row from the first used one
    rows: list[int]  # the row number the user sees for each grid row
    col_letters: list[str]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (1-based, sheet coords)
    info: dict[str, str] = field(default_factory=dict)  # the template's "Thông tin" sheet
    fmt: str = "xlsx"


def max_bytes() -> int:
    return limits.max_bytes()


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def read(data: bytes, file_name: str, problems: Problems) -> Grid | None:
    limit = max_bytes()
    if len(data) > limit:
        problems.add(
            ERROR,
            "too_large",
            f"Tệp {limits.mb(len(data))}, vượt giới hạn {limits.mb(limit)} (ANTQ_IMPORT_MAX_MB).",
            "Chia tệp theo tỉnh hoặc theo năm, hoặc xóa các trang tính không cần thiết rồi gửi lại.",
            value=file_name,
        )
        return None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        problems.add(ERROR, "empty", "Tệp rỗng.", "Điền số liệu vào tệp mẫu rồi gửi lại.", value=file_name)
        return None
    lower = file_name.lower()
    if data.startswith(CFB_MAGIC):
        if any(s in data for s in ENCRYPTION_STREAMS):
            problems.add(
                ERROR,
                "file",
                "Tệp Excel được đặt mật khẩu (mã hóa) nên không đọc được.",
                "Mở tệp trong Excel, vào Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, "
                "xóa mật khẩu, lưu lại rồi gửi.",
                value=file_name,
            )
        else:
            problems.add(
                ERROR,
                "file",
                "Tệp ở định dạng Excel 97-2003 (.xls), chưa được hỗ trợ.",
                "Mở tệp trong Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx).",
                value=file_name,
            )
        return None
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, file_name, problems)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        problems.add(
            ERROR,
            "file",
            "Tệp không phải là tệp Excel hợp lệ (có thể bị hỏng hoặc chỉ đổi đuôi tên).",
            "Mở tệp gốc trong Excel, lưu lại dạng .xlsx rồi gửi lại; hoặc dùng tệp mẫu.",
            value=file_name,
        )
        return None
    return _read_csv(data, file_name, problems)


# ---------------------------------------------------------------------------------------- XLSX
def _too_many_rows(problems: Problems, n: int, sheet: str | None) -> None:
    problems.add(
        ERROR,
        "too_large",
        f"Trang có {n:,} dòng, vượt giới hạn {limits.MAX_ROWS:,} dòng một tệp.".replace(",", "."),
        "Chia tệp theo tỉnh hoặc theo năm rồi gửi từng tệp.",
        sheet=sheet,
    )


def _read_xlsx(data: bytes, file_name: str, problems: Problems) -> Grid | None:
    import fastexcel

    package = xlsx.inspect(data, file_name, problems)
    if package is None:
        return None
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except Exception as exc:  # noqa: BLE001 -- any failure to open means a corrupt file
        xlsx.corrupt(problems, file_name, exc)
        return None
    info = _read_info(reader, names)
    sheet = _data_sheet(names, problems)
    if sheet is None:
        return None
    layout = package.layouts.get(package.sheet_paths.get(sheet, ""), xlsx.SheetLayout())
    if layout.rows > limits.MAX_ROWS + 1:
        _too_many_rows(problems, layout.rows, sheet)
        return None
    try:
        cells = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # noqa: BLE001
        problems.add(
            ERROR,
            "file",
            f"Không đọc được trang '{short(sheet)}' ({type(exc).__name__}).",
            "Lưu lại tệp bằng Excel dạng .xlsx rồi gửi lại.",
            sheet=sheet,
        )
        return None
    if cells.height > limits.MAX_ROWS + 1:
        _too_many_rows(problems, cells.height, sheet)
        return None
    if cells.width > limits.MAX_COLUMNS:
        problems.add(
            ERROR,
            "too_large",
            f"Trang có {cells.width} cột, vượt giới hạn {limits.MAX_COLUMNS} cột.",
            "Xóa các cột không thuộc tệp mẫu rồi gửi lại.",
            sheet=sheet,
        )
        return None
    first_row, first_col = layout.first_row or 1, layout.first_col or 0
    cells = cells.rename({c: f"c{i}" for i, c in enumerate(cells.columns)})
    cells = cells.with_columns(pl.all().cast(pl.String))
    return Grid(
        sheet=sheet,
        cells=cells,
        rows=list(range(first_row, first_row + cells.height)),
        col_letters=[col_letter(first_col + i) for i in range(cells.width)],
        merges=layout.merges,
        info=info,
    )


def _data_sheet(names: list[str], problems: Problems) -> str | None:
    """The sheet holding the data: 'Dữ liệu', or the only sheet of a one-sheet workbook."""
    if spec.DATA_SHEET in names:
        return spec.DATA_SHEET
    others = [n for n in names if n not in (spec.UNITS_SHEET, spec.INFO_SHEET, spec.HELP_SHEET, spec.LISTS_SHEET)]
    if len(others) == 1 and len(names) == 1:
        sheet = others[0]
        problems.add(
            WARNING,
            "sheet",
            f"Không có trang '{spec.DATA_SHEET}'; đã đọc trang duy nhất '{short(sheet)}'.",
            f"Nên đổi tên trang chứa số liệu thành '{spec.DATA_SHEET}' như tệp mẫu.",
            sheet=sheet,
        )
        return sheet
    listed = ", ".join(f"'{short(n)}'" for n in names[:20])
    if len(names) > 20:
        listed += f" và {len(names) - 20} trang khác"
    problems.add(
        ERROR,
        "sheet",
        f"Không tìm thấy trang '{spec.DATA_SHEET}'. Tệp có các trang: {listed}.",
        f"Đổi tên trang chứa số liệu thành '{spec.DATA_SHEET}' (đúng chính tả, có dấu) rồi gửi lại.",
    )
    return None


def _read_info(reader, names: list[str]) -> dict[str, str]:
    """The template's key/value sheet: first column keys, second values."""
    if spec.INFO_SHEET not in names:
        return {}
    try:
        df = reader.load_sheet(spec.INFO_SHEET, header_row=None, dtypes="string").to_polars()
    except Exception:  # noqa: BLE001 -- the sheet is a help, not a requirement
        return {}
    out = {}
    if df.width >= 2:
        for k, v in df.select(df.columns[:2]).iter_rows():
            if k and v:
                out[spec.fold(k)] = str(v).strip()
    return out


# ---------------------------------------------------------------------------------------- CSV
def _looks_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:4000]
    return len(head) >= 4 and head.count(b"\x00") > len(head) // 4


# Bytes typical of each legacy Vietnamese encoding. Windows-1258 writes tones as combining marks
# after the vowel (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below); TCVN3 (ABC)
# has one byte per toned letter, with ă â ê ô ơ ư đ at 0xA8-0xAE.
_CP1258_VOWEL = set(b"aeiouyAEIOUY") | {0xE2, 0xEA, 0xF4, 0xE3, 0xF5, 0xFD, 0xC2, 0xCA, 0xD4, 0xC3, 0xD5, 0xDD}
_CP1258_MARKS = {0xCC, 0xEC, 0xD2, 0xDE, 0xF2}


def guess_legacy(data: bytes) -> str:
    cp = sum(1 for a, b in zip(data, data[1:]) if b in _CP1258_MARKS and a in _CP1258_VOWEL)
    tc = sum(1 for b in data if 0xA8 <= b <= 0xAE or 0xB5 <= b <= 0xBE)
    if cp == 0 and tc == 0:
        return "Windows-1252/Latin-1"
    return "Windows-1258" if cp >= tc / 4 else "TCVN3 (ABC)"


def _records(text: str) -> int:
    """Records of a CSV whose line count is over the limit (quoted fields may span lines)."""
    return sum(1 for _ in csv.reader(io.StringIO(text, newline="")))


def _read_csv(data: bytes, file_name: str, problems: Problems) -> Grid | None:
    fix = (
        "Mở tệp trong Excel và chọn Lưu thành > 'CSV UTF-8 (Comma delimited) (*.csv)'; "
        "hoặc gửi tệp Excel (.xlsx) theo mẫu."
    )
    if _looks_utf16(data):
        problems.add(
            ERROR, "encoding", "Tệp CSV được mã hóa UTF-16 (Unicode 16 bit), không phải UTF-8.", fix, value=file_name
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        enc = guess_legacy(data)
        problems.add(
            ERROR,
            "encoding",
            f"Tệp CSV không phải UTF-8 (byte lạ ở vị trí {exc.start}); có vẻ là bảng mã {enc}. "
            "Đọc tiếp sẽ làm sai chữ tiếng Việt nên tệp không được nhập.",
            fix,
            value=file_name,
        )
        return None
    if "\x00" in text:
        problems.add(ERROR, "file", "Tệp chứa ký tự NUL, không phải tệp CSV văn bản.", fix, value=file_name)
        return None
    n_lines = text.count("\n") + 1
    if n_lines > limits.MAX_ROWS + 1 and _records(text) > limits.MAX_ROWS + 1:
        _too_many_rows(problems, n_lines, CSV_SHEET)
        return None
    first = next((ln for ln in text[: 1 << 16].splitlines() if ln.strip()), "")
    delim = max((",", ";", "\t"), key=first.count)
    rows: list[list[str]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    last = 0
    try:
        for rec in reader:
            numbers.append(last + 1)  # a record starts on the line after the previous one ended
            last = reader.line_num
            rows.append(rec)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            problems.add(
                ERROR,
                "too_large",
                f"Tệp CSV có một ô dài hơn {limits.count(csv.field_size_limit())} ký tự ở dòng "
                f"{reader.line_num + 1}; tệp không được đọc.",
                "Xóa nội dung quá dài (ghi chú, văn bản dán vào ô), hoặc lập lại tệp từ tệp mẫu.",
                row=reader.line_num + 1,
            )
            return None
        # the csv module's own words name the fault (a quote left open...); no Python repr in them
        problems.add(ERROR, "file", f"Tệp CSV sai cấu trúc ở dòng {reader.line_num}: {exc}.", fix, row=reader.line_num)
        return None
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        problems.add(ERROR, "empty", "Tệp không có dòng nào.", "Điền số liệu vào tệp mẫu rồi gửi lại.", value=file_name)
        return None
    cols = {f"c{j}": [(r[j].strip() or None) if j < len(r) else None for r in rows] for j in range(width)}
    cells = pl.DataFrame(cols, schema={f"c{j}": pl.String for j in range(width)})
    return Grid(
        sheet=CSV_SHEET, cells=cells, rows=numbers, col_letters=[col_letter(j) for j in range(width)], fmt="csv"
    )
