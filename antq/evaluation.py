"""The year's evaluation as shares, and the flags the level above follows up.

Shares: the classification (Quyết định 510/QĐ-BCA-V05) and the "An toàn về an ninh, trật tự"
recognition (Thông tư 124/2021/TT-BCA) read from the one store of figures (service.figures: a
unit's own reported counts, else its evaluation rows rolled up, queries/figures_by_province_year.sql),
each share always with the count it is computed over ("Xuất sắc 12,5% (25/200 khu dân cư)"). A share
is computed only over the provinces that have both its figures: a province that reported the
excellent count but not the units assessed is left out, not counted as 0.

Flags: queries/validation_flags.sql over the units under the viewer, each with a Vietnamese message
naming both figures (antq/vocab/validation_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from antq import i18n, queries, service, transforms
from antq.cache import cached
from antq.selection import Selection
from antq.vocab import indicators, report_rules, validation_rules


@dataclass(frozen=True)
class Measure:
    code: str  # the map's and the table's column name
    numerator: str  # indicator whose value is the count
    denominator: str  # indicator whose value (class) or denominator (safe) is the base
    over_part: str  # 'value' | 'denominator'
    what: tuple[str, str]  # the share's word ("Xuất sắc")
    units: tuple[str, str]  # what the count counts ("khu dân cư")


_SUBJECT_UNITS = {
    "residential": ("khu dân cư", "residential areas"),
    "commune": ("xã", "communes"),
    "agency": ("cơ quan, doanh nghiệp, nhà trường", "agencies, enterprises and schools"),
    "school": ("nhà trường", "schools"),
}
_SAFE_UNITS = dict(_SUBJECT_UNITS, agency=("cơ quan, doanh nghiệp", "agencies and enterprises"))

MEASURES: tuple[Measure, ...] = (
    *(
        Measure(
            f"excellent_{s}_pct",
            f"class_{s}_excellent",
            f"class_{s}_assessed",
            "value",
            ("Xuất sắc", "Excellent"),
            _SUBJECT_UNITS[s],
        )
        for s in ("residential", "commune", "agency")
    ),
    *(
        Measure(
            f"safe_{s}_pct",
            f"safe_{s}",
            f"safe_{s}",
            "denominator",
            ("An toàn về ANTT", "Recognised safe"),
            _SAFE_UNITS[s],
        )
        for s in ("residential", "commune", "agency", "school")
    ),
)
BY_CODE = {m.code: m for m in MEASURES}
INDICATORS = tuple(sorted({i for m in MEASURES for i in (m.numerator, m.denominator)}))


def label(code: str, lang: str = "vi") -> str:
    """The measure's name ("Tỷ lệ khu dân cư xếp loại Xuất sắc (%)"), as a map or table column."""
    m = BY_CODE[code]
    i = 1 if lang == "en" else 0
    if m.over_part == "value":
        return f"Share of {m.units[1]} rated excellent (%)" if i else f"Tỷ lệ {m.units[0]} xếp loại xuất sắc (%)"
    return f"Share of {m.units[1]} recognised safe (%)" if i else f"Tỷ lệ {m.units[0]} đạt “An toàn về ANTT” (%)"


def by_province(source, sel: Selection, year_from: int | None = None, year_to: int | None = None) -> pl.DataFrame:
    """Per (year, province of the selection, measure): count, over (the base), share (%, null where
    either figure is not reported)."""
    df = service.figures(source, sel, INDICATORS, year_from, year_to)
    base = df.select("year", "province_code", "province_name", "indicator", "value", "denominator")
    parts = []
    for m in MEASURES:
        num = base.filter(pl.col("indicator") == m.numerator).select(
            "year", "province_code", "province_name", count=pl.col("value")
        )
        den = base.filter(pl.col("indicator") == m.denominator).select(
            "year", "province_code", over=pl.col("value" if m.over_part == "value" else "denominator")
        )
        parts.append(
            num.join(den, on=["year", "province_code"], how="full", coalesce=True).with_columns(measure=pl.lit(m.code))
        )
    out = pl.concat(parts, how="diagonal_relaxed")
    both = pl.col("count").is_not_null() & pl.col("over").is_not_null() & (pl.col("over") > 0)
    return out.with_columns(
        count=pl.when(both).then(pl.col("count")),
        over=pl.when(both).then(pl.col("over")),
        share=pl.when(both).then(100 * pl.col("count") / pl.col("over")),
    ).select("year", "province_code", "province_name", "measure", "count", "over", "share")


@cached
def shares(source, sel: Selection, year_from: int, year_to: int) -> pl.DataFrame:
    """Per (year, measure), the selection's provinces together: count, over, share (%), provinces
    (how many have both figures)."""
    df = by_province(source, sel, year_from, year_to)
    return (
        df.group_by("year", "measure")
        .agg(
            count=pl.col("count").sum(),
            over=pl.col("over").sum(),
            provinces=pl.col("share").is_not_null().sum(),
        )
        .with_columns(
            share=pl.when(pl.col("provinces") > 0).then(100 * pl.col("count") / pl.col("over")),
            count=pl.when(pl.col("provinces") > 0).then(pl.col("count")),
            over=pl.when(pl.col("provinces") > 0).then(pl.col("over")),
        )
        .sort("year", "measure")
    )


def share_text(code: str, share, count, over, lang: str = "vi", with_word: bool = True) -> str:
    """'Xuất sắc 12,5% (25/200 khu dân cư)'; 'chưa báo cáo' where there is no share."""
    if share is None:
        return i18n.not_reported(lang)
    m = BY_CODE[code]
    i = 1 if lang == "en" else 0
    word = f"{m.what[i]} " if with_word else ""
    return (
        f"{word}{i18n.number(share, 1, lang)}% "
        f"({i18n.number(count, lang=lang)}/{i18n.number(over, lang=lang)} {m.units[i]})"
    )


