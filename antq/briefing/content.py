"""What the briefing says: every figure from the functions the pages call (`antq.service`,
`antq.mapview`, charts from `antq.charts`), laid out as a list of blocks that the PDF and the DOCX
writers draw alike. No SQL and no second computation here: only selection, wording and formatting.

Longer than ~350 lines on purpose: the report's sections in the order they are printed, each next to
the wording of its sentences; split by section, a change to the report's order or tone would span files.

A province without figures for the year is named in the completeness note and left out of tables
and ranks; a selection without any figure says so instead of printing zeros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl

from antq import charts, i18n, mapview, service, transforms
from antq.briefing.model import Briefing, Figure, Letterhead, Para, Table
from antq.selection import Selection
from antq.units import FIRST_NEW_SYSTEM_YEAR, SYSTEM_NEW

RANK_BY = "coverage_pct"  # provinces are ranked by the share of communes that held the festival
COMMUNES_SHOWN = 15  # a province's commune ranking: the first 15 (the full list is on the Data page)
MAP_MEASURE, MAP_SCHEME = "coverage_pct", "quantiles"
# Chart sizes in CSS pixels, rendered at 2x: ~280 dpi across the 165 mm text width.
CHART_PX = (900, 420)
MAP_PX = (mapview.maps.DEFAULT_WIDTH, mapview.maps.DEFAULT_HEIGHT)  # the map's own size, as on the page


def _t(lang):
    return lambda vi, en: en if lang == "en" else vi


def date_line(place: str, day: dt.date, lang: str) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": Decree 30/2020 pads days below 10 and months 1 and 2."""
    if lang == "en":
        from babel.dates import format_date

        return f"{place}, {format_date(day, format='long', locale='en_GB')}"  # 5 February 2026
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"


def _defaults(names: pl.DataFrame, sel: Selection, lang: str) -> Letterhead:
    t = _t(lang)
    if len(sel.provinces) == 1:
        row = names.filter(pl.col("province_code") == sel.provinces[0]).row(0, named=True)
        full, short = row["province_name"], row["short_name"]
        city = full.startswith("Thành phố")
        return Letterhead(
            parent=t("Bộ Công an", "Ministry of Public Security"),
            issuer=t(f"Công an {full[:1].lower()}{full[1:]}", f"{short} {'City' if city else 'Provincial'} Police"),
            number="…/BC-CAT",
            place=short,
            signer_title=t("GIÁM ĐỐC", "DIRECTOR"),
            signer_name="",
            recipients=(
                t("Bộ Công an (qua Cục V05) (để báo cáo);", "Ministry of Public Security (Department V05);"),
                t(
                    f"Thường trực {'Thành ủy' if city else 'Tỉnh ủy'}, UBND {'thành phố' if city else 'tỉnh'} "
                    "(để báo cáo);",
                    "Provincial Party Committee and People's Committee;",
                ),
                t("Lưu: VT, PV05.", "Archive: VT, PV05."),
            ),
        )
    return Letterhead(
        parent=t("Bộ Công an", "Ministry of Public Security"),
        issuer=t(
            "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
            "Department for Building the Movement to Protect National Security",
        ),
        number="…/BC-V05",
        place=t("Hà Nội", "Hanoi"),
        signer_title=t("CỤC TRƯỞNG", "DIRECTOR GENERAL"),
        signer_name="",
        recipients=(
            t("Đồng chí Bộ trưởng (để báo cáo);", "The Minister;"),
            t("Các đồng chí Thứ trưởng (để báo cáo);", "The Deputy Ministers;"),
            t("Công an các tỉnh, thành phố;", "Provincial police;"),
            t("Lưu: VT, V05.", "Archive: VT, V05."),
        ),
    )


def _filled(given: Letterhead | None, default: Letterhead) -> Letterhead:
    if given is None:
        return default
    return Letterhead(**{k: (v if v is not None else getattr(default, k)) for k, v in vars(given).items()})


def _num(x, lang, decimals=0) -> str:
    return i18n.figure(x, decimals, lang)  # null: not reported ("chưa báo cáo"), never 0


def _fig(tot: dict, key: str, lang: str, decimals: int = 0) -> str:
    """A headline figure as published ("trên 5.800"), "chưa báo cáo" when nobody reported it."""
    return i18n.headline(tot, key, lang, decimals)


