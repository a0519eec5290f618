"""How aggregated result reports are read on the pages: the periods a user picks, how qualifiers
combine in a sum, which detail figure an indicator has (the double-counting rule), and the
reporting deadline of each period kind.

- Period views. A year's figures come from the reports of the kinds of `PERIOD_VIEWS[view]`; for
  the annual view a unit's festival report ("festival_year") and its year report ("year") both
  speak for the year, and per indicator the later of them counts (same order as supersession:
  reported_on, entered_at, report_id) — a year-end report restates the festival's final figures.
- Qualifiers. A sum with an approximate part is approximate (`combine_qualifiers`): "trên 100" +
  "50" is "trên 150"; "gần" + "trên", or any "khoảng", is "khoảng".
- Detail equivalents. `DETAIL_EQUIVALENTS`, `AWARD_INDICATORS`, `EXEMPLAR_INDICATORS` map the
  detail rows to indicators of the catalogue, so that detail is one source of indicator values among
  others; queries/figures_by_province_year.sql applies the one rule of docs/importing.md ("Một số
  liệu cho mỗi đơn vị") to every indicator. `HEADLINE_INDICATORS` says which indicators each headline
  figure of the pages totals.
- Windows and deadlines. `window(kind, year, half)`: the days a period's figures count (the
  festival's window; the ND 09/2019 year and six months). `deadline(kind, year, half)`: the default
  rule's due day, in force where no administrator has set an obligation (antq/cycle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from antq.vocab import report_years
from antq.vocab.categories import PERIOD_KINDS
from antq.vocab.indicators import QUALIFIERS


@dataclass(frozen=True)
class PeriodView:
    code: str
    label_vi: str
    label_en: str
    kinds: tuple[str, ...]  # period kinds whose reports answer this view
    half: int  # 1 or 2 for a half year; 0: any

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


PERIOD_VIEWS: dict[str, PeriodView] = {
    v.code: v
    for v in (
        PeriodView(
            "annual",
            "Cả năm (Ngày hội và báo cáo năm)",
            "Whole year (festival and year reports)",
            ("festival_year", "year"),
            0,
        ),
        PeriodView("half_1", "Sáu tháng đầu năm", "First half year", ("half_year",), 1),
        PeriodView("half_2", "Sáu tháng cuối năm", "Second half year", ("half_year",), 2),
        PeriodView("phase", "Giai đoạn kết thúc trong năm", "Multi-year phase ending that year", ("phase",), 0),
        PeriodView("to_date", "Lũy kế đến nay (trong năm)", "Running total to a day of that year", ("to_date",), 0),
    )
}
DEFAULT_PERIOD_VIEW = "annual"
assert all(set(v.kinds) <= set(PERIOD_KINDS.codes) for v in PERIOD_VIEWS.values())

# ---------------------------------------------------------------- qualifiers
EXACT = "exact"
APPROXIMATE = "about"  # what a sum of parts leaning in opposite directions is
# The word shown before a value, as reports write it ("trên 5.800"): qualifier -> (vi, en).
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    "exact": ("", ""),
    "at_least": ("trên", "over"),
    "just_under": ("gần", "nearly"),
    "about": ("khoảng", "about"),
}
assert set(QUALIFIER_WORDS) == set(QUALIFIERS)


def combine_qualifiers(codes) -> str:
    """The qualifier of a sum (or maximum) of values with these qualifiers: exact only if every part
    is exact; one direction ("trên" parts only, or "gần" parts only, besides exact ones) keeps it;
    opposite directions or any "khoảng" give "khoảng"."""
    kinds = {c for c in codes if c is not None} - {EXACT}
    if not kinds:
        return EXACT
    if len(kinds) == 1:
        return next(iter(kinds))
    return APPROXIMATE


def qualifier_word(code: str | None, lang: str = "vi") -> str:
    vi, en = QUALIFIER_WORDS.get(code or EXACT, ("", ""))
    return en if lang == "en" else vi


# ---------------------------------------------------------------- detail equivalents
# What detail rows count, as indicators of the catalogue: the one map from the detail tables to the
# store of indicator values (queries/figures_by_province_year.sql rolls them up by it).
# Indicator -> the unit_year_summary column that counts the same thing.
DETAIL_EQUIVALENTS: dict[str, str] = {
    "fest_points_total": "festival_points",
    "fest_participants": "participants",
    "fest_gift_packages": "gift_packages",
    "fest_gift_value": "gift_value_vnd",
    "models_active": "models_active",
    "model_sites": "model_sites",
    "model_new": "models_new",
}
# The period kind detail rows speak for (a festival point is of the year's festival).
DETAIL_PERIOD_KIND = "festival_year"
# The festival's equivalents (the festival block of the overview reconciles these).
FESTIVAL_DETAIL_EQUIVALENTS = {k: v for k, v in DETAIL_EQUIVALENTS.items() if k.startswith("fest_")}
# (award, recipient kind) of the commendation table (antq/vocab/categories.py AWARDS) -> indicator.
AWARD_INDICATORS: dict[tuple[str, str], str] = {
    ("ky_niem_chuong", "individual"): "award_medal_individual",
    **{
        (award, kind): f"award_{issuer}_{kind}"
        for award, issuer in (
            ("bang_khen_bo", "moc"),
            ("bang_khen_tinh", "province"),
            ("giay_khen_cong_an_tinh", "police_director"),
            ("giay_khen_huyen", "district"),
            ("giay_khen_xa", "commune"),
            ("mat_tran_doan_the", "front"),
        )
        for kind in ("collective", "individual")
    },
    **{("bieu_duong", kind): f"praise_{kind}" for kind in ("collective", "individual")},
}
# exemplar.recipient_kind -> indicator
EXEMPLAR_INDICATORS: dict[str, str] = {"collective": "exemplar_collective", "individual": "exemplar_individual"}
# The ratio of communes that held the festival (x of y): from detail rows, the province's base units
# with a festival point over its base units.
HELD_INDICATOR = "fest_communes_held"

# The headline figures of the pages (columns of service.headline) that the store answers, and the
# indicators each is the total of. communes_covered is the ratio's numerator (its denominator is the
# communes the share is over).
HEADLINE_INDICATORS: dict[str, tuple[str, ...]] = {
    "communes_covered": (HELD_INDICATOR,),
    "festival_points": ("fest_points_total",),
    "participants": ("fest_participants",),
    "gift_packages": ("fest_gift_packages",),
    "gift_value_vnd": ("fest_gift_value",),
    "commendations": tuple(sorted(set(AWARD_INDICATORS.values()))),
    "models_active": ("models_active",),
    "model_sites": ("model_sites",),
    "models_new": ("model_new",),
    "exemplars": tuple(EXEMPLAR_INDICATORS.values()),
}
# An "about" value agrees with a detail figure within this relative distance.
ABOUT_TOLERANCE = 0.10

# ---------------------------------------------------------------- windows and deadlines
# The days a period's figures count, each rule once (antq/cycle and the pages read them here):
# - the festival: its own window, 1/7–19/8 (Decision 521/QĐ-TTg; a year's plan may move it:
#   antq/vocab/report_years.py);
# - the state reporting rule (Nghị định 09/2019/NĐ-CP, Article 12): a year runs from 15/12 of the
#   previous year to 14/12; six months from 15/12 of the previous year to 14/6 (the second six
#   months, 15/6–14/12, close the year the same way).
ND09_YEAR_START = (12, 15)  # (month, day) of the previous year
ND09_YEAR_END = (12, 14)
ND09_HALF_END = (6, 14)
ND09_SECOND_HALF_START = (6, 15)


def window(kind: str, year: int, half: int = 0) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the figures a report of `kind` for `year` (and `half`) counts."""
    if kind == "festival_year":
        start, end, _note = report_years.festival_period(year)
        return start, end
    year_start = dt.date(year - 1, *ND09_YEAR_START)
    if kind == "half_year" and half == 1:
        return year_start, dt.date(year, *ND09_HALF_END)
    if kind == "half_year" and half == 2:
        return dt.date(year, *ND09_SECOND_HALF_START), dt.date(year, *ND09_YEAR_END)
    if kind == "year":
        return year_start, dt.date(year, *ND09_YEAR_END)
    raise ValueError(f"Kỳ '{kind}' (nửa năm {half}) không có khoảng thời gian cố định.")


