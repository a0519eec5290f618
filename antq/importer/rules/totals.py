"""A trailing sum row ("Tổng cộng", "Cộng", "Tổng"), as report tables end: recognised, checked
against the rows above it and left out of the data (a sum row stored as data would double every
figure, and refusing it asks the user to invent a date or a unit for it)."""

from __future__ import annotations

import re

import polars as pl

from antq.importer import spec
from antq.importer.problems import ERROR, WARNING, Problems
from antq.importer.rules.base import label
from antq.importer.rules.numbers import fmt, parse_int

# Folded cell text that opens a sum row: "Tổng cộng", "Tổng cộng:", "Cộng", "Tổng", "Tổng số",
# "Tổng cộng toàn tỉnh", "Cộng toàn huyện". A unit called "Cộng Hòa" is not one: after "cộng" / "tổng"
# alone only punctuation or a word saying what is summed may follow.
SUM_ROW = re.compile(r"^(tong cong|tong so|tong|cong)\s*[:.]?(\s+(toan|ca|chung|cac)\b.*)?$")


def is_sum_label(text: str | None) -> bool:
    return bool(text) and bool(SUM_ROW.match(spec.fold(text)))


def _sum_row_at(frame: pl.DataFrame, kind: str) -> int | None:
    """Index of the last row when it is a sum row: a cell opens with a sum word and no unit code is given."""
    if frame.is_empty():
        return None
    last = frame.row(frame.height - 1, named=True)
    if last.get("unit_code") and str(last["unit_code"]).strip().replace(".0", "").isdigit():
        return None
    words = [last.get(c.key) for c in spec.COLUMNS[kind] if c.type in ("year", "code", "text", "vocab", "date")]
    return frame.height - 1 if any(is_sum_label(w) for w in words) else None


def split_sum_row(frame: pl.DataFrame, kind: str, sheet: str, problems: Problems) -> pl.DataFrame:
    """The data rows without a trailing sum row. Each number of the sum row is compared with the sum
    of its column above: all equal -> a note, the file goes on; one differs -> an error naming both."""
    at = _sum_row_at(frame, kind)
    if at is None:
        return frame
    data, total = frame.head(at), frame.slice(at, 1)
    row = int(total["_row"][0])
    checked, wrong = [], 0
    for c in spec.COLUMNS[kind]:
        if c.type != "int" or total[c.key][0] is None:
            continue
        said = parse_int(total, c.key, "_v", "_s").row(0, named=True)
        parsed = parse_int(data, c.key, "_v", "_s")
        above = int(parsed.filter(pl.col("_s") == "ok")["_v"].sum())
        if said["_s"] == "ok" and said["_v"] == above:
            checked.append(c.label)
            continue
        wrong += 1
        shown = fmt(said["_v"]) if said["_s"] == "ok" else str(total[c.key][0])
        problems.add(
            ERROR,
            "sum_row",
            f"Dòng tổng cộng ghi '{c.label}' = {shown}, nhưng cộng {data.height} dòng phía trên được {fmt(above)}.",
            "Kiểm tra lại các dòng số liệu (thiếu hoặc thừa dòng, gõ nhầm số) hoặc số ở dòng tổng cộng; "
            "có thể xóa dòng tổng cộng, hệ thống tự cộng.",
            sheet=sheet,
            row=row,
            column=label(c.key),
            value=str(total[c.key][0]),
        )
    if not wrong:
        what = f"khớp tổng {data.height} dòng phía trên ở cột {', '.join(checked)}" if checked else "không có số"
        problems.add(
            WARNING,
            "sum_row",
            f"Dòng {row} là dòng tổng cộng ({what}); không nhập như một dòng số liệu.",
            "Không cần sửa: dòng tổng cộng được kiểm tra rồi bỏ qua.",
            sheet=sheet,
            row=row,
        )
    return data
