"""Checking an import grid and turning it into typed rows for the store.

The rules live in antq.importer.rules, grouped by concern; this module runs them in order. Every
check is vectorised over the whole file (a national file has tens of thousands of rows); the few
that need Python (unit look-ups, suggestions) run once per distinct value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from antq.importer.problems import ERROR, Problems
from antq.importer.reader import Grid
from antq.importer.rules import consistency, header, numbers, totals, units, values
from antq.importer.rules.base import RowCheck
from antq.vocab.bounds import latest_year

HEADER_SCAN_ROWS = header.HEADER_SCAN_ROWS
suggest = units.suggest


def last_year() -> int:
    """The latest year the dashboard takes reports for: the current one."""
    return latest_year()


@dataclass
class Validated:
    kind: str | None
    sheet: str
    rows: pl.DataFrame | None = None  # typed rows, with units_system, province_code and _row
    info: dict[str, str] = field(default_factory=dict)
    column_map: dict[str, str] = field(default_factory=dict)  # key -> header as written
    n_rows: int = 0  # data rows read (non-empty rows below the header), accepted or not

    @property
    def slices(self) -> pl.DataFrame:
        """(province_code, year, rows) covered by the file."""
        if self.rows is None or self.rows.is_empty():
            return pl.DataFrame(schema={"province_code": pl.String, "year": pl.Int16, "rows": pl.UInt32})
        return self.rows.group_by("province_code", "year").agg(rows=pl.len()).sort("year", "province_code")


def _empty(grid: Grid) -> bool:
    return grid.cells.is_empty() or all(grid.cells[c].null_count() == grid.cells.height for c in grid.cells.columns)


def validate(grid: Grid, problems: Problems, periods: dict[int, tuple[dt.date, dt.date]] | None = None) -> Validated:
    h, kind = header.detect_header(grid, header.kind_from_info(grid.info))
    out = Validated(kind=kind, sheet=grid.sheet, info=grid.info)
    if _empty(grid):
        problems.add(
            ERROR,
            "empty",
            "Tệp không có dòng nào có dữ liệu.",
            "Điền số liệu vào tệp mẫu rồi gửi lại.",
            sheet=grid.sheet,
        )
        return out
    if h is None or kind is None:
        header.no_header(grid, problems)
        return out
    structural = header.merged_header(grid, h, problems)
    structural = header.multirow_header(grid, h, problems) or structural
    if structural:
        return out
    header.rows_above(grid, h, problems)
    mapping, out.column_map = header.map_columns(grid, h, kind, problems)
    header.missing_columns(grid, h, kind, mapping, problems)
    frame = totals.split_sum_row(header.body(grid, h, kind, mapping), kind, grid.sheet, problems)
    out.n_rows = frame.height
    if frame.is_empty():
        problems.add(
            ERROR,
            "empty",
            "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.",
            "Điền số liệu từ dòng ngay dưới dòng tiêu đề rồi gửi lại.",
            sheet=grid.sheet,
            row=grid.rows[h],
        )
        return out
    if problems.n_errors:
        # Columns are missing or doubled: row checks would repeat the same problem on every row.
        return out
    out.rows = check_rows(RowCheck(kind, frame, grid.sheet, grid.info, problems, periods))
    return out


def check_rows(rc: RowCheck) -> pl.DataFrame | None:
    """Every row rule in order; the typed rows, or None when any row has an error."""
    err0 = rc.problems.n_errors
    values.check_length(rc)  # first: no later rule repeats an over-long value
    values.check_required(rc)
    numbers.check_year(rc)
    consistency.check_template_year(rc)
    units.check_units(rc, consistency.template_province(rc.info))
    consistency.check_template_province(rc)
    numbers.check_integers(rc)
    numbers.check_bounds(rc)
    values.check_vocab(rc)
    values.check_bools(rc)
    values.check_dates(rc)
    consistency.check_contradictions(rc)
    out = consistency.typed_rows(rc)
    consistency.check_duplicates(rc, out)  # also on rows with other errors: worth reporting at once
    return None if rc.problems.n_errors > err0 else out
