"""The text of a document file: DOCX (python-docx), PDF text layer (pypdf) or plain text.

Every reader returns plain text with one paragraph per line, so the same document gives the same
extraction whatever its format. A file that cannot be read raises DocumentError with a Vietnamese
message saying what is wrong and what to do.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

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


def _docx(data: bytes, file_name: str) -> str:
    import docx

    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(
            f"Tệp {file_name} không phải tệp DOCX hợp lệ ({exc}). Hãy lưu lại bằng Word rồi gửi lại."
        ) from None
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:  # signature blocks and recipient lists often sit in tables
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _pdf(data: bytes, file_name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"Tệp {file_name} được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại.")
        pages = [p.extract_text() or "" for p in reader.pages]
    except PdfReadError as exc:
        raise DocumentError(f"Tệp {file_name} không phải tệp PDF đọc được ({exc}).") from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise DocumentError(
            f"Tệp {file_name} không có lớp chữ (có lẽ là ảnh chụp, bản quét). "
            "Hãy gửi bản DOCX hoặc PDF xuất từ Word; bản quét cần nhận dạng chữ (OCR) trước."
        )
    return text


def _plain(data: bytes, file_name: str) -> str:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise DocumentError(f"Tệp {file_name}: không đọc được bảng mã chữ; hãy lưu lại dạng UTF-8.") from None


def normalise(text: str) -> str:
    """NFC, no Markdown emphasis, no trailing spaces; paragraphs kept one per line."""
    t = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    t = re.sub(r"(?m)\*\*|\\\*|^#+\s*", "", t)
    t = re.sub(r"[ \t]+", " ", t)
    return "\n".join(line.strip() for line in t.split("\n"))


def read(data: bytes, file_name: str) -> str:
    if not data:
        raise DocumentError(f"Tệp {file_name} rỗng.")
    kind = kind_of(file_name, data)
    raw = {"docx": _docx, "pdf": _pdf, "text": _plain}[kind](data, file_name)
    return normalise(raw)
