"""What a page should show, computed independently of the code under test: plain SQL over the base
tables of the DuckDB file (admin_unit, province_crosswalk and the fact tables), never through
antq.service, antq.queries, the derived unit_year_summary or the SQL macros the app uses.

The rules written out here, from the README: a fact row belongs to a unit of its year's own system;
in the 2025 view a 2008 unit's province is its province's successor in province_crosswalk; the
communes counted are base units (is_base) of the year's own system (2008 up to 2024, 2025 after).

The one store of figures (docs/importing.md, "Một số liệu cho mỗi đơn vị"), written out again here
in plain SQL over report, report_value, document_figure and the fact tables: a unit's own value is
its latest report of the festival or the year (or a confirmed document figure, later over earlier);
a province's figure is its own value, else the sum over its communes of their own value or their
detail rows, plus the detail rows of its other units; the nation's own report, where there is one,
is the national figure.
"""

from __future__ import annotations

# The unit's province in the view's system ($units), for a unit row `u` of either system.
_PROVINCE_IN_VIEW = """CASE WHEN $units = 2025 AND u.units_system = 2008
         THEN (SELECT cw.new_province_code FROM province_crosswalk cw WHERE cw.old_province_code = u.province_code)
         ELSE u.province_code END"""

# One fact per row: (year, units_system, unit_code, v).
FACTS = {
    "festival_points": "SELECT year, units_system, unit_code, 1 AS v FROM festival_point",
    "participants": "SELECT year, units_system, unit_code, participants AS v FROM festival_point",
    "commendations": "SELECT year, units_system, unit_code, recipients AS v FROM commendation",
    "models_active": (
        "SELECT year, units_system, unit_code, 1 AS v FROM model_year WHERE status IN ('active', 'effective')"
    ),
    "exemplars": "SELECT year, units_system, unit_code, exemplars AS v FROM exemplar",
    "model_sites": "SELECT year, units_system, unit_code, sites AS v FROM model_year",
}


# Each fact as indicators of the catalogue: fact -> {indicator: SQL of the detail rows counting it}.
_AWARDS = {
    "ky_niem_chuong": "medal",
    "bang_khen_bo": "moc",
    "bang_khen_tinh": "province",
    "giay_khen_cong_an_tinh": "police_director",
    "giay_khen_huyen": "district",
    "giay_khen_xa": "commune",
    "mat_tran_doan_the": "front",
}


def _award_indicator(award: str, kind: str) -> str:
    return f"praise_{kind}" if award == "bieu_duong" else f"award_{_AWARDS[award]}_{kind}"


def fact_indicators(conn, fact: str) -> dict[str, str]:
    """indicator -> SQL (year, units_system, unit_code, v) of the detail rows that count it."""
    if fact == "commendations":
        pairs = [
            (a, k)
            for a in (*_AWARDS, "bieu_duong")
            for k in ("collective", "individual")
            if (a, k) != ("ky_niem_chuong", "collective")
        ]
        return {
            _award_indicator(a, k): (
                f"SELECT year, units_system, unit_code, recipients AS v FROM commendation "
                f"WHERE award = '{a}' AND recipient_kind = '{k}'"
            )
            for a, k in sorted(set(pairs))
        }
    if fact == "exemplars":
        return {
            f"exemplar_{k}": "SELECT year, units_system, unit_code, exemplars AS v FROM exemplar "
            f"WHERE recipient_kind = '{k}'"
            for k in ("collective", "individual")
        }
    indicator = {
        "festival_points": "fest_points_total",
        "participants": "fest_participants",
        "models_active": "models_active",
        "model_sites": "model_sites",
    }[fact]
    return {indicator: FACTS[fact]}


