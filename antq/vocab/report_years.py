"""The years a report may cover and each year's festival period.

Decision 521/QĐ-TTg (13/6/2005) instituted the festival ("Ngày hội toàn dân bảo vệ an ninh Tổ
quốc"): it culminates on 19 August and provinces hold it from 1 July. Some years' plans set
another period; those years are listed here. The store keeps every year's period as data
(table `festival_period`); dates outside it are import warnings, not errors.
"""

from __future__ import annotations

import datetime as dt

FIRST_REPORT_YEAR = 2005
LAST_REPORT_YEAR = 2100  # the schema's sanity bound, not a plan
FIRST_MODEL_YEAR = 1990  # the oldest establishment year a model may carry

FESTIVAL_DEFAULT_START = (7, 1)
FESTIVAL_DEFAULT_END = (8, 19)
FESTIVAL_DEFAULT_NOTE = "Mặc định 01/7-19/8 (Quyết định 521/QĐ-TTg)"
# year -> (start (month, day), end (month, day), where it was set)
FESTIVAL_PERIOD_EXCEPTIONS: dict[int, tuple[tuple[int, int], tuple[int, int], str]] = {
    2022: ((8, 1), (8, 20), "Kế hoạch năm 2022: tổ chức từ 01/8 đến 20/8"),
}


def festival_period(year: int) -> tuple[dt.date, dt.date, str]:
    """(first day, last day, source note) of a year's festival period."""
    start, end, note = FESTIVAL_PERIOD_EXCEPTIONS.get(
        year, (FESTIVAL_DEFAULT_START, FESTIVAL_DEFAULT_END, FESTIVAL_DEFAULT_NOTE)
    )
    return dt.date(year, *start), dt.date(year, *end), note
