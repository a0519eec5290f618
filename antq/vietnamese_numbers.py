"""Vietnamese numbers as officers write them: "6.000" (a dot groups thousands), "35,5" (a comma
marks decimals), "gần 35 tỷ" (a scale word), "hơn 6.000" (a qualifier), "845/879" (x out of y).

`parse` takes the text of one number and returns its value and qualifier, or raises ValueError for
anything that is not a Vietnamese number ("1.23", "1,234,567", "nhiều"). `NUMBER` is the pattern the
document extractor (antq/documents) scans with; `parse` is the one place a matched number becomes a
value, for the documents and for the result report forms (antq/reports) alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from antq.vocab.indicators import QUALIFIERS

# Digits: thousands grouped by dots (each group exactly three digits) with an optional decimal
# comma, or plain digits with an optional decimal comma.
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
SCALES = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}
_QUAL_WORDS = sorted(((w, code) for code, (words, _, _) in QUALIFIERS.items() for w in words), key=lambda x: -len(x[0]))
QUALIFIER_RE = "|".join(re.escape(w) for w, _ in _QUAL_WORDS)
SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))

# One number as it appears in running text, with its optional qualifier before and scale after.
NUMBER = re.compile(
    rf"(?<![\w.,/])(?:(?P<qual>{QUALIFIER_RE})\s+)?(?P<digits>{DIGITS})(?![\d/])"
    rf"(?:\s*(?P<scale>{SCALE_RE})(?!\w))?(?P<pct>\s*%)?",
    re.IGNORECASE,
)
# "845/879 (trên 96%)": a count out of a whole, with an optional percentage in brackets.
RATIO = re.compile(
    rf"(?<![\w.,/])(?:(?P<qual>{QUALIFIER_RE})\s+)?(?P<num>{DIGITS})\s*/\s*(?P<den>{DIGITS})(?![\d/])"
    rf"(?:\s*\(\s*(?:(?P<pqual>{QUALIFIER_RE})\s+)?(?P<pct>{DIGITS})\s*%\s*\))?",
    re.IGNORECASE,
)


class RatioOrderError(ValueError):
    """A ratio x/y whose x is larger than y (more communes held it than there are)."""


@dataclass(frozen=True)
class Number:
    value: float | int
    qualifier: str  # a key of antq.vocab.indicators.QUALIFIERS
    percent: bool = False
    # the qualifier as written, lower-case ("hơn", "trên", "ước"); None if none. Not part of equality:
    # "hơn 5.800" and "trên 5.800" are the same number, shown each as its source wrote it.
    word: str | None = field(default=None, compare=False)


def qualifier_of(word: str | None) -> str:
    if not word:
        return "exact"
    w = word.lower()
    for text, code in _QUAL_WORDS:
        if w == text:
            return code
    raise ValueError(f"không phải từ chỉ mức độ: {word!r}")


def _word(word: str | None) -> str | None:
    return " ".join(word.lower().split()) if word else None


def digits_value(text: str) -> float | int:
    """'6.000' -> 6000, '35,5' -> 35.5, '01' -> 1. Raises ValueError for anything else."""
    t = text.strip()
    if not re.fullmatch(DIGITS, t):
        raise ValueError(f"không phải số viết theo cách Việt Nam: {text!r}")
    whole, _, frac = t.partition(",")
    n = int(whole.replace(".", ""))
    if frac:
        return float(f"{n}.{frac}")
    return n


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def parse(text: str) -> Number:
    """One whole number phrase: '[qualifier] digits [scale] [%]'. Raises ValueError otherwise."""
    m = NUMBER.fullmatch(text.strip())
    if not m:
        raise ValueError(f"không phải số: {text!r}")
    value = digits_value(m["digits"])
    if m["scale"]:
        value = round(value * SCALES[m["scale"].lower()], 6)
    return Number(_tidy(value), qualifier_of(m["qual"]), percent=bool(m["pct"]), word=_word(m["qual"]))


def parse_ratio(text: str) -> tuple[Number, Number]:
    """'845/879 (trên 96%)' -> (845 exact, 879 exact). Raises ValueError when x > y or not a ratio."""
    m = RATIO.fullmatch(text.strip())
    if not m:
        raise ValueError(f"không phải tỷ số x/y: {text!r}")
    num, den = digits_value(m["num"]), digits_value(m["den"])
    if num > den:
        raise RatioOrderError(f"tử số lớn hơn mẫu số: {text!r}")
    return Number(_tidy(num), qualifier_of(m["qual"]), word=_word(m["qual"])), Number(_tidy(den), "exact")
