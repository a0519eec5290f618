"""The text of a document file: DOCX (python-docx), PDF text layer (pypdf) or plain text.

Every reader returns plain text with one paragraph per line, so the same document gives the same
extraction whatever its format. A file that cannot be read raises DocumentError with a Vietnamese
message saying what is wrong and what to do; no parser's own exception reaches the user.

Within the reading limits of antq.importer.limits, like the importer's XLSX: a DOCX's zip is
inspected part by part (sizes, CRCs, DTDs, XML elements, characters) before python-docx parses it;
a PDF's page tree is counted before pypdf flattens it, its streams inflate to a bounded size, and
its text is read page by page; the text is at most DOC_TEXT_MAX_CHARS characters in DOC_MAX_LINES
lines (the extraction's time grows faster than either); and the whole
read stops at READ_SECONDS, checked between pages and paragraphs.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from xml.parsers import expat

from antq.importer import limits
from antq.vocab.bounds import short

FORMATS = {".docx": "docx", ".pdf": "pdf", ".txt": "text", ".md": "text"}
ACCEPTED = tuple(FORMATS)


class DocumentError(ValueError):
    """A document the user gave cannot be read; the message is for the user."""


def kind_of(file_name: str, data: bytes) -> str:
    ext = Path(file_name).suffix.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if ext in FORMATS:
        return FORMATS[ext]
    raise DocumentError(
        f"Tệp {file_name}: định dạng không hỗ trợ. Chỉ nhận văn bản DOCX, PDF (có lớp chữ) hoặc văn bản thuần (.txt)."
    )


def _too_long(file_name: str) -> DocumentError:
    return DocumentError(
        f"Tệp {file_name}: văn bản dài hơn {limits.count(limits.DOC_TEXT_MAX_CHARS)} ký tự, vượt giới hạn "
        "một văn bản được đọc; hãy tách văn bản (mỗi kế hoạch, báo cáo một tệp) rồi gửi lại."
    )


def _too_many_lines(file_name: str) -> DocumentError:
    return DocumentError(
        f"Tệp {file_name}: văn bản có hơn {limits.count(limits.DOC_MAX_LINES)} đoạn (dòng), vượt giới hạn "
        "một văn bản được đọc; hãy tách văn bản (mỗi kế hoạch, báo cáo một tệp) rồi gửi lại."
    )


def _too_slow(file_name: str, budget: limits.Budget) -> DocumentError:
    return DocumentError(
        f"Tệp {file_name}: đọc quá {budget.label()} chưa xong, vượt giới hạn thời gian đọc một văn bản; "
        "tệp không được đọc. Hãy lưu lại bằng Word (hoặc xuất lại PDF) rồi gửi lại."
    )


def _zip_refused(file_name: str, why: str) -> DocumentError:
    return DocumentError(f"Tệp {file_name}: {why}. Hãy mở bằng Word, lưu lại dạng .docx rồi gửi lại.")


class _XmlCount:
    """Expat over one XML part, chunk by chunk: refuses a DTD (entity expansion; Word never writes
    one) and counts elements and characters of text, so the part is refused before python-docx
    builds a tree of it."""

    def __init__(self, file_name: str, part: str, seen: list[int]):
        self.file_name, self.part, self.seen = file_name, part, seen  # [elements, characters, paragraphs]
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._element
        self.parser.CharacterDataHandler = self._text

    def _doctype(self, *_):
        raise _zip_refused(
            self.file_name, f"phần '{short(self.part)}' chứa khai báo DTD, điều tệp Word không bao giờ có"
        )

    def _element(self, name, _attrs):
        self.seen[0] += 1
        if name.rsplit(":", 1)[-1] == "p":  # a paragraph (Word's w:p, or a:p in a text box)
            self.seen[2] += 1
            if self.seen[2] > limits.DOC_MAX_LINES:
                raise _too_many_lines(self.file_name)
        if self.seen[0] > limits.DOC_XML_ELEMENTS_MAX:
            raise _zip_refused(
                self.file_name,
                f"tệp có hơn {limits.count(limits.DOC_XML_ELEMENTS_MAX)} phần tử XML, vượt giới hạn "
                "(tệp bất thường hoặc văn bản quá dài)",
            )

    def _text(self, data):
        self.seen[1] += len(data)
        if self.seen[1] > limits.DOC_TEXT_MAX_CHARS * 2:  # runs, field codes and tables included
            raise _too_long(self.file_name)

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)


def _check_docx(data: bytes, file_name: str, budget: limits.Budget) -> None:
    """The DOCX's zip inspected part by part before python-docx (which loads every part and parses
    every XML part whole) sees it: declared and actual sizes, CRCs, DTDs, elements and text."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _zip_refused(file_name, "không phải tệp DOCX hợp lệ (tệp nén bị hỏng)") from None
    if len(infos) > limits.DOC_PARTS_MAX:
        raise _zip_refused(file_name, f"tệp có {limits.count(len(infos))} phần, vượt giới hạn {limits.DOC_PARTS_MAX}")
    declared = sum(i.file_size for i in infos)
    xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
    biggest = max(xml, key=lambda i: i.file_size, default=None)
    if biggest is not None and biggest.file_size > limits.DOC_XML_PART_MAX_BYTES:
        raise _zip_refused(
            file_name,
            f"khi giải nén, phần '{short(biggest.filename)}' {limits.mb(biggest.file_size)}, vượt giới hạn "
            f"{limits.mb(limits.DOC_XML_PART_MAX_BYTES)} (tệp nén bất thường)",
        )
    if declared > limits.DOC_TOTAL_MAX_BYTES:
        raise _zip_refused(
            file_name,
            f"khi giải nén ra {limits.mb(declared)}, vượt giới hạn {limits.mb(limits.DOC_TOTAL_MAX_BYTES)}",
        )
    seen, total = [0, 0, 0], 0
    try:
        for info in infos:
            is_xml = info in xml
            counter = _XmlCount(file_name, info.filename, seen) if is_xml else None
            size = 0
            with zf.open(info) as fh:
                while chunk := fh.read(limits.SCAN_CHUNK_BYTES):
                    size += len(chunk)
                    total += len(chunk)
                    if (is_xml and size > limits.DOC_XML_PART_MAX_BYTES) or total > limits.DOC_TOTAL_MAX_BYTES:
                        raise _zip_refused(file_name, "khi giải nén ra nhiều hơn kích thước tệp tự khai, vượt giới hạn")
                    if counter is not None:
                        counter.feed(chunk)
                    if budget.spent():
                        raise _too_slow(file_name, budget)
            if counter is not None:
                counter.feed(b"", True)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, expat.ExpatError):
        # a part whose bytes do not match its declared size or CRC, or XML that is not well formed
        raise _zip_refused(file_name, "không phải tệp DOCX hợp lệ (có phần bị hỏng)") from None


