"""Figures of the indicator catalogue in report text: "hơn 6.000 nguồn tin", "gần 35 tỷ đồng",
"845/879 (trên 96%) xã, phường, thị trấn tổ chức Ngày hội", "4.351 tổ bảo vệ ANTT với 13.053
thành viên".

A figure is a number (or x/y) followed at once by a phrase the catalogue lists for an indicator
(antq/vocab/indicators.py `cues`); the longest phrase wins. Numbers inside dates and document
numbers, and numbers that are names ("Ban Chỉ đạo 138", "77 năm Cách mạng"), are never figures.
Generic words count only beside the words that say what they count; commendations are also read
issuer first ("UBND huyện tặng giấy khen cho 4 tập thể"); each figure keeps its qualifier as written
and the unit level and period its sentence gives.

Longer than ~350 lines on purpose: the context each cue needs, the issuer-first commendations and
the scope of a figure are read together on one sentence; split apart they would re-read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from antq import vietnamese_numbers as numbers
from antq.vocab.indicators import BY_CODE, CATALOGUE, Indicator

# Words right before a number that make it a name, an ordinal or a part of a date, not a figure.
NOT_AFTER = re.compile(
    r"\b(?:một trong|chọn|chỉ đạo|ban|số|"
    r"khóa|khoá|lần thứ|điều|khoản|mục|phần|ngày|tháng|năm|kỷ niệm|giai đoạn|quý|cục|"
    r"khánh|kế hoạch|đoàn|tiểu đoàn|trung đoàn|quốc lộ|tỉnh lộ|đường|tổ|khu phố|ấp|thôn|bản|xóm|nhóm|"
    r"phòng|đội|lớp|thứ|hạng|top)\s*$",
    re.IGNORECASE,
)
# Words that, right after a number, make it a duration or an age, not a count.
NOT_BEFORE = re.compile(r"^\s*(?:năm|tháng|ngày|tuổi|giờ|phút|lần thứ)\b", re.IGNORECASE)
# A group's figures are only read in sentences that speak of it (a bare "76 xã" is a festival
# figure only in a sentence about the festival): one of the words must be in the sentence.
GROUP_CONTEXT = {"festival": ("ngày hội",)}
# Indicators whose cues say what they count on their own ("19 suất quà") need no such sentence.
INDICATOR_CONTEXT = {
    "fest_gift_packages": (),
    "fest_gift_value": (),
    "fest_forums": (),
    "fest_forum_opinions": ("ngày hội", "diễn đàn"),
}
# Generic cues, read only in a sentence that says what is counted: "4.200 người dân" counts people
# reached by propaganda only next to "tuyên truyền"; "98.826 tin" is tips after "cung cấp", news
# items after "đăng phát"; "1.888 tổ" are security teams only next to "bảo vệ ANTT".
_MOB = ("tuyên truyền", "vận động", "phát động", "họp dân", "hội nghị")
CUE_CONTEXT = {
    ("mob_participants", "lượt người tham gia"): _MOB,
    ("mob_participants", "lượt người"): _MOB,
    ("mob_participants", "người tham gia"): _MOB,
    ("mob_participants", "người dân"): _MOB,
    ("mob_participants", "lượt người tham dự"): _MOB,
    ("mob_participants", "người tham dự"): _MOB,
    ("mob_media_items", "tin"): ("đăng", "phát sóng", "phát hành", "tin, bài", "phóng sự"),
    ("tips_received", "tin"): ("cung cấp", "tố giác", "tin báo"),
    ("security_teams", "tổ"): ("antt", "an ninh, trật tự", "an ninh trật tự"),
    ("security_team_members", "thành viên"): ("tổ", "lực lượng"),
}
# Cases solved count as the public's contribution only where the sentence says the public helped.
_PUBLIC = ("nhân dân", "quần chúng", "người dân", "tin báo", "nguồn tin", "tố giác", "giúp")
for _cue in ("vụ án", "vụ việc"):
    CUE_CONTEXT[("cases_solved_public", _cue)] = _PUBLIC
# Words before the number that turn an indicator into its neighbour: "xây dựng mới 12 mô hình",
# "ra mắt trên 30 mô hình" are new models.
_NEW = re.compile(r"(?:xây dựng mới|thành lập mới|ra mắt|phát động xây dựng mới)\s*$", re.I)
RETARGET = {
    code: (_NEW, "model_new")
    for code in ("models_active", *(i.code for i in CATALOGUE if i.group == "models" and i.code.startswith("model_")))
    if code not in ("model_new", "model_kinds", "model_replicated", "model_members", "model_sites")
    and not code.endswith("_points")
}
# "16 mô hình được Bộ Công an … nhân rộng": a phrase whose words are apart.
GAPPED = ((re.compile(r"^\s*mô hình\s+(?:đã\s+)?được\b[^.;]{0,60}?\bnhân rộng", re.I), "model_replicated"),)
# Sentences that state an expectation or a requirement ("mỗi cơ quan … phải có ít nhất 1 mô hình"),
# not a result: their numbers are not reported figures (a plan's targets have their own rules).
EXPECTED = re.compile(r"\b(?:dự kiến|phấn đấu|sẽ có|chỉ tiêu|phải có|mỗi)\b", re.I)
# "… 7 mô hình (trong đó có 1 mô hình …; 5 mô hình …)": the parts of a figure already read.
BREAKDOWN = re.compile(r"\(\s*trong đó[^)]*\)?", re.I)
# When two indicators share a phrase, the one whose group the sentence speaks of wins.
GROUP_HINTS = {
    "mobilisation": ("tuyên truyền", "vận động", "phát động", "họp dân"),
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
    qualifier_text: str = ""  # the qualifier word as written ("hơn", "trên", "gần", "khoảng")
    review: str = ""  # why the reviewer must look at this figure (the sentence allows another reading)
    unit_level: str = ""  # the level the sentence gives the figure ("Toàn quốc có …": central), "" if none
    period: str = ""  # the period as the sentence writes it ("năm 2022", "6 tháng đầu năm 2025"), "" if none


def _cue_table() -> list[tuple[str, Indicator]]:
    pairs = [(c, i) for i in CATALOGUE for c in i.cues]
    return sorted(pairs, key=lambda p: -len(p[0]))


_CUES = _cue_table()


def _indicator_after(rest: str, sentence: str, ratio: bool) -> tuple[Indicator, int, str] | None:
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
        if any(low.startswith(w) for w in ind.not_followed_by if w.startswith(cue)):
            continue
        needed = INDICATOR_CONTEXT.get(ind.code, GROUP_CONTEXT.get(ind.group, ()))
        needed = CUE_CONTEXT.get((ind.code, cue), needed)
        if needed and not any(w in sent for w in needed):
            continue
        best.append((cue, ind))
    if not best:
        return None
    if len(best) == 1:
        return best[0][1], gap + len(best[0][0]), ""

    def first_hint(b) -> int:
        at = [sent.find(h) for h in GROUP_HINTS.get(b[1].group, ()) if h in sent]
        return min(at) if at else len(sent)

    ranked = sorted(best, key=first_hint)
    cue, ind = ranked[0]
    # the sentence's first-named activity decides; with no hint at all the reading is a guess
    why = "" if first_hint(ranked[0]) < len(sent) else f"cũng có thể là {ranked[1][1].code}"
    return ind, gap + len(cue), why


def find(text: str, sentences: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[Figure]:
    """Every figure in `text`; `sentences` are (start, end) spans, `blocked` spans (dates, document
    numbers) whose digits are not figures."""
    out: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return not any(s < be and bs < e for bs, be in blocked)

    in_breakdown = False  # inside a "(trong đó …" opened in an earlier sentence ("…; 5 mô hình …)")
    for s0, s1 in sentences:
        sent = text[s0:s1]
        taken: list[tuple[int, int]] = []
        if in_breakdown:
            close = sent.find(")")
            taken.append((0, close if close >= 0 else len(sent)))
            in_breakdown = close < 0
        for m in BREAKDOWN.finditer(sent):
            taken.append((m.start(), m.end()))
            in_breakdown = not m[0].endswith(")")
        if EXPECTED.search(sent):
            continue
        for f in _awards(sent, s0):
            if free(f.start, f.end):
                out.append(f)
                taken.append((f.start - s0, f.end - s0))
        for m in numbers.RATIO.finditer(sent):
            a, b = s0 + m.start(), s0 + m.end()
            if not free(a, b) or NOT_AFTER.search(sent[: m.start()]):
                continue
            if any(m.start() < e and t < m.end() for t, e in taken):
                continue
            try:
                num, den = numbers.parse_ratio(m[0].strip())
            except ValueError:
                continue
            hit = _indicator_after(sent[m.end() :], sent, ratio=True)
            if hit is None:
                continue
            ind, n, why = hit
            out.append(
                Figure(
                    ind.code,
                    num.value,
                    den.value,
                    num.qualifier,
                    a,
                    b + n,
                    "ratio_then_phrase",
                    sent.strip(),
                    (m["qual"] or "").strip(),
                    why,
                )
            )
            taken.append((m.start(), m.end()))
        for m in numbers.NUMBER.finditer(sent):
            if any(m.start() < e and t < m.end() for t, e in taken):
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
            for rx, code in GAPPED:
                g = rx.match(rest)
                if g:
                    hit, rule = (BY_CODE[code], g.end(), ""), "number_then_split_phrase"
            if hit is None and _money_of_gifts(sent, m.start(), rest):
                # "(trị giá) gần 35 tỷ đồng" in a sentence about gifts: the gifts' value
                hit, rule = (BY_CODE[MONEY_OF_GIFTS], len(rest) - len(rest.lstrip()) + len("đồng"), ""), "money_gifts"
            if hit is None:
                continue
            ind, n, why = hit
            if ind.code in RETARGET and RETARGET[ind.code][0].search(sent[: m.start()]):
                ind, rule = BY_CODE[RETARGET[ind.code][1]], "number_then_phrase_new"
            out.append(
                Figure(
                    ind.code,
                    num.value,
                    None,
                    num.qualifier,
                    a,
                    b + n,
                    rule,
                    sent.strip(),
                    (m["qual"] or "").strip(),
                    why,
                )
            )
            taken.append((m.start(), m.end()))
        for m in FORUMS.finditer(sent):
            a = s0 + m.start("n")
            if free(a, s0 + m.end("n")) and not any(m.start("n") < e and t < m.end("n") for t, e in taken):
                try:
                    num = numbers.parse(m["n"])
                except ValueError:
                    continue
                out.append(
                    Figure(
                        "fest_forums",
                        num.value,
                        None,
                        num.qualifier,
                        a,
                        s0 + m.end(),
                        "forum_then_count",
                        sent.strip(),
                        (m["qual"] or "").strip() if "qual" in m.groupdict() else "",
                    )
                )
    return sorted((_scoped(f, text) for f in out), key=lambda f: f.start)


# Whose figure a sentence gives, read before the number: "Toàn quốc có …", "Tại Thái Nguyên, …",
# "toàn huyện có …", "xã Cẩm Nhượng đã …". The nearest one before the number wins.
SCOPES = (
    ("central", re.compile(r"\b(?:[Tt]oàn quốc|[Cc]ả nước|trên cả nước|[Tt]oàn lực lượng)\b")),
    ("province", re.compile(r"\b(?:[Tt]oàn tỉnh|[Tt]oàn thành phố|[Tt]ỉnh [A-ZĐÀ-Ỹ]|TP\.?\s?[A-ZĐÀ-Ỹ])")),
    (
        "district",
        re.compile(r"\b(?:[Tt]oàn huyện|[Tt]oàn quận|[Hh]uyện [A-ZĐÀ-Ỹ]|[Qq]uận [A-ZĐÀ-Ỹ0-9]|[Tt]hị xã [A-ZĐÀ-Ỹ])"),
    ),
    (
        "commune",
        re.compile(r"(?<!thị )(?<!Thị )\b(?:[Tt]oàn xã|[Xx]ã [A-ZĐÀ-Ỹ]|[Pp]hường [A-ZĐÀ-Ỹ0-9]|[Tt]hị trấn [A-ZĐÀ-Ỹ])"),
    ),
)
# The period a figure covers, as written: "năm 2022", "6 tháng đầu năm 2025", "giai đoạn 2018-2023",
# "từ đầu năm đến nay", "trong 10 năm qua".
PERIOD = re.compile(
    r"(?:\d+|sáu)\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+\d{4}|giai đoạn\s+\d{4}\s*[-–]\s*\d{4}"
    r"|từ đầu năm(?:\s+\d{4})?\s+đến nay|(?:trong\s+)?\d+\s+năm\s+qua|(?<!\d )năm\s+(?:19|20)\d{2}",
    re.I,
)


def _scoped(f: Figure, text: str) -> Figure:
    from dataclasses import replace

    s0 = text.find(f.sentence)
    before = f.sentence[: max(0, f.start - s0)] if s0 >= 0 else ""
    best = (-1, "")
    for level, rx in SCOPES:
        for m in rx.finditer(before):
            if m.start() > best[0]:
                best = (m.start(), level)
    period = PERIOD.search(f.sentence)
    return replace(f, unit_level=best[1], period=" ".join(period[0].split()) if period else "")


# "Diễn đàn “Công an lắng nghe ý kiến Nhân dân” đã tổ chức được 926 lần": the count after the forum.
FORUMS = re.compile(
    r"[Dd]iễn đàn[^.;]{0,80}?(?:tổ chức|được)\s+(?:được\s+)?(?P<n>\d{1,3}(?:\.\d{3})*)\s+(?:lần|buổi|cuộc)\b"
)
# Commendations written issuer first: "UBND huyện tặng giấy khen cho 4 tập thể, 6 cá nhân",
# "2 tập thể và 2 cá nhân được nhận giấy khen của Chủ tịch UBND phường", "Bộ Công an tặng Kỷ niệm
# chương … cho 3 cá nhân". The issuer's level decides the indicator; a sentence naming two issuers
# ("Công an TPHCM và UBND xã … trao giấy khen") is left to the reviewer.
AWARD = re.compile(r"\b(?:bằng khen|giấy khen|kỷ niệm chương|khen thưởng)\b", re.I)
AWARD_ISSUERS = (
    ("moc", re.compile(r"\bBộ (?:trưởng Bộ )?Công an\b")),
    ("province", re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:tỉnh|TP\b|thành phố)")),
    ("police_director", re.compile(r"\b(?:Giám đốc )?Công an (?:tỉnh|TP\b|TP\.|thành phố|TPHCM)")),
    ("district", re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:huyện|quận|thị xã)")),
    ("commune", re.compile(r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:xã|phường|thị trấn)")),
)
AWARDEES = re.compile(
    rf"(?<![\w.,/])(?:(?P<qual>{numbers.QUALIFIER_RE})\s+)?(?P<n>\d{{1,3}}(?:\.\d{{3}})*)\s+"
    r"(?P<who>tập thể|cá nhân|đồng chí)\b"
)


def _awards(sent: str, s0: int) -> list[Figure]:
    kinds = AWARD.findall(sent)
    if not kinds:
        return []
    issuers = {code for code, rx in AWARD_ISSUERS if rx.search(sent)}
    medal = any(k.lower() == "kỷ niệm chương" for k in kinds)
    if medal and issuers <= {"moc"}:
        issuer = "medal"
    elif len(issuers) == 1 and not medal:
        issuer = issuers.pop()
    else:
        return []
    out = []
    for m in AWARDEES.finditer(sent):
        who = "individual" if m["who"] in ("cá nhân", "đồng chí") else "collective"
        if issuer == "medal" and who != "individual":
            continue
        if m["who"] == "đồng chí" and issuer != "medal":
            continue
        code = "award_medal_individual" if issuer == "medal" else f"award_{issuer}_{who}"
        try:
            num = numbers.parse(f"{m['qual'] or ''} {m['n']}".strip())
        except ValueError:
            continue
        out.append(
            Figure(
                code,
                num.value,
                None,
                num.qualifier,
                s0 + m.start(),
                s0 + m.end(),
                "issuer_awards_count",
                sent.strip(),
                (m["qual"] or "").strip(),
            )
        )
    return out


def _money_of_gifts(sent: str, at: int, rest: str) -> bool:
    """ "tặng quà với tổng trị giá gần 35 tỷ đồng": money right after a mention of gifts; not the
    value of every activity ("… suất quà … trị giá các hoạt động hơn 14 tỷ đồng")."""
    if not rest.lstrip().lower().startswith("đồng"):
        return False
    before = sent[max(0, at - 60) : at].lower()
    return "quà" in before and not re.search(r"hoạt động|công trình|kinh phí", before[before.rfind("quà") :])
