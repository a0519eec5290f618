"""What the results page (pages/results.py) and the overview show of the aggregated result
reports: frames of exactly the words and numbers a user reads (the downloads are these frames),
the map and the ranking. Functions of (source, selection, ...), cached like antq.service's.

Not reported is not zero: a unit without a figure is written "chưa báo cáo" and drawn grey;
totals say over how many units they are computed ("2/63 tỉnh báo cáo").
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from antq import i18n, maps, service
from antq.cache import cached
from antq.selection import Selection
from antq.vocab import indicators, report_rules
from antq.vocab.categories import FIGURE_SOURCES
from antq.vocab.unit_systems import system_for_year

# The groups the results page opens with: the movement's results other than the festival, which
# has its own pages (the festival's reported figures are one more choice).
OTHER_RESULT_GROUPS = ("mobilisation", "public_contribution", "grassroots", "classification", "commendations", "models")
ALL_GROUPS = tuple(indicators.GROUPS)

WORDS = {
    "not_reported": ("chưa báo cáo", "not reported"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "group": ("Nhóm", "Group"),
    "figure": ("Số liệu", "Figure"),
    "source": ("Nguồn", "Source"),
    "provinces_reported": ("Tỉnh báo cáo", "Provinces reporting"),
    "communes_sum": ("Tổng của các đơn vị cấp dưới", "Sum of the lower units"),
    "province": ("Tỉnh, thành phố", "Province"),
    "commune": ("Xã, phường", "Commune"),
    "rank": ("Xếp hạng", "Rank"),
    "year": ("Năm", "Year"),
    "change": ("So với năm trước", "Change on the previous year"),
    "status": ("Tình trạng", "Status"),
    "submitted_on": ("Ngày báo cáo", "Report date"),
    "deadline": ("Hạn báo cáo", "Deadline"),
    "days_late": ("Số ngày chậm", "Days late"),
    "communes_reporting": ("Xã có báo cáo riêng", "Communes with their own report"),
    "entered_by": ("Người nhập", "Entered by"),
    "code": ("Mã", "Code"),
}


def w(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return en if lang == "en" else vi


def written(value, qualifier, denominator, lang: str, qualifier_word=None, indicator: str | None = None) -> str:
    """A figure as the page writes it (the source's word, a percentage's sign, money's scale word); no
    value is "chưa báo cáo", never 0."""
    if value is None:
        return w("not_reported", lang)
    unit = indicators.get(indicator).unit if indicator in indicators.BY_CODE else None
    return i18n.reported(value, qualifier, lang, denominator, qualifier_word=qualifier_word, unit=unit)


def out_of(n: int, total: int, what_vi: str, what_en: str, lang: str) -> str:
    """'2/63 tỉnh' — how many of how many units a figure is computed over."""
    what = what_en if lang == "en" else what_vi
    return f"{i18n.number(n, 0, lang)}/{i18n.number(total, 0, lang)} {what}"


def _merged_note(sel: Selection) -> tuple[str, str]:
    own = system_for_year(sel.year)
    return ("tỉnh", "provinces") if own == sel.units else ("tỉnh cũ", "former provinces")


@cached
def summary_table(source, sel: Selection, view: str, groups: tuple[str, ...], lang: str) -> pl.DataFrame:
    """One row per reported indicator of `groups` (catalogue order): the selection's figure as
    written, over how many provinces it is computed, and the communes' own reports apart."""
    tot = service.report_totals(source, sel, view)
    meta = pl.DataFrame(
        {
            "indicator": [i.code for i in indicators.CATALOGUE],
            "group": [i.group for i in indicators.CATALOGUE],
            "label": [indicators.label(i.code, lang) for i in indicators.CATALOGUE],
        }
    )
    df = tot.join(meta, on="indicator").filter(
        pl.col("group").is_in(list(groups)) & (pl.col("value").is_not_null() | pl.col("commune_value").is_not_null())
    )
    pv, pe = _merged_note(sel)
    rows = []
    for r in df.iter_rows(named=True):
        communes = (
            written(r["commune_value"], r["commune_qualifier"], None, lang)
            + " ("
            + out_of(r["communes_reported"], r["communes_total"], "đơn vị", "units", lang)
            + ")"
            if r["commune_value"] is not None
            else "–"
        )
        rows.append(
            {
                w("group", lang): indicators.GROUPS[r["group"]][1 if lang == "en" else 0],
                w("indicator", lang): r["label"],
                w("figure", lang): written(
                    r["value"], r["qualifier"], r["denominator"], lang, r.get("qualifier_word"), r["indicator"]
                ),
                w("source", lang): ", ".join(FIGURE_SOURCES.label(x, lang) for x in r.get("sources") or []),
                w("provinces_reported", lang): out_of(r["provinces_reported"], r["provinces_total"], pv, pe, lang),
                w("communes_sum", lang): communes,
                w("code", lang): r["indicator"],
            }
        )
    cols = [
        w(k, lang) for k in ("group", "indicator", "figure", "source", "provinces_reported", "communes_sum", "code")
    ]
    return pl.DataFrame(rows, schema={c: pl.String for c in cols})


def reported_indicators(source, sel: Selection, view: str, groups: tuple[str, ...]) -> list[str]:
    """The indicators of `groups` that some province of the selection reported (catalogue order)."""
    tot = service.report_totals(source, sel, view)
    have = set(tot.filter(pl.col("value").is_not_null())["indicator"].to_list())
    return [i.code for i in indicators.CATALOGUE if i.group in groups and i.code in have]


@cached
def trend_table(source, sel: Selection, indicator: str, year_from: int, year_to: int, view: str, lang: str):
    """(numbers, shown): the indicator's figure per year of the range with the change on the year
    before (only between two years with a figure), and the same as the page writes it."""
    tr = service.report_trend(source, sel, year_from, year_to, view)
    if tr.is_empty():
        return pl.DataFrame(), pl.DataFrame()
    tr = tr.filter(pl.col("indicator") == indicator).sort("year")
    tr = tr.join(service.report_change(source, sel, indicator, year_from, year_to, view), on="year", how="left")
    shown = pl.DataFrame(
        {
            w("year", lang): [str(y) for y in tr["year"].to_list()],
            w("figure", lang): [
                written(v, q, d, lang)
                for v, q, d in zip(tr["value"].to_list(), tr["qualifier"].to_list(), tr["denominator"].to_list())
            ],
            w("provinces_reported", lang): [
                out_of(
                    a,
                    b,
                    *_merged_note(Selection(year=y, units=sel.units, scope=sel.scope, communes=sel.communes)),
                    lang,
                )
                for y, a, b in zip(
                    tr["year"].to_list(), tr["provinces_reported"].to_list(), tr["provinces_total"].to_list()
                )
            ],
            w("change", lang): [
                "–"
                if c is None
                else ("+" if c > 0 else "")
                + i18n.number(c, 1, lang)
                + "% "
                + (
                    f"(trên {n} tỉnh báo cáo cả hai năm)"
                    if lang != "en"
                    else f"(over {n} provinces reporting both years)"
                )
                for c, n in zip(tr["change_pct"].to_list(), tr["common"].to_list())
            ],
        }
    )
    return tr.select("year", "value", "change_pct"), shown


@cached
def ranking_table(source, sel: Selection, indicator: str, view: str, lang: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(ranked, shown): provinces in scope ranked on the indicator; those without a figure last,
    written "chưa báo cáo" and unranked."""
    df = service.report_province_ranking(source, sel, indicator, view)
    shown = pl.DataFrame(
        {
            w("rank", lang): ["–" if r is None else str(r) for r in df["rank"].to_list()],
            w("province", lang): df["province_name"].to_list(),
            w("figure", lang): [
                written(v, q, d, lang)
                for v, q, d in zip(df["value"].to_list(), df["qualifier"].to_list(), df["denominator"].to_list())
            ],
        }
    )
    return df, shown


@cached
def commune_ranking_table(source, sel: Selection, province: str, indicator: str, view: str, lang: str) -> pl.DataFrame:
    df = service.report_commune_figures(source, sel, province, indicator, view)
    if df.is_empty():
        return pl.DataFrame()
    return pl.DataFrame(
        {
            w("rank", lang): ["–" if r is None else str(r) for r in df["rank"].to_list()],
            w("commune", lang): df["unit_name"].to_list(),
            w("figure", lang): [
                written(v, q, d, lang)
                for v, q, d in zip(df["value"].to_list(), df["qualifier"].to_list(), df["denominator"].to_list())
            ],
        }
    )


def map_figure(source, sel: Selection, indicator: str, view: str, lang: str) -> go.Figure:
    """The national map of one indicator; provinces without a figure grey, "chưa báo cáo". Drawn
    from the cached ranking on every run, not cached itself (antq/mapview.py says why)."""
    df = service.report_province_ranking(source, sel, indicator, view)
    texts = [
        written(v, q, d, lang)
        for v, q, d in zip(df["value"].to_list(), df["qualifier"].to_list(), df["denominator"].to_list())
    ]
    values = df.select("province_code", "province_name", "value", "rank").with_columns(text=pl.Series(texts))
    label = indicators.label(indicator, lang)
    return maps.province_choropleth(
        values,
        sel.units,
        label,
        list(sel.provinces),
        title=f"{label} — {sel.year}",
        lang=lang,
        missing_label=w("not_reported", lang).capitalize(),
        only=sel.scope_provinces,
    )


# ---------------------------------------------------------------- the festival's figures, reconciled
FESTIVAL_CARDS: dict[str, tuple[str, str]] = {
    "fest_points_total": ("Điểm tổ chức (báo cáo)", "Festival points (reported)"),
    "fest_participants": ("Lượt người tham gia (báo cáo)", "Participants (reported)"),
    "fest_gift_packages": ("Suất quà (báo cáo)", "Gift packages (reported)"),
}
assert set(FESTIVAL_CARDS) <= set(report_rules.FESTIVAL_DETAIL_EQUIVALENTS)


@cached
def festival_cards(source, sel: Selection, lang: str) -> list[tuple[str, str, str]]:
    """(label, figure as written, where it comes from) per festival indicator: one figure per
    province without double counting (service.festival_reconciled)."""
    tot = service.festival_reconciled_totals(source, sel)
    if not tot["from_report"].sum():
        return []  # no province reported: the detail cards above say it all
    out = []
    for r in tot.iter_rows(named=True):
        if r["indicator"] not in FESTIVAL_CARDS:
            continue
        vi, en = FESTIVAL_CARDS[r["indicator"]]
        n = r["provinces"]
        note = (
            f"{r['from_report']}/{n} tỉnh theo báo cáo, {r['from_detail']}/{n} theo số liệu chi tiết"
            if lang != "en"
            else f"{r['from_report']}/{n} provinces from reports, {r['from_detail']}/{n} from detail rows"
        )
        if r["differing"]:
            note += (
                f"; {r['differing']} tỉnh chênh lệch: báo cáo {i18n.number(r['differing_reported'], 0, lang)}, "
                f"chi tiết {i18n.number(r['differing_detail'], 0, lang)}"
                if lang != "en"
                else f"; {r['differing']} differ: reported {i18n.number(r['differing_reported'], 0, lang)}, "
                f"detail {i18n.number(r['differing_detail'], 0, lang)}"
            )
        out.append((en if lang == "en" else vi, written(r["value"], r["qualifier"], None, lang), note))
    return out


@cached
def festival_differences(source, sel: Selection, lang: str) -> pl.DataFrame:
    """The provinces whose report and detail rows disagree, with both values (the official one first)."""
    df = service.festival_reconciled(source, sel).filter(pl.col("differs"))
    return pl.DataFrame(
        {
            w("province", lang): df["province_name"].to_list(),
            w("indicator", lang): [indicators.label(c, lang) for c in df["indicator"].to_list()],
            ("Báo cáo (chính thức)" if lang != "en" else "Reported (official)"): [
                written(v, q, None, lang)
                for v, q in zip(df["reported_value"].to_list(), df["reported_qualifier"].to_list())
            ],
            ("Số liệu chi tiết" if lang != "en" else "Detail rows"): [
                i18n.number(v, 0, lang) for v in df["detail_value"].to_list()
            ],
        }
    )


def sources_line(source, sel: Selection, lang: str) -> tuple[str, bool]:
    """(what the reports of the year are, whether any is illustrative): '63 báo cáo minh họa · 2 đã nhập'."""
    df = service.report_sources(source, sel).filter(pl.col("reports") > 0)
    words = {
        "illustrative": ("báo cáo minh họa", "illustrative reports"),
        "imported": ("báo cáo đã nhập", "imported reports"),
    }
    parts = [
        f"{i18n.number(n, 0, lang)} " + (words[k][1 if lang == "en" else 0] if k in words else k)
        for k, n in zip(df["source_kind"].to_list(), df["reports"].to_list())
    ]
    when = df["latest_entered_at"].max() if df.height else None
    text = " · ".join(parts) or ("Chưa có báo cáo" if lang != "en" else "No reports")
    if when:
        text += " · " + ("nhập lần cuối " if lang != "en" else "last entered ") + i18n.datetime(when, lang)
    return text, "illustrative" in df["source_kind"].to_list()


def versions_table(source, sel, lang: str) -> pl.DataFrame:
    """Every report of the year by the selection's units, newest first per unit and period, with
    whether it is in force: what a user picks an earlier version from."""
    from antq.vocab import categories

    v = service.report_versions(source, sel)
    en = lang == "en"
    return v.select(
        pl.col("report_id").alias("Mã báo cáo" if not en else "Report ID"),
        pl.col("unit_name").alias("Đơn vị" if not en else "Unit"),
        pl.col("period_kind")
        .replace_strict({c: categories.PERIOD_KINDS.label(c, lang) for c in categories.PERIOD_KINDS.codes})
        .alias("Kỳ" if not en else "Period"),
        pl.col("reported_on").dt.strftime("%d/%m/%Y").fill_null("–").alias("Ngày báo cáo" if not en else "Dated"),
        pl.col("entered_by").alias("Người nhập" if not en else "Entered by"),
        pl.col("entered_at").dt.strftime("%d/%m/%Y %H:%M").alias("Lúc nhập" if not en else "Entered at"),
        pl.col("n_values").alias("Số chỉ tiêu" if not en else "Values"),
        pl.when(pl.col("in_force"))
        .then(pl.lit("đang dùng" if not en else "in force"))
        .otherwise(pl.lit("đã thay thế" if not en else "superseded"))
        .alias("Hiệu lực" if not en else "Status"),
        # draft, submitted, returned or approved (antq.cycle.review), and by whom
        pl.col("review_state")
        .replace_strict({c: categories.REVIEW_STATES.label(c, lang) for c in categories.REVIEW_STATES.codes})
        .alias(i18n.text("review_state", lang)),
        pl.col("reviewed_by").fill_null("").alias("Người duyệt, gửi" if not en else "Last step by"),
        pl.col("reference").fill_null("").alias("Nguồn" if not en else "Source"),
    )


def version_values_table(source, sel, report_id: int, lang: str) -> pl.DataFrame:
    """One report's values as it was filed, written as reported ("trên 5.800")."""
    v = service.report_version_values(source, sel, report_id)
    names = ("Chỉ tiêu", "Số liệu", "Ghi chú", "Mã") if lang != "en" else ("Indicator", "Figure", "Note", "Code")
    columns = (
        [indicators.label(c, lang) for c in v["indicator"]],
        [i18n.reported(x, q, lang, d) for x, q, d in v.select("value", "qualifier", "denominator").iter_rows()],
        v["note"].fill_null("").to_list(),
        v["indicator"].to_list(),
    )
    return pl.DataFrame(dict(zip(names, columns)), schema={n: pl.String for n in names})
