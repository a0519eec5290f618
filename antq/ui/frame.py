"""The frame every page shares: language, the global filters (kept in the URL), the data-source
line, metric cards, and the chart block (chart, "show as table", downloads).

URL contract: ?year=2024&province=56,01&units=2025&from=2019&to=2026&lang=vi opens exactly that
view; every filter change rewrites the URL, on every page. A bad value falls back to the default
with a visible notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from antq import downloads, i18n
from antq.access import web as access
from antq.selection import Selection, SelectionError, check_provinces
from antq.ui import state
from antq.units import FIRST_NEW_SYSTEM_YEAR, SYSTEM_NEW, SYSTEM_OLD, province_successor

URL_KEYS = ("year", "province", "units", "from", "to", "lang")
K_YEAR, K_UNITS, K_PROV, K_RANGE, K_LANG = "f_year", "f_units", "f_provinces", "f_range", "f_lang"


@dataclass
class Context:
    selection: Selection
    lang: str
    years: list[int]
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


def t(vi: str, en: str) -> str:
    return current().t(vi, en)


# ---------------------------------------------------------------- URL <-> filters
def _url_now() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in URL_KEYS if st.query_params.get(k) is not None}


def _map_provinces(codes: list[str], to_units: int) -> list[str]:
    """Carry a province selection across unit systems through the whole-province crosswalk."""
    succ = province_successor()
    if to_units == SYSTEM_NEW:
        out = [succ.get(c, c) for c in codes]
    else:
        out = [old for old, new in succ.items() if new in codes]
    return sorted(set(out))


def _apply_url(url: dict[str, str], years: list[int]) -> list[str]:
    """Set the filter widgets from the URL; return notices for values that fell back."""
    ss = st.session_state
    notices: list[str] = []
    latest = max(years)
    lang = url.get("lang", i18n.DEFAULT_LANG)
    if lang not in i18n.LANGS:
        notices.append(f"Ngôn ngữ '{lang}' không hỗ trợ; dùng tiếng Việt. / Language '{lang}' is not supported.")
        lang = i18n.DEFAULT_LANG
    ss[K_LANG] = lang

    year = latest
    if "year" in url:
        try:
            y = int(url["year"])
            if y not in years:
                raise ValueError
            year = y
        except ValueError:
            notices.append(
                f"Năm '{url['year']}' trong đường dẫn không có dữ liệu; hiển thị năm {latest}. "
                f"/ Year '{url['year']}' has no data; showing {latest}."
            )
    ss[K_YEAR] = year

    units = SYSTEM_NEW
    if "units" in url:
        if url["units"] in ("2008", "2025"):
            units = int(url["units"])
        else:
            notices.append(
                f"Hệ đơn vị '{url['units']}' không hợp lệ; dùng 34 tỉnh (2025). / Unknown unit system '{url['units']}'."
            )
    if units == SYSTEM_OLD and year >= FIRST_NEW_SYSTEM_YEAR:
        notices.append(
            f"Năm {year} chỉ xem được theo 34 tỉnh (hệ 63 tỉnh dùng cho các năm đến 2024). "
            f"/ {year} is shown in today's 34 provinces."
        )
        units = SYSTEM_NEW
    ss[K_UNITS] = units

    provinces: list[str] = []
    raw = [c for c in url.get("province", "").split(",") if c.strip()]
    for code in raw:
        try:
            provinces += list(check_provinces([code], units))
        except SelectionError as exc:
            notices.append(f"{exc} Bỏ qua mã này. / Province code '{code}' ignored.")
    ss[K_PROV] = sorted(set(provinces))

    lo, hi = min(years), max(years)
    try:
        f = int(url.get("from", lo))
        to = int(url.get("to", hi))
        if f not in years or to not in years:
            raise ValueError
        lo, hi = min(f, to), max(f, to)
    except ValueError:
        notices.append("Khoảng năm trong đường dẫn không hợp lệ; dùng toàn bộ các năm. / Invalid year range.")
    ss[K_RANGE] = (lo, hi)
    return notices


def _to_url(sel: Selection, lang: str, years: list[int]) -> dict[str, str]:
    lo, hi = sel.range(years)
    url = {"year": str(sel.year), "units": str(sel.units), "from": str(lo), "to": str(hi), "lang": lang}
    if sel.provinces:
        url["province"] = ",".join(sel.provinces)
    return url


def _on_units_change():
    ss = st.session_state
    ss[K_PROV] = _map_provinces(ss.get(K_PROV, []), ss[K_UNITS])


def setup() -> Context:
    """Draw the language switch and the global filters in the sidebar; keep them in the URL."""
    ss = st.session_state
    years = state.call("available_years")
    if not years:
        ctx = Context(Selection(year=0), ss.get(K_LANG, i18n.DEFAULT_LANG), [], [])
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
    tr = lambda vi, en: en if lang == "en" else vi
    if ss.get("_lang_drawn") not in (None, lang) and ss.get(K_UNITS) in (SYSTEM_NEW, SYSTEM_OLD):
        ss[K_UNITS] = int(ss[K_UNITS])  # re-seed: the units radio's labels are translated (see lkey)
    ss["_lang_drawn"] = lang
    sb.header(tr("Bộ lọc", "Filters"))
    year = sb.selectbox(tr("Năm", "Year"), sorted(years, reverse=True), key=K_YEAR)

    unit_options = [SYSTEM_NEW] if year >= FIRST_NEW_SYSTEM_YEAR else [SYSTEM_NEW, SYSTEM_OLD]
    if ss.get(K_UNITS) not in unit_options:
        ss[K_UNITS] = SYSTEM_NEW
        ss[K_PROV] = _map_provinces(ss.get(K_PROV, []), SYSTEM_NEW)
    units = sb.radio(
        tr("Hệ đơn vị hành chính", "Administrative units"),
        unit_options,
        key=K_UNITS,
        format_func=lambda u: i18n.value("units", u, lang),
        on_change=_on_units_change,
        help=tr(
            "Các năm đến 2024 có thể xem theo 63 tỉnh cũ hoặc cộng dồn theo 34 tỉnh hiện nay.",
            "Years up to 2024 can be shown in the old 63 provinces or re-aggregated onto today's 34.",
        ),
    )
    names = state.call("provinces", None, units)
    options = access.allowed_provinces(names["province_code"].to_list(), units)
    label = dict(zip(names["province_code"], names["province_name"]))
    notices += access.outside_scope_notices(ss.get(K_PROV, []), options, tr)
    ss[K_PROV] = [c for c in ss.get(K_PROV, []) if c in options]
    provinces = sb.multiselect(
        tr("Tỉnh, thành phố", "Provinces"),
        options,
        key=K_PROV,
        format_func=lambda c: f"{label[c]} ({c})",
        placeholder=access.all_label(tr),
    )
    range_years = [y for y in sorted(years) if units == SYSTEM_NEW or y < FIRST_NEW_SYSTEM_YEAR]
    current_range = ss.get(K_RANGE)
    if not (isinstance(current_range, (tuple, list)) and len(current_range) == 2):
        current_range = (range_years[0], range_years[-1])
    lo, hi = max(current_range[0], range_years[0]), min(current_range[1], range_years[-1])
    ss[K_RANGE] = (lo, hi) if lo <= hi else (range_years[0], range_years[-1])
    if len(range_years) > 1:
        yr = sb.select_slider(tr("Khoảng năm cho biểu đồ xu hướng", "Years for trend charts"), range_years, key=K_RANGE)
    else:
        yr = (range_years[0], range_years[0])

    sel = Selection(year=year, units=units, provinces=tuple(sorted(provinces)), year_from=yr[0], year_to=yr[1])
    new_url = _to_url(sel, lang, years)
    if _url_now() != new_url:
        st.query_params.from_dict(new_url)
    ss["_url_synced"] = new_url
    ctx = Context(access.scoped(sel), lang, years, notices)
    ss["_ctx"] = ctx
    return ctx


def nav_query_params() -> dict[str, str]:
    """The current filters, for links that switch pages and must keep them."""
    return dict(st.session_state.get("_url_synced", {}))


# ---------------------------------------------------------------- page furniture
def page_header(title_vi: str, title_en: str) -> Context:
    ctx = current()
    st.title(ctx.t(title_vi, title_en))
    for n in ctx.notices:
        st.warning(n, icon=":material/warning:")
    if not ctx.years:
        st.info(
            ctx.t(
                "Cơ sở dữ liệu chưa có số liệu. Hãy nhập báo cáo ở trang “Nhập dữ liệu”.",
                "The database holds no figures yet. Import reports on the “Import data” page.",
            )
        )
        st.stop()
    source_line(ctx)
    return ctx


def units_phrase(ctx: Context, year: int | None = None) -> str:
    sel = ctx.selection
    y = sel.year if year is None else year
    text = i18n.value("units", sel.units, ctx.lang)
    if sel.units == SYSTEM_NEW and y < FIRST_NEW_SYSTEM_YEAR:
        text += ctx.t(
            " — số liệu năm trước 2025 cộng dồn từ 63 tỉnh cũ",
            " — figures before 2025 re-aggregated from the 63 old provinces",
        )
    return text


def source_line(ctx: Context, year_from: int | None = None, year_to: int | None = None) -> None:
    """Where the figures come from and how fresh they are; illustrative data always says so."""
    sel = ctx.selection
    # With one kind of source in the store, every figure comes from it: skip the per-province scan.
    kinds_all = state.call("source_kinds")
    if kinds_all.height == 1:
        src = kinds_all.with_columns(province_code=pl.lit(None, pl.String))
    else:
        src = state.call("source_status", sel, year_from, year_to)
    kinds = set(src["source_kind"].to_list())
    when = src["loaded_at"].max() if src.height else None
    fresh = ctx.t("cập nhật", "updated") + " " + i18n.datetime(when, ctx.lang) if when else ""
    where = ctx.t("Hệ đơn vị", "Units") + ": " + units_phrase(ctx)
    if kinds == {"illustrative"}:
        st.warning(
            ctx.t(
                "**Dữ liệu minh họa** — không phải số liệu báo cáo. ", "**Illustrative data** — not reported figures. "
            )
            + f"{fresh} · {where}",
            icon=":material/science:",
        )
    elif kinds == {"imported"}:
        st.caption(ctx.t("Nguồn: số liệu báo cáo đã nhập", "Source: imported reports") + f" · {fresh} · {where}")
    elif kinds:
        imp = src.filter(pl.col("source_kind") == "imported")["province_code"].n_unique()
        ill = src.filter(pl.col("source_kind") == "illustrative")["province_code"].n_unique()
        st.warning(
            ctx.t(
                f"Số liệu báo cáo cho {imp} tỉnh; **dữ liệu minh họa** cho {ill} tỉnh. ",
                f"Reported figures for {imp} provinces; **illustrative data** for {ill}. ",
            )
            + f"{fresh} · {where}",
            icon=":material/science:",
        )
    else:
        st.caption(ctx.t("Không có số liệu cho lựa chọn này.", "No figures for this selection.") + f" · {where}")


def metric_cards(items: list[tuple[str, str, str | None]], columns: int = 3) -> None:
    """items: (label, value text, delta text or None)."""
    cols = st.columns(columns)
    for i, (label, value, delta) in enumerate(items):
        cols[i % columns].metric(label, value, delta=delta, border=True)


def delta_text(change_pct, ctx: Context, prev_year: int) -> str | None:
    if change_pct is None:
        return None
    sign = "+" if change_pct > 0 else ""
    return f"{sign}{i18n.number(change_pct, 1, ctx.lang)}% " + ctx.t(f"so với {prev_year}", f"vs {prev_year}")


def delta_points(now, before, ctx: Context, prev_year: int) -> str | None:
    """Change of a percentage, in percentage points (a relative % of a % misleads)."""
    if now is None or before is None:
        return None
    d = now - before
    sign = "+" if d > 0 else ""
    return f"{sign}{i18n.number(d, 1, ctx.lang)} " + ctx.t(f"điểm % so với {prev_year}", f"pp vs {prev_year}")


def empty_note(ctx: Context, what_vi: str, what_en: str) -> None:
    st.info(ctx.t(f"Không có {what_vi} cho lựa chọn này.", f"No {what_en} for this selection."), icon=":material/info:")


TABLE_PREVIEW_ROWS = 5000  # a browser table of a national extract (300k rows at scale 10) would stall


def chart(fig: go.Figure | None, data: pl.DataFrame, key: str, table: str, years: str | int) -> None:
    """A chart with "show as table" and downloads of exactly the figures it shows."""
    ctx = current()
    if data.is_empty():
        empty_note(ctx, "số liệu", "figures")
        return
    show_table = fig is None or st.toggle(ctx.t("Xem dạng bảng", "Show as table"), key=f"{key}_as_table")
    if show_table:
        if data.height > TABLE_PREVIEW_ROWS:
            st.caption(
                ctx.t(
                    f"Hiển thị {i18n.number(TABLE_PREVIEW_ROWS)} / {i18n.number(data.height)} dòng đầu; tệp tải xuống có đủ các dòng.",
                    f"Showing the first {i18n.number(TABLE_PREVIEW_ROWS, lang='en')} of {i18n.number(data.height, lang='en')} rows; "
                    "downloads hold every row.",
                )
            )
        st.dataframe(downloads.labelled(data.head(TABLE_PREVIEW_ROWS), ctx.lang), hide_index=True, width="stretch")
    else:
        st.plotly_chart(fig, width="stretch", key=f"{key}_chart", config={"displaylogo": False})
    download_buttons(data, key, table, years)


def download_buttons(data: pl.DataFrame, key: str, table: str, years: str | int) -> None:
    ctx = current()
    sel = ctx.selection
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        ctx.t("Tải CSV", "Download CSV"),
        data=lambda: downloads.csv_bytes(data, ctx.lang),
        file_name=downloads.filename(table, years, sel.provinces, sel.units, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    c2.download_button(
        ctx.t("Tải XLSX", "Download XLSX"),
        data=lambda: downloads.xlsx_bytes(data, ctx.lang),
        file_name=downloads.filename(table, years, sel.provinces, sel.units, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
    )