def _docx(data: bytes, file_name: str, budget: limits.Budget) -> str:
    import docx

    _check_docx(data, file_name, budget)
    try:
        d = docx.Document(io.BytesIO(data))
        lines, length = [], 0
        for i, p in enumerate(d.paragraphs):
            lines.append(p.text)
            length += len(lines[-1]) + 1
            if i % 500 == 0 and (budget.spent() or length > limits.DOC_TEXT_MAX_CHARS):
                raise _too_slow(file_name, budget) if budget.spent() else _too_long(file_name)
        for table in d.tables:  # signature blocks and recipient lists often sit in tables
            for row in table.rows:
                lines.append(" | ".join(c.text for c in row.cells))
                length += len(lines[-1]) + 1
                if budget.spent() or length > limits.DOC_TEXT_MAX_CHARS:
                    raise _too_slow(file_name, budget) if budget.spent() else _too_long(file_name)
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 -- python-docx raises many kinds; each means "not a Word document"
        # the exception's text is not shown: python-docx's name the stream object (a Python repr)
        raise DocumentError(
            f"Tệp {file_name} không phải tệp DOCX hợp lệ (thiếu hoặc sai phần nội dung của Word). "
            "Hãy mở bằng Word, lưu lại dạng .docx rồi gửi lại."
        ) from None
    return "\n".join(lines)


def _count_pages(reader, file_name: str) -> int:
    """Leaves of the page tree, walked without pypdf's flattening (which builds every page of a
    100,000-page file first), stopping past DOC_MAX_PAGES; /Count can lie, the tree cannot."""
    seen: set[int] = set()
    pages = 0
    stack = [reader.trailer["/Root"]["/Pages"]]
    while stack:
        node = stack.pop()
        ref = getattr(node, "idnum", None)
        node = node.get_object()
        if ref is not None:
            if ref in seen:
                continue  # a loop in the tree
            seen.add(ref)
        kids = node.get("/Kids") if hasattr(node, "get") else None
        if kids is None:
            pages += 1
            if pages > limits.DOC_MAX_PAGES:
                break
        else:
            stack.extend(reversed(list(kids)))
    return pages


