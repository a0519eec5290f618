"""Problems found in an import file: each names its sheet, row, column and value, says what is
wrong and how to fix it, in Vietnamese. All problems of a file are collected, never just the first."""

from __future__ import annotations

import io

import polars as pl

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: "Lỗi", WARNING: "Cảnh báo"}

# Problem groups, in the order they are reported, with their Vietnamese titles.
GROUPS: dict[str, str] = {
    "scope": "Ngoài phạm vi được cấp cho người nhập",  # antq.access: the whole file is refused
    "file": "Tệp không đọc được",
    "too_large": "Tệp quá lớn",
    "encoding": "Mã hóa ký tự của tệp CSV",
    "empty": "Tệp không có số liệu",
    "sheet": "Tên trang tính",
    "kind": "Loại số liệu",
    "header_merged": "Dòng tiêu đề có ô gộp",
    "header_multirow": "Tiêu đề nhiều dòng",
    "header_offset": "Dòng phía trên tiêu đề",
    "missing_column": "Thiếu cột bắt buộc",
    "extra_column": "Cột không dùng đến",
    "duplicate_column": "Cột trùng tên",
    "required": "Thiếu giá trị bắt buộc",
    "year": "Năm báo cáo",
    "template": "Khác với tệp mẫu",
    "unit_unknown": "Đơn vị không có trong danh mục",
    "unit_system": "Đơn vị không thuộc danh mục của năm",
    "unit_ambiguous": "Tên đơn vị trùng nhau",
    "unit_name_mismatch": "Tên đơn vị không khớp mã",
    "date": "Ngày tổ chức",
    "date_period": "Ngày ngoài thời gian tổ chức Ngày hội",
    "number": "Số lượng không hợp lệ",
    "value": "Giá trị không có trong danh sách",
    "contradiction": "Số liệu mâu thuẫn",
    "duplicate_row": "Dòng trùng lặp trong tệp",
    "exists": "Số liệu đã có trong cơ sở dữ liệu",
    "database": "Không ghi được vào cơ sở dữ liệu",
}

COLUMNS = ("severity", "group", "sheet", "row", "column", "value", "message", "fix")
SCHEMA = {
    "severity": pl.String,
    "group": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "message": pl.String,
    "fix": pl.String,
}
REPORT_HEADERS = {
    "severity": "Mức độ",
    "group": "Nhóm",
    "sheet": "Trang tính",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "message": "Vấn đề",
    "fix": "Cách sửa",
}


class Problems:
    def __init__(self):
        self._frames: list[pl.DataFrame] = []

    def add(
        self,
        severity: str,
        group: str,
        message: str,
        fix: str = "",
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value=None,
    ) -> None:
        self._frames.append(
            pl.DataFrame(
                [
                    dict(
                        severity=severity,
                        group=group,
                        sheet=sheet,
                        row=row,
                        column=column,
                        value=None if value is None else str(value),
                        message=message,
                        fix=fix,
                    )
                ],
                schema=SCHEMA,
            )
        )

    def add_rows(
        self,
        rows: pl.DataFrame,
        severity: str,
        group: str,
        *,
        sheet: str,
        column: str | None,
        value: str | pl.Expr | None,
        message: str | pl.Expr,
        fix: str | pl.Expr = "",
    ) -> None:
        """One problem per row of `rows` (which has `_row`, the row number the user sees)."""
        if rows.is_empty():
            return

        def lit(x):
            return x if isinstance(x, pl.Expr) else pl.lit(x, pl.String)

        self._frames.append(
            rows.select(
                severity=pl.lit(severity),
                group=pl.lit(group),
                sheet=pl.lit(sheet, pl.String),
                row=pl.col("_row").cast(pl.Int64),
                column=pl.lit(column, pl.String),
                value=lit(value).cast(pl.String),
                message=lit(message).cast(pl.String),
                fix=lit(fix).cast(pl.String),
            )
        )

    def frame(self) -> pl.DataFrame:
        if not self._frames:
            return pl.DataFrame(schema=SCHEMA)
        order = {g: i for i, g in enumerate(GROUPS)}
        df = pl.concat(self._frames, how="vertical_relaxed")
        return (
            df.with_columns(
                _s=(pl.col("severity") != ERROR).cast(pl.Int8), _g=pl.col("group").replace_strict(order, default=999)
            )
            .sort("_s", "_g", "row", nulls_last=False, maintain_order=True)
            .drop("_s", "_g")
        )

    @property
    def n_errors(self) -> int:
        return sum(int((f["severity"] == ERROR).sum()) for f in self._frames)

    @property
    def n_warnings(self) -> int:
        return sum(int((f["severity"] == WARNING).sum()) for f in self._frames)


def report_csv(problems: pl.DataFrame) -> bytes:
    """The error report a user downloads: UTF-8 with BOM, Vietnamese headers and words."""
    out = problems.with_columns(
        pl.col("severity").replace_strict(SEVERITY_LABELS, default=pl.col("severity")),
        pl.col("group").replace_strict(GROUPS, default=pl.col("group")),
    ).rename(REPORT_HEADERS)
    # Values come from the user's file: neutralise anything a spreadsheet would run as a formula.
    trigger = pl.col(pl.String).str.contains(r"^[=+\-@\t\r]")
    out = out.with_columns(
        pl.when(trigger).then(pl.lit("'") + pl.col(pl.String)).otherwise(pl.col(pl.String)).name.keep()
    )
    buf = io.BytesIO()
    out.write_csv(buf)
    return "\ufeff".encode() + buf.getvalue()


def as_text(problems: pl.DataFrame, limit: int | None = None) -> str:
    """One line per problem, for the CLI."""
    lines = []
    for r in problems.head(limit).iter_rows(named=True) if limit else problems.iter_rows(named=True):
        where = ", ".join(
            p
            for p in (
                f"trang '{r['sheet']}'" if r["sheet"] else None,
                f"dòng {r['row']}" if r["row"] is not None else None,
                f"cột '{r['column']}'" if r["column"] else None,
                f"giá trị '{r['value']}'" if r["value"] not in (None, "") else None,
            )
            if p
        )
        sev = SEVERITY_LABELS.get(r["severity"], r["severity"])
        line = f"{sev} [{GROUPS.get(r['group'], r['group'])}]" + (f" {where}:" if where else ":") + f" {r['message']}"
        if r["fix"]:
            line += f" → {r['fix']}"
        lines.append(line)
    return "\n".join(lines)
