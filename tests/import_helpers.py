"""Files for the importer tests: XLSX and CSV built cell by cell, plausible rows, and per-table
checksums to prove a rejected file left the database as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from antq.importer import spec
from antq.importer.template import units_frame

DATA_TABLES = (
    "festival_point",
    "commendation",
    "model",
    "model_year",
    "exemplar",
    "data_source",
    "admin_unit",
    "festival_period",
    "province_crosswalk",
    "commune_crosswalk",
    "db_meta",
)


def checksums(path: Path) -> dict[str, tuple]:
    """count and content hash of every data table (not the audit log, which records attempts)."""
    with duckdb.connect(str(path), read_only=True) as c:
        return {t: tuple(c.execute(f"SELECT count(*), sum(hash(t)) FROM {t} AS t").fetchall()[0]) for t in DATA_TABLES}


def audit_rows(path: Path) -> list[dict]:
    with duckdb.connect(str(path), read_only=True) as c:
        cur = c.cursor()
        return cur.sql("SELECT * FROM import_audit ORDER BY attempt_id").pl().to_dicts()


def labels(kind: str) -> list[str]:
    return [c.label for c in spec.COLUMNS[kind]]


def communes(province: str, system: int) -> pl.DataFrame:
    u = units_frame(province, system)
    return u.filter(pl.col("Cấp") == "Xã")


def festival_row(
    code,
    name=None,
    *,
    year=2024,
    day=dt.date(2024, 8, 10),
    venue="Cơ quan",
    venue_name="Thôn 1",
    pilot="Không",
    participants=200,
    households=80,
    gifts=3,
    gift_value=1_500_000,
    budget=10_000_000,
):
    return [
        year,
        code,
        name,
        day,
        venue,
        venue_name,
        pilot,
        participants,
        households,
        "Có",
        "Có",
        "Không",
        "Có",
        gifts,
        gift_value,
        budget,
    ]


def xlsx(
    rows: list[list],
    header: list[str] | None = None,
    *,
    sheet: str = spec.DATA_SHEET,
    info: dict | None = None,
    merges: list[tuple[int, int, int, int, str]] = (),
    above: list[list] = (),
    extra_sheets: tuple[str, ...] = (),
    start_col: int = 0,
) -> bytes:
    """A workbook as a user's Excel would save it: dates as date cells, numbers as numbers."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet(sheet)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    r = 0
    for line in above:
        for j, v in enumerate(line):
            if v is not None:
                ws.write(r, start_col + j, v)
        r += 1
    for fr, fc, lr, lc, text in merges:
        ws.merge_range(fr, fc, lr, lc, text)
    if header is not None:
        for j, v in enumerate(header):
            if v is not None:
                ws.write_string(r, start_col + j, v)
        r += 1
    for line in rows:
        for j, v in enumerate(line):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(r, start_col + j, dt.datetime.combine(v, dt.time()), date_fmt)
            elif isinstance(v, str):
                ws.write_string(r, start_col + j, v)
            else:
                ws.write_number(r, start_col + j, v)
        r += 1
    for name in extra_sheets:
        wb.add_worksheet(name)
    if info:
        ws2 = wb.add_worksheet(spec.INFO_SHEET)
        for i, (k, v) in enumerate(info.items()):
            ws2.write_string(i, 0, k)
            ws2.write_string(i, 1, str(v))
    wb.close()
    return buf.getvalue()