@cached
def year_table(source, sel: Selection, lang: str) -> pl.DataFrame:
    """The selection's year: one row per measure with a figure, its share with its count."""
    df = shares(source, sel, sel.year, sel.year).filter(pl.col("share").is_not_null())
    order = {m.code: n for n, m in enumerate(MEASURES)}
    rows = sorted(df.iter_rows(named=True), key=lambda r: order[r["measure"]])
    return pl.DataFrame(
        {
            i18n.column("indicator_label", lang): [label(r["measure"], lang) for r in rows],
            i18n.column("figure", lang): [
                share_text(r["measure"], r["share"], r["count"], r["over"], lang) for r in rows
            ],
        },
        schema={i18n.column("indicator_label", lang): pl.String, i18n.column("figure", lang): pl.String},
    )


@cached
def years_table(source, sel: Selection, year_from: int, year_to: int, lang: str) -> pl.DataFrame:
    """The shares year by year (older years in the selection's unit system, through the lineage the
    one store uses): one row per measure, one column per year."""
    df = shares(source, sel, year_from, year_to)
    years = sorted(df.filter(pl.col("share").is_not_null())["year"].unique().to_list())
    if not years:
        return pl.DataFrame()
    cells = {(r["measure"], r["year"]): r for r in df.iter_rows(named=True)}
    out: dict[str, list[str]] = {i18n.column("indicator_label", lang): []}
    for y in years:
        out[str(y)] = []
    for m in MEASURES:
        row = [cells.get((m.code, y)) for y in years]
        if all(r is None or r["share"] is None for r in row):
            continue
        out[i18n.column("indicator_label", lang)].append(label(m.code, lang))
        for y, r in zip(years, row):
            out[str(y)].append(
                share_text(m.code, r["share"], r["count"], r["over"], lang, with_word=False)
                if r
                else i18n.not_reported(lang)
            )
    return pl.DataFrame(out)


@cached
def province_values(source, sel: Selection, measure: str, lang: str) -> pl.DataFrame:
    """The map's values: every province of the selection's system in its scope, the share as
    `value`, its national rank, and the hover's `text` with the count it is computed over."""
    import dataclasses

    whole = dataclasses.replace(sel, provinces=(), year_from=None, year_to=None)
    df = by_province(source, whole).filter(pl.col("measure") == measure)
    ranked = transforms.rank(df.select("province_code", "province_name", value="share"), "value")
    texts = {
        r["province_code"]: share_text(measure, r["share"], r["count"], r["over"], lang, with_word=False)
        for r in df.iter_rows(named=True)
        if r["share"] is not None
    }
    return ranked.with_columns(
        text=pl.Series([texts.get(c) for c in ranked["province_code"].to_list()], dtype=pl.String)
    )


# ---------------------------------------------------------------- flags for the level above
@cached
def flags(source, sel: Selection, view: str = report_rules.DEFAULT_PERIOD_VIEW) -> pl.DataFrame:
    """Rule breaks and outliers of the units under the viewer (queries/validation_flags.sql)."""
    p = report_rules.PERIOD_VIEWS[view]
    return queries.run(
        source,
        "validation_flags",
        year=sel.year,
        units=sel.units,
        kinds=list(p.kinds),
        half=p.half,
        indicators=sorted({t.indicator for r in validation_rules.RULES for t in (*r.left, r.right)}),
        **sel.unit_filter,
    )


def flag_messages(df: pl.DataFrame, year: int, lang: str = "vi") -> list[str]:
    """One Vietnamese (or English) sentence per flag, naming both figures, the unit and the year."""
    out = []
    for r in df.iter_rows(named=True):
        where = f"{r['unit_name']} ({r['unit_code']}), {'year' if lang == 'en' else 'năm'} {year}"
        if r["kind"] == "rule":
            rule = validation_rules.BY_CODE[r["rule"]]
            v = validation_rules.Violation(rule, r["left_value"], r["right_value"], r["severity"])
            out.append(v.message(where, lang))
        else:
            name = indicators.label(r["indicator"], lang)
            med = i18n.number(r["med"], lang=lang)
            out.append(
                f"{where}: '{name}' = {i18n.number(r['value'], lang=lang)}, far from the unit's "
                f"{r['n']} earlier years (median {med}): to follow up."
                if lang == "en"
                else f"{where}: '{name}' = {i18n.number(r['value'], lang=lang)}, khác xa số liệu {r['n']} năm "
                f"trước của đơn vị (trung vị {med}): cần xem lại."
            )
    return out


@cached
def flags_table(source, sel: Selection, view: str, lang: str) -> pl.DataFrame:
    df = flags(source, sel, view)
    sev = {"error": ("Mâu thuẫn", "Contradiction"), "warning": ("Cần xem lại", "To follow up")}
    i = 1 if lang == "en" else 0
    return pl.DataFrame(
        {
            ("Level" if i else "Mức độ"): [sev[s][i] for s in df["severity"].to_list()],
            i18n.column("province_code", lang): df["province_code"].to_list(),
            ("Issue" if i else "Vấn đề"): flag_messages(df, sel.year, lang),
        },
        schema={
            ("Level" if i else "Mức độ"): pl.String,
            i18n.column("province_code", lang): pl.String,
            ("Issue" if i else "Vấn đề"): pl.String,
        },
    )