# The periods an obligation may be set for, and whose completeness is followed: (period kind,
# half), in the order of the year. A phase and a running total have no fixed window.
COMPLETENESS_PERIODS: tuple[tuple[str, int], ...] = (
    ("half_year", 1),
    ("festival_year", 0),
    ("half_year", 2),
    ("year", 0),
)
assert {k for k, _ in COMPLETENESS_PERIODS} <= set(PERIOD_KINDS.codes)
assert {(k, v.half) for v in PERIOD_VIEWS.values() for k in v.kinds if k == "half_year"} <= set(COMPLETENESS_PERIODS)

# The default rule, in force for a period no administrator has set an obligation for: the provinces
# report to the Ministry by these days (period kind -> (day, month) due, in the period's year; a
# half year has one per half). Named "the default rule" wherever it is shown.
DEFAULT_DEADLINES: dict[str, tuple[tuple[int, int], ...]] = {
    "festival_year": ((31, 8),),  # the festival ends on 19 August (Decision 521/QĐ-TTg)
    "half_year": ((20, 6), (20, 12)),  # the six-month reports of the steering committees
    "year": ((20, 12),),
    "phase": ((31, 12),),
}
# A running total "to date" is counted whenever a unit takes stock: no day is due.
UNDUE_KINDS = ("to_date",)
assert set(DEFAULT_DEADLINES) == set(PERIOD_KINDS.codes) - set(UNDUE_KINDS)