def _change(tot: dict, fieldname: str, lang: str, comparable: bool) -> str:
    """Relative change in %, or percentage points for a share; '–' where none is meaningful."""
    if not comparable:
        return "–"
    if fieldname == "coverage_pct":
        now, before = tot.get(fieldname), tot.get(f"{fieldname}_prev")
        if now is None or before is None:
            return "–"
        d = now - before
        return ("+" if d > 0 else "") + i18n.number(d, 1, lang) + (" điểm %" if lang == "vi" else " pp")
    pct = tot.get(f"{fieldname}_change_pct")
    if pct is None:
        return "–"
    return ("+" if pct > 0 else "") + i18n.percent(pct, 1, lang)


def gather(
    conn,
    sel: Selection,
    lang: str = "vi",
    letterhead: Letterhead | None = None,
    today: dt.date | None = None,
    on_figure: Callable[[str, go.Figure, tuple[int, int]], None] | None = None,
) -> Briefing:
    """The briefing's blocks and figures; `on_figure(key, figure, size)` is told of each figure as
    soon as it exists (the renderer draws it while the rest is gathered)."""
    t = _t(lang)
    today = today or dt.date.today()
    years = [y for y in service.available_years(conn) if sel.units == SYSTEM_NEW or y < FIRST_NEW_SYSTEM_YEAR]
    lo, hi = min(years), sel.year
    names = service.provinces(conn, sel.units)
    short = dict(zip(names["province_code"], names["short_name"]))
    scope_codes = list(sel.provinces) or names["province_code"].to_list()

    status = service.source_status(conn, sel)
    reported = set(status["province_code"].to_list())
    missing = [c for c in scope_codes if c not in reported]
    kinds = set(status["source_kind"].to_list())
    has_data = any(c in reported for c in scope_codes)

    lh = _filled(letterhead, _defaults(names, sel, lang))
    if sel.provinces:
        where = ", ".join(short[c] for c in sel.provinces)
        scope = t(f"trên địa bàn {where}", f"in {where}")
    else:
        scope = t("trên toàn quốc", "nationwide")
    b = Briefing(
        selection=sel,
        lang=lang,
        letterhead=lh,
        date_line=date_line(lh.place, today, lang),
        title=t("BÁO CÁO", "REPORT"),
        subject=t(
            f"Kết quả phong trào “Toàn dân bảo vệ an ninh Tổ quốc” năm {sel.year}\n{scope}",
            f"Results of the “All People Protect National Security” movement in {sel.year}\n{scope}",
        ),
        illustrative="illustrative" in kinds,
        has_data=has_data,
    )
    add = b.blocks.append

    def figure(key: str, fig: go.Figure, size: tuple[int, int]) -> None:
        b.figures[key] = (fig, size)
        if on_figure is not None:
            on_figure(key, fig, size)

    add(
        Para(
            t(
                f"Căn cứ số liệu tổng hợp trên Bảng điều khiển phong trào, {lh.issuer} báo cáo kết quả phong trào "
                f"“Toàn dân bảo vệ an ninh Tổ quốc” năm {sel.year} {scope} như sau:",
                f"From the figures compiled on the movement's dashboard, the {lh.issuer} reports the results of "
                f"the movement in {sel.year} {scope} as follows:",
            )
        )
    )

    if not has_data:
        add(Para(t("I. KẾT QUẢ CHỦ YẾU", "I. MAIN RESULTS"), "heading"))
        who = ", ".join(short[c] for c in missing) if sel.provinces else t("các tỉnh, thành phố", "any province")
        add(
            Para(
                t(
                    f"Chưa có số liệu năm {sel.year} của {who}; "
                    "báo cáo không nêu kết quả cho đến khi số liệu được nhập.",
                    f"No figures for {sel.year} have been reported for {who}; "
                    "this report states no results until they are imported.",
                )
            )
        )
        _notes(b, sel, names, missing, kinds, status, t, n_section="II", conn=conn, today=today)
        return b

    # The map first: it takes the browser longest to draw.
    figure("map", mapview.national_figure(conn, sel, MAP_MEASURE, MAP_SCHEME, lang), MAP_PX)
    tot = service.totals_with_change(conn, sel)
    b.headline = tot
    prev = sel.year - 1
    has_prev = tot.get("festival_points_prev") is not None
    # Communes were merged on 1 July 2025: counts of communes do not compare across that date.
    communes_comparable = has_prev and not (sel.year == FIRST_NEW_SYSTEM_YEAR)

    add(Para(t("I. KẾT QUẢ CHỦ YẾU", "I. MAIN RESULTS"), "heading"))
    n = lambda k, d=0: _fig(tot, k, lang, d)  # noqa: E731
    add(
        Para(
            t(
                f"Năm {sel.year}, {scope} có {n('communes_covered')}/{n('communes_reported')} xã, phường, đặc khu "
                f"({i18n.percent(tot['coverage_pct'], 1, lang)}) tổ chức “Ngày hội toàn dân bảo vệ an ninh Tổ quốc” "
                f"tại {n('festival_points')} điểm (trong đó {n('pilot_points')} điểm chỉ đạo), thu hút "
                f"{n('participants')} lượt người tham gia thuộc {n('households')} hộ gia đình; trao tặng "
                f"{n('gift_packages')} suất quà trị giá {n('gift_value_vnd')} đồng. Có {n('commendations')} lượt tập "
                f"thể, cá nhân được khen thưởng; {n('models_active')} mô hình đang hoạt động với {n('model_sites')} "
                f"điểm nhân rộng và {n('exemplars')} điển hình tiên tiến.",
                f"In {sel.year}, {scope}, {n('communes_covered')} of {n('communes_reported')} communes "
                f"({i18n.percent(tot['coverage_pct'], 1, lang)}) held the festival at {n('festival_points')} points "
                f"({n('pilot_points')} pilot points), with {n('participants')} participants from {n('households')} "
                f"households; {n('gift_packages')} gift packages worth {n('gift_value_vnd')} VND were given. "
                f"{n('commendations')} collectives and individuals were commended; {n('models_active')} models "
                f"were active at {n('model_sites')} replication sites, with {n('exemplars')} exemplars.",
            )
        )
    )
    rows = []
    for k in (
        "communes_covered",
        "coverage_pct",
        "festival_points",
        "participants",
        "households",
        "gift_packages",
        "gift_value_vnd",
        "commendations",
        "models_active",
        "model_sites",
        "exemplars",
    ):
        pct = k == "coverage_pct"
        fmt = (lambda v: i18n.percent(v, 1, lang)) if pct else (lambda v: _num(v, lang))
        before = tot.get(f"{k}_prev")
        comparable = communes_comparable if k == "communes_covered" else has_prev
        rows.append(
            [
                i18n.column(k, lang),
                fmt(before) if (before is not None and comparable) else "–",
                fmt(tot[k]) if pct else _fig(tot, k, lang),
                _change(tot, k, lang, comparable),
            ]
        )
    note = None
    if has_prev and not communes_comparable:
        note = t(
            "Số xã năm 2025 (sau sắp xếp đơn vị hành chính từ 01/7/2025) không so sánh trực tiếp với năm 2024; "
            "so sánh tỷ lệ %.",
            "Commune counts of 2025 (after the 1 July 2025 merger of communes) do not compare with 2024; "
            "compare shares.",
        )
    add(
        Table(
            t(
                f"Bảng 1. Các chỉ tiêu chính năm {sel.year} so với năm {prev}",
                f"Table 1. Headline figures, {sel.year} vs {prev}",
            ),
            [
                t("Chỉ tiêu", "Figure"),
                t(f"Năm {prev}", str(prev)),
                t(f"Năm {sel.year}", str(sel.year)),
                t("Tăng, giảm", "Change"),
            ],
            rows,
            ["l", "r", "r", "r"],
            [0.46, 0.18, 0.18, 0.18],
            note,
        )
    )

    # 1. Festival
    add(Para(t("1. Tổ chức “Ngày hội toàn dân bảo vệ an ninh Tổ quốc”", "1. The festival"), "subheading"))
    kinds_df = service.festival_points_by_kind(conn, sel, sel.year, sel.year)
    by_kind = (
        kinds_df.group_by("venue_kind")
        .agg(
            pl.col("festival_points").sum(),
            pl.col("festival_points").filter(pl.col("is_pilot")).sum().alias("pilot_points"),
            pl.col("participants").sum(),
        )
        .sort("participants", descending=True)
    )
    add(
        Para(
            t(
                f"Bình quân mỗi điểm có {_num(tot['participants_per_point'], lang, 1)} người tham gia. "
                "Số điểm và người tham gia theo loại địa bàn:",
                f"On average {_num(tot['participants_per_point'], lang, 1)} people took part per point. "
                "Points and participants by venue kind:",
            )
        )
    )
    add(
        Table(
            t("Bảng 2. Điểm tổ chức Ngày hội theo loại địa bàn", "Table 2. Festival points by venue kind"),
            [
                i18n.column("venue_kind", lang),
                i18n.column("festival_points", lang),
                i18n.column("pilot_points", lang),
                i18n.column("participants", lang),
            ],
            [
                [
                    i18n.value("venue_kind", r["venue_kind"], lang),
                    _num(r["festival_points"], lang),
                    _num(r["pilot_points"], lang),
                    _num(r["participants"], lang),
                ]
                for r in by_kind.iter_rows(named=True)
            ]
            + [
                [
                    t("Cộng", "Total"),
                    _fig(tot, "festival_points", lang),
                    _fig(tot, "pilot_points", lang),
                    _fig(tot, "participants", lang),
                ]
            ],
            ["l", "r", "r", "r"],
            [0.46, 0.18, 0.18, 0.18],
        )
    )
    trend = service.trend(conn, sel, lo, hi).select("year", "participants")
    if trend.height > 1:
        figure("trend", charts.trend(trend, "participants", lang), CHART_PX)
        add(
            Figure(
                "trend",
                t(f"Biểu đồ 1. Số người tham gia Ngày hội, {lo}–{hi}", f"Chart 1. Participants, {lo}–{hi}"),
                160,
                CHART_PX,
            )
        )

    # 2. Commendations
    add(Para(t("2. Khen thưởng", "2. Commendations"), "subheading"))
    awards = service.commendations_by_award(conn, sel, sel.year, sel.year)
    if awards.is_empty():
        add(Para(t(f"Chưa có số liệu khen thưởng năm {sel.year}.", f"No commendations reported for {sel.year}.")))
    else:
        order = {a: i for i, a in enumerate(i18n.VALUES["award"])}
        awards = awards.sort(pl.col("award").replace_strict(order, default=len(order), return_dtype=pl.Int32))
        wide = awards.pivot(
            on="recipient_kind", index="award", values="recipients", aggregate_function="sum"
        ).fill_null(0)
        for k in ("collective", "individual"):
            if k not in wide.columns:
                wide = wide.with_columns(pl.lit(0, pl.Int64).alias(k))
        by_kind_c = dict(awards.group_by("recipient_kind").agg(pl.col("recipients").sum()).iter_rows())
        add(
            Para(
                t(
                    f"Tổng số {_fig(tot, 'commendations', lang)} lượt khen thưởng, gồm "
                    f"{_num(by_kind_c.get('collective', 0), lang)} lượt tập thể và "
                    f"{_num(by_kind_c.get('individual', 0), lang)} lượt cá nhân.",
                    f"{_fig(tot, 'commendations', lang)} commendations in all: "
                    f"{_num(by_kind_c.get('collective', 0), lang)} to collectives and "
                    f"{_num(by_kind_c.get('individual', 0), lang)} to individuals.",
                )
            )
        )
        add(
            Table(
                t("Bảng 3. Khen thưởng theo hình thức và đối tượng", "Table 3. Commendations by award and recipient"),
                [
                    i18n.column("award", lang),
                    i18n.value("recipient_kind", "collective", lang),
                    i18n.value("recipient_kind", "individual", lang),
                    t("Cộng", "Total"),
                ],
                [
                    [
                        i18n.value("award", r["award"], lang),
                        _num(r["collective"], lang),
                        _num(r["individual"], lang),
                        _num(r["collective"] + r["individual"], lang),
                    ]
                    for r in wide.iter_rows(named=True)
                ]
                + [
                    [
                        t("Cộng", "Total"),
                        _num(by_kind_c.get("collective", 0), lang),
                        _num(by_kind_c.get("individual", 0), lang),
                        _fig(tot, "commendations", lang),
                    ]
                ],
                ["l", "r", "r", "r"],
                [0.52, 0.16, 0.16, 0.16],
            )
        )
        figure(
            "awards",
            charts.bars(awards, "award", "recipients", lang, color="recipient_kind", horizontal=True),
            CHART_PX,
        )
        add(
            Figure(
                "awards",
                t("Biểu đồ 2. Khen thưởng theo hình thức và đối tượng", "Chart 2. Commendations by award"),
                160,
                CHART_PX,
            )
        )

    # 3. Models and exemplars
    add(Para(t("3. Mô hình, điển hình tiên tiến", "3. Models and exemplars"), "subheading"))
    cats = service.models_by_category(conn, sel, sel.year, sel.year).sort("models_active", descending=True)
    add(
        Para(
            t(
                f"Có {_fig(tot, 'models_active', lang)} mô hình đang hoạt động (trong đó "
                f"{_fig(tot, 'models_effective', lang)} mô hình hoạt động hiệu quả), "
                f"{_fig(tot, 'models_new', lang)} mô hình mới, {_fig(tot, 'models_dissolved', lang)} mô hình giải thể; "
                f"{_fig(tot, 'model_sites', lang)} điểm nhân rộng; {_fig(tot, 'exemplars', lang)} điển hình tiên tiến.",
                f"{_fig(tot, 'models_active', lang)} models were active ({_fig(tot, 'models_effective', lang)} rated "
                f"effective), {_fig(tot, 'models_new', lang)} new, {_fig(tot, 'models_dissolved', lang)} dissolved; "
                f"{_fig(tot, 'model_sites', lang)} replication sites; {_fig(tot, 'exemplars', lang)} exemplars.",
            )
        )
    )
    if not cats.is_empty():
        cols = ("models_active", "models_effective", "models_new", "models_dissolved", "model_sites")
        add(
            Table(
                t("Bảng 4. Mô hình theo loại", "Table 4. Models by category"),
                [i18n.column("category", lang), *[i18n.column(c, lang) for c in cols]],
                [
                    [i18n.value("category", r["category"], lang), *[_num(r[c], lang) for c in cols]]
                    for r in cats.iter_rows(named=True)
                ],
                ["l", "r", "r", "r", "r", "r"],
                [0.30, 0.14, 0.14, 0.14, 0.14, 0.14],
            )
        )
        figure("models", charts.bars(cats, "category", "models_active", lang, horizontal=True), CHART_PX)
        add(
            Figure(
                "models",
                t("Biểu đồ 3. Mô hình đang hoạt động theo loại", "Chart 3. Active models by category"),
                160,
                CHART_PX,
            )
        )

    # II. Ranking
    _ranking(b, conn, sel, missing, t, lang)

    # III. Map
    add(Para(t("III. BẢN ĐỒ ĐỘ PHỦ", "III. COVERAGE MAP"), "heading"))
    add(
        Figure(
            "map",
            t(
                f"Bản đồ. Tỷ lệ xã tổ chức Ngày hội theo tỉnh, thành phố năm {sel.year} (ranh giới gần đúng)",
                f"Map. Share of communes that held the festival, by province, {sel.year} (approximate boundaries)",
            ),
            120,
            MAP_PX,
        )
    )
    _notes(b, sel, names, missing, kinds, status, t, n_section="IV", conn=conn, today=today)
    return b


