"""Figures of the indicator catalogue in report text: "hơn 6.000 nguồn tin", "gần 35 tỷ đồng",
"845/879 (trên 96%) xã, phường, thị trấn tổ chức Ngày hội", "4.351 tổ bảo vệ ANTT với 13.053
thành viên".

A figure is a number (or x/y) followed at once by a phrase the catalogue lists for an indicator
(antq/vocab/indicators.py `cues`); the longest phrase wins. Numbers inside dates and document
numbers, and numbers that are names ("Ban Chỉ đạo 138", "77 năm Cách mạng"), are never figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from antq import vietnamese_numbers as numbers
from antq.vocab.indicators import BY_CODE, CATALOGUE, Indicator

# Words right before a number that make it a name, an ordinal or a part of a date, not a figure.
NOT_AFTER = re.compile(
    r"\b(?:chỉ đạo|ban|số|khóa|khoá|lần thứ|điều|khoản|mục|phần|ngày|tháng|năm|kỷ niệm|giai đoạn|quý|cục|"
    r"khánh|kế hoạch|đoàn|tiểu đoàn|trung đoàn|quốc lộ|tỉnh lộ|đường|tổ|khu phố|ấp|thôn|bản|xóm|nhóm|"
    r"phòng|đội|lớp|thứ|hạng|top)\s*$",
    re.IGNORECASE,
)
# Words that, right after a number, make it a duration or an age, not a count.
NOT_BEFORE = re.compile(r"^\s*(?:năm|tháng|ngày|tuổi|giờ|phút|lần thứ)\b", re.IGNORECASE)
# A group's figures are only read in sentences that speak of it (a bare "76 xã" is a festival
# figure only in a sentence about the festival).
GROUP_CONTEXT = {"festival": ("ngày hội",)}
# When two indicators share a phrase, the one whose group the sentence speaks of wins.
GROUP_HINTS = {
    "mobilisation": ("tuyên truyền", "vận động"),
    "festival": ("ngày hội",),
    "grassroots": ("tổ bảo vệ", "tổ an ninh"),
    "public_contribution": ("tố giác", "nguồn tin", "giao nộp"),
}
MONEY_OF_GIFTS = "fest_gift_value"
GAP = re.compile(r"^[\s“”\"'(]*")


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: float | int
    denominator: float | int | None
    qualifier: str
    start: int  # span of the number and its phrase in the document's text
    end: int
    rule: str
    sentence: str


def _cue_table() -> list[tuple[str, Indicator]]:
    pairs = [(c, i) for i in CATALOGUE for c in i.cues]
    return sorted(pairs, key=lambda p: -len(p[0]))


_CUES = _cue_table()


def _indicator_after(rest: str, sentence: str, ratio: bool) -> tuple[Indicator, int] | None:
    """The indicator whose phrase starts `rest` (after spaces and quotes); longest phrase first."""
    gap = GAP.match(rest).end()
    low = rest[gap:].lower()
    sent = sentence.lower()
    best: list[tuple[str, Indicator]] = []
    for cue, ind in _CUES:
        if best and len(cue) < len(best[0][0]):
            break
        if not low.startswith(cue) or (len(low) > len(cue) and low[len(cue)].isalnum()):
            continue
        if ratio and ind.aggregation != "ratio":
            continue
        if any(low[len(cue) :].lstrip().startswith(w) for w in ind.not_followed_by):
            continue
        if any(w not in sent for w in GROUP_CONTEXT.get(ind.group, ())):
            continue
        best.append((cue, ind))
    if not best:
        return None
    hinted = [b for b in best if any(h in sent for h in GROUP_HINTS.get(b[1].group, ()))]
    cue, ind = (hinted or best)[0]
    return ind, gap + len(cue)


def find(text: str, sentences: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[Figure]:
    """Every figure in `text`; `sentences` are (start, end) spans, `blocked` spans (dates, document
    numbers) whose digits are not figures."""
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return not any(s < be and bs < e for bs, be in blocked)

    for s0, s1 in sentences:
        sent = text[s0:s1]
        taken: list[tuple[int, int]] = []
        for m in numbers.RATIO.finditer(sent):
            a, b = s0 + m.start(), s0 + m.end()
            if not free(a, b) or NOT_AFTER.search(sent[: m.start()]):
                continue
            try:
                num, den = numbers.parse_ratio(m[0].strip())
            except ValueError:
                continue
            hit = _indicator_after(sent[m.end() :], sent, ratio=True)
            if hit is None:
                continue
            ind, n = hit
            qual = num.qualifier
            out.append(Figure(ind.code, num.value, den.value, qual, a, b + n, "ratio_then_phrase", sent.strip()))
            taken.append((m.start(), m.end()))
        for m in numbers.NUMBER.finditer(sent):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            a, b = s0 + m.start(), s0 + m.end()
            if not free(a, b) or m["pct"] or NOT_AFTER.search(sent[: m.start()]):
                continue
            if NOT_BEFORE.match(sent[m.end() :]):
                continue
            try:
                num = numbers.parse(m[0])
            except ValueError:
                continue
            rest = sent[m.end() :]
            hit = _indicator_after(rest, sent, ratio=False)
            rule = "number_then_phrase"
            if hit is None and rest.lstrip().lower().startswith("đồng") and "quà" in sent.lower():
                # "(trị giá) gần 35 tỷ đồng" in a sentence about gifts: the gifts' value
                hit, rule = (BY_CODE[MONEY_OF_GIFTS], len(rest) - len(rest.lstrip()) + len("đồng")), "money_gifts"
            if hit is None:
                continue
            ind, n = hit
            out.append(Figure(ind.code, num.value, None, num.qualifier, a, b + n, rule, sent.strip()))
    return sorted(out, key=lambda f: f.start)
