"""The blank report form for a unit and year (`python -m antq template --kind report --unit CODE`).

One row per indicator of the catalogue with its code, group, label and unit, an empty "Số liệu"
column and a "Ghi chú" column, under a header block naming the unit and the period. It is filled for
the province itself or for one of its units (change "Mã đơn vị báo cáo" to a code of the sheet
"Đơn vị"); an XLSX form takes several units, one sheet each. CSV: the same rows, UTF-8 with BOM.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from antq.importer.template import units_frame
from antq.reports import form
from antq.selection import SelectionError
from antq.units import province_names, system_for_year, unit_code_as_registered, unit_row
from antq.vocab import categories, indicators, national_units, report_years
from antq.vocab.bounds import latest_year

PERIOD_CHOICES = [vi for vi, _ in categories.PERIOD_KINDS.labels.values()]


@dataclass(frozen=True)
class FormUnit:
    """The unit a blank form is made for: the nation (VN), a region, a province, a district (years
    up to 2024) or a commune, in the unit system of the form's year."""

    year: int
    system: int
    code: str
    level: str
    name: str
    province: str  # its province's code (the nation's and a region's own code)


def form_unit(year, unit) -> FormUnit:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise SelectionError(f"Năm '{year}' không hợp lệ.") from None
    if not report_years.FIRST_REPORT_YEAR <= year <= latest_year():
        raise SelectionError(
            f"Năm {year} nằm ngoài phạm vi báo cáo ({report_years.FIRST_REPORT_YEAR}–{latest_year()})."
        )
    system = system_for_year(year)
    if unit is None or not str(unit).strip():
        raise SelectionError("Cần mã đơn vị báo cáo (--unit): VN, mã tỉnh, mã huyện (đến 2024) hoặc mã xã.")
    code = unit_code_as_registered(str(unit), system)
    row = unit_row(system, code)
    if row is None:
        raise SelectionError(
            f"Mã đơn vị '{unit}' không có trong danh mục {system} mà năm {year} dùng "
            f"(VN = toàn quốc; tỉnh 2 chữ số; huyện 3 chữ số, đến năm 2024; xã 5 chữ số)."
        )
    return FormUnit(year, system, code, row["level"], row["name"], row["province_code"])


def header_block(u: FormUnit) -> list[list[str]]:
    """(label, value, hint) rows above the table."""
    f = form.FIELDS
    province_hint = (
        f"{u.name}; không sửa."
        if u.level in national_units.CATALOGUE_LEVEL
        else f"{province_names(u.system)[u.province]} (danh mục {u.system}); không sửa."
    )
    return [
        [form.TITLE, "", ""],
        [f["kind"], form.KIND_VALUE, "Không sửa dòng này."],
        [f["province"], u.province, province_hint],
        [
            f["unit_code"],
            u.code,
            f"{u.name}; không sửa."
            if u.level in national_units.CATALOGUE_LEVEL
            else f"{u.name}. Có thể đổi thành mã một đơn vị khác của tỉnh (trang '{form.UNITS_SHEET}') "
            "nếu là báo cáo của đơn vị đó.",
        ],
        [f["unit_name"], "", "Không bắt buộc; nếu ghi, phải đúng tên của mã đơn vị (để kiểm tra mã)."],
        *_local_unit_rows(u),
        [f["year"], str(u.year), "Năm báo cáo (năm cuối của giai đoạn)."],
        [f["period_kind"], PERIOD_CHOICES[0], "Một trong: " + "; ".join(PERIOD_CHOICES) + "."],
        [f["half"], "", "Chỉ với kỳ Sáu tháng: 1 (sáu tháng đầu năm) hoặc 2 (sáu tháng cuối năm)."],
        [f["year_from"], "", "Chỉ với kỳ Giai đoạn: năm bắt đầu."],
        [f["reported_on"], "", "Ngày của văn bản báo cáo (ngày/tháng/năm), nếu có."],
        [f["reference"], "", "Số văn bản, trang hoặc địa chỉ URL của nguồn số liệu."],
        ["", "", ""],
    ]


def _local_unit_rows(u: FormUnit) -> list[list[str]]:
    """A commune's form may be the report of a named place below it (shown beside the commune's
    figures, never added to them)."""
    if u.level != "commune":
        return []
    kinds = "; ".join(vi for vi, _ in categories.VENUE_KINDS.labels.values())
    return [
        [
            form.FIELDS["local_unit_name"],
            "",
            "Chỉ khi đây là báo cáo của một thôn, tổ dân phố, cơ quan, trường học hoặc doanh nghiệp trên địa bàn xã: "
            "ghi tên (ví dụ 'Cảng hàng không Phù Cát'); để trống nếu là báo cáo của xã.",
        ],
        [form.FIELDS["local_unit_kind"], "", f"Đi cùng tên ở trên; một trong: {kinds}."],
    ]


def _unit_text(ind: indicators.Indicator) -> str:
    unit = indicators.UNITS[ind.unit][0]
    return f"{unit} (ghi số đạt/tổng số, ví dụ 845/879)" if ind.aggregation == "ratio" else unit


