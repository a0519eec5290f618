"""Rules between figures, and the outlier rule against a unit's own history: written once.

A rule compares the sum of some figures (the left side) with one figure (the right side): `le`
(left ≤ right: "valuable tips ≤ tips") or `eq` (left = right: "excellent + good + average + weak =
assessed"). A term is an indicator's value, or the denominator of an x-of-y indicator ("communes
that held the festival ≤ communes"). A rule is checked only where the right side and at least one
left term are reported (an `eq` rule: every left term): a figure not reported is not zero.

Severity: an `error` is a hard contradiction — the report form is refused (antq/reports/validate.py)
and the page of the level above lists it; a `warning` is flagged, never refused (e.g. fewer units
graded than assessed: some are still under review). A figure written as approximate ("trên",
"khoảng") turns an error into a warning: its exact value is not known.

The outlier rule flags a figure far from the unit's own earlier years for follow-up, never refuses
it. Counts are skewed (a commune with 3 festival points one year, 40 the next after a merger), so
the rule is robust: a robust z-score on log(1 + value) — the median and the median absolute
deviation (MAD) of the unit's last HISTORY_YEARS years, z = 0.6745 · (x − median) / MAD, flagged
beyond Z_LIMIT (Iglewicz and Hoaglin's 3.5; the MAD never below MIN_MAD_LOG) — and, where the
history is too short for a spread (fewer than MIN_HISTORY years), the ratio to the median of
earlier years beyond FAR. A figure within MIN_CHANGE of the median is never flagged (small
counts). Never mean ± 3σ: one big year would widen σ enough to hide the next.

The same rules run in Python (a form's values before they are stored) and in SQL (the macros of
antq/vocab/sql.py over the store: queries/validation_flags.sql); tests/test_validation_rules.py
proves they agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from antq.vocab import indicators

ERROR, WARNING = "error", "warning"
VALUE, DENOMINATOR = "value", "denominator"


@dataclass(frozen=True)
class Term:
    indicator: str
    part: str = VALUE  # VALUE, or DENOMINATOR of an x-of-y indicator

    def label(self, lang: str = "vi") -> str:
        ind = indicators.get(self.indicator)
        text = ind.label_en if lang == "en" else ind.label_vi
        if ind.aggregation != "ratio":
            return text
        x, _, y = text.partition(" / ")
        if self.part == DENOMINATOR:
            return f"{x} — {y or ('all' if lang == 'en' else 'tổng số')}"
        return x


@dataclass(frozen=True)
class Rule:
    code: str
    left: tuple[Term, ...]
    op: str  # 'le' | 'eq'
    right: Term
    severity: str  # ERROR | WARNING
    why_vi: str
    why_en: str


def _t(code: str, part: str = VALUE) -> Term:
    return Term(code, part)


def _rules() -> tuple[Rule, ...]:
    out = [
        Rule(
            "tips_valuable_le_received",
            (_t("tips_valuable"),),
            "le",
            _t("tips_received"),
            ERROR,
            "Tin có giá trị là một phần của tin báo.",
            "Valuable tips are part of the tips received.",
        ),
        Rule(
            "camera_eyes_ge_points",
            (_t("camera_points"),),
            "le",
            _t("camera_eyes"),
            WARNING,
            "Mỗi điểm camera thường có ít nhất một mắt camera.",
            "A camera point usually has at least one camera.",
        ),
    ]
    # x of y: the units that did something are some of the units ("xã tổ chức Ngày hội ≤ số xã").
    for ind in indicators.CATALOGUE:
        if ind.aggregation == "ratio":
            out.append(
                Rule(
                    f"{ind.code}_of_all",
                    (_t(ind.code),),
                    "le",
                    _t(ind.code, DENOMINATOR),
                    ERROR,
                    "Số đơn vị đạt không vượt quá tổng số đơn vị.",
                    "The units counted are some of all the units.",
                )
            )
    for subject in ("residential", "commune", "agency"):
        grades = tuple(_t(f"class_{subject}_{g}") for g in ("excellent", "good", "average", "weak"))
        assessed = _t(f"class_{subject}_assessed")
        out.append(
            Rule(
                f"class_{subject}_grades_le_assessed",
                grades,
                "le",
                assessed,
                ERROR,
                "Số đơn vị xếp các loại không vượt quá số đơn vị được phân loại.",
                "Units graded cannot outnumber the units assessed.",
            )
        )
        out.append(
            Rule(
                f"class_{subject}_grades_eq_assessed",
                grades,
                "eq",
                assessed,
                WARNING,
                "Xuất sắc + khá + trung bình + yếu = số đơn vị được phân loại.",
                "Excellent + good + average + weak = units assessed.",
            )
        )
        # the units recognised safe are among those assessed only where both count the same units
    return tuple(out)


RULES: tuple[Rule, ...] = _rules()
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}

# The outlier rule (module docstring).
HISTORY_YEARS = 5  # the unit's earlier years compared with
MIN_HISTORY = 3  # years needed for a spread (MAD)
Z_LIMIT = 3.5  # |robust z| above which a figure is flagged
MAD_SCALE = 0.6745  # z = MAD_SCALE · (x − median) / MAD: a normal's z-score for normal data
FAR = 10.0  # too short a history for a spread: flagged when more than FAR times above or below the median
# The least spread credited to a history (MAD of log(1 + value)): about a 15 % wobble a year. Smooth
# or copied figures would otherwise make any small change an outlier (316 against a median of 282).
MIN_MAD_LOG = 0.15
# Small counts jump by chance (0 festival points at enterprises, then 2): a figure within MIN_CHANGE of
# the median is never an outlier.
MIN_CHANGE = 5.0


@dataclass(frozen=True)
class Violation:
    rule: Rule
    left: float
    right: float
    severity: str  # the rule's, or WARNING where a figure is approximate

    def message(self, where: str, lang: str = "vi") -> str:
        """Names both figures and where (the unit and period, given by the caller)."""
        r = self.rule
        left = " + ".join(t.label(lang) for t in r.left)
        n = number_vi if lang == "vi" else _en
        if lang == "en":
            rel = "is greater than" if r.op == "le" else "differs from"
            return f"{where}: {left} ({n(self.left)}) {rel} {r.right.label('en')} ({n(self.right)}). {r.why_en}"
        rel = "lớn hơn" if r.op == "le" else "khác"
        return f"{where}: {left} ({n(self.left)}) {rel} {r.right.label()} ({n(self.right)}). {r.why_vi}"


def number_vi(x: float) -> str:
    """1234.5 -> "1.234,5" (antq.i18n is above the vocabulary; this is the one number a message needs)."""
    s = f"{x:,.2f}".rstrip("0").rstrip(".")
    return s.replace(",", " ").replace(".", ",").replace(" ", ".")


def _en(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


# A reported figure: (value, denominator or None, exact?).
Figure = tuple[float, float | None, bool]


def _term(values: Mapping[str, Figure], t: Term) -> tuple[float, bool] | None:
    f = values.get(t.indicator)
    if f is None:
        return None
    v = f[0] if t.part == VALUE else f[1]
    return None if v is None else (float(v), f[2])


def check(values: Mapping[str, Figure]) -> list[Violation]:
    """Every rule the figures of one unit and period break."""
    out = []
    for r in RULES:
        right = _term(values, r.right)
        lefts = [x for x in (_term(values, t) for t in r.left) if x is not None]
        if right is None or not lefts or (r.op == "eq" and len(lefts) < len(r.left)):
            continue
        total = sum(v for v, _ in lefts)
        broken = total > right[0] + 1e-9 if r.op == "le" else abs(total - right[0]) > 1e-9
        if broken:
            exact = right[1] and all(e for _, e in lefts)
            out.append(Violation(r, total, right[0], r.severity if exact else WARNING))
    return out


def robust_z(value: float, median_log: float, mad_log: float) -> float | None:
    """The robust z-score of log(1 + value) against a history's median and MAD of log(1 + value)
    (the MAD no less than MIN_MAD_LOG)."""
    if median_log is None:
        return None
    return MAD_SCALE * (math.log1p(value) - median_log) / max(mad_log or 0.0, MIN_MAD_LOG)


def is_outlier(value: float, n: int, median: float, median_log: float, mad_log: float) -> bool:
    """Whether a figure is far from its unit's history (n earlier years; their median, and the median
    and MAD of log(1 + value)). The SQL macro history_outlier is the same rule."""
    if not n or abs(value - median) < MIN_CHANGE:
        return False
    if n >= MIN_HISTORY:
        return abs(robust_z(value, median_log, mad_log)) > Z_LIMIT
    return median > 0 and (value > FAR * median or value < median / FAR)
