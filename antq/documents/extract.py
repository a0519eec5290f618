"""What a plan, report, directive or news item says, read by small named rules over the state
document format (Decree 30/2020/NĐ-CP layout: number line, place and date line, kind heading,
subject, "Thực hiện …" preamble, sections).

Each rule returns the value it found with the span of text it came from and its own name
(`Found`), so the review screen shows every value beside its sentence and the accuracy can be
measured rule by rule. Nothing here touches the database: `extract(text, file_name)` is pure.

A text without that layout (a news item, a portal's page) is read by the same rules' news forms:
the document it announces ("UBND tỉnh … vừa ban hành Kế hoạch số …"), the page's stamp, the unit
that organises the event it reports. A value not in the text stays empty; a value whose sentence
allows another reading is listed in `review`.

Longer than ~350 lines on purpose: the rules share the document's parsed lines and date forms, and
are read best side by side with the layout they follow (a state document's and a news item's
forms of the same field next to each other); the figures' rules live in figures.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from antq.documents import dates, figures, places
from antq.documents.figures import Figure

KINDS = ("plan", "report", "directive", "news")
DOC_LEVELS = ("central", "province", "district", "commune")

# Kind headings as printed (an OCR'd "KÊ HOẠCH" is still a plan).
HEADINGS = {
    "plan": r"K[ẾÊE]\s*HO[ẠA]CH",
    "report": r"BÁO\s*CÁO",
    "directive": r"CHỈ\s*THỊ|CÔNG\s*VĂN|HƯỚNG\s*DẪN|THÔNG\s*BÁO|QUYẾT\s*ĐỊNH",
}
# The kind code inside a document number: 4955/KH-BCĐ (plan), 12/BC-CAT (report), 5202/UBND-NCKS (letter).
NUMBER_CODES = (("plan", r"/KH\b"), ("report", r"/BC\b"), ("directive", r"/(?:CT|HD|TB|QĐ|UBND|CV|TT|NĐ)\b"))
DOC_TYPES = (
    "Kế hoạch|Quyết định|Công văn|Chỉ thị|Nghị quyết|Kết luận|Nghị định|Tờ trình|Thông tư|Hướng dẫn|Báo cáo|"
    "Thông báo|Văn bản|Điều lệ|Luật"
)
REF_NUMBER = r"\d*[A-Za-zĐđ0-9]*(?:\s?[/\-][A-Za-zĐđ0-9()]+)+"
CITATION = re.compile(
    rf"(?P<type>{DOC_TYPES})\s+(?:số\s+)?(?P<number>\d+{REF_NUMBER[3:]}|(?<=số )\d+\b(?![/.,]\d))", re.I
)
NUMBER_LINE = re.compile(r"(?m)^\s*Số\s*:?\s*(?P<number>\d*\s*/\s*[A-ZĐ0-9][A-ZĐa-z0-9()\-/]*)")
PLACE_DATE = re.compile(
    # at the start of a line, or in the right-hand column of a two-column header read as one line
    # ("Số: 128/KH-BCĐ      Thanh Hóa, ngày …", "Số: 7822/KH-UBND | Bến Tre, ngày …")
    r"(?m)(?:^|\t|\s{2,}|\|)\s*(?P<place>[A-ZĐÀ-Ỹ][^\d,\n|\t]{1,40}),\s*"
    r"(?P<date>ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
NEWS_STAMP = re.compile(r"(?m)^\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:SA|CH|AM|PM)?\s*$")
PREAMBLE = re.compile(r"(?m)^\s*(?:Thực hiện|Căn cứ|Triển khai)\b(?P<body>[^\n]*)")
# A citation that follows "theo / thực hiện / căn cứ / triển khai" inside a sentence names a document
# being implemented; "Kế hoạch số 178/KH-BCĐ … và Kế hoạch số 221/KH-UBND" after it are parents too.
IMPLEMENTS = re.compile(r"\b(?:[Tt]heo|[Cc]ăn cứ|Thực hiện|Triển khai)\s+(?=(?i:" + DOC_TYPES + r")\b)")
# What a document type is, as a kind of this registry (a circular, a letter, a decision direct).
TYPE_KIND = {
    "kế hoạch": "plan",
    "báo cáo": "report",
    "chỉ thị": "directive",
    "công văn": "directive",
    "hướng dẫn": "directive",
    "thông báo": "directive",
    "quyết định": "directive",
    "thông tư": "directive",
    "văn bản": "directive",
}
# A day written at the head of a news sentence: "Ngày 31/5/2023, …", "Ngày 1/6, …", "Ngày 31.7, …",
# "Ngày 09 tháng 01 năm 2015 , …", "Tối 14/8, …".
LEAD_DAY = (
    r"(?:[Nn]gày|[Tt]ối|[Ss]áng|[Cc]hiều|[Tt]rưa)\s+(?:(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s+năm\s+(?P<wy>\d{4})"
    r"|(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?)\s*,"
)
# "<body> (vừa, đã) ban hành Kế hoạch số 128/KH-UBND …": a news item announcing a document. The
# number is optional ("ban hành kế hoạch tổ chức …"), may lack "số" ("Kế hoạch 45/KH-BCĐ799") or
# be bare ("Kế hoạch số 389").
ANNOUNCE = re.compile(
    # "vừa có / vừa ký / đã gửi Công văn số …" announce as well as "ban hành"
    r"(?P<verb>\b(?:(?:vừa|đã|mới)\s+(?:chính thức\s+)?(?:có|ký ban hành|ký|gửi|ban hành)"
    r"|(?:chính thức\s+)?ban hành))\s+(?P<type>"
    + DOC_TYPES
    + r")\b(?:\s+(?:số\s+)?(?P<number>\d+(?:\s?[/\-][A-Za-zĐđ0-9()]+)+|(?<=số )\d+\b))?",
    re.I,
)
# Passive: "Theo kế hoạch … vừa được Chủ tịch UBND tỉnh ban hành".
ANNOUNCE_PASSIVE = re.compile(
    r"\b(?P<type>" + DOC_TYPES + r")\b[^.;\n]{0,160}?\b(?:vừa|đã)\s+được\s+(?P<org>[^.;\n]{3,80}?)\s+ban hành",
    re.I,
)
# "Chủ tịch UBND tỉnh vừa chỉ đạo …": a directive announced without its number.
DIRECTS = re.compile(r"\b(?:vừa|đã)\s+(?:có văn bản\s+)?chỉ đạo\b")
# Words a name runs into in a news sentence and that are not part of it.
TRAILING = re.compile(r"(?:\s+(?:vừa|đã|mới|cũng|chính thức|đã chính thức|vừa chính thức))+\s*$")
NEWS_STAMPS = re.compile(
    r"(?m)(?:^|\|\s*|Ngày đăng:\s*|Cập nhật:\s*)(?P<date>\d{1,2}/\d{1,2}/\d{4})\s+\d{1,2}:\d{2}"
    r"|(?:Ngày đăng|Cập nhật|Ngày cập nhật)\s*:\s*(?P<date2>\d{1,2}/\d{1,2}/\d{4})"
    r"|^\s*\d{1,2}:\d{2},\s*(?P<date3>\d{1,2}/\d{1,2}/\d{4})\s*$"
    # "Thứ Ba, 12/12/2017, 15:29 [GMT+7]"; a date alone on its line at the top of a page ("20/08/2023")
    r"|(?:Thứ\s+\w+|Chủ nhật)\s*,\s*(?P<date4>\d{1,2}/\d{1,2}/\d{4})"
    r"|^\s*(?P<date5>\d{1,2}/\d{1,2}/\d{4})\s*$"
)
ISSUE_VERB = re.compile(
    r"\b(?:(?:ban hành|xây dựng|đề ra|xây dựng và ban hành)\s+(?:" + DOC_TYPES + r")\b|báo cáo kết quả)",
    re.I,
)
# The issuing body printed in capitals at the top left ("CÔNG AN TỈNH KHÁNH HÒA").
HEADER_ORG = re.compile(
    # up to the right-hand column when both columns were read as one line ("UBND TỈNH X    CỘNG HÒA …")
    r"(?m)^\s*(?P<org>(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|CÔNG AN|BAN CHỈ ĐẠO|BỘ CÔNG AN|LIÊN HIỆP)"
    r"(?:(?!\s{2,}|\t|\||CỘNG HÒA|CỘNG HOÀ)[^\n]){0,80})"
)
# The line under the header's first: the rest of its name ("TỈNH BẾN TRE") or the body that issues
# under it ("BAN CHỈ ĐẠO 138", "CÔNG AN TỈNH").
HEADER_NEXT = re.compile(
    r"\s*(?:(?P<area>(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)"
    r"(?:(?!\s{2,}|\t|\||ĐỘC LẬP|Độc lập)[^\n]){1,60})"
    r"|(?P<body>(?:BAN CHỈ ĐẠO|CÔNG AN|PHÒNG|CỤC|SỞ|HỘI ĐỒNG)(?:(?!\s{2,}|\t|\||ĐỘC LẬP|Độc lập)[^\n]){0,60}))"
)
ORG = re.compile(
    r"\b(?:Thủ tướng Chính phủ|Thủ tướng|Chủ tịch|Bộ trưởng|Giám đốc|Ban Chỉ đạo|Ban chỉ đạo|Ủy ban nhân dân|"
    r"Uỷ ban nhân dân|UBND|Công an|Liên hiệp|Hội|Sở|Bộ|Tỉnh ủy|"
    r"Huyện ủy|Đảng ủy|Mặt trận|Ban Thường vụ|Cục|Phòng)\b"
)
TITLE_YEAR = re.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b")
WINDOW = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<a>\d{1,2}/\d{1,2}(?:/\d{4})?)\s*,?\s*(?:(?<=\s)đến|(?<=\s)tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<b>\d{1,2}/\d{1,2}(?:/\d{4})?)",
    re.I,
)
WINDOW_WRITTEN = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<da>\d{1,2})\s+tháng\s+(?P<ma>\d{1,2})(?:\s+năm\s+(?P<ya>\d{4}))?\s*,?\s+"
    r"(?:đến|tới|-|–)\s+(?:hết\s+)?(?:ngày\s+)?(?P<db>\d{1,2})\s+tháng\s+(?P<mb>\d{1,2})(?:\s+năm\s+(?P<yb>\d{4}))?",
    re.I,
)
REPORT_PERIOD = re.compile(r"báo cáo|số liệu|tính từ|thống kê|kỳ\b|sơ kết|tổng kết", re.I)
FESTIVAL_DAY = re.compile(r"(?:vào|tổ chức)\s+(?:ngày\s+)(?P<d>\d{1,2}/\d{1,2}(?:/\d{4})?)", re.I)
SITE = re.compile(
    r"(?P<kind>thôn|ấp|bản|tổ dân phố|khu phố|xóm|khu dân cư|buôn|làng)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*){0,3})"
)
SITE_CONTEXT = re.compile(r"dự kiến|địa bàn tổ chức|phạm vi địa bàn|điểm tại|chọn|tổ chức tại|tổ chức ở", re.I)
SELECTION = re.compile(
    r"mỗi\s+(?P<per>xã|huyện|phường|thị trấn|xã, phường, thị trấn|đơn vị)\s+(?:chọn|lựa chọn|tổ chức)\s+"
    r"(?P<qual>ít nhất|tối thiểu)?\s*(?P<n>\d+)\s+(?P<what>thôn|điểm|khu dân cư|ấp|tổ dân phố|cơ quan|trường)[^.;\n]*",
    re.I,
)
TARGET_SHARE = re.compile(
    r"(?P<pct>\d{1,3}(?:,\d+)?)\s*%\s*(?:số\s+)?(?P<what>xã, phường, thị trấn|xã, phường, đặc khu|xã|khu dân cư|"
    r"thôn, tổ dân phố|thôn)[^.;\n]{0,80}?tổ chức\s+(?:“|\")?Ngày hội",
    re.I,
)
SHARE_INDICATOR = {
    "khu dân cư": "fest_residential_held",
    "thôn, tổ dân phố": "fest_residential_held",
    "thôn": "fest_residential_held",
}
NEWS_SIGNALS = re.compile(r"(?m)^(?:Xem cỡ chữ|Tập tin đính kèm|menu_open|Chia sẻ|In bài)\b", re.I)


@dataclass(frozen=True)
class Found:
    field: str
    value: object
    start: int
    end: int
    rule: str


@dataclass
class Extraction:
    text: str
    file_name: str = ""
    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    level: str | None = None
    province: str | None = None
    province_code: str | None = None
    units_system: int | None = None
    unit_code: str | None = None
    place: str | None = None
    date: dt.date | None = None
    year: int | None = None
    subject: str | None = None
    parents: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    festival_window: dict | None = None
    planned_sites: list[dict] = field(default_factory=list)
    selection_rules: list[str] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    evidence: list[Found] = field(default_factory=list)
    # (field, why): values whose sentence allows another reading; the reviewer must look at them.
    review: list[tuple[str, str]] = field(default_factory=list)

    def note(self, name: str, value, start: int, end: int, rule: str):
        self.evidence.append(Found(name, value, start, end, rule))
        return value

    def sentence_at(self, start: int, end: int) -> str:
        return sentence_around(self.text, start, end)

    def evidence_rows(self) -> list[dict]:
        """Each extracted value beside the sentence it came from, and whether the reviewer must look
        at it (its sentence allows another reading): what the review screen and the CLI show."""
        why = dict(self.review)
        return [
            {
                "field": e.field,
                "value": _jsonable(e.value),
                "text": self.sentence_at(e.start, e.end) if e.end > e.start else "",
                "rule": e.rule,
                "review": why.get(e.field, ""),
            }
            for e in self.evidence
        ]

    def as_json(self) -> dict:
        """The command-line contract of issue 14 (plus the evidence: rule and sentence per value)."""
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "kind": self.kind,
            "number": self.number,
            "issuer": self.issuer,
            "level": self.level,
            "province": self.province,
            "province_code": self.province_code,
            "units_system": self.units_system,
            "unit_code": self.unit_code,
            "place": self.place,
            "date": iso(self.date),
            "year": self.year,
            "subject": self.subject,
            "parents": list(self.parents),
            "cited": list(self.cited),
            "festival_window": self.festival_window,
            "planned_sites": self.planned_sites,
            "selection_rules": self.selection_rules,
            "targets": self.targets,
            "figures": [
                {
                    "indicator": f.indicator,
                    "value": f.value,
                    "denominator": f.denominator,
                    "qualifier": f.qualifier,
                    "qualifier_text": f.qualifier_text,
                    "text": f.sentence,
                    "rule": f.rule,
                    "review": f.review or None,
                    "unit_level": f.unit_level or None,
                    "period": f.period or None,
                }
                for f in self.figures
            ],
            "evidence": [
                asdict(e) | {"value": _jsonable(e.value), "text": self.sentence_at(e.start, e.end)}
                for e in self.evidence
            ],
            "review": [{"field": f, "why": why} for f, why in self.review],
        }


def _jsonable(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


# Capital letters with Vietnamese diacritics: the range À-Ỹ also holds the small ones ("đ", "ư"),
# and "… được" does not start a sentence.
_UPPER = "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
SENTENCE_END = re.compile(rf"(?<=[.!?;])\s+(?=[A-Z{_UPPER}“\"(\-+*0-9])|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_around(text: str, start: int, end: int) -> str:
    for a, b in sentences(text):
        if a <= start < b or (a < end <= b):
            return text[a:b].strip()
    return text[start:end]


def flatten(text: str) -> str:
    """One paragraph per line: a line broken inside a sentence (PDF text layers wrap lines; Word
    keeps paragraphs) is joined to the next, and blank lines dropped, so every format reads the same."""
    lines = [line for line in text.split("\n") if line.strip()]
    out: list[str] = []
    for line in lines:
        if (
            out
            and not re.search(r"[.:;!?”\")]$", out[-1])
            and re.match(r"[a-zà-ỹđ0-9(]", line)
            and not NEWS_STAMP.match(line)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- rules
def _has_header(x: Extraction) -> bool:
    """The state layout's own marks: a "Số:" line or a kind heading printed alone on its line."""
    head = x.text[:3000]
    return bool(NUMBER_LINE.search(head)) or any(re.search(rf"(?m)^\s*(?:{p})\s*$", head) for p in HEADINGS.values())