def _ranking(b: Briefing, conn, sel: Selection, missing: list[str], t, lang: str) -> None:
    add = b.blocks.append
    if len(sel.provinces) == 1:
        add(Para(t("II. XẾP HẠNG XÃ, PHƯỜNG", "II. RANKING OF COMMUNES"), "heading"))
        communes = service.participation_by_commune(conn, sel)
        held = communes.filter(pl.col("festival_points") > 0)
        ranked = transforms.rank(held, "participants").head(COMMUNES_SHOWN)
        add(
            Para(
                t(
                    f"{_num(held.height, lang)}/{_num(communes.height, lang)} xã, phường, đặc khu tổ chức Ngày hội; "
                    f"{COMMUNES_SHOWN} đơn vị có nhiều người tham gia nhất:",
                    f"{_num(held.height, lang)} of {_num(communes.height, lang)} communes held the festival; "
                    f"the {COMMUNES_SHOWN} with most participants:",
                )
            )
        )
        add(
            Table(
                t("Bảng 5. Xếp hạng xã, phường theo số người tham gia", "Table 5. Communes ranked by participants"),
                [
                    t("Hạng", "Rank"),
                    i18n.column("unit_name", lang),
                    i18n.column("festival_points", lang),
                    i18n.column("participants", lang),
                ],
                [
                    [str(r["rank"]), r["unit_name"], _num(r["festival_points"], lang), _num(r["participants"], lang)]
                    for r in ranked.iter_rows(named=True)
                ],
                ["c", "l", "r", "r"],
                [0.12, 0.48, 0.2, 0.2],
            )
        )
        return
    add(Para(t("II. XẾP HẠNG CÁC TỈNH, THÀNH PHỐ", "II. RANKING OF PROVINCES"), "heading"))
    head = service.headline(conn, sel).filter(~pl.col("province_code").is_in(missing))
    ranked = transforms.rank(head, RANK_BY)
    add(
        Para(
            t(
                "Xếp hạng theo tỷ lệ xã tổ chức Ngày hội (tỉnh, thành phố chưa có số liệu không xếp hạng):",
                "Ranked by the share of communes that held the festival (provinces without figures are not ranked):",
            )
        )
    )
    add(
        Table(
            t("Bảng 5. Xếp hạng tỉnh, thành phố", "Table 5. Province ranking"),
            [
                t("Hạng", "Rank"),
                i18n.column("province_name", lang),
                t("Xã tổ chức / số xã đã báo cáo", "Communes held / communes reported"),
                i18n.column("coverage_pct", lang),
                i18n.column("festival_points", lang),
                i18n.column("participants", lang),
                i18n.column("commendations", lang),
                i18n.column("models_active", lang),
            ],
            [
                [
                    str(r["rank"]),
                    r["province_name"],
                    f"{_num(r['communes_covered'], lang)}/{_num(r['communes_reported'], lang)}",
                    i18n.number(r["coverage_pct"], 1, lang),
                    _num(r["festival_points"], lang),
                    _num(r["participants"], lang),
                    _num(r["commendations"], lang),
                    _num(r["models_active"], lang),
                ]
                for r in ranked.iter_rows(named=True)
            ],
            ["c", "l", "r", "r", "r", "r", "r", "r"],
            [0.08, 0.24, 0.13, 0.09, 0.11, 0.13, 0.11, 0.11],
        )
    )


