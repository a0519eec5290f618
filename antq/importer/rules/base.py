"""What every row rule shares: the frame being checked and a way to report a problem per row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from antq.importer import spec
from antq.importer.problems import Problems


def label(key: str) -> str:
    """The header a user sees for a column key."""
    for k in spec.KINDS:
        for c in spec.COLUMNS[k]:
            if c.key == key:
                return c.label
    return key


@dataclass
class RowCheck:
    kind: str
    df: pl.DataFrame  # one row per data row, the user's text in the column keys, `_row` its number
    sheet: str
    info: dict[str, str]  # the template's "Thông tin" sheet
    problems: Problems
    periods: dict[int, tuple[dt.date, dt.date]] | None = None  # festival periods (None: the defaults)
    typed: dict[str, pl.Expr] = field(default_factory=dict)  # key -> typed value expression

    @property
    def cols(self) -> dict[str, spec.Col]:
        return {c.key: c for c in spec.COLUMNS[self.kind]}

    def of_type(self, col_type: str) -> list[spec.Col]:
        return [c for c in spec.COLUMNS[self.kind] if c.type == col_type]

    def flag(self, mask: pl.Expr, severity: str, group: str, key: str | None, message, fix, value=None) -> None:
        """One problem for every row where `mask` holds."""
        self.problems.add_rows(
            self.df.filter(mask),
            severity,
            group,
            sheet=self.sheet,
            column=label(key) if key else None,
            value=value if value is not None else (pl.col(key) if key else None),
            message=message,
            fix=fix,
        )
