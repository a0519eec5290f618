"""Reporting progress: completeness (expected / received) and timeliness (on time / late / not yet
due / missing after the deadline) per unit and per level, from the obligation in force for a period
(antq/cycle/obligations.py, or the default rule) and the `report` table.

A report counts as received when it reached the system (`report.entered_at`, its first one for the
period); the document's own date (`reported_on`) is shown beside it but says nothing of when the
unit reported. Every row is inside the user's scope (the Selection's $provinces and $communes).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from antq import i18n, queries
from antq.cycle.obligations import Obligation
from antq.selection import Selection
from antq.units import SYSTEM_NEW, province_names
from antq.vocab import report_rules
from antq.vocab.categories import OBLIGATION_LEVELS, TIMELINESS, UNIT_LEVELS

STATUSES = TIMELINESS.codes
LEVEL_ORDER = ("nation", "province", "commune")
# The words of the tables (and of their downloads): key -> (vi, en).
WORDS: dict[str, tuple[str, str]] = {
    "level": ("Cấp", "Level"),
    "province": ("Tỉnh, thành phố", "Province"),
    "code": ("Mã đơn vị", "Unit code"),
    "unit": ("Đơn vị", "Unit"),
    "deadline": ("Hạn báo cáo", "Deadline"),
    "received_at": ("Nhận lúc", "Received at"),
    "reported_on": ("Ngày trên văn bản", "Document's date"),
    "status": ("Tình trạng", "Status"),
    "days_late": ("Số ngày chậm", "Days late"),
    "expected": ("Phải báo cáo", "Expected"),
    "received": ("Đã nhận", "Received"),
    "completeness": ("Tỷ lệ đầy đủ", "Completeness"),
}


def w(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return en if lang == "en" else vi


def units(source, sel: Selection, ob: Obligation, today: dt.date) -> pl.DataFrame:
    """One row per unit the obligation expects a report from, inside the selection's scope
    (queries/cycle_progress.sql)."""
    return queries.run(
        source,
        "cycle_progress",
        year=ob.year,
        kind=ob.period_kind,
        half=ob.half,
        level=ob.level,
        limit=list(ob.province_codes or ()),
        commune_deadline=ob.commune_deadline or ob.province_deadline,
        province_deadline=ob.province_deadline,
        today=today,
        units=sel.units,
        **sel.unit_filter,
    )


def by_level(df: pl.DataFrame) -> pl.DataFrame:
    """Per level: expected, received, completeness (%), and the count of each timeliness status."""
    out = df.group_by("level").agg(
        expected=pl.len(),
        received=pl.col("received_at").is_not_null().sum(),
        deadline=pl.col("deadline").first(),
        **{s: (pl.col("status") == s).sum() for s in STATUSES},
    )
    order = pl.DataFrame({"level": LEVEL_ORDER, "_o": range(len(LEVEL_ORDER))})
    return (
        out.join(order, on="level", how="left")
        .sort("_o")
        .drop("_o")
        .with_columns(completeness=pl.col("received") * 100.0 / pl.col("expected"))
    )


def _status_labels(lang: str) -> dict[str, str]:
    return {c: TIMELINESS.label(c, lang) for c in STATUSES}


def levels_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The per-level summary as shown and downloaded (labels in the user's language)."""
    lv = by_level(df)
    labels = _status_labels(lang)
    cols = {
        w("level", lang): [UNIT_LEVELS.label(x, lang) for x in lv["level"].to_list()],
        w("deadline", lang): [i18n.date(d, lang) for d in lv["deadline"].to_list()],
        w("expected", lang): [i18n.number(x, 0, lang) for x in lv["expected"].to_list()],
        w("received", lang): [i18n.number(x, 0, lang) for x in lv["received"].to_list()],
        w("completeness", lang): [i18n.percent(x, 1, lang) for x in lv["completeness"].to_list()],
        **{labels[s]: [i18n.number(x, 0, lang) for x in lv[s].to_list()] for s in STATUSES},
    }
    return pl.DataFrame(cols, schema={k: pl.String for k in cols})