def deadline(kind: str, year: int, half: int = 0) -> dt.date:
    """The default rule's day a report of `kind` for `year` (and `half`) is due at the Ministry."""
    days = DEFAULT_DEADLINES[kind]
    d, m = days[half - 1] if kind == "half_year" and half in (1, 2) else days[-1]
    return dt.date(year, m, d)


def period_label(
    kind: str, half: int = 0, lang: str = "vi", year_from: int | None = None, year: int | None = None, as_of=None
) -> str:
    """A period as a reader names it: "Sáu tháng đầu năm", "Giai đoạn 2020–2025" (a phase says its
    years when they are given), "Đến 30/11/2025" (a running total, with its day when known)."""
    text = PERIOD_KINDS.label(kind, lang)
    if kind == "half_year" and half in (1, 2):
        text = PERIOD_VIEWS[f"half_{half}"].label(lang)
    elif kind == "phase" and year is not None:
        text = f"{text} {year_from if year_from is not None else year}–{year}"
    elif kind == "to_date" and as_of is not None:
        text = f"To {as_of:%d/%m/%Y}" if lang == "en" else f"Đến {as_of:%d/%m/%Y}"
    return text


# ---------------------------------------------------------------- a value as published
# English for the words sources write; a word not listed takes its qualifier's default English.
WORDS_EN: dict[str, str] = {
    "hơn": "more than",
    "trên": "over",
    "ít nhất": "at least",
    "tối thiểu": "at least",
    "gần": "nearly",
    "gần như": "nearly",
    "khoảng": "about",
    "ước": "an estimated",
    "ước tính": "an estimated",
    "xấp xỉ": "approximately",
    "chừng": "about",
}


def _digits(x: float, lang: str) -> str:
    """Vietnamese grouping (5.800; 96,5) or English (5,800; 96.5); at most two decimals, as written."""
    x = float(x)
    decimals = 0 if x.is_integer() else 1 if round(x, 1) == x else 2
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# Money is written with its scale word ("gần 35 tỷ", "130 triệu"), as sources and officers write it.
MONEY_SCALES = ((1_000_000_000, "tỷ", "billion"), (1_000_000, "triệu", "million"))


def _money(x: float, lang: str) -> str:
    for scale, vi, en in MONEY_SCALES:
        if x >= scale and round(x / scale, 2) * scale == x:
            return f"{_digits(x / scale, lang)} {en if lang == 'en' else vi}"
    return _digits(x, lang)


def as_published(
    value,
    qualifier: str | None,
    qualifier_word: str | None,
    lang: str = "vi",
    unit: str | None = None,
    denominator=None,
) -> str:
    """A reported value as its source wrote it: "hơn 5.800" (the word kept: "hơn" is not shown as
    "trên"), "96,5%" (a percentage stays one), "12/15" (x of y keeps both), "gần 35 tỷ" (money with
    its scale word); None -> "–". The one
    place pages, charts, the CLI and the report read-back turn a stored value into text."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    text = _money(value, lang) if unit == "vnd" else _digits(value, lang)
    if denominator is not None and not (isinstance(denominator, float) and denominator != denominator):
        text += "/" + _digits(denominator, lang)
    if unit == "percent":
        text += "%"
    if (qualifier or EXACT) == EXACT:
        return text
    word = " ".join(qualifier_word.lower().split()) if qualifier_word else None
    if lang == "en":
        word = WORDS_EN.get(word) if word else None
        word = word or QUALIFIER_WORDS.get(qualifier, ("", ""))[1]
    else:
        word = word or QUALIFIER_WORDS.get(qualifier, ("", ""))[0]
    return f"{word} {text}" if word else text


# The year's evaluation (table evaluation_unit, one row per evaluated unit) as indicators of the
# catalogue: the classification counts (Quyết định 510) group agencies, enterprises and schools as the
# reports do; the "safe" recognition (Thông tư 124) keeps schools apart.
EVALUATION_CLASS_SUBJECT: dict[str, str] = {
    "residential": "residential",
    "commune": "commune",
    "agency": "agency",
    "enterprise": "agency",
    "school": "agency",
}
EVALUATION_SAFE_SUBJECT: dict[str, str] = {
    "residential": "residential",
    "commune": "commune",
    "agency": "agency",
    "enterprise": "agency",
    "school": "school",
}
# The grades, and the pseudo-grade of the total assessed (every row of the subject).
EVALUATION_GRADES = ("excellent", "good", "average", "weak")
ASSESSED = "assessed"
# (eval_subject, grade or ASSESSED) -> indicator: a row counts for its grade's indicator and the total's.
EVALUATION_CLASS_INDICATORS: dict[tuple[str, str], str] = {
    (subject, grade): f"class_{group}_{grade}"
    for subject, group in EVALUATION_CLASS_SUBJECT.items()
    for grade in (*EVALUATION_GRADES, ASSESSED)
}
# eval_subject -> the x-of-y indicator "recognised safe / all".
EVALUATION_SAFE_INDICATORS: dict[str, str] = {s: f"safe_{g}" for s, g in EVALUATION_SAFE_SUBJECT.items()}