def _lead_events(x: Extraction) -> int:
    """Where the first sentence reporting an event starts ("phường Sơn Trà tổ chức Ngày hội …",
    "Bộ Công an tổ chức giao ban …"); len(text) if none. A document a news item announces is one
    named before any event: one named after it is background ("Quyết định số 521 … lấy ngày 19/8")."""
    m = EVENT.search(x.text)
    return m.start() if m else len(x.text)


def _announcement(x: Extraction) -> re.Match | None:
    """The document a text without the state layout reports as issued ("UBND tỉnh Thanh Hóa vừa ban
    hành Kế hoạch số 128/KH-UBND …"), within its lead and before any reported event."""
    for m in ANNOUNCE.finditer(x.text, 0, min(_lead_events(x), 1500)):
        if _issuer_before(x, m.start()):
            return m
    return None


def _issuer_before(x: Extraction, verb_at: int) -> tuple[str, int] | None:
    """The body named before an issuing verb in its clause ("…, ngày 18/3/2021, Uỷ ban nhân dân tỉnh
    đã | ban hành"), not a possessive ("của Bộ Công an"), without brackets and trailing words."""
    line_start = x.text.rfind("\n", 0, verb_at) + 1
    clause_start = max(line_start, *(x.text.rfind(p, 0, verb_at) + 1 for p in (";", ". ")))
    leads = list(re.compile(LEAD_DAY).finditer(x.text, clause_start, verb_at))
    if leads:
        clause_start = leads[-1].end()
    # a news lead starts after its agency's tag: "… (QNO) - Thủ tướng …", "ĐNO - Tối 14/8, …"
    tag = list(re.finditer(r"(?:\([A-ZĐ]{2,8}\)|\b[A-ZĐ]{2,8})\s*[-–]\s", x.text[clause_start:verb_at]))
    if tag:
        clause_start += tag[-1].end()
    clause = x.text[clause_start:verb_at]
    for org in ORG.finditer(clause):
        if "của" in clause[max(0, org.start() - 5) : org.start()].lower():
            continue
        name = _clean_issuer(clause[org.start() :])
        return (name, clause_start + org.start()) if name else None
    return None