_OWN = """
    SELECT units_system, unit_code, value, denominator, qualifier FROM (
        SELECT r.units_system, r.unit_code, v.value, v.denominator, v.qualifier,
               r.reported_on AS dated, r.entered_at AS entered, r.report_id AS tb
        FROM report r JOIN report_value v USING (report_id)
        WHERE r.year = $year AND r.period_kind IN ('festival_year', 'year') AND v.indicator = $indicator
          AND r.report_id = (SELECT r2.report_id FROM report r2
                             WHERE r2.units_system = r.units_system AND r2.unit_code = r.unit_code
                               AND r2.period_kind = r.period_kind AND r2.year = r.year
                               AND r2.year_from = r.year_from AND r2.half IS NOT DISTINCT FROM r.half
                             ORDER BY r2.reported_on DESC NULLS LAST, r2.entered_at DESC, r2.report_id DESC LIMIT 1)
        UNION ALL
        SELECT f.units_system, f.unit_code, f.value, f.denominator, f.qualifier, d.issued_on, f.confirmed_at, 0
        FROM document_figure f JOIN document d USING (document_id)
        WHERE f.year = $year AND f.period_kind IN ('festival_year', 'year') AND f.indicator = $indicator
          AND f.unit_code IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY units_system, unit_code
                               ORDER BY dated DESC NULLS LAST, entered DESC, tb DESC) = 1
"""


def _combine(qualifiers) -> str:
    kinds = {q for q in qualifiers if q and q != "exact"}
    return "exact" if not kinds else next(iter(kinds)) if len(kinds) == 1 else "about"


def province_figures(conn, fact: str, year: int, units: int) -> dict[str, tuple[float | None, str | None]]:
    """Per province of the `units` system: (figure in force, qualifier) of a fact, by the store's
    rule; (None, None) when nothing speaks for it ("chưa báo cáo")."""
    out: dict[str, list] = {}
    for indicator, detail_sql in fact_indicators(conn, fact).items():
        rows = conn.execute(
            f"""WITH own AS ({_OWN}),
            det AS (SELECT d.units_system, d.unit_code, sum(d.v) AS v FROM ({detail_sql}) d
                    WHERE d.year = $year GROUP BY ALL),
            units AS (SELECT u.*, {_PROVINCE_IN_VIEW} AS view_code FROM admin_unit u
                      WHERE u.units_system = CASE WHEN $year <= 2024 THEN 2008 ELSE 2025 END
                        AND u.level IN ('province', 'district', 'commune')),
            base AS (SELECT u.province_code, coalesce(o.value, d.v) AS v,
                            CASE WHEN o.value IS NOT NULL THEN o.qualifier ELSE 'exact' END AS q
                     FROM units u LEFT JOIN own o USING (units_system, unit_code)
                     LEFT JOIN det d USING (units_system, unit_code)
                     WHERE u.is_base AND coalesce(o.value, d.v) IS NOT NULL
                     UNION ALL
                     SELECT u.province_code, d.v, 'exact' FROM units u JOIN det d USING (units_system, unit_code)
                     WHERE NOT u.is_base),
            lower AS (SELECT province_code, sum(v) AS v, list(q) AS qs FROM base GROUP BY 1),
            prov AS (SELECT u.view_code, coalesce(o.value, l.v) AS v,
                            CASE WHEN o.value IS NOT NULL THEN [o.qualifier] ELSE l.qs END AS qs
                     FROM units u LEFT JOIN own o USING (units_system, unit_code)
                     LEFT JOIN lower l ON l.province_code = u.unit_code
                     WHERE u.level = 'province')
            SELECT view_code, sum(v), flatten(list(qs) FILTER (WHERE v IS NOT NULL)) FROM prov GROUP BY 1""",
            {"year": year, "units": units, "indicator": indicator},
        ).fetchall()
        for code, v, qs in rows:
            got = out.setdefault(code, [None, []])
            if v is not None:
                got[0] = (got[0] or 0) + v
                got[1] += qs or []
    return {code: (v, _combine(qs) if v is not None else None) for code, (v, qs) in out.items()}


