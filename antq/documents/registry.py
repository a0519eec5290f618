"""The document registry's records: what was read from a file and what a reviewer keeps of it.

`intake(data, file_name)` reads and extracts (nothing saved); `Review.from_extraction` is what the
reviewer starts from; `check(review)` lists what is wrong in Vietnamese; `insert(conn, ...)` writes
one reviewed document inside the caller's transaction. Opening the database, archiving the original
and attributing the save is antq.documents.filing's (this module stays below antq.db: the demo build
registers the seed plans through it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from antq import settings
from antq.documents import readers
from antq.documents.extract import DOC_LEVELS, KINDS, Extraction, extract
from antq.documents.readers import DocumentError
from antq.units import system_for_year
from antq.vocab.indicators import BY_CODE, QUALIFIERS

REVIEWS = ("confirmed", "corrected", "added")


@dataclass
class Intake:
    file_name: str
    data: bytes
    sha256: str
    extraction: Extraction


def intake(data: bytes, file_name: str) -> Intake:
    if len(data) > int(settings.get("ANTQ_IMPORT_MAX_MB")) * 1_048_576:
        raise DocumentError(
            f"Tệp {file_name} lớn hơn giới hạn {settings.get('ANTQ_IMPORT_MAX_MB')} MB; hãy tách văn bản rồi gửi lại."
        )
    text = readers.read(data, file_name)
    return Intake(file_name, data, hashlib.sha256(data).hexdigest(), extract(text, file_name))


def intake_path(path: Path | str) -> Intake:
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"Không tìm thấy tệp {path}.")
    return intake(path.read_bytes(), path.name)


@dataclass
class Review:
    """What will be saved: the document's fields and the figures kept, as the reviewer left them."""

    kind: str | None
    number: str | None
    issuer: str | None
    level: str | None
    year: int | None
    issued_on: dt.date | None = None
    units_system: int | None = None
    unit_code: str | None = None
    province_code: str | None = None
    place: str | None = None
    subject: str | None = None
    festival_start: dt.date | None = None
    festival_end: dt.date | None = None
    parents: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    sites: list[dict] = field(default_factory=list)  # name, planned_on (date or None)
    targets: list[dict] = field(default_factory=list)  # indicator, value, qualifier, per, text
    figures: list[dict] = field(default_factory=list)  # indicator, value, denominator, qualifier, sentence,
    #                                                    extracted_value, rule, review

    @classmethod
    def from_extraction(cls, x: Extraction) -> Review:
        win = x.festival_window or {}
        return cls(
            kind=x.kind,
            number=x.number,
            issuer=x.issuer,
            level=x.level,
            year=x.year,
            issued_on=x.date,
            units_system=x.units_system if x.unit_code else None,
            unit_code=x.unit_code,
            province_code=x.province_code,
            place=x.place,
            subject=x.subject,
            festival_start=dt.date.fromisoformat(win["start"]) if win else None,
            festival_end=dt.date.fromisoformat(win["end"]) if win else None,
            parents=list(x.parents),
            cited=list(x.cited),
            sites=[
                {"name": s["name"], "planned_on": dt.date.fromisoformat(s["date"]) if s["date"] else None}
                for s in x.planned_sites
            ],
            targets=[dict(t) for t in x.targets],
            figures=[
                {
                    "indicator": f.indicator,
                    "value": f.value,
                    "denominator": f.denominator,
                    "qualifier": f.qualifier,
                    "qualifier_text": f.qualifier_text,  # as written: "trên" is not shown as "hơn"
                    "sentence": f.sentence,
                    "extracted_value": f.value,
                    "rule": f.rule,
                    "review": "confirmed",
                    # why the sentence allows another reading ("" when it does not): never saved unseen
                    "review_reason": f.review,
                }
                for f in x.figures
            ],
        )


def period_kind(review: Review) -> str:
    """The period a document's figures cover: the festival year for festival documents, a half
    year for six-month reports, else the calendar year."""
    s = (review.subject or "").lower()
    if "6 tháng" in s or "sáu tháng" in s:
        return "half_year"
    if "giai đoạn" in s:
        return "phase"
    return "festival_year" if "ngày hội" in s else "year"