def _date_at(x: Extraction, m: re.Match | None, year: int | None) -> dt.date | None:
    if m is None:
        return None
    try:
        if m["wd"]:
            return dt.date(int(m["wy"]), int(m["wm"]), int(m["wd"]))
        y = int(m["y"]) if m["y"] else year
        return dt.date(y, int(m["m"]), int(m["d"])) if y else None
    except ValueError:
        return None


def _sentence_span(x: Extraction, pos: int) -> tuple[int, int]:
    for a, b in sentences(x.text):
        if a <= pos < b:
            return a, b
    return pos, pos


def rule_number(x: Extraction) -> None:
    m = NUMBER_LINE.search(x.text[:2000])
    if m:
        x.number = x.note("number", re.sub(r"\s+", "", m["number"]), m.start("number"), m.end("number"), "number_line")
        return
    a = _announcement(x)
    if a and a["number"]:
        number = re.sub(r"\s+", "", a["number"])
        x.number = x.note("number", number, a.start("number"), a.end("number"), "number_issued")


def rule_place_date(x: Extraction) -> None:
    m = PLACE_DATE.search(x.text[:3000])
    if m:
        x.place = x.note("place", m["place"].strip(), m.start("place"), m.end("place"), "place_date_line")
        x.date = x.note("date", dates.parse(m["date"]), m.start("date"), m.end("date"), "place_date_line")