def table_rows(level: str | None = None) -> list[list[str]]:
    """The catalogue's rows; for a unit's own form only the indicators its level reports."""
    head = list(form.COLUMNS.values())
    rows = [head]
    reports_as = national_units.CATALOGUE_LEVEL.get(level, level)
    for ind in indicators.CATALOGUE:
        if reports_as is not None and reports_as not in ind.levels:
            continue
        rows.append([ind.code, indicators.GROUPS[ind.group][0], ind.label_vi, _unit_text(ind), "", ""])
    return rows


def instructions(u: FormUnit) -> list[str]:
    quals = "; ".join(f"'{w[0]}' = {vi}" for words, vi, _ in indicators.QUALIFIERS.values() if (w := words))
    return [
        "BIỂU MẪU BÁO CÁO KẾT QUẢ (SỐ LIỆU TỔNG HỢP)",
        f"{u.name} (mã {u.code}), năm {u.year}; đơn vị hành chính theo danh mục {u.system}.",
        "",
        f"1. Mỗi trang '{form.FORM_SHEET}' là báo cáo của một đơn vị cho một kỳ. Báo cáo của tỉnh: giữ nguyên mã "
        f"tỉnh. Báo cáo của một xã (huyện): ghi mã của đơn vị đó (trang '{form.UNITS_SHEET}'). Nhiều đơn vị: sao "
        "chép trang (chuột phải > Di chuyển hoặc Sao chép) và sửa mã đơn vị.",
        "2. Ghi số liệu vào cột 'Số liệu' đúng như văn bản báo cáo: '5.800' hoặc '5800'; số thập phân dùng dấu "
        f"phẩy ('35,5'); có thể ghi 'tỷ', 'triệu', 'nghìn'. Số ước lượng: {quals} (ví dụ 'trên 5.800').",
        "3. Chỉ tiêu dạng 'x/y' (ví dụ số xã tổ chức Ngày hội trên tổng số xã): ghi '845/879'.",
        "4. Chỉ tiêu chưa có số liệu: để trống (để trống là 'chưa báo cáo', không phải số 0). Ghi 0 nếu thật sự "
        "bằng 0.",
        "5. Không sửa cột 'Mã chỉ tiêu' và dòng tiêu đề của bảng.",
        "",
        "Khi nhập (python -m antq import TỆP, hoặc trang Nhập dữ liệu): cả tệp được nhập hoặc không nhập gì; mọi lỗi "
        "được liệt kê kèm trang, dòng, cột. Một báo cáo mới của cùng đơn vị, cùng kỳ thay thế báo cáo trước trong "
        "các số liệu hiển thị; báo cáo trước vẫn được lưu và xem lại được.",
    ]


def csv_bytes(year, unit) -> bytes:
    u = form_unit(year, unit)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(header_block(u))
    w.writerows(table_rows(u.level))
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def xlsx_bytes(year, unit) -> bytes:
    u = form_unit(year, unit)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    text = wb.add_format({"num_format": "@"})
    hint = wb.add_format({"italic": True, "font_color": "#595959"})
    value = wb.add_format({"num_format": "@", "bg_color": "#FFF2CC", "border": 1})
    ws = wb.add_worksheet(form.FORM_SHEET)
    block = header_block(u)
    for i, (label, v, h) in enumerate(block):
        ws.write_string(i, 0, label, bold)
        ws.write_string(i, 1, v, value if label and i > 1 else text)
        ws.write_string(i, 2, h, hint)
    period_row = next(i for i, r in enumerate(block) if r[0] == form.FIELDS["period_kind"])
    ws.data_validation(period_row, 1, period_row, 1, {"validate": "list", "source": PERIOD_CHOICES})
    top = len(block)
    for i, row in enumerate(table_rows(u.level)):
        for j, cell in enumerate(row):
            if i == 0:
                ws.write_string(top, j, cell, head)
            elif j == 4:
                ws.write_blank(top + i, j, None, value)
            else:
                ws.write_string(top + i, j, cell, text)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 3, 18)
    ws.set_column(4, 5, 22)
    ws.freeze_panes(top + 1, 0)
    units = wb.add_worksheet(form.UNITS_SHEET)
    frame = units_frame(u.province, u.system)
    for j, c in enumerate(frame.columns):
        units.write_string(0, j, c, head)
    for i, r in enumerate(frame.iter_rows(), 1):
        for j, cell in enumerate(r):
            units.write_string(i, j, "" if cell is None else str(cell), text)
    units.set_column(0, 0, 12)
    units.set_column(1, 1, 40)
    help_ws = wb.add_worksheet(form.HELP_SHEET)
    for i, line in enumerate(instructions(u)):
        help_ws.write_string(i, 0, line, bold if i == 0 else None)
    help_ws.set_column(0, 0, 140)
    wb.close()
    return buf.getvalue()


def write(year, unit, out: Path) -> Path:
    """The blank form of `unit` (a unit's code: VN, a province, a district or a commune) for `year`."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SelectionError(f"Tệp mẫu phải có đuôi .xlsx hoặc .csv, không phải '{out.name}'.")
    data = xlsx_bytes(year, unit) if suffix == ".xlsx" else csv_bytes(year, unit)
    out.write_bytes(data)
    return out
