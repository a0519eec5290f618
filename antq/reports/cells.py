"""One "Số liệu" cell of a report form -> (value, denominator, qualifier), or the reason it is not one.

Text is read by antq.vietnamese_numbers, the parser the document extractor uses: "5.800", "35,5",
"trên 5.800" (at least), "gần 35 tỷ" (just under), "khoảng 1.200" (approximately), "845/879" (x out
of y, for a ratio indicator), "96,5%" (a percentage, for an indicator counted in percent). A number
typed into an XLSX cell arrives as a number. What a value must be follows from the indicator: counts
of things, persons, sessions and households are whole; only a ratio indicator takes "x/y"; only a
percent indicator takes a percentage (and there the '%' may be left out). The qualifier keeps the
word as written (`word`: "hơn" stays "hơn", though it means what "trên" means).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from antq import vietnamese_numbers as numbers
from antq.vocab.indicators import Indicator

WHOLE_UNITS = ("count", "persons", "sessions", "households", "vnd")


@dataclass(frozen=True)
class Cell:
    value: float
    denominator: float | None
    qualifier: str
    written: str  # the cell as the reporter wrote it
    word: str | None = None  # the qualifier's word as written ("hơn", "ước"); None for an exact value


class CellError(ValueError):
    """Why a cell is not a value; `group` is the problem class (antq.importer.problems.GROUPS)."""

    def __init__(self, message: str, fix: str, group: str = "number"):
        super().__init__(message)
        self.message, self.fix, self.group = message, fix, group


def _fix(ind: Indicator) -> str:
    unit = "số nguyên" if ind.unit in WHOLE_UNITS else "số"
    if ind.aggregation == "ratio":
        return (
            f"Ghi {unit} không âm theo cách viết Việt Nam, hoặc 'x/y' (ví dụ 845/879: 845 trên tổng số 879); "
            "có thể thêm 'trên', 'hơn', 'gần', 'khoảng' phía trước."
        )
    if ind.unit == "percent":
        return (
            "Ghi tỷ lệ phần trăm như đã công bố (ví dụ 96,5%); có thể thêm 'trên', 'hơn', 'gần', 'khoảng' phía trước."
        )
    example = "5.800" if ind.unit in WHOLE_UNITS else "5.800 hoặc 35,5"
    return (
        f"Ghi {unit} không âm theo cách viết Việt Nam (ví dụ {example}); "
        "có thể thêm 'trên', 'hơn', 'gần', 'khoảng' phía trước."
    )


def _whole(ind: Indicator, x: float, written: str) -> None:
    if ind.unit in WHOLE_UNITS and not float(x).is_integer():
        raise CellError(f"Chỉ tiêu '{ind.label_vi}' đếm bằng số nguyên, không nhận '{written}'.", _fix(ind))


def parse(raw, ind: Indicator) -> Cell | None:
    """A cell's value for indicator `ind`; None for an empty cell (not reported, which is not zero)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' không phải là số.", _fix(ind))
    if isinstance(raw, dt.date):  # "8/11" typed into a cell not formatted as text
        raise CellError(
            f"Ô chứa ngày tháng ({raw:%d/%m/%Y}), không phải số: Excel có thể đã tự đổi 'x/y' thành ngày.",
            "Định dạng ô là Văn bản (Text) rồi ghi lại số liệu, ví dụ 845/879.",
        )
    if isinstance(raw, int | float):  # a number typed into an XLSX cell
        if not math.isfinite(raw):
            raise CellError(f"'{raw}' không phải là số.", _fix(ind))
        if raw < 0:
            raise CellError(f"Số liệu không được âm ({_plain(raw)}).", _fix(ind))
        _whole(ind, raw, _plain(raw))
        return Cell(float(raw), None, "exact", _plain(raw))
    text = " ".join(str(raw).split())
    if re.match(r"^[-−–]\s*\d", text):
        raise CellError(f"Số liệu không được âm ('{text}').", _fix(ind))
    if "/" in text:
        if ind.aggregation != "ratio":
            raise CellError(
                f"Chỉ tiêu '{ind.label_vi}' là một số, không phải tỷ số x/y ('{text}').", _fix(ind), "number"
            )
        try:
            num, den = numbers.parse_ratio(text)
        except numbers.RatioOrderError:
            raise CellError(
                f"Tử số lớn hơn mẫu số ('{text}'): số đơn vị đạt không thể nhiều hơn tổng số.",
                "Kiểm tra lại: ghi x/y với x là số đạt, y là tổng số (x không lớn hơn y).",
                "contradiction",
            ) from None
        except ValueError:
            raise CellError(f"'{text}' không phải là tỷ số x/y viết theo cách Việt Nam.", _fix(ind)) from None
        _whole(ind, num.value, text)
        _whole(ind, den.value, text)
        return Cell(float(num.value), float(den.value), num.qualifier, text, num.word)
    try:
        n = numbers.parse(text)
    except ValueError:
        raise CellError(f"'{text}' không phải là số.", _fix(ind)) from None
    if ind.unit == "percent":
        return Cell(float(n.value), None, n.qualifier, text, n.word)
    if n.percent:
        raise CellError(
            f"Chỉ tiêu '{ind.label_vi}' không nhận tỷ lệ phần trăm ('{text}').",
            "Ghi số lượng (với chỉ tiêu dạng x/y: ghi 'số đạt/tổng số').",
        )
    _whole(ind, n.value, text)
    return Cell(float(n.value), None, n.qualifier, text, n.word)


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
