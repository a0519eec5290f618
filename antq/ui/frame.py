"""The furniture every page shares: the header with the data-source line, metric cards, and the
chart block (chart, "show as table", downloads of exactly the figures shown). The filters and the
page run's Context are in antq/ui/filters.py.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from antq import charts, downloads, i18n, service
from antq.access import deferred
from antq.access import web as access
from antq.ui.filters import Context, current, lkey, requested_lang, setup  # noqa: F401 -- the pages' entry points
from antq.vocab.unit_systems import PROVINCE_COUNT, system_for_year


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
    own = system_for_year(y)
    if own != sel.units:
        text += ctx.t(
            f" — số liệu năm {y} cộng dồn từ {PROVINCE_COUNT[own]} tỉnh cũ",
            f" — figures of {y} re-aggregated from the {PROVINCE_COUNT[own]} old provinces",
        )
    return text


def _sources(
    ctx: Context, year_from: int | None = None, year_to: int | None = None
) -> tuple[set[str], object, pl.DataFrame]:
    """Which kinds of source the selection's figures come from, when they were last loaded, and the
    per-province rows (for a mix)."""
    sel = ctx.selection
    # With one kind of source in the store, every figure comes from it: skip the per-province scan.
    kinds_all = service.source_kinds(ctx.source)
    if kinds_all.height == 1:
        src = kinds_all.with_columns(province_code=pl.lit(None, pl.String))
    else:
        src = service.source_status(ctx.source, sel, year_from, year_to)
    kinds = set(src["source_kind"].to_list())
    when = src["loaded_at"].max() if src.height else None
    return kinds, when, src


def source_line(ctx: Context, year_from: int | None = None, year_to: int | None = None) -> None:
    """Where the figures come from and how fresh they are; illustrative data always says so."""
    kinds, when, src = _sources(ctx, year_from, year_to)
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


def metric_cards(items: list[tuple], columns: int = 3) -> None:
    """items: (label, value text, delta text or None[, where it came from])."""
    # Row by row, so that a phone, which stacks the columns, reads them in order.
    for start in range(0, len(items), columns):
        for col, item in zip(st.columns(columns), items[start : start + columns]):
            label, value, delta, *origin = item
            col.metric(label, value, delta=delta, border=True)
            if origin and origin[0]:
                col.caption(origin[0])


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


def reported_note(ctx: Context, tot: dict, *kinds: str, share: bool = False) -> None:
    """Over how many provinces the totals above are computed ("1 trong 2 tỉnh cũ đã báo cáo Ngày
    hội"), and with `share` the commune coverage with its base ("44,0% của 172 xã"): a province
    that has not reported is not counted as 0 (antq/vocab/reporting.py)."""
    merged = system_for_year(ctx.selection.year) != ctx.selection.units
    parts = [i18n.reported_basis(tot, k, ctx.lang, merged) for k in kinds]
    if share:
        coverage = i18n.share_basis(tot.get("coverage_pct"), tot.get("communes_reported"), ctx.lang)
        parts.insert(0, ctx.t("Tỷ lệ xã tổ chức: ", "Commune coverage: ") + coverage)
    st.caption(
        "; ".join(parts)
        + ctx.t(". Đơn vị chưa báo cáo không được tính là 0.", ". Units that have not reported are not counted as 0.")
    )


def empty_note(ctx: Context, what_vi: str, what_en: str) -> None:
    st.info(ctx.t(f"Không có {what_vi} cho lựa chọn này.", f"No {what_en} for this selection."), icon=":material/info:")


TABLE_PREVIEW_ROWS = 5000  # a browser table of a national extract (300k rows at scale 10) would stall


def chart_source(ctx: Context) -> str:
    """The source line every chart carries inside itself: where its figures come from ("Dữ liệu
    minh họa" when they are), when they were loaded, and whose figures they are."""
    kinds, when, src = _sources(ctx)
    sel = ctx.selection
    if kinds == {"illustrative"}:
        what = ctx.t("Dữ liệu minh họa — không phải số liệu báo cáo", "Illustrative data — not reported figures")
    elif kinds == {"imported"}:
        what = ctx.t("số liệu báo cáo đã nhập", "imported reports")
        what += (", " + ctx.t("cập nhật ", "updated ") + i18n.date(when, ctx.lang)) if when else ""
    elif kinds:
        what = ctx.t("số liệu báo cáo và Dữ liệu minh họa", "reported figures and illustrative data")
    else:
        what = ctx.t("chưa có số liệu", "no figures")
    if sel.provinces:
        names = service.provinces(ctx.source, sel.units)
        label = dict(zip(names["province_code"], names["province_name"]))
        chosen = [label.get(c, c) for c in sel.provinces]
        scope = (
            ", ".join(chosen)
            if len(chosen) <= 2
            else ctx.t(f"{len(chosen)} tỉnh, thành phố", f"{len(chosen)} provinces")
        )
    else:
        scope = access.all_label(ctx.t)
    return ctx.t("Nguồn: ", "Source: ") + what + f" · {scope}"


def plot(fig: go.Figure, key: str, *, title: str | None = None, unit: str | None = None, **kw):
    """Send one Plotly figure to the browser -- the one place every chart of every page goes
    through: it carries its title, the unit of its values and its source line inside itself
    (antq.charts.stand_alone), so a PNG export or a screenshot stands alone; the toolbar shows on
    hover only. `kw`: st.plotly_chart's (width, on_select, ...); a map passes maps.CHART_CONFIG."""
    charts.stand_alone(fig, title, chart_source(current()), unit)
    config = {"displaylogo": False, "displayModeBar": "hover", **kw.pop("config", {})}
    config["toImageButtonOptions"] = {"filename": key, "scale": 2}
    kw.setdefault("width", "stretch")
    return st.plotly_chart(fig, key=key, config=config, **kw)


def chart(
    fig: go.Figure | None,
    data: pl.DataFrame,
    key: str,
    table: str,
    years: str | int,
    *,
    title: str | None = None,
    unit: str | None = None,
) -> None:
    """A chart with "show as table" and downloads of exactly the figures it shows."""
    ctx = current()
    if data.is_empty():
        empty_note(ctx, "số liệu", "figures")
        return
    show_table = fig is None or st.toggle(ctx.t("Xem dạng bảng", "Show as table"), key=f"{key}_as_table")
    if show_table:
        _table_head(data.head(TABLE_PREVIEW_ROWS), data.height)
    else:
        plot(fig, f"{key}_chart", title=title, unit=unit)
    download_buttons(data, key, table, years)


def extract(
    head: pl.DataFrame, total: int, rows: Callable[[], pl.DataFrame], key: str, table: str, years: str | int
) -> None:
    """A long table (antq.service.table_preview): its first rows on the page; the downloads call
    `rows` for every row when clicked, so a page run never holds a national extract."""
    if total == 0:
        empty_note(current(), "số liệu", "figures")
        return
    _table_head(head, total)
    download_buttons(rows, key, table, years)


def _table_head(head: pl.DataFrame, total: int) -> None:
    ctx = current()
    if total > head.height:
        st.caption(
            ctx.t(
                f"Hiển thị {i18n.number(head.height)} / {i18n.number(total)} dòng đầu; tệp tải xuống có đủ các dòng.",
                f"Showing the first {i18n.number(head.height, lang='en')} of "
                f"{i18n.number(total, lang='en')} rows; downloads hold every row.",
            )
        )
    st.dataframe(downloads.labelled(head, ctx.lang), hide_index=True, width="stretch")


def download_buttons(data: pl.DataFrame | Callable[[], pl.DataFrame], key: str, table: str, years: str | int) -> None:
    """CSV and XLSX of `data`, made when a button is clicked (Streamlit's deferred downloads); `data`
    may be a function returning the frame, read only then -- in the scope of the page run that drew
    the buttons, after checking the user's access again (antq.access.deferred)."""
    ctx = current()
    sel = ctx.selection
    rows = data if callable(data) else lambda: data
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        ctx.t("Tải CSV", "Download CSV"),
        data=deferred.download(lambda: downloads.csv_bytes(rows(), ctx.lang)),
        file_name=downloads.filename(table, years, sel.provinces, sel.units, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    c2.download_button(
        ctx.t("Tải XLSX", "Download XLSX"),
        data=deferred.download(lambda: downloads.xlsx_bytes(rows(), ctx.lang)),
        file_name=downloads.filename(table, years, sel.provinces, sel.units, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
    )