def nation_figure(conn, fact: str, year: int) -> tuple[float, str] | None:
    """The nation's own report of a fact (every indicator of it), if it gave one."""
    parts = []
    for indicator in fact_indicators(conn, fact):
        row = conn.execute(
            f"SELECT value, qualifier FROM ({_OWN}) WHERE unit_code = 'VN'", {"year": year, "indicator": indicator}
        ).fetchone()
        if row is None:
            return None
        parts.append(row)
    return sum(v for v, _ in parts), _combine(q for _, q in parts)


def figure_total(conn, fact: str, year: int, units: int, provinces=()) -> tuple[int, str | None]:
    """(value, qualifier) of a fact over the selection, as the pages show it."""
    if not provinces:
        nation = nation_figure(conn, fact, year)
        if nation is not None:
            return round(nation[0]), nation[1]
    per = province_figures(conn, fact, year, units)
    chosen = [per[p] for p in (provinces or per) if per.get(p, (None,))[0] is not None]
    if not chosen:
        return 0, None
    return round(sum(v for v, _ in chosen)), _combine(q for _, q in chosen)


def total(conn, fact: str, year: int, units: int, provinces: list[str] | tuple[str, ...] = ()) -> int:
    """The value of one fact over the selection (provinces of the `units` system; empty = the country)."""
    return figure_total(conn, fact, year, units, provinces)[0]


def detail_total(conn, fact: str, year: int, units: int, provinces: list[str] | tuple[str, ...] = ()) -> int:
    """The sum of one fact's detail rows over the selection (the detail tables alone)."""
    return _sum(conn, FACTS[fact], year, units, provinces)


def _sum(conn, fact_sql: str, year: int, units: int, provinces) -> int:
    return conn.execute(
        f"""WITH f AS ({fact_sql})
        SELECT coalesce(sum(f.v), 0) FROM f
        JOIN admin_unit u ON u.units_system = f.units_system AND u.unit_code = f.unit_code
        WHERE f.year = $year AND (len($provinces) = 0 OR list_contains($provinces, {_PROVINCE_IN_VIEW}))""",
        {"year": year, "units": units, "provinces": list(provinces)},
    ).fetchone()[0]


# The export tables (README, "Tables for export"): one row per fact row, or per province.
EXPORT_ROW_FACTS = {
    "festival_points": "SELECT year, units_system, unit_code, 1 AS v FROM festival_point",
    "commendations": "SELECT year, units_system, unit_code, 1 AS v FROM commendation",
    "models": "SELECT year, units_system, unit_code, 1 AS v FROM model_year",
    "exemplars": "SELECT year, units_system, unit_code, 1 AS v FROM exemplar",
}


def export_rows(conn, table: str, year: int, units: int, provinces: list[str] | tuple[str, ...] = ()) -> int:
    """How many rows an export of `table` holds for the selection."""
    if table == "provinces":
        return (
            len(provinces)
            or conn.execute(
                "SELECT count(*) FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
            ).fetchone()[0]
        )
    return _sum(conn, EXPORT_ROW_FACTS[table], year, units, provinces)


# Not reported is not zero (issue 12): a province of a year's own system has reported a kind of
# figures when its base table holds a row of that year for one of its units.
KIND_TABLE = {
    "festival_points": "festival_point",
    "participants": "festival_point",
    "commendations": "commendation",
    "models_active": "model_year",
    "exemplars": "exemplar",
}
_OWN_PROVINCE_REPORTED = """EXISTS (SELECT 1 FROM {table} t JOIN admin_unit tu
           ON tu.units_system = t.units_system AND tu.unit_code = t.unit_code
           WHERE t.year = $year AND tu.units_system = u.units_system AND tu.province_code = u.province_code)"""


