"""The unit page's questions (issue 25, "a commune is one tap away"): find any administrative unit
by name without accents, across the 1 July 2025 reorganisation, inside the user's scope; then its
figures over the years, its festival points, models and result reports, and where it lies.

A unit is named in a URL as `<system>-<code>` (`2025-00004`): unit codes are reused across the
reorganisation (00004 is Phường Trúc Bạch in 2008 and Phường Ba Đình from 2025).

Scope: every question here reads the directory of units through the selection's scope
(`Selection.unit_filter` of today's system); a unit outside it is "not found", whatever its URL.
Names are folded by antq.text.fold in plain Python over the directory's columns (no Python inside
Polars: docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
import re

import plotly.graph_objects as go
import polars as pl

from antq import i18n, maps, queries
from antq.cache import cached
from antq.reportview import version_values_table
from antq.selection import Selection
from antq.text import fold
from antq.vocab import categories
from antq.vocab.report_rules import period_label
from antq.vocab.unit_systems import LATEST_SYSTEM, PROVINCE_COUNT, SYSTEMS

URL_KEY = "unit"  # ?unit=2025-00004
QUERY_KEY = "q"  # ?q=phuong ba dinh: the search's results
KEY_RE = re.compile(r"^(\d{4})-(\d{2,5})$")
RESULTS_SHOWN = 20
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
LINKED, BY_PLACE = 4, 5  # search scores of a unit found through a linked unit's name, a place's name


def unit_key(units_system: int, unit_code: str) -> str:
    return f"{units_system}-{unit_code}"


def parse_key(text: str | None) -> tuple[int, str] | None:
    m = KEY_RE.match((text or "").strip())
    if not m or int(m.group(1)) not in SYSTEMS:
        return None
    return int(m.group(1)), m.group(2)


def _scope_filter(sel: Selection) -> dict[str, list[str]]:
    """The scope of the selection in today's system, whatever provinces the filters chose: a search
    finds any unit the user may see, not only those of the chosen provinces."""
    return dataclasses.replace(sel, units=LATEST_SYSTEM, provinces=()).unit_filter


def directory(source, sel: Selection) -> pl.DataFrame:
    """Every unit of both systems inside the scope, with its folded names for matching: one cached
    copy per scope (2.5 MB), whatever year and provinces the filters hold."""
    return _directory(source, dataclasses.replace(sel, year=0, units=LATEST_SYSTEM, provinces=()))


@cached
def _directory(source, sel: Selection) -> pl.DataFrame:
    df = queries.run(source, "unit_directory", **_scope_filter(sel))
    linked = [" | ".join(v or []) for v in df["linked_names"].to_list()]
    places = [" | ".join(v or []) for v in df["place_names"].to_list()]
    return df.with_columns(
        pl.Series("name_f", [fold(v) for v in df["name"].to_list()]),
        pl.Series("short_f", [fold(v) for v in df["short_name"].to_list()]),
        pl.Series("place_f", [fold(f"{d or ''} {p}") for d, p in zip(df["district_name"], df["province_name"])]),
        pl.Series("linked_f", [fold(v) for v in linked]),
        pl.Series("places_f", [fold(v) for v in places]),
    )


def search(source, sel: Selection, text: str, limit: int = RESULTS_SHOWN) -> tuple[pl.DataFrame, int]:
    """Units matching `text` (accents and case ignored), best first, and how many matched.

    Words match whole words ("ba" never matches inside "bac"). Best: the name itself ("phuong ba
    dinh", or "ba dinh" for its short name), then a name that starts with the words, then a name
    holding them, then every word in the name, its district and province ("ba dinh ha noi"), then a
    unit linked across the reorganisation ("truc bach" finds today's Phường Ba Đình, which took it
    in), then a unit by a place registered inside it (a village a plan names: "dong thanh"), last a
    name whose last word is still being typed ("truc bac"). Ties: today's system first, provinces
    before districts before communes."""
    q = fold(text)
    if not q:
        return directory(source, sel).clear(), 0
    words = q.split()
    phrase = f" {q} "
    d = directory(source, sel)
    scores: list[int | None] = []
    for name, short, place, linked, places in zip(
        d["name_f"], d["short_f"], d["place_f"], d["linked_f"], d["places_f"]
    ):
        if q in (name, short):
            s = 0
        elif f"{name} ".startswith(q + " ") or f"{short} ".startswith(q + " "):
            s = 1
        elif phrase in f" {name} ":
            s = 2
        elif set(words) <= set(f"{name} {place}".split()):
            s = 3
        elif phrase in f" {linked.replace(' | ', '  ')} ":
            s = LINKED
        elif phrase in f" {places.replace(' | ', '  ')} ":
            s = BY_PLACE
        elif f" {name}".find(" " + q) >= 0:
            s = 6
        else:
            s = None
        scores.append(s)
    found = (
        d.with_columns(pl.Series("score", scores, dtype=pl.Int8))
        .filter(pl.col("score").is_not_null())
        .with_columns(pl.col("level").replace_strict(LEVEL_ORDER, default=3).alias("level_rank"))
        .sort(
            ["score", "units_system", "level_rank", "name", "province_name"],
            descending=[False, True, False, False, False],
        )
    )
    return found.head(limit), found.height


def find(source, sel: Selection, key: str | None) -> dict | None:
    """The unit a URL names, if it exists and lies inside the scope; else None (never says which)."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    d = directory(source, sel).filter((pl.col("units_system") == parsed[0]) & (pl.col("unit_code") == parsed[1]))
    return d.row(0, named=True) if d.height else None


def era(units_system: int, lang: str) -> str:
    """'hệ 34 tỉnh (từ 1/7/2025)' / 'hệ 63 tỉnh (đến 30/6/2025)'."""
    if units_system == LATEST_SYSTEM:
        return (
            i18n.value("units", units_system, lang)
            if lang == "en"
            else f"hệ {PROVINCE_COUNT[units_system]} tỉnh (từ 1/7/2025)"
        )
    return (
        i18n.value("units", units_system, lang)
        if lang == "en"
        else f"hệ {PROVINCE_COUNT[units_system]} tỉnh (đến 30/6/2025)"
    )


def when(units_system: int, lang: str) -> str:
    """A search result's era in two words: 'hiện nay' / 'trước 1/7/2025'."""
    if units_system == LATEST_SYSTEM:
        return "hiện nay" if lang != "en" else "today"
    return "trước 1/7/2025" if lang != "en" else "before 1 July 2025"


def place(unit: dict) -> str:
    """Where a unit lies: its district (2008 communes) and province; a province: nothing."""
    if unit["level"] == "province":
        return ""
    return ", ".join(p for p in (unit["district_name"], unit["province_name"]) if p)


def places_phrase(unit: dict, lang: str) -> str:
    names = unit.get("place_names") or []
    return (("địa điểm đã đăng ký: " if lang != "en" else "registered places: ") + ", ".join(names)) if names else ""


def linked_phrase(unit: dict, lang: str) -> str:
    names = unit.get("linked_names") or []
    if not names:
        return ""
    joined = ", ".join(names)
    if unit["units_system"] == LATEST_SYSTEM:
        return ("gồm địa bàn cũ: " if lang != "en" else "took in: ") + joined
    return ("nay thuộc: " if lang != "en" else "now part of: ") + joined


def linked_units(source, sel: Selection, unit: dict) -> pl.DataFrame:
    """The units linked to `unit` across the reorganisation that the scope lets the user open."""
    names = set(unit.get("linked_names") or [])
    if not names:
        return directory(source, sel).clear()
    other = [s for s in SYSTEMS if s != unit["units_system"]]
    d = directory(source, sel)
    return d.filter(
        pl.col("units_system").is_in(other)
        & pl.col("name").is_in(list(names))
        & (pl.col("province_2025_code") == unit["province_2025_code"])
        & (pl.col("level") == unit["level"])
    ).sort("name")


# ---------------------------------------------------------------- the unit's figures
def _unit_args(sel: Selection, unit: dict) -> dict:
    return dict(units_system=unit["units_system"], unit_code=unit["unit_code"], **_scope_filter(sel))


@cached
def figures(source, sel: Selection, units_system: int, unit_code: str) -> pl.DataFrame:
    """The unit's figures year by year. The one place the unit page reads them: when the figures
    move to the store of indicator values, this function alone changes."""
    args = _unit_args(sel, {"units_system": units_system, "unit_code": unit_code})
    return queries.run(source, "unit_year_figures", **args)


@cached
def festival_points(source, sel: Selection, units_system: int, unit_code: str, year: int) -> pl.DataFrame:
    args = _unit_args(sel, {"units_system": units_system, "unit_code": unit_code})
    return queries.run(source, "unit_festival_points", year=year, **args)


@cached
def models(source, sel: Selection, units_system: int, unit_code: str, year: int) -> pl.DataFrame:
    args = _unit_args(sel, {"units_system": units_system, "unit_code": unit_code})
    return queries.run(source, "unit_models", year=year, **args)


@cached
def reports(source, sel: Selection, units_system: int, unit_code: str) -> pl.DataFrame:
    args = _unit_args(sel, {"units_system": units_system, "unit_code": unit_code})
    return queries.run(source, "unit_reports", **args)


FIGURE_COLUMNS = (
    "festival_points",
    "participants",
    "gift_value_vnd",
    "commendations",
    "models_active",
    "model_sites",
    "exemplars",
)


def figures_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The figures as a reader sees them: Vietnamese numbers, a year carried from older units
    marked (≈ where a divided commune's share is an estimate by area)."""
    en = lang == "en"
    out = {i18n.column("year", lang): [str(y) for y in df["year"]]}
    approx = df["apportioned"].to_list()
    for c in FIGURE_COLUMNS:
        out[i18n.column(c, lang)] = [
            ("≈ " if a else "") + i18n.number(round(v) if v is not None else None, 0, lang)
            for v, a in zip(df[c], approx)
        ]
    basis = []
    for carried, apportioned in zip(df["carried"], approx):
        if not carried:
            basis.append("đơn vị này" if not en else "this unit")
        elif apportioned:
            basis.append("địa bàn cũ, ước theo diện tích" if not en else "older units, estimated by area")
        else:
            basis.append("địa bàn cũ" if not en else "older units")
    out["Số liệu của" if not en else "Figures of"] = basis
    return pl.DataFrame(out, schema={k: pl.String for k in out})


def local_label(kind: str | None, name: str | None, lang: str) -> str:
    """Who a report speaks for: the unit itself, or a named place below the commune."""
    if not name:
        return "đơn vị này" if lang != "en" else "this unit"
    return f"{name} ({categories.VENUE_KINDS.label(kind, lang).lower()})"


def reports_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    en = lang == "en"
    return pl.DataFrame(
        {
            ("Năm" if not en else "Year"): [str(y) for y in df["year"]],
            ("Kỳ" if not en else "Period"): [
                period_label(k, h or 0, lang) for k, h in zip(df["period_kind"], df["half"])
            ],
            ("Báo cáo của" if not en else "Reported by"): [
                local_label(k, n, lang) for k, n in zip(df["local_kind"], df["local_name"])
            ],
            ("Ngày báo cáo" if not en else "Dated"): [i18n.date(d, lang) if d else "–" for d in df["reported_on"]],
            ("Lúc nhập" if not en else "Entered"): [i18n.datetime(d, lang) for d in df["entered_at"]],
            ("Số chỉ tiêu" if not en else "Values"): [i18n.number(n, 0, lang) for n in df["n_values"]],
            ("Hiệu lực" if not en else "Status"): [
                ("đang dùng" if not en else "in force")
                if f
                else ("đã được báo cáo sau thay thế" if not en else "superseded")
                for f in df["in_force"]
            ],
        }
    )


def report_values_table(source, sel: Selection, reports_df: pl.DataFrame, year: int, lang: str) -> pl.DataFrame:
    """The values of the unit's reports in force for `year`, as written ("trên 5.800"), one row per
    period and indicator: what the unit reported, read through the same scope as every figure."""
    rows = reports_df.filter((pl.col("year") == year) & pl.col("in_force"))
    parts = []
    view = dataclasses.replace(sel, year=year, provinces=())  # the unit's report, whatever provinces are chosen
    for rid, kind, half, lk, ln in rows.select(
        "report_id", "period_kind", "half", "local_kind", "local_name"
    ).iter_rows():
        values = version_values_table(source, view, rid, lang)
        code_col = values.columns[-1]  # the indicator's code: kept for downloads, not shown
        period = period_label(kind, half or 0, lang)
        if ln:  # a named place below the commune: beside the commune's figures, not part of them
            period = f"{period} — {local_label(lk, ln, lang)}"
        parts.append(values.drop(code_col).with_columns(pl.lit(period).alias("Kỳ" if lang != "en" else "Period")))
    return pl.concat(parts) if parts else pl.DataFrame()


def points_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The festival points as a reader sees them: dates and numbers in Vietnamese, kinds in words."""
    en = lang == "en"
    yes_no = {True: i18n.value("", True, lang), False: i18n.value("", False, lang)}
    return pl.DataFrame(
        {
            i18n.column("held_on", lang): [i18n.date(d, lang) for d in df["held_on"]],
            i18n.column("unit_name", lang): df["unit_name"].to_list(),
            i18n.column("venue_kind", lang): [i18n.value("venue_kind", v, lang) for v in df["venue_kind"]],
            i18n.column("venue_name", lang): [v or "–" for v in df["venue_name"]],
            ("Điểm chỉ đạo" if not en else "Pilot point"): [yes_no[bool(v)] for v in df["is_pilot"]],
            i18n.column("participants", lang): [i18n.number(v, 0, lang) for v in df["participants"]],
            i18n.column("gift_value_vnd", lang): [i18n.number(v, 0, lang) for v in df["gift_value_vnd"]],
        }
    )


def models_table(df: pl.DataFrame, lang: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            i18n.column("model_name", lang): df["model_name"].to_list(),
            i18n.column("unit_name", lang): df["unit_name"].to_list(),
            i18n.column("category", lang): [i18n.value("category", v, lang) for v in df["category"]],
            i18n.column("established_year", lang): [str(v) for v in df["established_year"]],
            i18n.column("status", lang): [i18n.value("status", v, lang) for v in df["status"]],
            i18n.column("sites", lang): [i18n.number(v, 0, lang) for v in df["sites"]],
        }
    )


def locator_figure(unit: dict, lang: str) -> go.Figure | None:
    """Where the unit lies: a province on the national map, a commune or a 2008 district among the
    units of its province (antq.maps.unit_locator: only the unit itself is named)."""
    level = unit["level"]
    title = unit["name"] + (f" — {unit['province_name']}" if level != "province" else "")
    try:
        return maps.unit_locator(unit["units_system"], level, unit["unit_code"], unit["province_code"], title, lang)
    except Exception:  # noqa: BLE001 -- a unit without a drawn boundary (an island district) has no map
        return None