def _stamp(x: Extraction) -> tuple[dt.date, int, int] | None:
    """The date a portal or newspaper prints on its page ("26/06/2023 5:09:52 CH", "Ngày đăng:
    17/08/2022", "07:08, 05/08/2022")."""
    for m in NEWS_STAMPS.finditer(x.text[:1000]):
        g = next(k for k in ("date", "date2", "date3", "date4", "date5") if m[k])
        try:
            return dates.parse(m[g]), m.start(g), m.end(g)
        except ValueError:
            continue
    return None


def _title_lines(x: Extraction) -> tuple[int, int] | None:
    """Span of the subject: the line after the kind heading, or the first headline of a news item."""
    for _kind, pat in HEADINGS.items():
        m = re.search(rf"(?m)^\s*(?:{pat})\s*$", x.text[:3000])
        if m:
            nxt = re.compile(r"(?m)^(?P<t>[^\n]+)$").search(x.text, m.end() + 1)
            if nxt and not PREAMBLE.match(nxt["t"]):
                return nxt.start("t"), nxt.end("t")
            return None
    m = re.search(r"(?m)^(?P<t>(?:Ban hành|Triển khai|Tổ chức|Phát động)[^\n]{10,})$", x.text[:1500])
    return (m.start("t"), m.end("t")) if m else None


def rule_kind(x: Extraction) -> None:
    for kind, pat in HEADINGS.items():
        m = re.search(rf"(?m)^\s*(?:{pat})\s*$", x.text[:3000])
        if m:
            x.kind = x.note("kind", kind, m.start(), m.end(), "kind_heading")
            return
    header = _has_header(x)
    a = None if header else _announcement(x)
    if a:
        kind = TYPE_KIND.get(a["type"].lower(), "directive")
        x.kind = x.note("kind", kind, a.start("type"), a.end("type"), "kind_issued")
        return
    if not header:
        p = ANNOUNCE_PASSIVE.search(x.text, 0, min(_lead_events(x), 1500))
        if p:
            x.kind = x.note("kind", TYPE_KIND.get(p["type"].lower(), "directive"), p.start(), p.end(), "kind_issued")
            return
    if x.number:
        for kind, pat in NUMBER_CODES:
            if re.search(pat, x.number):
                x.kind = x.note("kind", kind, 0, 0, "kind_from_number")
                return
    if not header:
        d = DIRECTS.search(x.text, 0, min(_lead_events(x), 1500))
        if d:
            x.kind = x.note("kind", "directive", d.start(), d.end(), "kind_directs")
            return
    m = NEWS_STAMP.search(x.text[:1000]) or NEWS_SIGNALS.search(x.text)
    if m:
        x.kind = x.note("kind", "news", m.start(), m.end(), "kind_news_page")
    elif not header and x.text.strip():
        # Prose about the movement without the state layout and announcing no document: a news item.
        x.kind = x.note("kind", "news", 0, 0, "kind_no_layout")


def rule_date(x: Extraction) -> None:
    """A news item's date: the issued document's ("Ngày 31/5/2023, … ban hành Kế hoạch …", "Công văn
    số 6519/UBND-NC ngày 7/8/2023"), else, for a news item itself, the page's stamp."""
    if x.date:
        return
    a = None if _has_header(x) else _announcement(x)
    if a:
        s0, _s1 = _sentence_span(x, a.start())
        lead = re.compile(LEAD_DAY).search(x.text, s0, a.start())
        if a["number"]:
            after = re.match(r"\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4})", x.text[a.end() :])
            if after:
                try:
                    x.date = x.note("date", dates.parse(after[1]), a.end(), a.end() + after.end(), "date_issued")
                    return
                except ValueError:
                    pass
        leads = [lead] if lead else []
        for again in ANNOUNCE.finditer(x.text, a.end(), min(_lead_events(x), 1500)):
            if again["type"].lower() == a["type"].lower():
                s0, _s1 = _sentence_span(x, again.start())
                leads += list(re.compile(LEAD_DAY).finditer(x.text, s0, again.start()))[-1:]
        for lead in leads:
            d = _date_at(x, lead, _explicit_year(x))
            if d:
                x.date = x.note("date", d, lead.start(), lead.end(), "date_issued")
                return
    if x.kind == "news":
        st = _stamp(x)
        if st:
            x.date = x.note("date", st[0], st[1], st[2], "news_timestamp")


LEAD_YEAR = re.compile(r"(?<!từ )(?<!từ\s)\bnăm\s+(?P<y>(?:19|20)\d{2})\b(?!\s*[-–]\s*\d)")


def _explicit_year(x: Extraction) -> int | None:
    """The year the lead states ("… Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2022"), else the
    page's own date: what a partial date ("Ngày 1/6") belongs to."""
    span = _title_lines(x)
    if span:
        m = TITLE_YEAR.search(x.text, span[0], span[1])
        if m:
            return int(m["y"])
    lead_end = sentences(x.text)[min(3, len(sentences(x.text))) - 1][1] if x.text.strip() else 0
    for m in LEAD_YEAR.finditer(x.text, 0, lead_end):
        if not re.search(r"tháng\s+\d{1,2}\s*,?\s*$", x.text[max(0, m.start() - 12) : m.start()]):
            return int(m["y"])
    st = _stamp(x)
    return st[0].year if st else None


