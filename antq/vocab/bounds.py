"""Plausibility bounds: how large a reported figure can be before it is refused or questioned.

One festival point is one gathering in a village, residential group, agency, school or enterprise
(or, rarely, a commune, district or province ceremony), so its figures are bounded by what one
gathering can be. Each bound says what it is, and which side of it is an error:

- ``error_above``: no real report can exceed it (the file is refused, the message names the bound);
- ``warn_above``: a real value can exceed it (a provincial ceremony, a very large ward), so the
  row is loaded with a warning asking the officer to check.

Amounts in đồng (VND) are stored as BIGINT: a budget of several billion đồng is ordinary. Counts
are stored as INTEGER. The importer, its documentation (docs/importing.md) and the tests read
these figures from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

INT32_MAX = 2**31 - 1  # an INTEGER column of the store
INT64_MAX = 2**63 - 1  # a BIGINT column of the store

# Years (the first report year, the oldest model) live in antq.vocab.report_years.


@dataclass(frozen=True)
class Bound:
    column: str  # the store's column name
    error_above: int  # refused above this value
    warn_above: int | None  # loaded with a warning above this value
    unit: str  # Vietnamese unit word for messages ("người", "đồng"...)
    why: str  # one line: what the bound stands for (shown in docs and messages)


BOUNDS: dict[str, Bound] = {
    b.column: b
    for b in (
        Bound(
            "participants",
            200_000,
            20_000,
            "người",
            "một điểm tổ chức là một buổi Ngày hội; trên 20.000 người chỉ có ở lễ cấp tỉnh hoặc phường rất lớn",
        ),
        Bound(
            "households",
            100_000,
            10_000,
            "hộ",
            "số hộ của một thôn, tổ dân phố; trên 10.000 hộ chỉ có khi cả xã, phường lớn cùng tổ chức",
        ),
        Bound(
            "gift_packages",
            100_000,
            2_000,
            "suất quà",
            "quà tặng gia đình chính sách tại một điểm; trên 2.000 suất chỉ có ở lễ cấp huyện, tỉnh",
        ),
        Bound(
            "gift_value_vnd",
            10_000_000_000,
            500_000_000,
            "đồng",
            "tổng giá trị quà tại một điểm; trên 500 triệu đồng chỉ có ở lễ cấp tỉnh",
        ),
        Bound(
            "budget_vnd",
            100_000_000_000,
            2_000_000_000,
            "đồng",
            "kinh phí một điểm tổ chức; trên 2 tỷ đồng chỉ có ở lễ cấp tỉnh",
        ),
        Bound(
            "recipients",
            1_000_000,
            50_000,
            "tập thể/cá nhân",
            "số được khen của một đơn vị trong một năm theo một hình thức",
        ),
        Bound(
            "sites",
            100_000,
            10_000,
            "điểm",
            "số điểm nhân rộng của một mô hình; cả nước có khoảng 124.000 điểm của mọi mô hình",
        ),
    )
}


# Figures of a result report (antq.reports: aggregated over a unit and a period, up to a phase of
# several years and the whole country), by the indicator's unit: above these no report can be real
# (the form is refused, the message names the bound). Values are stored as DOUBLE: without a bound
# 9.223.372.036.854.775.807 participants was accepted with a mere warning.
@dataclass(frozen=True)
class ReportBound:
    error_above: float
    why: str


REPORT_BOUNDS: dict[str, ReportBound] = {
    "persons": ReportBound(1_000_000_000, "mười lần dân số cả nước, cộng dồn cả một giai đoạn"),
    "households": ReportBound(100_000_000, "gần bốn lần số hộ gia đình của cả nước"),
    "count": ReportBound(100_000_000, "số điểm, số vụ, số đơn vị... của cả nước trong một giai đoạn"),
    "sessions": ReportBound(100_000_000, "số buổi của cả nước trong một giai đoạn"),
    "vnd": ReportBound(1_000_000_000_000_000, "một triệu tỷ đồng, hơn nửa ngân sách nhà nước một năm"),
    "kg": ReportBound(100_000_000, "một trăm nghìn tấn"),
    # a share may pass 100% ("vượt 246,7% kế hoạch"), not tenfold
    "percent": ReportBound(1_000, "mười lần tổng số (tỷ lệ vượt kế hoạch)"),
}

# Text cells: a name or a note is free text of at most FREE_TEXT_MAX characters; a code is short.
# Longer values are refused (a pasted document, or a hostile file), and never echoed in full.
FREE_TEXT_MAX = 1_000
LIST_VALUE_MAX = 200  # a value chosen from a drop-down list (the longest label has ~50 characters)
CODE_MAX = 40  # codes, numbers, dates, yes/no
ECHO_MAX = 80  # characters of a user's value repeated in a problem message


def text_max(col_type: str) -> int:
    """The longest value a cell of this column type may hold."""
    return {"text": FREE_TEXT_MAX, "vocab": LIST_VALUE_MAX}.get(col_type, CODE_MAX)


def latest_date() -> dt.date:
    """Nothing is reported for a day that has not happened yet."""
    return dt.date.today()


def latest_year() -> int:
    return latest_date().year


def short(value, limit: int = ECHO_MAX) -> str:
    """A user's value as it may be repeated back: at most `limit` characters, with its length."""
    s = str(value)
    if len(s) <= limit:
        return s
    return f"{s[:limit]}… ({len(s):,} ký tự)".replace(",", ".")