def units_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Per unit: its level, province, deadline, when its report came in, and its timeliness."""
    labels = _status_labels(lang)
    cols = {
        w("level", lang): [UNIT_LEVELS.label(x, lang) for x in df["level"].to_list()],
        w("province", lang): df["province_name"].to_list(),
        w("code", lang): df["unit_code"].to_list(),
        w("unit", lang): df["unit_name"].to_list(),
        w("deadline", lang): [i18n.date(d, lang) for d in df["deadline"].to_list()],
        w("received_at", lang): [i18n.datetime(d, lang) for d in df["received_at"].to_list()],
        w("reported_on", lang): [i18n.date(d, lang) for d in df["reported_on"].to_list()],
        w("status", lang): [labels[s] for s in df["status"].to_list()],
        w("days_late", lang): ["–" if d is None else i18n.number(d, 0, lang) for d in df["days_late"].to_list()],
    }
    return pl.DataFrame(cols, schema={k: pl.String for k in cols})


def summary_line(ob: Obligation, lang: str) -> str:
    """What is expected, in one sentence: the period, its window, the levels, the cut-off and the
    deadlines; the default rule named as such."""
    vi = lang != "en"
    start, end = ob.window
    period = report_rules.period_label(ob.period_kind, ob.half, lang)
    d = lambda x: i18n.date(x, lang)  # noqa: E731
    level = OBLIGATION_LEVELS.label(ob.level, lang)
    where = ""
    if ob.province_codes:
        names = province_names(SYSTEM_NEW)
        where = (" — chỉ " if vi else " — only ") + ", ".join(names.get(c, c) for c in ob.province_codes)
    if vi:
        text = f"{period} — {ob.year} (số liệu từ {d(start)} đến {d(end)}, chốt ngày {d(ob.cutoff)}). "
        text += f"Cấp: {level}{where}. "
        if ob.commune_deadline:
            text += f"Hạn xã báo cáo tỉnh: {d(ob.commune_deadline)}. "
        text += f"Hạn tỉnh báo cáo Bộ: {d(ob.province_deadline)}."
    else:
        text = f"{period} — {ob.year} (figures from {d(start)} to {d(end)}, cut-off {d(ob.cutoff)}). "
        text += f"Level: {level}{where}. "
        if ob.commune_deadline:
            text += f"Communes to their province by {d(ob.commune_deadline)}. "
        text += f"Provinces to the Ministry by {d(ob.province_deadline)}."
    return text


def source_line(ob: Obligation, lang: str) -> str:
    """Who set the obligation and when, or that none is set and the default rule applies."""
    if ob.is_default:
        return (
            "Quản trị viên chưa đặt nghĩa vụ báo cáo cho kỳ này: đang theo quy tắc mặc định (các tỉnh báo cáo Bộ "
            "theo hạn mặc định; cấp xã chưa bị yêu cầu)."
            if lang != "en"
            else "No administrator has set an obligation for this period: the default rule applies (the provinces "
            "report to the Ministry by the default deadline; communes are not asked)."
        )
    at = i18n.datetime(ob.set_at, lang)
    return f"Do {ob.set_by} đặt lúc {at}." if lang != "en" else f"Set by {ob.set_by} at {at}."


def briefing_lines(source, sel: Selection, lang: str, today: dt.date, kind: str = "festival_year", half: int = 0):
    """The briefing's sentences on the year's reporting progress (antq/briefing): per level, received
    of expected with on time / late / missing, and whose rule it is."""
    from antq.cycle import obligations

    ob = obligations.effective(source, sel.year, kind, half)
    lv = by_level(units(source, sel, ob, today))
    period = report_rules.period_label(kind, half, lang)
    n = lambda x: i18n.number(x, 0, lang)  # noqa: E731
    parts = []
    for r in lv.iter_rows(named=True):
        level = UNIT_LEVELS.label(r["level"], lang).lower()
        if lang == "en":
            parts.append(
                f"{level}: {n(r['received'])} of {n(r['expected'])} received ({n(r['on_time'])} on time, "
                f"{n(r['late'])} late, {n(r['missing'])} missing after the deadline)"
            )
        else:
            parts.append(
                f"{level}: đã nhận {n(r['received'])}/{n(r['expected'])} ({n(r['on_time'])} đúng hạn, "
                f"{n(r['late'])} chậm hạn, {n(r['missing'])} quá hạn chưa báo cáo)"
            )
    if lang == "en":
        head = f"Reporting progress, {period.lower()} {sel.year}: " + ("; ".join(parts) or "no unit is expected")
        rule = "by the default rule (no obligation set)." if ob.is_default else f"by the obligation set by {ob.set_by}."
    else:
        head = f"Tiến độ báo cáo {period.lower()} {sel.year}: " + ("; ".join(parts) or "không đơn vị nào phải báo cáo")
        rule = "theo quy tắc mặc định (chưa đặt nghĩa vụ)." if ob.is_default else f"theo nghĩa vụ do {ob.set_by} đặt."
    return [f"{head} — {rule}"]