def rule_subject(x: Extraction) -> None:
    span = _title_lines(x)
    if span:
        x.subject = x.note("subject", x.text[span[0] : span[1]].strip(), *span, "subject_line")


def rule_year(x: Extraction) -> None:
    span = _title_lines(x)
    if span:
        m = TITLE_YEAR.search(x.text, span[0], span[1])
        if m:
            x.year = x.note("year", int(m["y"]), m.start(), m.end(), "year_in_subject")
            return
    header = _has_header(x)
    if x.date and (header or x.kind != "news"):
        x.year = x.note("year", x.date.year, 0, 0, "year_of_date")
        return
    if not header and x.text.strip():
        spans = sentences(x.text)
        lead_end = spans[min(3, len(spans)) - 1][1]
        for m in LEAD_YEAR.finditer(x.text, 0, lead_end):
            if not re.search(r"tháng\s+\d{1,2}\s*,?\s*$", x.text[max(0, m.start() - 12) : m.start()]):
                x.year = x.note("year", int(m["y"]), m.start(), m.end(), "year_in_lead")
                return
    if x.date:
        x.year = x.note("year", x.date.year, 0, 0, "year_of_date")
        return
    st = None if header else _stamp(x)
    if st:
        x.year = x.note("year", st[0].year, st[1], st[2], "year_of_page")
        return
    if not header and x.text.strip():
        # "Ngày 12/8/2023, xã … tổ chức …", "Kết quả từ ngày 01/7/2025 đến nay …": the lead's first full
        # date, not one of an anniversary's range "(19/8/2005-19/8/2023)"
        spans = sentences(x.text)
        lead_end = spans[min(3, len(spans)) - 1][1]
        for d in dates.find(x.text[:lead_end]):
            in_range = re.search(r"[-–]\s*$", x.text[max(0, d.start - 2) : d.start]) or re.match(
                r"\s*[-–]", x.text[d.end : d.end + 3]
            )
            s0, s1 = _sentence_span(x, d.start)
            # only the date of what the item reports (an event held, results "đến nay"); not a history
            reported = EVENT.search(x.text, s0, s1) or "đến nay" in x.text[s0:s1]
            if d.has_year and not in_range and reported:
                x.year = x.note("year", d.date.year, d.start, d.end, "year_of_lead_date")
                return


def _citations(x: Extraction, start: int, end: int) -> list[re.Match]:
    return list(CITATION.finditer(x.text, start, end))


# Between two documents cited together ("Kế hoạch số 178/KH-BCĐ ngày 05/4/2023 của Ban chỉ đạo Trung
# ương và Kế hoạch số 221/KH-UBND …"): their date and issuer, then "và" or a comma.
CHAINED = re.compile(r"^(?:\s+ngày\s+[\d/.-]+)?(?:\s+(?:của|do)\s+[^.;]{0,120}?)?\s*(?:,|và|;)\s*(?:các\s+)?$")


def _add_parent(x: Extraction, c: re.Match, rule: str) -> None:
    num = c["number"]
    if num not in x.parents and num != x.number:
        x.parents.append(x.note("parents", num, c.start(), c.end(), rule))


def rule_citations(x: Extraction) -> None:
    # Parents: what the opening "Thực hiện … / Căn cứ …" lines implement, up to "xét" (a submission
    # that proposed the plan is not its parent).
    first = PREAMBLE.search(x.text)
    block = []
    if first:
        # the preamble block: the first "Thực hiện / Căn cứ" line and the ones that follow it at once
        block.append(first)
        pos = first.end()
        while (nxt := PREAMBLE.match(x.text, pos + 1)) is not None:
            block.append(nxt)
            pos = nxt.end()
    for m in block:
        body_end = m.end()
        cut = re.search(r";\s*(?:xét|theo đề nghị|trên cơ sở đề xuất)\b|\.\s", x.text[m.start() : m.end()])
        if cut:
            body_end = m.start() + cut.start()
        for c in _citations(x, m.start(), body_end):
            _add_parent(x, c, "preamble_citation")
    # "… theo Kế hoạch số 333/KH-BCĐ …", "Thực hiện Kế hoạch số 178/KH-BCĐ và Hướng dẫn số 12/HD-BCA-V05":
    # the document named after the verb, and those chained to it.
    for s0, s1 in [] if _has_header(x) else sentences(x.text):
        for v in IMPLEMENTS.finditer(x.text, s0, s1):
            prev = None
            for c in _citations(x, v.end(), s1):
                if prev is None and c.start() != v.end():
                    break
                if prev is not None and not CHAINED.match(x.text[prev.end() : c.start()]):
                    break
                _add_parent(x, c, "implements_citation")
                prev = c
    for c in CITATION.finditer(x.text):
        if c["number"] not in x.cited and c["number"] != x.number:
            x.cited.append(x.note("cited", c["number"], c.start(), c.end(), "citation"))


def _clean_issuer(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name)
    # "Thủ tướng Chính phủ Phạm Minh Chính": the office issues, not the person
    name = re.sub(r"^((?:Thủ tướng Chính phủ|Bộ trưởng Bộ Công an|Thứ trưởng Bộ Công an))\s+[A-ZĐÀ-Ỹ].*$", r"\1", name)
    name = " ".join(name.split()).strip(" ,")
    return TRAILING.sub("", name).strip(" ,")