def check(review: Review) -> list[str]:
    """Everything that stops a save, each message saying what and where, in Vietnamese."""
    p: list[str] = []
    if review.kind not in KINDS:
        p.append("Loại văn bản: chọn một trong kế hoạch, báo cáo, chỉ đạo, tin bài.")
    if review.level not in DOC_LEVELS:
        p.append("Cấp ban hành: chọn Trung ương, tỉnh, huyện hoặc xã.")
    if review.year is None or not 2005 <= int(review.year) <= 2100:
        p.append("Năm: văn bản cần có năm từ 2005 (năm có Quyết định 521/QĐ-TTg) trở đi.")
    if review.level and review.level != "central" and not review.province_code:
        p.append("Tỉnh: văn bản cấp tỉnh, huyện, xã cần có tỉnh ban hành.")
    if review.festival_start and review.festival_end and review.festival_start > review.festival_end:
        p.append("Thời gian Ngày hội: ngày bắt đầu sau ngày kết thúc.")
    if review.year and review.festival_start and review.festival_start.year != int(review.year):
        p.append(f"Thời gian Ngày hội: ngày {review.festival_start:%d/%m/%Y} không thuộc năm {review.year}.")
    for i, f in enumerate(review.figures, start=1):
        where = f"Số liệu dòng {i}"
        if f.get("indicator") not in BY_CODE:
            p.append(f"{where}: chỉ tiêu '{f.get('indicator')}' không có trong danh mục chỉ tiêu.")
        v = f.get("value")
        if not isinstance(v, (int, float)) or v != v or v < 0:
            p.append(f"{where}: giá trị '{v}' không phải số không âm.")
        d = f.get("denominator")
        if d is not None and isinstance(v, (int, float)) and (d != d or d < v):
            p.append(f"{where}: tử số {v} lớn hơn mẫu số {d}.")
        if f.get("qualifier") not in QUALIFIERS:
            p.append(f"{where}: mức độ chính xác '{f.get('qualifier')}' không hợp lệ.")
        if not (f.get("sentence") or "").strip():
            p.append(f"{where}: thiếu câu trích dẫn nguồn của số liệu.")
    return p


def insert(
    conn: duckdb.DuckDBPyConnection,
    review: Review,
    *,
    file_name: str,
    sha256: str,
    archive_path: str | None,
    origin: str,
    via: str,
    user: str,
) -> int:
    """Write one reviewed document and its citations, sites, targets and figures (the caller's
    transaction makes it atomic)."""
    now = dt.datetime.now().replace(microsecond=0)
    doc_id = conn.execute("SELECT coalesce(max(document_id), 0) + 1 FROM document").fetchall()[0][0]
    year = int(review.year)
    system = system_for_year(year) if review.unit_code else None
    conn.execute(
        "INSERT INTO document VALUES ($id, $kind, $number, $issuer, $level, $system, $unit, $province, $place, "
        "$issued, $year, $subject, $fs, $fe, $file, $sha, $archive, $origin, $by, $at, $via)",
        dict(
            id=doc_id,
            kind=review.kind,
            number=(review.number or "").strip() or None,
            issuer=review.issuer,
            level=review.level,
            system=system,
            unit=review.unit_code,
            province=review.province_code,
            place=review.place,
            issued=review.issued_on,
            year=year,
            subject=review.subject,
            fs=review.festival_start,
            fe=review.festival_end,
            file=file_name,
            sha=sha256,
            archive=archive_path,
            origin=origin,
            by=user,
            at=now,
            via=via,
        ),
    )
    cites = {n: False for n in review.cited} | {n: True for n in review.parents}
    for n, parent in cites.items():
        conn.execute("INSERT INTO document_citation VALUES ($d, $n, $p)", dict(d=doc_id, n=n, p=parent))
    for i, s in enumerate(review.sites, start=1):
        conn.execute(
            "INSERT INTO document_site VALUES ($d, $i, $name, $on)",
            dict(d=doc_id, i=i, name=s["name"], on=s["planned_on"]),
        )
    for i, t in enumerate(review.targets, start=1):
        conn.execute(
            "INSERT INTO document_target VALUES ($d, $i, $ind, $v, $q, $per, $text)",
            dict(d=doc_id, i=i, ind=t["indicator"], v=t["value"], q=t["qualifier"], per=t["per"], text=t["text"]),
        )
    period = period_kind(review)
    for i, f in enumerate(review.figures, start=1):
        conn.execute(
            "INSERT INTO document_figure VALUES ($d, $i, $system, $unit, $period, $year, $ind, $v, $den, $q, $sent, "
            "$ev, $rule, $review, $by, $at, $w)",
            dict(
                d=doc_id,
                i=i,
                system=system,
                unit=review.unit_code,
                period=period,
                year=year,
                ind=f["indicator"],
                v=float(f["value"]),
                den=None if f.get("denominator") is None else float(f["denominator"]),
                q=f["qualifier"],
                sent=f["sentence"],
                ev=f.get("extracted_value"),
                rule=f.get("rule"),
                review=f.get("review", "confirmed"),
                by=user,
                at=now,
                w=(f.get("qualifier_text") or None) if f["qualifier"] != "exact" else None,
            ),
        )
    return doc_id
