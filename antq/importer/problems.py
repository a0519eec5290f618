"""Problems found in an import file: each names its sheet, row, column and value, says what is
wrong and how to fix it, in Vietnamese. All problems of a file are counted, never just the first;
the first PROBLEMS_PER_GROUP of each class are listed, then one line with the count of the rest,
and a value is repeated back to the user at most ECHO_MAX characters long."""

from __future__ import annotations

import io

import polars as pl

from antq.importer.limits import PROBLEMS_PER_GROUP
from antq.vocab.bounds import ECHO_MAX, short

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: "Lỗi", WARNING: "Cảnh báo"}

# Problem groups, in the order they are reported, with their Vietnamese titles.
GROUPS: dict[str, str] = {
    "scope": "Ngoài phạm vi được cấp cho người nhập",  # antq.access: the whole file is refused
    "file": "Tệp không đọc được",
    "too_large": "Tệp vượt giới hạn đọc",
    "encoding": "Mã hóa ký tự của tệp CSV",
    "empty": "Tệp không có số liệu",
    "sheet": "Tên trang tính",
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
    "unit_code_reused": "Mã xã cũ (2008) nay là mã của xã khác",
    "date": "Ngày tổ chức",
    "date_swapped": "Ngày và tháng có thể bị đảo",
    "date_period": "Ngày ngoài thời gian tổ chức Ngày hội",
    "sum_row": "Dòng tổng cộng",
    "number": "Số lượng không hợp lệ",
    "bound": "Số liệu vượt ngưỡng hợp lý",
    "length": "Giá trị quá dài",
    "value": "Giá trị không có trong danh sách",
    "contradiction": "Số liệu mâu thuẫn",
    "outlier": "Khác xa số liệu các năm trước của đơn vị",
    "duplicate_row": "Dòng trùng lặp trong tệp",
    "exists": "Số liệu đã có trong cơ sở dữ liệu",
    "locked": "Số liệu đã được duyệt và khóa",  # antq.cycle.review: an approved unit and period
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


def _echo(value: pl.Expr) -> pl.Expr:
    """A value as repeated back: at most ECHO_MAX characters, then its length."""
    v = value.cast(pl.String)
    n = v.str.len_chars()
    return pl.when(n > ECHO_MAX).then(pl.format("{}… ({} ký tự)", v.str.slice(0, ECHO_MAX), n)).otherwise(v)


MORE_PREFIX = "… và "  # the line that counts a class's problems beyond those listed


def _more_text(more: int, listed: int) -> str:
    return f"{MORE_PREFIX}{more:,} vấn đề khác cùng loại (chỉ liệt kê {listed:,} vấn đề đầu).".replace(",", ".")


class Problems:
    def __init__(self, per_group: int = PROBLEMS_PER_GROUP):
        self._frames: list[pl.DataFrame] = []
        self.per_group = per_group
        self._counts: dict[tuple[str, str], int] = {}  # (severity, group) -> problems found
        self._listed: dict[tuple[str, str], int] = {}  # (severity, group) -> problems kept for the list

    def _room(self, severity: str, group: str, n: int) -> int:
        """Count n problems of a class; return how many of them may still be listed."""
        key = (severity, group)
        self._counts[key] = self._counts.get(key, 0) + n
        room = max(0, min(n, self.per_group - self._listed.get(key, 0)))
        self._listed[key] = self._listed.get(key, 0) + room
        return room

    def add_database_refusal(self, exc: Exception) -> None:
        """A value the checks let through but the schema refused (the write rolled back): say so."""
        self.add(
            ERROR,
            "database",
            f"Cơ sở dữ liệu từ chối số liệu: {str(exc).splitlines()[0][:300]}",
            "Gửi tệp và báo cáo lỗi này cho quản trị hệ thống.",
        )

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
        if not self._room(severity, group, 1):
            return
        self._frames.append(
            pl.DataFrame(
                [
                    dict(
                        severity=severity,
                        group=group,
                        sheet=sheet,
                        row=row,
                        column=column,
                        value=None if value is None else short(value),
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
        room = self._room(severity, group, rows.height)
        if not room:
            return

        def lit(x):
            return x if isinstance(x, pl.Expr) else pl.lit(x, pl.String)

        self._frames.append(
            rows.head(room).select(
                severity=pl.lit(severity),
                group=pl.lit(group),
                sheet=pl.lit(sheet, pl.String),
                row=pl.col("_row").cast(pl.Int64),
                column=pl.lit(column, pl.String),
                value=_echo(lit(value)),
                message=lit(message).cast(pl.String),
                fix=lit(fix).cast(pl.String),
            )
        )

    def _more(self) -> list[dict]:
        """One line per class with more problems than were listed."""
        out = []
        for (severity, group), n in self._counts.items():
            listed = self._listed.get((severity, group), 0)
            if n > listed:
                out.append(
                    dict(
                        severity=severity,
                        group=group,
                        message=_more_text(n - listed, listed),
                        fix="Sửa các lỗi đã liệt kê (thường cùng một nguyên nhân) rồi kiểm tra lại tệp.",
                        _tail=1,
                    )
                )
        return out

    def frame(self) -> pl.DataFrame:
        if not self._frames:
            return pl.DataFrame(schema=SCHEMA)
        order = {g: i for i, g in enumerate(GROUPS)}
        df = pl.concat(self._frames, how="vertical_relaxed").with_columns(_tail=pl.lit(0))
        more = self._more()
        if more:
            df = pl.concat([df, pl.DataFrame(more)], how="diagonal_relaxed")
        return (
            df.with_columns(
                _s=(pl.col("severity") != ERROR).cast(pl.Int8), _g=pl.col("group").replace_strict(order, default=999)
            )
            .sort("_s", "_g", "_tail", "row", nulls_last=False, maintain_order=True)
            .select(COLUMNS)
        )

    @property
    def total(self) -> int:
        return sum(self._counts.values())

    @property
    def n_errors(self) -> int:
        return sum(n for (sev, _), n in self._counts.items() if sev == ERROR)

    @property
    def n_warnings(self) -> int:
        return sum(n for (sev, _), n in self._counts.items() if sev == WARNING)


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


def listed(problems: pl.DataFrame) -> int:
    """Problems in a frame, not counting the lines that count the rest of a class."""
    return problems.filter(~(pl.col("row").is_null() & pl.col("message").str.starts_with(MORE_PREFIX))).height


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
