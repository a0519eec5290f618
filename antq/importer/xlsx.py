"""Reading an untrusted XLSX within bounds: the zip is inspected part by part before any parser
sees it, then the cells are read by calamine (fastexcel) and the layout by an XML parser.

The inspection (`inspect`) streams every part through zipfile in 1 MB chunks and refuses the file
if a part declares or produces more bytes than antq.importer.limits allows, if its CRC does not
match (a part that lies about its size), if it carries a DTD (entity expansion: OOXML never uses
one), if a text run exceeds what a spreadsheet cell can hold, or if a sheet has too many rows.
Only then is the data sheet parsed, so a 1 MB file that unpacks to 1 GiB is refused in about a
second with the memory of one chunk.

Calamine trims empty leading rows and columns and does not report merged cells: the first used
cell is read by expat from the sheet's first rows, the merged ranges from its <mergeCells>
element (after the sheet data), with openpyxl's cell-reference helpers.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

from antq.importer import limits
from antq.importer.problems import ERROR, Problems
from antq.vocab.bounds import short

FIX_RESAVE = (
    "Mở tệp bằng Excel, chỉ giữ trang 'Dữ liệu' theo tệp mẫu, lưu lại dạng .xlsx rồi gửi lại; "
    "nếu số liệu nhiều, chia tệp theo tỉnh hoặc theo năm."
)
LAYOUT_ROWS = 30  # rows read for the first used cell: the header lies in the first rows


@dataclass
class SheetLayout:
    rows: int = 0  # <row> elements in the part
    first_row: int | None = None  # first row / column (0-based) holding a value
    first_col: int | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (c 0-based)


@dataclass
class Package:
    sheet_paths: dict[str, str]  # sheet name -> part path
    layouts: dict[str, SheetLayout]  # part path -> layout


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]


class _FirstCell:
    """Expat handlers that note the first cell holding a value, over the first rows only."""

    def __init__(self, layout: SheetLayout):
        self.layout, self.ref, self.done = layout, None, False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            self.ref = attrs.get("r")
        elif tag in ("v", "is") and self.ref:
            letters, row = coordinate_from_string(self.ref)
            col = column_index_from_string(letters) - 1
            lay = self.layout
            if lay.first_row is None:
                lay.first_row = row
            lay.first_col = col if lay.first_col is None else min(lay.first_col, col)
            self.done = row > lay.first_row + LAYOUT_ROWS
            self.ref = None

    def feed(self, chunk: bytes) -> None:
        step = 16 * 1024  # in slices, to stop soon after the first rows
        for i in range(0, len(chunk), step):
            if self.done:
                return
            try:
                self.parser.Parse(chunk[i : i + step], False)
            except (expat.ExpatError, ValueError):
                self.done = True  # calamine will say whether the sheet is readable


def _merges(fragment: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a <mergeCells> element (the rest of the part after it is ignored)."""
    refs: list[str] = []
    p = expat.ParserCreate()
    p.StartElementHandler = lambda name, attrs: refs.append(attrs["ref"]) if _local(name) == "mergeCell" else None
    try:
        p.Parse(b"<m>" + fragment, False)  # the fragment ends with closing tags of elements it does not open
    except expat.ExpatError:
        pass
    out = []
    for ref in refs:
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if None not in (c1, r1, c2, r2):
            out.append((r1, c1 - 1, r2, c2 - 1))
    return out


def _refuse(problems: Problems, group: str, message: str, file_name: str, fix: str = FIX_RESAVE) -> None:
    problems.add(ERROR, group, message, fix, value=file_name)


MERGE_TAIL_MAX_BYTES = 16 * limits.MIB  # of a sheet part, from its <mergeCells> on


