"""What a page should show, computed independently of the code under test: plain SQL over the base
tables of the DuckDB file (admin_unit, province_crosswalk and the fact tables), never through
antq.service, antq.queries, the derived unit_year_summary or the SQL macros the app uses.

The rules written out here, from the README: a fact row belongs to a unit of its year's own system;
in the 2025 view a 2008 unit's province is its province's successor in province_crosswalk; the
communes counted are base units (is_base) of the year's own system (2008 up to 2024, 2025 after).
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
}


def total(conn, fact: str, year: int, units: int, provinces: list[str] | tuple[str, ...] = ()) -> int:
    """The sum of one fact over the selection (provinces of the `units` system; empty = the country)."""
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
    """The sum of one fact per province of the `units` system; None for a province none of whose
    parts reported the fact's kind ("chưa báo cáo", not 0)."""
    rows = conn.execute(
        f"""WITH f AS ({FACTS[fact]}),
        v AS (SELECT {_PROVINCE_IN_VIEW} AS province_code, f.v FROM f
              JOIN admin_unit u ON u.units_system = f.units_system AND u.unit_code = f.unit_code
              WHERE f.year = $year),
        k AS (SELECT DISTINCT {_PROVINCE_IN_VIEW} AS province_code FROM {KIND_TABLE[fact]} t
              JOIN admin_unit u ON u.units_system = t.units_system AND u.unit_code = t.unit_code
              WHERE t.year = $year)
        SELECT p.unit_code,
               CASE WHEN p.unit_code IN (SELECT province_code FROM k) THEN coalesce(sum(v.v), 0) END
        FROM admin_unit p LEFT JOIN v ON v.province_code = p.unit_code
        WHERE p.units_system = $units AND p.level = 'province' GROUP BY 1""",
        {"year": year, "units": units},
    ).fetchall()
    return dict(rows)


def communes_by_province(conn, year: int, units: int, table: str = "festival_point") -> dict[str, tuple[int, int]]:
    """Per province of the `units` system: (communes that held a festival point, communes of the
    parts that reported `table`'s kind) in `year`."""
    return {
        code: (communes(conn, year, units, [code])[0], communes_reported(conn, year, units, [code], table))
        for (code,) in conn.execute(
            "SELECT unit_code FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
        ).fetchall()
    }


def overview(conn, year: int, units: int = 2025, provinces: list[str] | tuple[str, ...] = ()) -> dict[str, float]:
    """The overview page's cards, by their Vietnamese labels; the coverage in % unrounded."""
    covered, _ = communes(conn, year, units, provinces)
    return {
        "Xã tổ chức Ngày hội": covered,
        "Tỷ lệ xã tổ chức": 100.0 * covered / communes_reported(conn, year, units, provinces),
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