def rule_issuer(x: Extraction) -> None:
    header = _has_header(x)
    limit = 6000 if header else min(_lead_events(x), 1500)
    verbs = list(ISSUE_VERB.finditer(x.text, 0, limit))
    if not header:  # "UBND tỉnh vừa chỉ đạo / vừa có Công văn …" names the issuer a news item reports
        extra = list(DIRECTS.finditer(x.text, 0, limit)) + list(ANNOUNCE.finditer(x.text, 0, limit))
        verbs = sorted(verbs + extra, key=lambda v: v.start())
    for v in verbs:
        found = _issuer_before(x, v.start())
        if found:
            x.issuer = x.note("issuer", found[0], found[1], v.start(), "issuer_before_verb")
            return
    if not header:
        p = ANNOUNCE_PASSIVE.search(x.text, 0, min(_lead_events(x), 1500))
        if p and ORG.match(p["org"]):
            x.issuer = x.note("issuer", _clean_issuer(p["org"]), p.start("org"), p.end("org"), "issuer_passive")
            return
    m = HEADER_ORG.search(x.text[:1500])
    if m and m["org"] == m["org"].upper():
        org, a, b = " ".join(m["org"].split()), m.start("org"), m.end("org")
        nxt = HEADER_NEXT.match(x.text, x.text.find("\n", b) + 1) if "\n" in x.text[b:] else None
        if nxt and nxt["area"]:  # "ỦY BAN NHÂN DÂN" / "TỈNH BẾN TRE": one name on two lines
            org, b = f"{org} {' '.join(nxt['area'].split())}", nxt.end("area")
        elif nxt and nxt["body"]:  # "UBND TỈNH THANH HÓA" / "BAN CHỈ ĐẠO 138": the lower line issues
            x.note("issuer_parent", org, a, b, "issuer_header_parent")
            org, a, b = " ".join(nxt["body"].split()), nxt.start("body"), nxt.end("body")
        x.issuer = x.note("issuer", org, a, b, "issuer_header")


LEVEL_WORDS = (
    (
        "central",
        r"\b(?:Trung ương|Bộ Công an|BỘ CÔNG AN|TRUNG ƯƠNG|Thủ tướng|Chính phủ|Cục [A-Z]\d+|Bộ trưởng)\b",
    ),
    (
        "commune",
        r"(?<!thị )(?<!Thị )\b(?:[Xx]ã|[Pp]hường|[Tt]hị trấn|[Đđ]ặc khu)\s+[A-ZĐÀ-Ỹ0-9]"
        r"|\b(?:UBND|Ủy ban nhân dân|Công an) (?:xã|phường)\b",
    ),
    ("district", r"\b(?:[Hh]uyện|[Qq]uận|[Tt]hị xã)\s+[A-ZĐÀ-Ỹ]|\b(?:UBND|Công an) (?:huyện|quận)\b"),
    (
        "province",
        r"\b(?:tỉnh|TỈNH|Tỉnh ủy|Công an tỉnh)\b|\b(?:thành phố|[Tt]hành phố|TP\.?)\s*"
        r"(?:Hà Nội|Hồ Chí Minh|HCM|Hải Phòng|Đà Nẵng|Cần Thơ|Huế)",
    ),
)
CAPS_AREA = re.compile(r"\b(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)[ \t]+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ \-]*)")
# Levels in a header printed in capitals. A provincial town ("THÀNH PHỐ VINH") is a district;
# the five centrally run cities are provinces.
_CITIES = r"HÀ NỘI|HỒ CHÍ MINH|HẢI PHÒNG|ĐÀ NẴNG|CẦN THƠ|HUẾ"
LEVEL_CAPS = (
    ("central", r"\b(?:BỘ CÔNG AN|TRUNG ƯƠNG|CHÍNH PHỦ|BỘ TRƯỞNG)\b"),
    ("district", r"\bTHỊ XÃ\b"),
    ("commune", r"\b(?:XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b(?!\s+HỘI)"),
    ("district", r"\b(?:HUYỆN|QUẬN)\b|\bTHÀNH PHỐ\s+(?!" + _CITIES + r")[A-ZĐÀ-Ỹ]"),
    ("province", r"\b(?:TỈNH|THÀNH PHỐ)\b"),
)
# "UBND thành phố" with no name after it: in a city's own news, the city is centrally run or a
# provincial town alike; read as a province and marked for review.
BARE_CITY = re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Chủ tịch UBND)\s+thành phố\s*$")
# Who reports an event: the unit named just before "tổ chức Ngày hội / hội nghị / giao ban …".
EVENT = re.compile(
    r"(?<=\S )(?<!chuẩn bị )(?<!công tác )(?<!việc )(?<!hoạch )(?<!chỉ đạo )(?<!để )(?<!sẽ )(?<!được )"
    r"(?:đã\s+)?(?:tổ chức|chủ trì)\s+(?:thành công\s+)?(?:chương trình\s+)?[“\"]?"
    r"(?:Ngày hội|ngày hội|[Hh]ội nghị|[Gg]iao ban|[Ll]ễ|gặp mặt|tọa đàm|hội thi)"
    r"|diễn ra\s+(?:chương trình\s+)?[“\"]?Ngày hội|Ngày hội[^.;\n]{0,80}?diễn ra tại"
)


