"""Hostile documents and report forms for the tests (issue 23, finding 3): each is small on disk and
costly to read; generated here, never stored. Also `probe`, which reads one of them in a fresh
Python process through the function a page or the CLI uses, and reports the wall time, the growth
of the process's peak memory and what the user is told."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from .. import report_forms

MIB = 1024 * 1024

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_shell(z: zipfile.ZipFile) -> None:
    z.writestr("[Content_Types].xml", _CT)
    z.writestr("_rels/.rels", _RELS)


def docx_paragraphs(path: Path, mib: int = 1024) -> Path:
    """A DOCX whose document part holds `mib` MiB of short paragraphs (1 GiB in about 4 MB)."""
    para = "<w:p><w:r><w:t>Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc.</w:t></w:r></w:p>".encode()
    block = para * (MIB // len(para))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _docx_shell(z)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'.encode())
            for _ in range(mib):
                f.write(block)
            f.write(b"</w:body></w:document>")
    return path


def docx_entities(path: Path) -> Path:
    """A DOCX whose document part declares nested entities ("billion laughs")."""
    ents = '<!ENTITY a0 "AAAAAAAAAA">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _docx_shell(z)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><!DOCTYPE w:document [{ents}]><w:document {_W}><w:body>'
            "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>",
        )
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from its numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_shared_stream(path: Path, pages: int = 100_000, per_node: int = 1_000) -> Path:
    """A PDF of `pages` pages that all draw the same content stream (16 MB on disk): a two-level
    page tree, so no array is longer than pypdf's own limit of 100,000 elements."""
    lines = b"".join(b"BT /F1 10 Tf 50 %d Td (Ngay hoi toan dan bao ve an ninh To quoc nam 2024) Tj ET\n" % y
                     for y in range(50, 800, 12))  # fmt: skip
    nodes = -(-pages // per_node)
    first_node, first_page = 5, 5 + nodes
    node_kids = b" ".join(b"%d 0 R" % (first_node + i) for i in range(nodes))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, node_kids),
        b"<< /Length %d >>\nstream\n" % len(lines) + lines + b"\nendstream",
        _FONT,
    ]
    for n in range(nodes):
        kids = range(n * per_node, min(pages, (n + 1) * per_node))
        objects.append(
            b"<< /Type /Pages /Parent 2 0 R /Count %d /Kids [%s] >>"
            % (len(kids), b" ".join(b"%d 0 R" % (first_page + i) for i in kids))
        )
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % (first_node + i // per_node)
        )
    path.write_bytes(_pdf(objects))
    return path


def pdf_flate_bomb(path: Path, mib: int = 1024) -> Path:
    """A one-page PDF whose content stream inflates to `mib` MiB (about 1 MB on disk)."""
    comp = zlib.compressobj(9)
    chunk = b"BT /F1 10 Tf 50 700 Td (Ngay hoi toan dan) Tj ET\n" * (MIB // 50)
    body = b"".join(comp.compress(chunk) for _ in range(mib)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [5 0 R] >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
    ]
    path.write_bytes(_pdf(objects))
    return path


def long_text(path: Path, mib: int = 19) -> Path:
    """A plain-text file of `mib` MiB of ordinary report sentences (with figures and dates)."""
    line = (
        "Ngày 25/8/2024, Công an tỉnh tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc tại 120 điểm, "
        "thu hút trên 5.800 lượt người tham gia, trao 1.200 suất quà trị giá 1,5 tỷ đồng.\n"
    ).encode()
    path.write_bytes(line * (mib * MIB // len(line)))
    return path


def short_lines(path: Path, lines: int = 50_000) -> Path:
    """A 100 KB text file of one-word lines: the extraction's time grows with their square."""
    path.write_text("x\n" * lines, encoding="utf-8")
    return path


def _cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def form_many_sheets(path: Path, sheets: int = 70, rows: int = 1_300, cols: int = 200) -> Path:
    """An XLSX report form of `sheets` form-like sheets, each `rows` x `cols` cells of numbers under
    the form's table header: 290 MB of XML, within the XLSX limits, in about 2 MB on disk."""
    from antq.reports import form

    header = "".join(_cell(f"{_col(j)}1", h) for j, h in enumerate(form.COLUMNS.values()))
    body = "".join(
        f'<row r="{r}">' + "<c><v>7</v></c>" * cols + "</row>"  # cells without a reference: the next column
        for r in range(2, rows + 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{header}</row>{body}</sheetData></worksheet>'
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, sheets + 1)
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets>'
            + "".join(f'<sheet name="Báo cáo {i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, sheets + 1)
            )
            + "</Relationships>",
        )
        for i in range(1, sheets + 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return path


def form_csv(path: Path, year: int = 2024, province: str = "56", value: str = "4.321", note: str = "") -> Path:
    """The template's CSV report form with one participants figure and its note."""
    data, _ = report_forms.csv_form(year, province, {"fest_participants": value}, {"Ngày báo cáo": f"28/08/{year}"})
    if note:
        text = data.decode("utf-8-sig").splitlines()
        text = [
            line + note if line.startswith("fest_participants,") else line for line in text
        ]  # the note is the row's last column
        data = "\ufeff".encode() + ("\r\n".join(text) + "\r\n").encode()
    path.write_bytes(data)
    return path


PROBE = r"""
import json, resource, sys, time, traceback
from pathlib import Path
what, path = sys.argv[1], Path(sys.argv[2])
data = path.read_bytes()
if what == "document":
    from antq.documents import registry
    from antq.documents.readers import DocumentError
else:
    from antq.reports import form, load
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
base, t0 = peak(), time.monotonic()
out = {"refused": False, "messages": [], "traceback": None}
try:
    if what == "document":
        try:
            registry.intake(data, path.name)
        except DocumentError as exc:
            out["refused"], out["messages"] = True, [str(exc)]
    else:
        form.looks_like_report(data)
        plan = load.prepare(data, path.name)
        errs = plan.problems.frame()
        errs = errs.filter(errs["severity"] == "error") if errs.height else errs
        out["refused"] = not plan.ok
        out["messages"] = [f"{m} {f}" for m, f in zip(errs["message"], errs["fix"])] if errs.height else []
except BaseException:
    out["traceback"] = traceback.format_exc()
out["seconds"], out["growth_mb"] = time.monotonic() - t0, peak() - base
print(json.dumps(out, ensure_ascii=False))
"""


def _cap_memory() -> None:
    import resource

    # a safety net for the machine, far above what the test allows: a bomb read without bounds
    # ends in MemoryError (a traceback, so a failure) instead of taking the machine's memory
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 * MIB, 3 * 1024 * MIB))


def probe(what: str, path: Path, timeout: float = 60) -> dict:
    """Read `path` as a document ("document") or a report form ("form") in a fresh process, as the
    page does; {refused, messages, traceback, seconds, growth_mb}. A run past `timeout` counts as
    not refused, with its wall time."""
    repo = Path(__file__).resolve().parents[2]
    try:
        p = subprocess.run(
            [sys.executable, "-c", PROBE, what, str(path)],
            capture_output=True,
            text=True,
            cwd=repo,
            env=os.environ | {"PYTHONPATH": str(repo)},
            timeout=timeout,
            preexec_fn=_cap_memory,
        )
    except subprocess.TimeoutExpired:
        return {"refused": False, "messages": [], "traceback": None, "seconds": timeout, "growth_mb": None}
    if p.returncode or not p.stdout.strip():
        return {"refused": False, "messages": [], "traceback": p.stderr[-3000:], "seconds": None, "growth_mb": None}
    return json.loads(p.stdout.strip().splitlines()[-1])
