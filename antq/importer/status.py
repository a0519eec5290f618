"""The reporting-status grid and the import history the import page shows."""

from __future__ import annotations

import duckdb
import polars as pl

from antq import queries

STATUS_LABELS = {"imported": "Đã nhập", "illustrative": "Minh họa", "missing": "Chưa có"}
STATUS_MARKS = {"imported": "✔", "illustrative": "○", "missing": "–"}
AUDIT_COLUMNS = (
    "attempt_id",
    "attempted_at",
    "file_name",
    "kind",
    "province_codes",
    "years",
    "rows",
    "outcome",
    "errors",
    "warnings",
    "via",
    "message",
    "file_sha256",
)
OUTCOME_LABELS = {
    "loaded": "Đã nhập",
    "replaced": "Đã thay thế",
    "unchanged": "Không thay đổi (đã nhập trước)",
    "rejected": "Bị từ chối",
}


def reporting_status(conn: duckdb.DuckDBPyConnection, year_from: int, year_to: int) -> pl.DataFrame:
    return queries.run(conn, "reporting_status", year_from=year_from, year_to=year_to)


def summary_by_year(status: pl.DataFrame) -> pl.DataFrame:
    """Per (year, kind): provinces imported / illustrative / missing, out of that year's provinces."""
    return (
        status.group_by("year", "units_system", "kind")
        .agg(
            provinces=pl.len(),
            imported=(pl.col("status") == "imported").sum(),
            illustrative=(pl.col("status") == "illustrative").sum(),
            missing=(pl.col("status") == "missing").sum(),
        )
        .sort("year", "kind")
    )


def grid(status: pl.DataFrame, kind: str, units_system: int) -> pl.DataFrame:
    """Provinces (rows) x years (columns) of one system, a mark per cell."""
    s = status.filter((pl.col("kind") == kind) & (pl.col("units_system") == units_system))
    if s.is_empty():
        return pl.DataFrame()
    s = s.with_columns(
        mark=pl.col("status").replace_strict(STATUS_MARKS, return_dtype=pl.String), year=pl.col("year").cast(pl.String)
    )
    return (
        s.pivot(on="year", index=["province_code", "province_name"], values="mark", sort_columns=True)
        .sort("province_code")
        .rename({"province_code": "Mã tỉnh", "province_name": "Tỉnh, thành phố"})
    )


def audit(conn: duckdb.DuckDBPyConnection, limit: int = 200) -> pl.DataFrame:
    try:
        cur = conn.cursor()
        try:
            return cur.sql(
                f"SELECT {', '.join(AUDIT_COLUMNS)} FROM import_audit ORDER BY attempt_id DESC LIMIT $n",
                params={"n": limit},
            ).pl()
        finally:
            cur.close()
    except duckdb.CatalogException:  # a database built before the importer existed
        return pl.DataFrame()
