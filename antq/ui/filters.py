"""The global filters every page shares -- language, year, unit system, provinces, trend years --
kept in the URL, and the page run's Context (the checked Selection and the database snapshot).

URL contract: ?year=2024&province=56,01&units=2025&from=2019&to=2026&lang=vi(&approved=1) opens exactly that
view; every filter change rewrites the URL, on every page. Each value is checked by antq.selection
(the same checks as the CLI); a bad value falls back to the default with a visible notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from antq import db, i18n, selection, service, unitview
from antq.access import web as access
from antq.selection import Selection, SelectionError
from antq.ui import state
from antq.units import province_successor
from antq.vocab.unit_systems import (
    LAST_OLD_SYSTEM_YEAR,
    LATEST_SYSTEM,
    PROVINCE_COUNT,
    SYSTEM_OLD,
    SYSTEMS,
    year_in_view,
)

URL_KEYS = ("year", "province", "units", "from", "to", "lang", "approved")
# A page's own URL values, which the filters keep when they rewrite the address (the unit page's
# ?unit=2025-00004 and ?q=...); every other key is dropped.
PAGE_URL_KEYS = (unitview.URL_KEY, unitview.QUERY_KEY)
K_YEAR, K_UNITS, K_PROV, K_RANGE, K_LANG = "f_year", "f_units", "f_provinces", "f_range", "f_lang"
K_APPROVED = "f_approved"  # the "approved only" view (?approved=1; antq.cycle.review)


@dataclass
class Context:
    selection: Selection
    lang: str
    years: list[int]
    source: db.Snapshot  # the database version this page run reads every figure from
    notices: list[str] = field(default_factory=list)

    def t(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    @property
    def year_range(self) -> tuple[int, int]:
        return self.selection.range(self.years)


def lkey(name: str) -> str:
    """A widget key per language, for widgets whose option labels are translated: Streamlit keeps
    such a widget's value as its label, which the other language does not know."""
    return f"{name}_{st.session_state.get(K_LANG, i18n.DEFAULT_LANG)}"


def current() -> Context:
    return st.session_state["_ctx"]


def requested_lang() -> str:
    """The language before the filters are drawn (for the navigation's page titles)."""
    lang = st.session_state.get(K_LANG) or st.query_params.get("lang") or i18n.DEFAULT_LANG
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


# ---------------------------------------------------------------- URL <-> filters
def _url_now() -> dict[str, str]:
    return {k: selection.cap_url_value(st.query_params.get(k)) for k in URL_KEYS if st.query_params.get(k) is not None}


def _map_provinces(codes: list[str], to_units: int) -> list[str]:
    """Carry a province selection across unit systems through the whole-province crosswalk."""
    succ = province_successor()
    if to_units == LATEST_SYSTEM:
        out = [succ.get(c, c) for c in codes]
    else:
        out = [old for old, new in succ.items() if new in codes]
    return sorted(set(out))


