"""Opening, creating and describing the DuckDB store."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from antq import settings
from antq.units import SYSTEM_NEW, SYSTEM_OLD, registry

SCHEMA_VERSION = "1"
YEAR_FIRST_ALLOWED = 2005  # Decision 521/QĐ-TTg (13/6/2005) instituted the festival.

# Decision 521/QĐ-TTg: the festival culminates on 19 August; provinces hold it from 1 July.
FESTIVAL_DEFAULT_START = (7, 1)
FESTIVAL_DEFAULT_END = (8, 19)
# Years whose plans set another period (see README "Festival periods").
FESTIVAL_PERIOD_EXCEPTIONS: dict[int, tuple[tuple[int, int], tuple[int, int], str]] = {
    2022: ((8, 1), (8, 20), "Kế hoạch năm 2022: tổ chức từ 01/8 đến 20/8"),
}


def schema_sql() -> str:
    return (resources.files("antq") / "schema.sql").read_text("utf-8")


def festival_periods(years) -> pl.DataFrame:
    rows = []
    for y in years:
        start, end, note = FESTIVAL_PERIOD_EXCEPTIONS.get(
            y, (FESTIVAL_DEFAULT_START, FESTIVAL_DEFAULT_END, "Mặc định 01/7-19/8 (Quyết định 521/QĐ-TTg)")
        )
        rows.append(dict(year=y, start_date=dt.date(y, *start), end_date=dt.date(y, *end), source_note=note))
    return pl.DataFrame(rows)


def create_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and load both unit registries and the crosswalks."""
    conn.execute(schema_sql())
    reg = registry()
    units = reg.units  # noqa: F841 -- read by DuckDB's replacement scan below
    pcw = reg.province_crosswalk  # noqa: F841
    ccw = reg.commune_crosswalk  # noqa: F841
    conn.execute("INSERT INTO admin_unit SELECT * FROM units")
    conn.execute("INSERT INTO province_crosswalk SELECT old_province_code, new_province_code FROM pcw")
    conn.execute(
        "INSERT INTO commune_crosswalk SELECT old_unit_code, new_unit_code, share, is_default, is_divided FROM ccw"
    )
    periods = festival_periods(range(YEAR_FIRST_ALLOWED, dt.date.today().year + 2))  # noqa: F841
    conn.execute("INSERT INTO festival_period SELECT * FROM periods")
    conn.execute("INSERT INTO db_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])


def build(path: Path | None = None, *, empty: bool | None = None, seed: int | None = None, scale: int = 1) -> Path:
    """Build a database file atomically: written beside the target, then renamed into place, so a
    reader never sees a half-built file."""
    from antq import demo

    path = Path(path or settings.db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    empty = settings.flag("ANTQ_EMPTY") if empty is None else empty
    seed = int(settings.get("ANTQ_DEMO_SEED")) if seed is None else seed
    with duckdb.connect(str(tmp)) as conn:
        create_schema(conn)
        if not empty:
            demo.load(conn, seed=seed, scale=scale)
        conn.execute("CHECKPOINT")
    os.replace(tmp, path)
    return path


def ensure_database(path: Path | None = None) -> Path:
    """The database path, built with the demo data (or empty, by setting) if it does not exist."""
    path = Path(path or settings.db_path())
    if not path.exists():
        build(path)
    return path


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = ensure_database(path)
    return duckdb.connect(str(path), read_only=True)


def data_years(conn: duckdb.DuckDBPyConnection) -> list[int]:
    from antq import queries

    return queries.run(conn, "data_years")["year"].to_list()


__all__ = ["SYSTEM_NEW", "SYSTEM_OLD", "build", "connect_read_only", "create_schema", "ensure_database"]