def _notes(
    b: Briefing, sel: Selection, names: pl.DataFrame, missing, kinds, status, t, n_section: str, *, conn, today
) -> None:
    add = b.blocks.append
    lang = b.lang
    full = dict(zip(names["province_code"], names["province_name"]))
    scope_n = len(sel.provinces) or names.height
    add(Para(t(f"{n_section}. GHI CHÚ VỀ SỐ LIỆU", f"{n_section}. NOTES ON THE FIGURES"), "heading"))
    if missing:
        add(
            Para(
                t(
                    f"Mức độ đầy đủ: {scope_n - len(missing)}/{scope_n} tỉnh, thành phố có số liệu năm {sel.year}; "
                    f"chưa có số liệu: {', '.join(full[c] for c in missing)}.",
                    f"Completeness: {scope_n - len(missing)} of {scope_n} provinces have figures for {sel.year}; "
                    f"none yet from: {', '.join(full[c] for c in missing)}.",
                )
            )
        )
    else:
        add(
            Para(
                t(
                    f"Mức độ đầy đủ: {scope_n}/{scope_n} tỉnh, thành phố có số liệu năm {sel.year}.",
                    f"Completeness: all {scope_n} provinces have figures for {sel.year}.",
                )
            )
        )
    from antq.cycle import progress  # the reporting cycle's progress (docs/reporting-cycle.md)

    for line in progress.briefing_lines(conn, sel, lang, today):
        add(Para(line))
    units = i18n.value("units", sel.units, lang)
    if sel.units == SYSTEM_NEW and sel.year < FIRST_NEW_SYSTEM_YEAR:
        units += t(" (số liệu cộng dồn từ 63 tỉnh cũ)", " (figures re-aggregated from the 63 old provinces)")
    add(Para(t(f"Hệ đơn vị hành chính: {units}.", f"Administrative units: {units}.")))
    if "illustrative" in kinds:
        add(
            Para(
                t(
                    "DỮ LIỆU MINH HỌA: số liệu trong báo cáo này là dữ liệu minh họa do phần mềm tạo ra, "
                    "không phải số liệu báo cáo; không dùng để chỉ đạo, đánh giá.",
                    "ILLUSTRATIVE DATA: the figures in this report are generated for illustration, not reported "
                    "figures; do not use them for decisions.",
                ),
                "note",
            )
        )
    if "imported" in kinds:
        when = status.filter(pl.col("source_kind") == "imported")["loaded_at"].max()
        add(
            Para(
                t(
                    f"Nguồn: số liệu báo cáo đã nhập, cập nhật {i18n.datetime(when, lang)}.",
                    f"Source: imported reports, updated {i18n.datetime(when, lang)}.",
                )
            )
        )
