"""Who has reported for a period, on time or late, against the obligation in force (antq/cycle) or,
where no administrator has set one, the default rule (said so, never a setting's name): the
summary per level on the results and import pages, and in full (every unit, downloads) on the
reporting-progress page (pages/cycle.py)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import i18n
from antq.cycle import obligations, progress
from antq.ui import frame
from antq.vocab.categories import TIMELINESS, UNIT_LEVELS
from antq.vocab.report_rules import COMPLETENESS_PERIODS, period_label

CYCLE_PATH = "cycle"
_PAGE = "_cycle_page"


def remember(offered: list) -> None:
    """Keep this run's reporting-progress page for the link to it (a page cannot import app.py's)."""
    st.session_state[_PAGE] = next((p for p in offered if p.url_path == CYCLE_PATH), None)


def pick_period(ctx: frame.Context, key: str) -> tuple[str, int]:
    return st.selectbox(
        ctx.t("Kỳ báo cáo", "Period"),
        COMPLETENESS_PERIODS,
        index=COMPLETENESS_PERIODS.index(("festival_year", 0)),
        format_func=lambda p: period_label(p[0], p[1], ctx.lang),
        key=frame.lkey(f"{key}_cycle_period"),
    )


def _cards(ctx: frame.Context, levels) -> None:
    """One card per level: received of expected, with the share, and the late and missing counts."""
    lang = ctx.lang
    items = []
    for r in levels.iter_rows(named=True):
        value = f"{i18n.number(r['received'], 0, lang)}/{i18n.number(r['expected'], 0, lang)}"
        share = i18n.percent(r["completeness"], 1, lang)
        late = TIMELINESS.label("late", lang).lower()
        missing = TIMELINESS.label("missing", lang).lower()
        items.append(
            (
                UNIT_LEVELS.label(r["level"], lang) + ctx.t(": đã nhận", ": received"),
                value,
                None,
                f"{share} · {i18n.number(r['late'], 0, lang)} {late} · {i18n.number(r['missing'], 0, lang)} {missing}",
            )
        )
    frame.metric_cards(items, columns=max(1, len(items)))


def section(ctx: frame.Context, key: str, *, full: bool = False, kind_half: tuple[str, int] | None = None) -> None:
    """The period's obligation, the counts per level and (full) the tables with their downloads."""
    sel, t, lang = ctx.selection, ctx.t, ctx.lang
    kind, half = kind_half or pick_period(ctx, key)
    ob = obligations.effective(ctx.source, sel.year, kind, half)
    df = progress.units(ctx.source, sel, ob, dt.date.today())
    levels = progress.by_level(df)
    if df.is_empty():
        st.info(
            t(
                "Không có đơn vị nào trong phạm vi đang chọn phải báo cáo kỳ này.",
                "No unit in the selection has to report for this period.",
            ),
            icon=":material/info:",
        )
    else:
        _cards(ctx, levels)
    st.caption(progress.summary_line(ob, lang))
    if ob.is_default:
        st.info(progress.source_line(ob, lang), icon=":material/rule:")
    else:
        st.caption(progress.source_line(ob, lang))
    if not full:
        page = st.session_state.get(_PAGE)
        if page is not None:
            st.page_link(
                page,
                label=t("Xem tiến độ từng đơn vị", "See each unit's progress"),
                icon=":material/arrow_forward:",
                query_params=st.query_params.to_dict(),
            )
        return
    if df.is_empty():
        return
    st.subheader(t("Theo cấp", "By level"))
    table = progress.levels_table(df, lang)
    st.dataframe(table, hide_index=True, width="stretch")
    frame.download_buttons(table, f"{key}_levels", f"tien-do-theo-cap-{kind}{half or ''}", sel.year)
    st.subheader(t("Từng đơn vị", "Each unit"))
    units = progress.units_table(df, lang)
    st.dataframe(units, hide_index=True, width="stretch")
    frame.download_buttons(units, f"{key}_units", f"tien-do-tung-don-vi-{kind}{half or ''}", sel.year)
