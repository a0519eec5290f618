"""Report rows for the tests of the report pages, written with plain SQL into a copy of the demo
database (the tests then check the pages against independent SQL over that file).

`ensure_contract` creates the report tables of the brief's contract where the schema does not
have them yet (a database built before antq/schema.sql held them); with them in the schema it
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb

CONTRACT = """
CREATE TABLE IF NOT EXISTS report (
    report_id    INTEGER   NOT NULL PRIMARY KEY,
    units_system SMALLINT  NOT NULL,
    unit_code    VARCHAR   NOT NULL,
    period_kind  VARCHAR   NOT NULL CHECK (list_contains(period_kind_codes(), period_kind)),
    year         SMALLINT  NOT NULL,
    year_from    SMALLINT  NOT NULL,
    half         SMALLINT  CHECK (half IS NULL OR half IN (1, 2)),
    reported_on  DATE,
    reference    VARCHAR,
    document_id  INTEGER,
    source_id    INTEGER   NOT NULL,
    entered_by   VARCHAR   NOT NULL,
    entered_at   TIMESTAMP NOT NULL,
    via          VARCHAR   NOT NULL CHECK (list_contains(write_channel_codes(), via)),
    CHECK (units_system = units_system_of(year)),
    CHECK (year_from <= year),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code)
);
CREATE TABLE IF NOT EXISTS report_value (
    report_id   INTEGER NOT NULL,
    indicator   VARCHAR NOT NULL,
    value       DOUBLE  NOT NULL CHECK (value >= 0),
    denominator DOUBLE  CHECK (denominator IS NULL OR denominator >= value),
    qualifier   VARCHAR NOT NULL CHECK (list_contains(value_qualifier_codes(), qualifier)),
    note        VARCHAR,
    PRIMARY KEY (report_id, indicator),
    FOREIGN KEY (report_id) REFERENCES report (report_id)
);
CREATE MACRO IF NOT EXISTS report_in_force() AS TABLE
SELECT * FROM report
QUALIFY row_number() OVER (
    PARTITION BY units_system, unit_code, period_kind, year_from, year, half
    ORDER BY reported_on DESC NULLS LAST, entered_at DESC, report_id DESC) = 1;
"""

_ids = itertools.count(1)


def ensure_contract(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(CONTRACT)


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
    return rid