def communes_reported(
    conn, year: int, units: int, provinces: list[str] | tuple[str, ...] = (), table: str = "festival_point"
) -> int:
    """The communes of the selection whose province (of the year's own system) reported `table`'s
    kind: the denominator of a share, which never counts a province that sent nothing."""
    system = 2008 if year <= 2024 else 2025
    return conn.execute(
        f"""SELECT count(*) FROM admin_unit u
        WHERE u.units_system = $system AND u.is_base AND {_OWN_PROVINCE_REPORTED.format(table=table)}
          AND (len($provinces) = 0 OR list_contains($provinces, {_PROVINCE_IN_VIEW}))""",
        {"year": year, "units": units, "system": system, "provinces": list(provinces)},
    ).fetchone()[0]


def provinces_reported(conn, year: int, units: int, provinces=(), table: str = "festival_point") -> tuple[int, int]:
    """(provinces of the year's own system that reported `table`'s kind, all of them), in the selection."""
    system = 2008 if year <= 2024 else 2025
    return conn.execute(
        f"""SELECT count(*) FILTER (WHERE {_OWN_PROVINCE_REPORTED.format(table=table)}), count(*)
        FROM admin_unit u
        WHERE u.units_system = $system AND u.level = 'province'
          AND (len($provinces) = 0 OR list_contains($provinces, {_PROVINCE_IN_VIEW}))""",
        {"year": year, "units": units, "system": system, "provinces": list(provinces)},
    ).fetchone()


def communes(conn, year: int, units: int, provinces: list[str] | tuple[str, ...] = ()) -> tuple[int, int]:
    """(communes that held at least one festival point, all communes) of the selection in `year`."""
    system = 2008 if year <= 2024 else 2025
    return conn.execute(
        f"""SELECT count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM festival_point f
                   WHERE f.year = $year AND f.units_system = u.units_system AND f.unit_code = u.unit_code)),
               count(*)
        FROM admin_unit u
        WHERE u.units_system = $system AND u.is_base
          AND (len($provinces) = 0 OR list_contains($provinces, {_PROVINCE_IN_VIEW}))""",
        {"year": year, "units": units, "system": system, "provinces": list(provinces)},
    ).fetchone()


def by_province(conn, fact: str, year: int, units: int) -> dict[str, int | None]:
    """The figure of one fact per province of the `units` system, by the store's rule; None for a
    province nothing speaks for ("chưa báo cáo", not 0)."""
    return {
        code: (None if v is None else round(v)) for code, (v, _) in province_figures(conn, fact, year, units).items()
    }


def communes_by_province(conn, year: int, units: int, table: str = "festival_point") -> dict[str, tuple[int, int]]:
    """Per province of the `units` system: (communes that held a festival point, communes of the
    parts that reported `table`'s kind) in `year`; for the festival by the store's rule (held_by_province)."""
    if table == "festival_point":
        return {code: v or (0, 0) for code, v in held_by_province(conn, year, units).items()}
    return {
        code: (communes(conn, year, units, [code])[0], communes_reported(conn, year, units, [code], table))
        for (code,) in conn.execute(
            "SELECT unit_code FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
        ).fetchall()
    }


def held_by_province(conn, year: int, units: int) -> dict[str, tuple[float, float] | None]:
    """Per province of the `units` system: (communes that held the festival, communes it is counted
    over) by the store's rule: a province's own report "x/y", else its base units with a festival
    point over its base units when it has any festival point; None when neither."""
    rows = conn.execute(
        f"""WITH own AS ({_OWN}),
        units AS (SELECT u.*, {_PROVINCE_IN_VIEW} AS view_code FROM admin_unit u
                  WHERE u.units_system = CASE WHEN $year <= 2024 THEN 2008 ELSE 2025 END),
        pts AS (SELECT DISTINCT units_system, unit_code FROM festival_point WHERE year = $year),
        det AS (SELECT u.province_code, count(p.unit_code) FILTER (WHERE u.is_base) AS x,
                       count(*) FILTER (WHERE u.is_base) AS y, count(p.unit_code) AS any_point
                FROM units u LEFT JOIN pts p USING (units_system, unit_code) GROUP BY 1)
        SELECT u.view_code,
               CASE WHEN o.value IS NOT NULL THEN o.value WHEN d.any_point > 0 THEN d.x END,
               CASE WHEN o.value IS NOT NULL THEN o.denominator WHEN d.any_point > 0 THEN d.y END
        FROM units u LEFT JOIN own o USING (units_system, unit_code) LEFT JOIN det d ON d.province_code = u.unit_code
        WHERE u.level = 'province'""",
        {"year": year, "units": units, "indicator": "fest_communes_held"},
    ).fetchall()
    out: dict[str, tuple[float, float] | None] = {}
    for code, x, y in rows:
        if x is not None:
            before = out.get(code) or (0, 0)
            out[code] = (before[0] + x, before[1] + y)
        else:
            out.setdefault(code, None)
    return out


