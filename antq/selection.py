"""What a user selected -- year(s), unit system, provinces -- checked once, for the CLI and the pages.

Rules:
- a year must be one the store holds;
- units 2025 (today's 34 provinces) work for every year (older years are re-aggregated through the
  whole-province crosswalk); units 2008 (the historical 63) only for years <= 2024;
- province codes must belong to the chosen unit system.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antq.access.scope import current_scope
from antq.units import FIRST_NEW_SYSTEM_YEAR, SYSTEM_NEW, SYSTEM_OLD, SYSTEMS, province_names


class SelectionError(ValueError):
    """A selection that cannot be shown; the message is Vietnamese and says what and where."""


@dataclass(frozen=True)
class Selection:
    year: int
    units: int = SYSTEM_NEW
    provinces: tuple[str, ...] = ()  # empty: the whole country
    year_from: int | None = None  # trend range; defaults to the first year of data
    year_to: int | None = None
    # The user's scope (antq.access): None = every province; else 2025 province codes. Part of the
    # cache key, and every query's province list passes through it (province_list).
    scope: tuple[str, ...] | None = field(default_factory=current_scope)

    @property
    def province_list(self) -> list[str]:
        if self.scope is None:
            return list(self.provinces)
        from antq.access.scope import within

        return within(self.scope, self.units, self.provinces)

    def range(self, years: list[int]) -> tuple[int, int]:
        lo = self.year_from if self.year_from is not None else min(years)
        hi = self.year_to if self.year_to is not None else max(years)
        if self.units == SYSTEM_OLD:
            hi = min(hi, FIRST_NEW_SYSTEM_YEAR - 1)
        return lo, hi


@dataclass
class Checked:
    selection: Selection
    notices: list[str] = field(default_factory=list)


def check_units(units) -> int:
    try:
        u = int(units)
    except (TypeError, ValueError):
        raise SelectionError(
            f"Hệ thống đơn vị '{units}' không hợp lệ: chọn 2025 (34 tỉnh) hoặc 2008 (63 tỉnh)."
        ) from None
    if u not in SYSTEMS:
        raise SelectionError(f"Hệ thống đơn vị '{units}' không hợp lệ: chọn 2025 (34 tỉnh) hoặc 2008 (63 tỉnh).")
    return u


def check_year(year, years: list[int]) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise SelectionError(f"Năm '{year}' không hợp lệ.") from None
    if y not in years:
        span = f"{min(years)}–{max(years)}" if years else "không có"
        raise SelectionError(f"Năm {y} nằm ngoài dữ liệu (các năm có dữ liệu: {span}).")
    return y


def check_provinces(codes, units: int) -> tuple[str, ...]:
    known = province_names(units)
    out: list[str] = []
    for raw in codes:
        for code in str(raw).split(","):
            code = code.strip()
            if not code:
                continue
            if code.isdigit() and len(code) == 1:
                code = "0" + code  # "1" for Hà Nội's "01"
            if code not in known:
                other = SYSTEM_OLD if units == SYSTEM_NEW else SYSTEM_NEW
                hint = (
                    f" (mã này thuộc hệ {other} ({'63' if other == SYSTEM_OLD else '34'} tỉnh))"
                    if code in province_names(other)
                    else ""
                )
                raise SelectionError(f"Mã tỉnh '{code}' không có trong hệ {units} ({len(known)} tỉnh){hint}.")
            if code not in out:
                out.append(code)
    return tuple(sorted(out))


def check(
    year, units=SYSTEM_NEW, provinces=(), years: list[int] | None = None, year_from=None, year_to=None
) -> Selection:
    """Validate a whole selection; raise SelectionError on the first problem."""
    years = years or []
    y = check_year(year, years)
    u = check_units(units)
    if u == SYSTEM_OLD and y >= FIRST_NEW_SYSTEM_YEAR:
        raise SelectionError(
            f"Năm {y} thuộc hệ đơn vị mới (34 tỉnh, từ 01/7/2025); hệ 63 tỉnh chỉ dùng cho các năm đến 2024."
        )
    p = check_provinces(provinces, u)
    yf = check_year(year_from, years) if year_from is not None else None
    yt = check_year(year_to, years) if year_to is not None else None
    if yf is not None and yt is not None and yf > yt:
        yf, yt = yt, yf
    return Selection(year=y, units=u, provinces=p, year_from=yf, year_to=yt)
