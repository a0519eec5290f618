"""The unit-system rule: which administrative-unit system a year's figures are recorded in.

Years <= 2024 are recorded in the 2008 system (63 provinces, with districts); years >= 2025 in
the 2025 system (34 provinces, communes directly under them). The reorganisation took effect on
1 July 2025 and the whole of 2025 is reported in the new system.

This module is the rule's only home. The store gets it as SQL macros rendered from here
(`antq.vocab.sql`: `units_system_of(year)`, `year_in_view(year, units)`, `latest_units_system()`),
which the schema's CHECKs and every query call; tests/test_vocab.py proves they agree. A future
reform is one more row in ERAS (plus its labels) and a crosswalk.
"""

from __future__ import annotations

import datetime as dt

SYSTEM_OLD = 2008
SYSTEM_NEW = 2025
# (system, first year reported in it), oldest first: a year belongs to the latest system that had
# started by then. The oldest system's start is the first year the store accepts.
ERAS: tuple[tuple[int, int | None], ...] = ((SYSTEM_OLD, None), (SYSTEM_NEW, 2025))
SYSTEMS = tuple(system for system, _ in ERAS)
LATEST_SYSTEM = SYSTEMS[-1]
FIRST_NEW_SYSTEM_YEAR = ERAS[-1][1]
LAST_OLD_SYSTEM_YEAR = FIRST_NEW_SYSTEM_YEAR - 1
REFORM_DATE = dt.date(2025, 7, 1)  # the day the 34 provinces took over

PROVINCE_COUNT = {SYSTEM_OLD: 63, SYSTEM_NEW: 34}
# What a user reads for each system: (Vietnamese, English).
SYSTEM_LABELS = {
    SYSTEM_NEW: ("34 tỉnh, thành phố (từ 01/7/2025)", "34 provinces (since 1 July 2025)"),
    SYSTEM_OLD: ("63 tỉnh, thành phố (đến 30/6/2025)", "63 provinces (until 30 June 2025)"),
}


def system_for_year(year: int) -> int:
    """The unit system a year's figures are recorded in."""
    later = [system for system, first in ERAS[1:] if year >= first]
    return later[-1] if later else ERAS[0][0]


def year_in_view(year: int, units: int) -> bool:
    """Whether figures of `year` can be shown in unit system `units`: in their own system, or
    carried forward to a later one through the whole-province crosswalk (never backwards)."""
    return system_for_year(year) <= units


def last_year_of(system: int) -> int | None:
    """The last year recorded in `system` (None for today's system)."""
    i = SYSTEMS.index(system)
    return ERAS[i + 1][1] - 1 if i + 1 < len(ERAS) else None
