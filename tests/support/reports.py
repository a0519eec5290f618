"""Report rows for the tests of the report pages, written with plain SQL into a copy of the demo
database (the tests then check the pages against independent SQL over that file).
"""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb

from antq import db

_ids = itertools.count(1)


def source_id(conn: duckdb.DuckDBPyConnection) -> int:
    """An 'imported' data_source row for the test's reports."""
    row = conn.execute("SELECT source_id FROM data_source WHERE label = 'test reports'").fetchone()
    if row:
        return row[0]
    sid = conn.execute("SELECT coalesce(max(source_id), 0) + 1 FROM data_source").fetchone()[0]
    conn.execute(
        "INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES ($id, 'imported', 'test reports', now())",
        {"id": sid},
    )
    return sid


def add_report(
    conn: duckdb.DuckDBPyConnection,
    unit_code: str,
    year: int,
    values: dict[str, float | tuple],
    *,
    kind: str = "festival_year",
    half: int | None = None,
    reported_on: dt.date | None = None,
    entered_at: dt.datetime | None = None,
    year_from: int | None = None,
) -> int:
    """One report with its values: indicator -> value, or (value, qualifier), or (value, qualifier,
    denominator). The unit system follows the year."""
    first = conn.execute("SELECT coalesce(max(report_id), 0) + 1 FROM report").fetchone()[0]
    rid = max(first, next(_ids))
    conn.execute(
        """INSERT INTO report (report_id, units_system, unit_code, period_kind, year, year_from, half, reported_on,
                               source_id, entered_by, entered_at, via)
           VALUES ($id, units_system_of($year), $unit, $kind, $year, $year_from, $half, $on, $src, 'test',
                   $at, 'cli')""",
        {
            "id": rid,
            "year": year,
            "unit": unit_code,
            "kind": kind,
            "year_from": year_from or year,
            "half": half,
            "on": reported_on,
            "src": source_id(conn),
            "at": entered_at or dt.datetime(year, 12, 1, 8, 0) + dt.timedelta(seconds=rid),
        },
    )
    for code, v in values.items():
        value, qualifier, denom = (*(v if isinstance(v, tuple) else (v,)), None, None)[:3]
        conn.execute(
            "INSERT INTO report_value (report_id, indicator, value, denominator, qualifier) "
            "VALUES ($r, $i, $v, $d, $q)",
            {"r": rid, "i": code, "v": value, "d": denom, "q": qualifier or "exact"},
        )
    db.refresh_reports(conn)  # as every writer of reports does: which one is in force
    return rid