def rule_level(x: Extraction) -> None:
    if x.issuer and x.issuer == x.issuer.upper():  # a header in capitals: "CÔNG AN HUYỆN CHI LĂNG"
        parent = next((e.value for e in x.evidence if e.field == "issuer_parent"), "")
        for name in (x.issuer, parent):
            for level, pat in LEVEL_CAPS:
                if name and re.search(pat, name):
                    x.level = x.note("level", level, 0, 0, f"level_of_header_{level}")
                    if level == "province" and re.search(r"\bTHÀNH PHỐ\s*$", name):
                        x.review.append(("level", "“THÀNH PHỐ” không kèm tên: trực thuộc trung ương hay thuộc tỉnh?"))
                    return
    if x.issuer:
        for level, pat in LEVEL_WORDS:
            if re.search(pat, x.issuer):
                x.level = x.note("level", level, 0, 0, f"level_of_issuer_{level}")
                return
        if BARE_CITY.search(x.issuer):
            x.level = x.note("level", "province", 0, 0, "level_of_bare_city")
            x.review.append(("level", "“thành phố” không kèm tên: thành phố trực thuộc trung ương hay thuộc tỉnh?"))
            return
    span = _title_lines(x)
    if span:
        title = x.text[span[0] : span[1]]
        m = re.search(r"trên địa bàn\s+(?P<w>tỉnh|huyện|xã|thành phố)", title)
        if m:
            lv = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "xã": "commune"}[m["w"]]
            x.level = x.note("level", lv, span[0] + m.start(), span[0] + m.end(), "level_of_subject_area")
            return
    if x.kind == "news":
        ev = EVENT.search(x.text)
        if ev:
            s0, _s1 = _sentence_span(x, ev.start())
            who = x.text[s0 : ev.start()]
            if "được" in who:
                return
            who = re.sub(r"^.*?(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|nay|qua)\s*,", "", who)
            # "tại xã X, huyện Y, <organiser>": the place named first is not the organiser
            who = re.sub(
                r"\btại\s+[^,(]*(?:\([^)]*\))?(?:\s*,\s*(?:xã|phường|huyện|quận|thị xã|tỉnh)\s[^,]*)*\s*,", "", who
            )
            who = re.sub(r"\([^)]*\)", "", who)
            if "Ngày hội" in x.text[ev.start() : ev.end()] and "diễn ra tại" in x.text[ev.start() : ev.end()]:
                who = x.text[ev.end() : ev.end() + 60]
            # "Hội đồng bảo vệ an ninh trật tự xã (tổ chức)": a body named after its unit's kind
            tail = re.search(
                r"\b(?:Hội đồng|Ban [Cc]hỉ đạo|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Đảng ủy)\b[^,]*?"
                r"\b(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh)\s*(?:đã\s*)?(?:sôi nổi\s*)?$",
                who,
            )
            if tail:
                lv = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "tỉnh": "province"}
                x.level = x.note("level", lv.get(tail[1], "district"), s0, ev.end(), "level_of_organiser")
                return
            for level, pat in LEVEL_WORDS:
                if re.search(pat, who):
                    x.level = x.note("level", level, s0, ev.end(), "level_of_organiser")
                    return
        # no event: the named body whose results the lead reports ("Công an phường An Tường đã tiếp
        # nhận …", "Lực lượng Công an thành phố Bắc Kạn đã chủ động …")
        spans = sentences(x.text)
        lead_end = spans[min(3, len(spans)) - 1][1] if spans else 0
        m = REPORTING_BODY.search(x.text, 0, lead_end)
        if m:
            kind, name = m["unit"].lower(), m["name"]
            if kind == "thành phố":
                level = "province" if re.match(CENTRAL_CITIES, name) else "district"
            else:
                level = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "tỉnh": "province"}.get(
                    kind, "district"
                )
            x.level = x.note("level", level, m.start(), m.end(), "level_of_reporting_body")


REPORTING_BODY = re.compile(
    r"\b(?:Công an|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban [Cc]hỉ đạo \d*|Đảng ủy)\s+"
    r"(?P<unit>xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*){0,3})"
    r"\s+(?:đã|vừa)\b"
)
CENTRAL_CITIES = r"Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế"


def rule_unit(x: Extraction) -> None:
    """Province and issuing unit, resolved in the registry of the document's year."""
    if x.level == "central":
        return  # a ministry's document is signed in Hà Nội but covers the country
    year = x.year or (x.date.year if x.date else None)
    # No year in the text: a name is looked up in the 63-province registry, then in the 34-province one.
    for y in [year] if year else [2024, 2025]:
        _unit_in(x, y)
        if x.province:
            return


PROVINCE_ALIASES = {"TP.HCM": "Hồ Chí Minh", "TP. HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh"}


def _unit_in(x: Extraction, year: int) -> None:
    head = x.text[:6000]
    # a header in capitals names its units as "HUYỆN CHI LĂNG": read it as "Huyện Chi Lăng"
    parent = next((str(e.value) for e in x.evidence if e.field == "issuer_parent"), "")
    caps = "\n".join(
        f"{m[1].lower()} {m[2].strip().title()}"
        for n in (x.issuer or "", parent)
        if n and n == n.upper()
        for m in CAPS_AREA.finditer(n)
    )
    head = f"{caps}\n{head}" if caps else head
    for alias, name in PROVINCE_ALIASES.items():
        head = head.replace(alias, f"thành phố {name}")
    districts = places.named(head, "district")
    provinces_named = places.named(head, "province")
    unit = None
    if x.level == "commune":
        names = (
            places.named(x.issuer or "", "commune") or places.named(caps, "commune") or ([x.place] if x.place else [])
        )
        for n in names:
            unit = places.unit(n, "commune", year, within=districts + provinces_named)
            if unit:
                break
    elif x.level == "district":
        for n in places.named(x.issuer or "", "district") or places.named(caps, "district") or districts:
            unit = places.unit(n, "district", year, within=provinces_named)
            if unit:
                break
    prov = places.province_by_code(unit.province_code, year) if unit else None
    if prov is None:
        for cand in ([x.place] if x.place else []) + places.named(x.issuer or "", "province") + provinces_named:
            prov = places.province(cand, year)
            if prov:
                break
    if prov is None:
        # a province named in a slogan, a title or a newspaper's name ("Tây Ninh chung sức …", "Báo Khánh Hòa")
        found = []
        for p in places.all_province_names(year):
            name = re.escape(p).replace(r"\ \-\ ", r"\s*-\s*")
            m = re.search(rf"(?<![\wÀ-ỹ]){name}(?![\wÀ-ỹ])", head)
            if m:
                found.append((m.start(), p))
        if found:
            prov = places.province(min(found)[1], year)
    if prov:
        x.province, x.province_code, x.units_system = prov.province_name, prov.province_code, prov.units_system
        x.note("province", x.province, 0, 0, "province_in_registry")
        if x.level in (None, "province"):
            unit = unit or prov
    if unit:
        x.unit_code = x.note("unit_code", unit.unit_code, 0, 0, f"unit_in_registry_{unit.level}")
        x.units_system = unit.units_system


def _window_date(text: str, year: int | None) -> dt.date | None:
    try:
        return dates.parse(f"ngày {text}", year)
    except ValueError:
        return None


def _windows(x: Extraction):
    """Every "từ … đến …" span of days with its dates: "từ ngày 01/7 đến ngày 19/8", "từ 15/7 - 19/8/2024",
    "từ ngày 01 tháng 7 đến ngày 19 tháng 8 năm 2024"."""
    out = []
    for m in WINDOW.finditer(x.text):
        out.append((m, _window_date(m["a"], x.year), _window_date(m["b"], x.year)))
    for m in WINDOW_WRITTEN.finditer(x.text):
        yb = int(m["yb"]) if m["yb"] else x.year
        ya = int(m["ya"]) if m["ya"] else yb
        try:
            a = dt.date(ya, int(m["ma"]), int(m["da"])) if ya else None
            b = dt.date(yb, int(m["mb"]), int(m["db"])) if yb else None
        except ValueError:
            a = b = None
        out.append((m, a, b))
    return sorted(out, key=lambda w: w[0].start())