def held(conn, year: int, units: int, provinces=()) -> tuple[int, int]:
    """held_by_province over the selection."""
    chosen = [
        v for code, v in held_by_province(conn, year, units).items() if v and (not provinces or code in provinces)
    ]
    return round(sum(x for x, _ in chosen)), round(sum(y for _, y in chosen))


def overview(conn, year: int, units: int = 2025, provinces: list[str] | tuple[str, ...] = ()) -> dict[str, float]:
    """The overview page's cards, by their Vietnamese labels; the coverage in % unrounded."""
    covered, over = held(conn, year, units, provinces)
    return {
        "Xã tổ chức Ngày hội": covered,
        "Tỷ lệ xã tổ chức": 100.0 * covered / over,
        "Điểm tổ chức Ngày hội": total(conn, "festival_points", year, units, provinces),
        "Lượt người tham gia": total(conn, "participants", year, units, provinces),
        "Lượt khen thưởng (tập thể + cá nhân)": total(conn, "commendations", year, units, provinces),
        "Mô hình đang hoạt động": total(conn, "models_active", year, units, provinces),
    }


def shown_matches(shown: str, value: float) -> bool:
    """A ratio as a page shows it ("62,4%", "45,4", "1.234") is `value` rounded to its decimals.

    Allowance beyond that rounding: 0.005. Known defect, left to the owner of the queries: ratios
    are rounded to 2 decimals in SQL and that text is rounded again to 1 for display (half to
    even), so 62.4502 shows as 62,4 and 35.749 as 35,8.
    """
    text = shown.strip().rstrip("%").replace("\u00a0", "")
    decimals = len(text.split(",")[1]) if "," in text else 0
    number = float(text.replace(".", "").replace(",", "."))
    return abs(number - value) <= 0.5 * 10**-decimals + 0.005 + 1e-9


def available_years(conn) -> list[int]:
    """Years with any fact row."""
    rows = conn.execute(
        "SELECT DISTINCT year FROM (SELECT year FROM festival_point UNION SELECT year FROM commendation "
        "UNION SELECT year FROM model_year UNION SELECT year FROM exemplar) ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def commune_total(conn, fact: str, year: int, commune: str) -> int:
    """A fact inside a commune scope (a 2025 commune): over its base units of the year's own system
    (the commune itself, or before the reform the old units the crosswalk maps into it), each its
    own report where it has one, else its detail rows."""
    total_ = 0.0
    for indicator, detail_sql in fact_indicators(conn, fact).items():
        total_ += conn.execute(
            f"""WITH own AS ({_OWN}),
            det AS (SELECT d.units_system, d.unit_code, sum(d.v) AS v FROM ({detail_sql}) d
                    WHERE d.year = $year GROUP BY ALL),
            inside AS (SELECT 2025 AS units_system, $c AS unit_code WHERE $year >= 2025
                       UNION ALL SELECT 2008, old_unit_code FROM commune_crosswalk
                       WHERE new_unit_code = $c AND $year <= 2024)
            SELECT coalesce(sum(coalesce(o.value, d.v)), 0) FROM inside i
            LEFT JOIN own o USING (units_system, unit_code) LEFT JOIN det d USING (units_system, unit_code)""",
            {"year": year, "indicator": indicator, "c": commune},
        ).fetchone()[0]
    return round(total_)