def _has_long_text(chunk: bytes) -> bool:
    """Whether an aligned block of XML_TEXT_MAX_BYTES holds no tag: then some text run is at least
    that long (a run of twice the limit always covers a whole block). Chunks are read in multiples
    of the block size, so blocks stay aligned across chunks."""
    step = limits.XML_TEXT_MAX_BYTES
    return any(b"<" not in chunk[i : i + step] for i in range(0, len(chunk) - step + 1, step))


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, problems: Problems, file_name: str):
    """Stream one part; return its SheetLayout (worksheets), True (other parts) or None (refused)."""
    is_xml = info.filename.lower().endswith((".xml", ".rels"))
    is_sheet = info.filename.startswith("xl/worksheets/") and is_xml
    layout = SheetLayout() if is_sheet else None
    first = _FirstCell(layout) if is_sheet else None
    edge, total, tail, tail_bytes = b"", 0, None, 0  # edge: the end of the previous chunk
    with zf.open(info) as fh:
        while chunk := fh.read(limits.SCAN_CHUNK_BYTES):
            total += len(chunk)
            if total > limits.XLSX_PART_MAX_BYTES:
                _refuse(
                    problems,
                    "too_large",
                    f"Phần '{short(info.filename)}' của tệp Excel giải nén ra hơn "
                    f"{limits.mb(limits.XLSX_PART_MAX_BYTES)}, vượt giới hạn.",
                    file_name,
                )
                return None
            if not is_xml:
                continue
            joint = edge + chunk[:32]  # markers split across two chunks
            if any(m in chunk or m in joint for m in (b"<!DOCTYPE", b"<!ENTITY")):
                _refuse(
                    problems,
                    "file",
                    f"Phần '{short(info.filename)}' của tệp chứa khai báo DTD, điều mà tệp Excel không bao giờ có.",
                    file_name,
                )
                return None
            if _has_long_text(chunk):
                _refuse(
                    problems,
                    "too_large",
                    f"Tệp có một ô dài hơn {limits.XML_TEXT_MAX_BYTES // 1024} KB chữ (Excel chỉ cho phép "
                    "32.767 ký tự một ô); tệp không được đọc.",
                    file_name,
                    "Xóa nội dung quá dài (ghi chú, văn bản dán vào ô), hoặc lập lại tệp từ tệp mẫu.",
                )
                return None
            if is_sheet:
                # </row> end tags, also with a namespace prefix (</x:row>); a tag split between
                # chunks is missed here, and calamine's row count is checked again after reading
                layout.rows += chunk.count(b"row>")
                first.feed(chunk)
                if tail is None:
                    buf = edge + chunk
                    at = buf.find(b"<mergeCells")
                    at = at if at >= 0 else buf.find(b":mergeCells")
                    if at >= 0:
                        tail = [buf[buf.rfind(b"<", 0, at + 1) :]]
                        tail_bytes = len(tail[0])
                elif tail_bytes < MERGE_TAIL_MAX_BYTES:
                    tail.append(chunk)
                    tail_bytes += len(chunk)
            edge = chunk[-32:]
    if is_sheet and tail is not None:
        layout.merges = _merges(b"".join(tail))
    return layout if is_sheet else True


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part path, from the workbook and its relationships (both already inspected)."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for s in wb.iter(f"{ns_main}sheet"):
        t = (target.get(s.get(f"{ns_rel}id")) or "").lstrip("/")
        out[s.get("name")] = t if t.startswith("xl/") else f"xl/{t}"
    return out


def inspect(data: bytes, file_name: str, problems: Problems) -> Package | None:
    """Check the zip's declared and actual sizes, part by part, before anything parses it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        corrupt(problems, file_name, exc)
        return None
    declared = sum(i.file_size for i in infos)
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    if len(infos) > limits.XLSX_MAX_PARTS:
        _refuse(
            problems, "too_large", f"Tệp Excel có {len(infos)} phần, vượt giới hạn {limits.XLSX_MAX_PARTS}.", file_name
        )
        return None
    if biggest is not None and biggest.file_size > limits.XLSX_PART_MAX_BYTES:
        _refuse(
            problems,
            "too_large",
            f"Tệp Excel {limits.mb(len(data))} khi giải nén có phần '{short(biggest.filename)}' "
            f"{limits.mb(biggest.file_size)}, vượt giới hạn {limits.mb(limits.XLSX_PART_MAX_BYTES)} "
            "(tệp nén bất thường).",
            file_name,
        )
        return None
    if declared > limits.XLSX_TOTAL_MAX_BYTES:
        _refuse(
            problems,
            "too_large",
            f"Tệp Excel {limits.mb(len(data))} khi giải nén ra {limits.mb(declared)}, "
            f"vượt giới hạn {limits.mb(limits.XLSX_TOTAL_MAX_BYTES)}.",
            file_name,
        )
        return None
    layouts = {}
    try:
        for info in infos:
            res = _scan_part(zf, info, problems, file_name)
            if res is None:
                return None
            if isinstance(res, SheetLayout):
                layouts[info.filename] = res
        paths = _sheet_paths(zf)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ET.ParseError, EOFError, OSError, ValueError) as exc:
        # A part whose bytes do not match its declared size or CRC ends here, unparsed.
        corrupt(problems, file_name, exc)
        return None
    return Package(sheet_paths=paths, layouts=layouts)


def corrupt(problems: Problems, file_name: str, exc: BaseException) -> None:
    problems.add(
        ERROR,
        "file",
        f"Tệp Excel bị hỏng, không mở được ({type(exc).__name__}).",
        "Mở tệp trong Excel; nếu mở được thì lưu lại dạng .xlsx rồi gửi lại, nếu không thì lập lại từ tệp mẫu.",
        value=file_name,
    )