def csv_text(rows: list[list], header: list[str] | None, delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        w.writerow(header)
    for line in rows:
        w.writerow(["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v) for v in line])
    return buf.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letter, then the tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = next(m for m in d if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", d.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


# TCVN3 (ABC): one byte per Vietnamese lower-case letter (upper case used separate fonts).
_TCVN3_ORDER = (
    "ă",
    0xA8,
    "â",
    0xA9,
    "ê",
    0xAA,
    "ô",
    0xAB,
    "ơ",
    0xAC,
    "ư",
    0xAD,
    "đ",
    0xAE,
    "Đ",
    0xA7,
    "à",
    0xB5,
    "ả",
    0xB6,
    "ã",
    0xB7,
    "á",
    0xB8,
    "ạ",
    0xB9,
    "ằ",
    0xBB,
    "ẳ",
    0xBC,
    "ẵ",
    0xBD,
    "ắ",
    0xBE,
    "ặ",
    0xC6,
    "ầ",
    0xC7,
    "ẩ",
    0xC8,
    "ẫ",
    0xC9,
    "ấ",
    0xCA,
    "ậ",
    0xCB,
    "è",
    0xCC,
    "ẻ",
    0xCE,
    "ẽ",
    0xCF,
    "é",
    0xD0,
    "ẹ",
    0xD1,
    "ề",
    0xD2,
    "ể",
    0xD3,
    "ễ",
    0xD4,
    "ế",
    0xD5,
    "ệ",
    0xD6,
    "ì",
    0xD7,
    "ỉ",
    0xD8,
    "ĩ",
    0xDC,
    "í",
    0xDD,
    "ị",
    0xDE,
    "ò",
    0xDF,
    "ỏ",
    0xE1,
    "õ",
    0xE2,
    "ó",
    0xE3,
    "ọ",
    0xE4,
    "ồ",
    0xE5,
    "ổ",
    0xE6,
    "ỗ",
    0xE7,
    "ố",
    0xE8,
    "ộ",
    0xE9,
    "ờ",
    0xEA,
    "ở",
    0xEB,
    "ỡ",
    0xEC,
    "ớ",
    0xED,
    "ợ",
    0xEE,
    "ù",
    0xEF,
    "ủ",
    0xF1,
    "ũ",
    0xF2,
    "ú",
    0xF3,
    "ụ",
    0xF4,
    "ừ",
    0xF5,
    "ử",
    0xF6,
    "ữ",
    0xF7,
    "ứ",
    0xF8,
    "ự",
    0xF9,
    "ỳ",
    0xFA,
    "ỷ",
    0xFB,
    "ỹ",
    0xFC,
    "ý",
    0xFD,
    "ỵ",
    0xFE,
)
TCVN3 = dict(zip(_TCVN3_ORDER[::2], _TCVN3_ORDER[1::2]))


def tcvn3(text: str) -> bytes:
    return bytes(
        TCVN3.get(ch.lower(), TCVN3.get(ch, ord(ch) if ord(ch) < 128 else 0x3F))
        for ch in unicodedata.normalize("NFC", text)
    )


# ------------------------------------------------------------------------ hostile files
def _ooxml_shell(z, sheet_xml: str) -> None:
    z.writestr(
        "[Content_Types].xml",
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    z.writestr(
        "_rels/.rels",
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    z.writestr(
        "xl/workbook.xml",
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        f'<sheet name="{spec.DATA_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    z.writestr(
        "xl/_rels/workbook.xml.rels",
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    )
    z.writestr("xl/worksheets/sheet1.xml", sheet_xml)


def _sheet(header: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{h}</t></is></c>' for j, h in enumerate(header[:26]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData><row r="1">{cells}</row><row r="2"><c r="A2"><v>2024</v></c><c r="B2" t="s">'
        "<v>0</v></c></row></sheetData></worksheet>"
    )


def shared_string_bomb(path: Path, mib: int, header: list[str]) -> Path:
    """An XLSX whose one shared string unpacks to `mib` MiB of 'A' (small on disk: deflate)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        _ooxml_shell(z, _sheet(header))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            )
            chunk = b"A" * (1 << 20)
            for _ in range(mib):
                f.write(chunk)
            f.write(b"</t></si></sst>")
    return path


def entity_bomb(path: Path, header: list[str]) -> Path:
    """An XLSX whose shared strings declare nested entities ("billion laughs")."""
    import zipfile

    ents = '<!ENTITY a0 "AAAAAAAAAA">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _ooxml_shell(z, _sheet(header))
        z.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0"?><!DOCTYPE sst [{ents}]><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><si><t>&a9;</t></si></sst>',
        )
    return path


def lying_zip(path: Path, header: list[str], mib: int = 64) -> Path:
    """An XLSX whose shared-strings part says it holds 1 KB but unpacks to `mib` MiB: the size in
    the zip's central directory and local header is rewritten after writing."""
    import struct
    import zipfile

    shared_string_bomb(path, mib, header)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/sharedStrings.xml")
    name = b"xl/sharedStrings.xml"
    for sig, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(sig)
        while at >= 0:
            n_len = struct.unpack_from("<H", data, at + (28 if sig == b"PK\x01\x02" else 26))[0]
            start = at + (46 if sig == b"PK\x01\x02" else 30)
            if bytes(data[start : start + n_len]) == name:
                # zip64 entries keep the real size in an extra field: point the 32-bit one at 1 KB and
                # rewrite the 64-bit one too
                struct.pack_into("<I", data, at + size_at, 1024)
                extra_at = start + n_len
                e_len = struct.unpack_from("<H", data, at + (30 if sig == b"PK\x01\x02" else 28))[0]
                i = extra_at
                while i < extra_at + e_len:
                    tag, ln = struct.unpack_from("<HH", data, i)
                    if tag == 1:
                        struct.pack_into("<Q", data, i + 4, 1024)
                    i += 4 + ln
            at = data.find(sig, at + 4)
    assert info.file_size > mib << 20  # written as a real bomb
    path.write_bytes(bytes(data))
    return path


def cli(*args, db_path, archive, env=None, timeout=180) -> subprocess.CompletedProcess:
    """`python -m antq ARGS` as a user runs it, on the database and archive given."""
    e = os.environ | {"ANTQ_DB": str(db_path), "ANTQ_ARCHIVE_DIR": str(archive)} | (env or {})
    repo = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=e, cwd=repo, timeout=timeout
    )
