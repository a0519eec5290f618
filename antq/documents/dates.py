"""Vietnamese dates as state documents write them: "ngày 11 tháng 8 năm 2023", "11/8/2023",
"16-8-2021", "ngày 01/7" (the year from context), and windows "từ ngày 01/7 đến ngày 19/8".

`parse` turns the text of one date into a datetime.date or raises ValueError; `find` scans a text
and yields every date with its span, so a number inside a date is never read as a figure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_D, _M, _Y = r"(?P<d>\d{1,2})", r"(?P<m>\d{1,2})", r"(?P<y>\d{4})"
# Order matters: the written form first, then numeric forms with a year, then without.
FORMS: tuple[tuple[str, re.Pattern], ...] = (
    ("written", re.compile(rf"(?:ngày\s+)?{_D}\s+tháng\s+{_M}\s*(?:,\s*)?năm\s+{_Y}", re.I)),
    ("numeric", re.compile(rf"(?:ngày\s+)?(?<![\d/.-]){_D}\s*(?P<sep>[/.-])\s*{_M}\s*(?P=sep)\s*{_Y}(?![\d/])", re.I)),
    ("day_month", re.compile(rf"(?:ngày\s+)(?<![\d/.-]){_D}\s*/\s*{_M}(?![\d/])", re.I)),
)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int
    end: int
    rule: str
    has_year: bool


def _make(d: str, m: str, y: str | int) -> dt.date:
    return dt.date(int(y), int(m), int(d))  # ValueError for 31/2, 0/8, month 13


def parse(text: str, year: int | None = None) -> dt.date:
    """One date, whole. A day/month without a year takes `year`; without one it is refused."""
    t = " ".join(text.split())
    for _name, rx in FORMS:
        m = rx.fullmatch(t)
        if m:
            y = m.groupdict().get("y") or year
            if y is None:
                raise ValueError(f"ngày không có năm: {text!r}")
            return _make(m["d"], m["m"], y)
    raise ValueError(f"không phải ngày tháng: {text!r}")


def find(text: str, year: int | None = None) -> Iterator[FoundDate]:
    """Every date in `text`, left to right, without overlaps. Impossible dates are skipped; a
    day/month without a year is reported only when `year` is given."""
    taken: list[tuple[int, int]] = []
    out: list[FoundDate] = []
    for name, rx in FORMS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            y = m.groupdict().get("y")
            if y is None and year is None:
                continue
            try:
                d = _make(m["d"], m["m"], y or year)
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            out.append(FoundDate(d, m.start(), m.end(), f"date_{name}", y is not None))
    yield from sorted(out, key=lambda f: f.start)
