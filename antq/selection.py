"""What a user selected -- year(s), unit system, provinces -- checked once, for the CLI and the pages.

Rules:
- a year must be one the store holds;
- a unit system shows the years recorded in it and, for today's system, every older year too
  (re-aggregated through the whole-province crosswalk): `antq.vocab.unit_systems.year_in_view`;
- province codes must belong to the chosen unit system.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from antq.access.scope import commune_filter, current_communes, current_scope
from antq.units import province_names
from antq.vocab.unit_systems import (
    LATEST_SYSTEM,
    PROVINCE_COUNT,
    SYSTEMS,
    last_year_of,
    system_for_year,
    year_in_view,
)


class SelectionError(ValueError):
    """A selection that cannot be shown; the message is Vietnamese and says what and where."""


@dataclass(frozen=True)
class Selection:
    year: int
    units: int = LATEST_SYSTEM
    provinces: tuple[str, ...] = ()  # empty: the whole country
    year_from: int | None = None  # trend range; defaults to the first year of data
    year_to: int | None = None

    # The user's scope (antq.access): None = every province; else 2025 province codes. Defaults to the
    # scope of the user whose run makes the Selection; every query's province list passes through it.
    scope: tuple[str, ...] | None = field(default_factory=current_scope)
    # A commune scope (commune police see their commune): None = none; else communes of today's
    # system, whose figures alone (and their older units' through the crosswalk) every query returns.
    communes: tuple[str, ...] | None = field(default_factory=current_communes)
    # The "approved only" view (issue 27): figures from reports the level above approved, nothing else
    # (antq.cycle.review; the macro unit_values_in_force's approved_only). Off: every figure in force.
    approved_only: bool = False

    @property
    def province_list(self) -> list[str]:
        if self.scope is None:
            return list(self.provinces)
        from antq.access.scope import within

        return within(self.scope, self.units, self.provinces)

    @property
    def scope_provinces(self) -> list[str] | None:
        """The provinces of the selection's system that its scope covers (None: every province):
        what a map may name; the others are an unnamed outline (antq.maps, `only`)."""
        if self.scope is None:
            return None
        from antq.access.scope import provinces_in

        return list(provinces_in(self.scope, self.units))

    @property
    def is_whole_country(self) -> bool:
        """The whole country, seen by a user whose scope is the whole country: the nation's own
        report (unit VN) is then the official figure (antq.service.nation_figures)."""
        return self.scope is None and not self.provinces and self.communes is None

    @property
    def commune_list(self) -> list[str]:
        return commune_filter(self.communes)

    @property
    def unit_filter(self) -> dict[str, list[str]]:
        """The scope parameters every figure query takes ($provinces, $communes), from one place."""
        return {"provinces": self.province_list, "communes": self.commune_list}

    @property
    def cache_key(self) -> tuple:
        """What a question reads of the selection (antq/cache.py keys results by it). The trend range
        is left out on purpose: questions take their year range as explicit arguments, so a moved
        range slider must not split the cache. A field a question reads (e.g. a user's scope) must
        be added here."""
        return (self.year, self.units, self.provinces, self.scope, self.communes, self.approved_only)

    def range(self, years: list[int]) -> tuple[int, int]:
        lo = self.year_from if self.year_from is not None else min(years)
        hi = self.year_to if self.year_to is not None else max(years)
        # A system that later years left behind stops at its last year.
        last_in_view = max((y for y in years if year_in_view(y, self.units)), default=hi)
        return lo, min(hi, last_in_view)


def _systems_phrase() -> str:
    return " hoặc ".join(f"{s} ({PROVINCE_COUNT[s]} tỉnh)" for s in reversed(SYSTEMS))


def check_units(units) -> int:
    try:
        u = int(units)
    except (TypeError, ValueError):
        raise SelectionError(f"Hệ thống đơn vị '{units}' không hợp lệ: chọn {_systems_phrase()}.") from None
    if u not in SYSTEMS:
        raise SelectionError(f"Hệ thống đơn vị '{units}' không hợp lệ: chọn {_systems_phrase()}.")
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
                others = [s for s in SYSTEMS if s != units and code in province_names(s)]
                hint = f" (mã này thuộc hệ {others[0]} ({PROVINCE_COUNT[others[0]]} tỉnh))" if others else ""
                raise SelectionError(f"Mã tỉnh '{code}' không có trong hệ {units} ({len(known)} tỉnh){hint}.")
            if code not in out:
                out.append(code)
    return tuple(sorted(out))


# A URL is typed or shared by people: a value longer than this, or more province codes than there
# are provinces, is cut before it is checked, and the codes that fall back get one notice together.
URL_VALUE_MAX_CHARS = 2_000
URL_PROVINCES_MAX = 70  # more than the 63 provinces of the older system
URL_CODES_SHOWN = 5


def cap_url_value(value: str) -> str:
    """A URL parameter's value, cut to URL_VALUE_MAX_CHARS before anything reads it."""
    return value[:URL_VALUE_MAX_CHARS]


def province_param(raw: str, units: int) -> tuple[list[str], str | None]:
    """The valid province codes of a URL's `province=` value and at most one notice for the rest,
    whatever its length (a URL with 20,000 bad codes gave 10,001 notices)."""
    codes = list(dict.fromkeys(c.strip() for c in cap_url_value(raw).split(",") if c.strip()))
    cut = len(codes) > URL_PROVINCES_MAX or len(raw) > URL_VALUE_MAX_CHARS
    good: list[str] = []
    bad: list[str] = []
    for code in codes[:URL_PROVINCES_MAX]:
        try:
            good += [c for c in check_provinces([code], units) if c not in good]
        except SelectionError:
            bad.append(code)
    if not bad and not cut:
        return sorted(good), None
    shown = ", ".join(f"'{c[:12]}'" for c in bad[:URL_CODES_SHOWN]) + (" …" if len(bad) > URL_CODES_SHOWN else "")
    notice = (
        f"Bỏ qua {len(bad)} mã tỉnh không có trong hệ {units}"
        + (f": {shown}" if bad else "")
        + ("; đường dẫn có quá nhiều mã, chỉ đọc " + str(URL_PROVINCES_MAX) + " mã đầu" if cut else "")
        + f". / {len(bad)} province code(s) ignored"
        + (" (too many codes in the URL)" if cut else "")
        + "."
    )
    return sorted(good), notice


def check_year_in_view(year: int, units: int) -> None:
    if not year_in_view(year, units):
        own = system_for_year(year)
        raise SelectionError(
            f"Năm {year} thuộc hệ đơn vị {own} ({PROVINCE_COUNT[own]} tỉnh); hệ {PROVINCE_COUNT[units]} tỉnh "
            f"({units}) chỉ dùng cho các năm đến {last_year_of(units)}."
        )


def check(
    year, units=LATEST_SYSTEM, provinces=(), years: list[int] | None = None, year_from=None, year_to=None
) -> Selection:
    """Validate a whole selection; raise SelectionError on the first problem."""
    years = years or []
    y = check_year(year, years)
    u = check_units(units)
    check_year_in_view(y, u)
    p = check_provinces(provinces, u)
    yf = check_year(year_from, years) if year_from is not None else None
    yt = check_year(year_to, years) if year_to is not None else None
    if yf is not None and yt is not None and yf > yt:
        yf, yt = yt, yf
    return Selection(year=y, units=u, provinces=p, year_from=yf, year_to=yt)