def _pdf(data: bytes, file_name: str, budget: limits.Budget) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    cap = limits.PDF_STREAM_MAX_BYTES
    pages = []
    try:
        with apply_configuration(
            zlib_maximum_output_length=cap,
            lzw_maximum_output_length=cap,
            run_length_maximum_output_length=cap,
            array_based_stream_maximum_output_length=cap,
            brotli_maximum_output_length=cap,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise DocumentError(f"Tệp {file_name} được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại.")
            if _count_pages(reader, file_name) > limits.DOC_MAX_PAGES:
                raise DocumentError(
                    f"Tệp {file_name} có hơn {limits.count(limits.DOC_MAX_PAGES)} trang, vượt giới hạn một văn bản "
                    "được đọc; hãy tách văn bản rồi gửi lại."
                )
            length = 0
            for page in reader.pages:
                if budget.spent():
                    raise _too_slow(file_name, budget)
                pages.append(page.extract_text() or "")
                length += len(pages[-1])
                if length > limits.DOC_TEXT_MAX_CHARS:
                    raise _too_long(file_name)
    except DocumentError:
        raise
    except LimitReachedError as exc:
        what = (
            f"có một luồng nén khi giải nén ra hơn {limits.mb(cap)}"
            if "decompress" in str(exc).lower()
            else "có cấu trúc quá lớn (danh sách trang, mảng hoặc luồng dữ liệu)"
        )
        raise DocumentError(
            f"Tệp {file_name} {what}, vượt giới hạn đọc một văn bản (tệp bất thường); tệp không được đọc. "
            "Hãy xuất lại PDF từ Word rồi gửi lại."
        ) from None
    except Exception:  # noqa: BLE001 -- pypdf raises many kinds on a damaged file; none is for the user
        raise DocumentError(
            f"Tệp {file_name} không phải tệp PDF đọc được (tệp bị hỏng hoặc sai cấu trúc). "
            "Hãy xuất lại PDF từ Word rồi gửi lại."
        ) from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise DocumentError(
            f"Tệp {file_name} không có lớp chữ (có lẽ là ảnh chụp, bản quét). "
            "Hãy gửi bản DOCX hoặc PDF xuất từ Word; bản quét cần nhận dạng chữ (OCR) trước."
        )
    return text


def _plain(data: bytes, file_name: str, budget: limits.Budget) -> str:
    # UTF-16 only with its byte-order mark: any even number of bytes decodes as UTF-16, so trying
    # it on a Windows-1258 file gave Chinese-looking garbage instead of the legacy fallback
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(text) > limits.DOC_TEXT_MAX_CHARS:
            raise _too_long(file_name)
        return text
    raise DocumentError(f"Tệp {file_name}: không đọc được bảng mã chữ; hãy lưu lại dạng UTF-8.")


def normalise(text: str) -> str:
    """NFC, no Markdown emphasis, no trailing spaces; paragraphs kept one per line."""
    t = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    t = re.sub(r"(?m)\*\*|\\\*|^#+\s*", "", t)
    t = re.sub(r"[ \t]+", " ", t)
    return "\n".join(line.strip() for line in t.split("\n"))


def read(data: bytes, file_name: str, budget: limits.Budget | None = None) -> str:
    """The document's text, within antq.importer.limits (size, parts, pages, characters, time);
    anything else raises DocumentError with one Vietnamese message."""
    if not data:
        raise DocumentError(f"Tệp {file_name} rỗng.")
    if len(data) > limits.max_bytes():
        raise DocumentError(
            f"Tệp {file_name} {limits.mb(len(data))}, lớn hơn giới hạn {limits.mb(limits.max_bytes())}; "
            "hãy tách văn bản rồi gửi lại."
        )
    kind = kind_of(file_name, data)
    raw = {"docx": _docx, "pdf": _pdf, "text": _plain}[kind](data, file_name, budget or limits.Budget())
    if len(raw) > limits.DOC_TEXT_MAX_CHARS:
        raise _too_long(file_name)
    text = normalise(raw)
    if text.count("\n") >= limits.DOC_MAX_LINES:
        raise _too_many_lines(file_name)
    return text