def rule_festival_window(x: Extraction) -> None:
    # a window in a sentence about the festival; else, in a text about the festival, the first one
    # not in a sentence about a reporting period ("số liệu tính từ ngày 15/12 đến ngày 14/6")
    about_festival = "ngày hội" in x.text[:800].lower() or "ngày hội" in (x.subject or "").lower()
    festival, other = [], []
    for m, a, b in _windows(x):
        if not (a and b and a <= b):
            continue
        s0, s1 = _sentence_span(x, m.start())
        sent = x.text[s0:s1].lower()
        if "ngày hội" in sent:
            festival.append((m, a, b))
        elif about_festival and not REPORT_PERIOD.search(sent):
            other.append((m, a, b))
    pick = (festival or other or [None])[0]
    if pick:
        m, a, b = pick
        x.festival_window = x.note(
            "festival_window", {"start": a.isoformat(), "end": b.isoformat()}, m.start(), m.end(), "window_from_to"
        )
        return
    for s0, s1 in sentences(x.text):
        sent = x.text[s0:s1]
        if "ngày hội" not in sent.lower():
            continue
        m = FESTIVAL_DAY.search(sent)
        if m:
            d = _window_date(m["d"], x.year)
            if d:
                x.festival_window = x.note(
                    "festival_window",
                    {"start": d.isoformat(), "end": d.isoformat()},
                    s0 + m.start(),
                    s0 + m.end(),
                    "festival_day",
                )
                return
        # "Tối 14/8, phường Sơn Trà tổ chức Ngày hội … năm 2025": the day a news item reports it held.
        for ev in EVENT.finditer(x.text, s0, s1):
            leads = list(re.compile(LEAD_DAY).finditer(x.text, max(s0, ev.start() - 250), ev.start()))
            # "Đến ngày 31/7/2025, 100% … đã tổ chức": a deadline, not the festival's day
            leads = [
                d
                for d in leads
                if not re.search(r"(?:đến|Đến|trước|Trước)\s*$", x.text[max(0, d.start() - 8) : d.start()])
            ]
            if not leads or "ban hành" in sent:
                continue
            lead = leads[-1]
            d = _date_at(x, lead, x.year)
            if d and (x.year is None or d.year == x.year):
                x.festival_window = x.note(
                    "festival_window",
                    {"start": d.isoformat(), "end": d.isoformat()},
                    lead.start(),
                    ev.end(),
                    "festival_day_reported",
                )
                return


def rule_planned_sites(x: Extraction) -> None:
    for s0, s1 in sentences(x.text):
        sent = x.text[s0:s1]
        if not SITE_CONTEXT.search(sent):
            continue
        day = next(iter(dates.find(sent, x.year)), None)
        for m in SITE.finditer(sent):
            site = {"name": f"{m['kind']} {m['name']}", "date": day.date.isoformat() if day else None}
            if site["date"] is None and x.festival_window and x.festival_window["start"] == x.festival_window["end"]:
                site["date"] = x.festival_window["start"]  # the plan's one festival day
            if all(s["name"] != site["name"] for s in x.planned_sites):
                x.planned_sites.append(x.note("planned_sites", site, s0 + m.start(), s0 + m.end(), "site_named"))


TARGET_WORDS = re.compile(r"\b(?:phấn đấu|chỉ tiêu|yêu cầu|đảm bảo|bảo đảm|phải|mỗi|dự kiến)\b", re.I)


def rule_targets(x: Extraction) -> None:
    for m in SELECTION.finditer(x.text):
        x.selection_rules.append(x.note("selection_rules", " ".join(m[0].split()), m.start(), m.end(), "each_chooses"))
        x.targets.append(
            x.note(
                "targets",
                {
                    "indicator": "fest_points_village" if m["what"].lower() != "điểm" else "fest_points_total",
                    "value": int(m["n"]),
                    "qualifier": "at_least" if m["qual"] else "exact",
                    "per": m["per"].lower(),
                    "text": x.sentence_at(m.start(), m.end()),
                },
                m.start(),
                m.end(),
                "each_chooses",
            )
        )
    for m in TARGET_SHARE.finditer(x.text):
        if x.kind in ("news", "report") and not TARGET_WORDS.search(x.sentence_at(m.start(), m.end())):
            continue  # "100% xã, phường … tổ chức Ngày hội" in a news item or a report is a result
        pct = float(m["pct"].replace(",", "."))
        what = m["what"].lower()
        x.targets.append(
            x.note(
                "targets",
                {
                    "indicator": SHARE_INDICATOR.get(what, "fest_communes_held"),
                    "value": int(pct) if pct.is_integer() else pct,
                    "qualifier": "exact",
                    "per": "percent",
                    "text": x.sentence_at(m.start(), m.end()),
                },
                m.start(),
                m.end(),
                "share_holds_festival",
            )
        )


def rule_figures(x: Extraction) -> None:
    blocked = [(d.start, d.end) for d in dates.find(x.text, x.year)]
    blocked += [(c.start(), c.end()) for c in CITATION.finditer(x.text)]
    blocked += [(m.start(), m.end()) for m in TARGET_SHARE.finditer(x.text)]
    blocked += [(m.start(), m.end()) for m in SELECTION.finditer(x.text)]
    blocked += [(m.start(), m.end()) for m in re.finditer(r"(?m)^\s*Số\s*:[^\n]*", x.text)]
    x.figures = figures.find(x.text, sentences(x.text), blocked)


RULES = (
    rule_number,
    rule_place_date,
    rule_kind,
    rule_subject,
    rule_date,
    rule_year,
    rule_citations,
    rule_issuer,
    rule_level,
    rule_unit,
    rule_festival_window,
    rule_planned_sites,
    rule_targets,
    rule_figures,
)


def extract(text: str, file_name: str = "") -> Extraction:
    """Run every rule over a document's text (as antq.documents.readers.read returns it)."""
    x = Extraction(text=flatten(text), file_name=file_name)
    for rule in RULES:
        rule(x)
    return x