def _apply_url(url: dict[str, str], years: list[int]) -> list[str]:
    """Set the filter widgets from the URL; return notices for values that fell back. Each value is
    checked by antq.selection (the same checks as the CLI), one at a time so that one bad value
    falls back alone."""
    ss = st.session_state
    notices: list[str] = []

    def fallback(what: str, exc: SelectionError, vi: str, en: str) -> None:
        # `what` names the URL value as the user typed it; `exc` is selection's reason.
        notices.append(f"{what} trong đường dẫn không dùng được: {exc} {vi}. / {en}.")

    latest = max(years)
    lang = url.get("lang", i18n.DEFAULT_LANG)
    if lang not in i18n.LANGS:
        notices.append(f"Ngôn ngữ '{lang}' không hỗ trợ; dùng tiếng Việt. / Language '{lang}' is not supported.")
        lang = i18n.DEFAULT_LANG
    ss[K_LANG] = lang

    year = latest
    if "year" in url:
        try:
            year = selection.check_year(url["year"], years)
        except SelectionError as exc:
            fallback(f"Năm '{url['year']}'", exc, f"Hiển thị năm {latest}", f"Year '{url['year']}': showing {latest}")
    ss[K_YEAR] = year

    units = LATEST_SYSTEM
    if "units" in url:
        try:
            units = selection.check_units(url["units"])
            selection.check_year_in_view(year, units)
        except SelectionError as exc:
            units = LATEST_SYSTEM
            fallback(
                f"Hệ đơn vị '{url['units']}'", exc, f"Dùng hệ {units}", f"Unit system '{url['units']}': showing {units}"
            )
    ss[K_UNITS] = units

    # one notice for every bad code together, whatever the URL's length (issue 17)
    provinces, notice = selection.province_param(url.get("province", ""), units)
    notices += [notice] if notice else []
    ss[K_PROV] = provinces

    lo, hi = min(years), max(years)
    try:
        f = selection.check_year(url.get("from", lo), years)
        to = selection.check_year(url.get("to", hi), years)
        lo, hi = min(f, to), max(f, to)
    except SelectionError as exc:
        span = f"{url.get('from', '')}–{url.get('to', '')}"
        fallback(f"Khoảng năm '{span}'", exc, "Dùng toàn bộ các năm", "Invalid year range: showing every year")
    ss[K_RANGE] = (lo, hi)
    ss[K_APPROVED] = url.get("approved") == "1"
    return notices


def _to_url(sel: Selection, lang: str, years: list[int]) -> dict[str, str]:
    lo, hi = sel.range(years)
    url = {"year": str(sel.year), "units": str(sel.units), "from": str(lo), "to": str(hi), "lang": lang}
    if sel.provinces:
        url["province"] = ",".join(sel.provinces)
    if sel.approved_only:
        url["approved"] = "1"
    return url


PHONE = "_phone"  # suffix of the phone row's widget keys; their values live under the sidebar's keys


def _from_phone(key: str) -> None:
    st.session_state[key] = st.session_state[key + PHONE]


def _phone_row(tr, years: list[int], province_args: dict) -> None:
    """Year and provinces at the top of the main area, for phones (antq/ui/phone.css hides the row
    on wider screens): the same state as the sidebar filters, which stay the one source of truth --
    the row shows their values and writes a change back to them."""
    ss = st.session_state
    ss[K_YEAR + PHONE], ss[K_PROV + PHONE] = ss[K_YEAR], list(ss[K_PROV])
    with st.container(key="antq_phone_filters", horizontal=True):
        st.selectbox(
            tr("Năm", "Year"),
            sorted(years, reverse=True),
            key=K_YEAR + PHONE,
            on_change=_from_phone,
            args=(K_YEAR,),
            width=110,
        )
        st.multiselect(**province_args, key=K_PROV + PHONE, on_change=_from_phone, args=(K_PROV,))


def _on_units_change():
    ss = st.session_state
    ss[K_PROV] = _map_provinces(ss.get(K_PROV, []), ss[K_UNITS])


