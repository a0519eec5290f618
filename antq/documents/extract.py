"""What a plan, report, directive or news item says, read by small named rules over the state
document format (Decree 30/2020/NĐ-CP layout: number line, place and date line, kind heading,
subject, "Thực hiện …" preamble, sections).

Each rule returns the value it found with the span of text it came from and its own name
(`Found`), so the review screen shows every value beside its sentence and the accuracy can be
measured rule by rule. Nothing here touches the database: `extract(text, file_name)` is pure.

Longer than ~350 lines on purpose: the rules share the document's parsed lines and date forms, and
are read best side by side with the layout they follow; the figures' rules live in figures.py.
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
NUMBER_CODES = (("plan", r"/KH\b"), ("report", r"/BC\b"), ("directive", r"/(?:CT|HD|TB|QĐ|UBND|CV)\b"))
DOC_TYPES = (
    "Kế hoạch|Quyết định|Công văn|Chỉ thị|Nghị quyết|Kết luận|Nghị định|Tờ trình|Thông tư|Hướng dẫn|Báo cáo|"
    "Thông báo|Văn bản|Điều lệ|Luật"
)
REF_NUMBER = r"\d*[A-Za-zĐđ0-9]*(?:\s?[/\-][A-Za-zĐđ0-9()]+)+"
CITATION = re.compile(rf"(?P<type>{DOC_TYPES})\s+(?:số\s+)?(?P<number>\d+{REF_NUMBER[3:]})", re.I)
NUMBER_LINE = re.compile(r"(?m)^\s*Số\s*:\s*(?P<number>\d*\s*/\s*[A-ZĐ0-9][A-ZĐa-z0-9()\-/]*)")
PLACE_DATE = re.compile(
    r"(?m)^\s*(?P<place>[A-ZĐÀ-Ỹ][^\d,\n]{1,40}),\s*(?P<date>ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
)
NEWS_STAMP = re.compile(r"(?m)^\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:SA|CH|AM|PM)?\s*$")
PREAMBLE = re.compile(r"(?m)^\s*(?:Thực hiện|Căn cứ|Triển khai)\b(?P<body>[^\n]*)")
ISSUE_VERB = re.compile(r"\b(?:(?:ban hành|xây dựng|đề ra|xây dựng và ban hành)\s+kế hoạch|báo cáo kết quả)", re.I)
# The issuing body printed in capitals at the top left ("CÔNG AN TỈNH KHÁNH HÒA").
HEADER_ORG = re.compile(
    r"(?m)^\s*(?P<org>(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|CÔNG AN|BAN CHỈ ĐẠO|BỘ CÔNG AN|LIÊN HIỆP)[^\n]{0,80})$"
)
ORG = re.compile(
    r"\b(?:Ban Chỉ đạo|Ban chỉ đạo|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Công an|Liên hiệp|Hội|Sở|Bộ|Tỉnh ủy|"
    r"Huyện ủy|Đảng ủy|Mặt trận|Ban Thường vụ|Cục|Phòng)\b"
)
TITLE_YEAR = re.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b")
WINDOW = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<a>\d{1,2}/\d{1,2}(?:/\d{4})?)\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<b>\d{1,2}/\d{1,2}(?:/\d{4})?)",
    re.I,
)
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

    def note(self, name: str, value, start: int, end: int, rule: str):
        self.evidence.append(Found(name, value, start, end, rule))
        return value

    def sentence_at(self, start: int, end: int) -> str:
        return sentence_around(self.text, start, end)

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
                    "text": f.sentence,
                    "rule": f.rule,
                }
                for f in self.figures
            ],
            "evidence": [
                asdict(e) | {"value": _jsonable(e.value), "text": self.sentence_at(e.start, e.end)}
                for e in self.evidence
            ],
        }


def _jsonable(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZĐÀ-Ỹ“\"(\-+*0-9])|\n")


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
def rule_number(x: Extraction) -> None:
    m = NUMBER_LINE.search(x.text[:2000])
    if m:
        x.number = x.note("number", re.sub(r"\s+", "", m["number"]), m.start("number"), m.end("number"), "number_line")


def rule_place_date(x: Extraction) -> None:
    m = PLACE_DATE.search(x.text[:3000])
    if m:
        x.place = x.note("place", m["place"].strip(), m.start("place"), m.end("place"), "place_date_line")
        x.date = x.note("date", dates.parse(m["date"]), m.start("date"), m.end("date"), "place_date_line")
        return
    m = NEWS_STAMP.search(x.text[:1000])
    if m:
        x.date = x.note("date", dates.parse(m["date"]), m.start("date"), m.end("date"), "news_timestamp")


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
    if x.number:
        for kind, pat in NUMBER_CODES:
            if re.search(pat, x.number):
                x.kind = x.note("kind", kind, 0, 0, "kind_from_number")
                return
    m = NEWS_STAMP.search(x.text[:1000]) or NEWS_SIGNALS.search(x.text)
    if m:
        x.kind = x.note("kind", "news", m.start(), m.end(), "kind_news_page")


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
    if x.date:
        x.year = x.note("year", x.date.year, 0, 0, "year_of_date")


def _citations(x: Extraction, start: int, end: int) -> list[re.Match]:
    return list(CITATION.finditer(x.text, start, end))


def rule_citations(x: Extraction) -> None:
    # Parents: what the opening "Thực hiện … / Căn cứ …" sentence implements, up to "xét" (a
    # submission that proposed the plan is not its parent).
    m = PREAMBLE.search(x.text)
    if m:
        body_end = m.end()
        cut = re.search(r";\s*(?:xét|theo đề nghị|trên cơ sở đề xuất)\b|\.\s", x.text[m.start() : m.end()])
        if cut:
            body_end = m.start() + cut.start()
        for c in _citations(x, m.start(), body_end):
            if c["number"] not in x.parents:
                x.parents.append(x.note("parents", c["number"], c.start(), c.end(), "preamble_citation"))
    for c in CITATION.finditer(x.text):
        if c["number"] not in x.cited and c["number"] != x.number:
            x.cited.append(x.note("cited", c["number"], c.start(), c.end(), "citation"))


def rule_issuer(x: Extraction) -> None:
    for v in ISSUE_VERB.finditer(x.text[:6000]):
        line_start = x.text.rfind("\n", 0, v.start()) + 1
        clause_start = max(line_start, *(x.text.rfind(p, 0, v.start()) + 1 for p in (";", ". ")))
        clause = x.text[clause_start : v.start()]
        for org in ORG.finditer(clause):
            before = clause[max(0, org.start() - 5) : org.start()].lower()
            if "của" in before:
                continue
            name = re.sub(r"\s*\([^)]*\)", "", clause[org.start() :])
            name = " ".join(name.split()).strip(" ,")
            if name:
                a = clause_start + org.start()
                x.issuer = x.note("issuer", name, a, v.start(), "issuer_before_verb")
                return
            break
    m = HEADER_ORG.search(x.text[:1500])
    if m and m["org"] == m["org"].upper():
        x.issuer = x.note("issuer", " ".join(m["org"].split()), m.start("org"), m.end("org"), "issuer_header")


LEVEL_WORDS = (
    ("central", r"\b(?:Trung ương|Bộ Công an|BỘ CÔNG AN|TRUNG ƯƠNG|Thủ tướng|Chính phủ|Cục [A-Z]\d+)\b"),
    ("commune", r"\b(?:xã|phường|thị trấn|đặc khu)\s+[A-ZĐÀ-Ỹ]|\b(?:UBND|Ủy ban nhân dân|Công an) (?:xã|phường)\b"),
    ("district", r"\b(?:huyện|quận|thị xã)\s+[A-ZĐÀ-Ỹ]|\b(?:UBND|Công an) (?:huyện|quận)\b"),
    (
        "province",
        r"\b(?:tỉnh|TỈNH|Tỉnh ủy|Công an tỉnh)\b|\bthành phố (?:Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế)",
    ),
)


def rule_level(x: Extraction) -> None:
    if x.issuer:
        for level, pat in LEVEL_WORDS:
            if re.search(pat, x.issuer):
                x.level = x.note("level", level, 0, 0, f"level_of_issuer_{level}")
                return
    span = _title_lines(x)
    if span:
        title = x.text[span[0] : span[1]]
        m = re.search(r"trên địa bàn\s+(?P<w>tỉnh|huyện|xã|thành phố)", title)
        if m:
            lv = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "xã": "commune"}[m["w"]]
            x.level = x.note("level", lv, span[0] + m.start(), span[0] + m.end(), "level_of_subject_area")


def rule_unit(x: Extraction) -> None:
    """Province and issuing unit, resolved in the registry of the document's year."""
    year = x.year or (x.date.year if x.date else None)
    if year is None:
        return
    head = x.text[:6000]
    districts = places.named(head, "district")
    provinces_named = places.named(head, "province")
    unit = None
    if x.level == "commune":
        names = places.named(x.issuer or "", "commune") or ([x.place] if x.place else [])
        for n in names:
            unit = places.unit(n, "commune", year, within=districts + provinces_named)
            if unit:
                break
    elif x.level == "district":
        for n in places.named(x.issuer or "", "district") or districts:
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
        # a province named in a slogan or a title ("Tây Ninh chung sức …")
        for p in places.all_province_names(year):
            i = head.find(p)
            if i >= 0:
                prov = places.province(p, year)
                break
    if prov:
        x.province, x.province_code, x.units_system = prov.name.split(" ", 1)[-1], prov.province_code, prov.units_system
        x.province = prov.province_name
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


def rule_festival_window(x: Extraction) -> None:
    for m in WINDOW.finditer(x.text):
        a, b = _window_date(m["a"], x.year), _window_date(m["b"], x.year)
        if a and b and a <= b:
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