def setup() -> Context:
    """Draw the language switch and the global filters in the sidebar; keep them in the URL."""
    ss = st.session_state
    source = state.snapshot()
    years = service.available_years(source)
    # A publication that failed: the last published version is shown, and every page says so.
    behind = [source.behind] if source.behind else []
    if not years:
        ctx = Context(Selection(year=0), ss.get(K_LANG, i18n.DEFAULT_LANG), [], source, behind)
        ss["_ctx"] = ctx
        return ctx
    url = _url_now()
    notices: list[str] = []
    # Apply the URL on first load and when it changed from outside (a shared link, Back); an empty
    # URL after the first load is a page switch, which keeps the filters.
    if "_url_synced" not in ss or (url and url != ss["_url_synced"]):
        notices = _apply_url(url, years)

    sb = st.sidebar
    lang = sb.radio(
        "Ngôn ngữ / Language",
        i18n.LANGS,
        key=K_LANG,
        horizontal=True,
        format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x],
    )

    def tr(vi: str, en: str) -> str:
        return en if lang == "en" else vi

    if ss.get("_lang_drawn") not in (None, lang) and ss.get(K_UNITS) in SYSTEMS:
        ss[K_UNITS] = int(ss[K_UNITS])  # re-seed: the units radio's labels are translated (see lkey)
    ss["_lang_drawn"] = lang
    sb.header(tr("Bộ lọc", "Filters"))
    year = sb.selectbox(tr("Năm", "Year"), sorted(years, reverse=True), key=K_YEAR)

    unit_options = [u for u in reversed(SYSTEMS) if year_in_view(year, u)]  # today's system first
    if ss.get(K_UNITS) not in unit_options:
        ss[K_UNITS] = LATEST_SYSTEM
        ss[K_PROV] = _map_provinces(ss.get(K_PROV, []), LATEST_SYSTEM)
    units = sb.radio(
        tr("Hệ đơn vị hành chính", "Administrative units"),
        unit_options,
        key=K_UNITS,
        format_func=lambda u: i18n.value("units", u, lang),
        on_change=_on_units_change,
        help=tr(
            f"Các năm đến {LAST_OLD_SYSTEM_YEAR} có thể xem theo {PROVINCE_COUNT[SYSTEM_OLD]} tỉnh cũ hoặc cộng dồn "
            f"theo {PROVINCE_COUNT[LATEST_SYSTEM]} tỉnh hiện nay.",
            f"Years up to {LAST_OLD_SYSTEM_YEAR} can be shown in the old {PROVINCE_COUNT[SYSTEM_OLD]} provinces or "
            f"re-aggregated onto today's {PROVINCE_COUNT[LATEST_SYSTEM]}.",
        ),
    )
    names = service.provinces(source, units)
    options = access.allowed_provinces(names["province_code"].to_list(), units)
    label = dict(zip(names["province_code"], names["province_name"]))
    notices += access.outside_scope_notices(ss.get(K_PROV, []), options, tr)
    ss[K_PROV] = [c for c in ss.get(K_PROV, []) if c in options]
    province_args = dict(
        label=tr("Tỉnh, thành phố", "Provinces"),
        options=options,
        format_func=lambda c: f"{label[c]} ({c})",
        placeholder=access.all_label(tr),
    )
    provinces = sb.multiselect(**province_args, key=K_PROV)
    _phone_row(tr, years, province_args)
    range_years = [y for y in sorted(years) if year_in_view(y, units)]
    current_range = ss.get(K_RANGE)
    if not (isinstance(current_range, (tuple, list)) and len(current_range) == 2):
        current_range = (range_years[0], range_years[-1])
    lo, hi = max(current_range[0], range_years[0]), min(current_range[1], range_years[-1])
    ss[K_RANGE] = (lo, hi) if lo <= hi else (range_years[0], range_years[-1])
    if len(range_years) > 1:
        yr = sb.select_slider(tr("Khoảng năm cho biểu đồ xu hướng", "Years for trend charts"), range_years, key=K_RANGE)
    else:
        yr = (range_years[0], range_years[0])

    approved = sb.toggle(
        i18n.text("approved_only", lang),
        key=K_APPROVED,
        help=i18n.text("approved_only_help", lang),
    )
    sel = Selection(
        year=year,
        units=units,
        provinces=tuple(sorted(provinces)),
        year_from=yr[0],
        year_to=yr[1],
        approved_only=bool(approved),
    )
    new_url = _to_url(sel, lang, years)
    if _url_now() != new_url:
        own = {k: selection.cap_url_value(st.query_params[k]) for k in PAGE_URL_KEYS if k in st.query_params}
        st.query_params.from_dict({**new_url, **own})
    ss["_url_synced"] = new_url
    ctx = Context(access.scoped(sel), lang, years, source, behind + notices)  # the user's scope inside (antq.access)
    ss["_ctx"] = ctx
    return ctx
