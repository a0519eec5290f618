"""Blank import templates: one per kind, province and year.

XLSX: the data sheet with Vietnamese headers, drop-downs for categorical and yes/no columns, the
unit-code column kept as text (leading zeros survive); a sheet of the province's units for that
year's system; the instructions; and a "Thông tin" sheet (kind, province, year) that the importer
reads back. CSV: the same header row, UTF-8 with BOM.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import xlsxwriter

from antq import i18n
from antq.importer import spec
from antq.importer.reader import col_letter
from antq.selection import SelectionError, check_provinces
from antq.units import SYSTEM_NEW, registry, system_for_year

TEMPLATE_VERSION = "1"
VALIDATED_ROWS = 20000  # rows of the data sheet that get drop-downs and formats
BOOL_CHOICES = ["Có", "Không"]


def _check(kind: str, year: int, province: str) -> tuple[int, str, str]:
    from antq.db import YEAR_FIRST_ALLOWED
    from antq.importer.validate import last_year

    if kind not in spec.KINDS:
        raise SelectionError(f"Loại mẫu '{kind}' không có; chọn một trong: {', '.join(spec.KINDS)}.")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise SelectionError(f"Năm '{year}' không hợp lệ.") from None
    if not YEAR_FIRST_ALLOWED <= year <= last_year():
        raise SelectionError(f"Năm {year} nằm ngoài phạm vi của bảng điều khiển ({YEAR_FIRST_ALLOWED}–{last_year()}).")
    system = system_for_year(year)
    (code,) = check_provinces([province], system) or ("",)
    if not code:
        raise SelectionError("Cần một mã tỉnh (--province).")
    return year, code, system


def units_frame(province: str, system: int) -> pl.DataFrame:
    """The province's units a row may name: the province itself, and for the 2008 system its
    districts, then the communes (each under its district)."""
    u = registry().units.filter((pl.col("units_system") == system) & (pl.col("province_code") == province))
    districts = dict(
        zip(u.filter(pl.col("level") == "district")["unit_code"], u.filter(pl.col("level") == "district")["name"])
    )
    order = {"province": 0, "district": 1, "commune": 2}
    return (
        u.with_columns(
            _o=pl.col("level").replace_strict(order, return_dtype=pl.Int8),
            district=pl.col("district_code").replace_strict(districts, default=None, return_dtype=pl.String),
        )
        .sort("_o", "unit_code")
        .select(
            pl.col("unit_code").alias("Mã đơn vị"),
            pl.col("name").alias("Tên đơn vị"),
            pl.col("level").replace_strict({"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}).alias("Cấp"),
            pl.col("district").alias("Thuộc huyện"),
            pl.col("is_base")
            .replace_strict({True: "Có", False: "Không"}, return_dtype=pl.String)
            .alias("Đơn vị cơ sở"),
        )
    )


def instructions(kind: str, year: int, province: str, system: int) -> list[str]:
    cols = spec.COLUMNS[kind]
    sys_text = (
        "danh mục 34 tỉnh, thành phố (từ 01/7/2025): xã, phường, đặc khu trực thuộc tỉnh"
        if system == SYSTEM_NEW
        else "danh mục 63 tỉnh, thành phố (đến 30/6/2025): tỉnh - huyện - xã"
    )
    lines = [
        f"MẪU NHẬP SỐ LIỆU: {spec.KIND_LABELS[kind].upper()}",
        f"Tỉnh/thành phố mã {province}, năm {year}; đơn vị hành chính theo {sys_text}.",
        "",
        "Cách điền",
        f"1. Mỗi dòng của trang '{spec.DATA_SHEET}' là một "
        + {
            "festivals": "điểm tổ chức Ngày hội (một đơn vị tổ chức, một địa điểm, một ngày).",
            "commendations": "hình thức khen thưởng của một đơn vị cho một loại đối tượng (tập thể hoặc cá nhân).",
            "models": "mô hình trong năm báo cáo (mô hình chạy nhiều năm thì mỗi năm một dòng, cùng mã mô hình).",
            "evaluations": "đơn vị được phân loại (một khu dân cư, xã, cơ quan, doanh nghiệp hoặc nhà trường), "
            "ghi dưới mã xã nơi nó ở.",
        }[kind],
        "2. Giữ nguyên dòng tiêu đề (dòng 1): không đổi tên, không gộp ô, không chèn dòng phía trên.",
        f"3. Đơn vị: ghi Mã đơn vị theo trang '{spec.UNITS_SHEET}' (giữ cả số 0 ở đầu). "
        "Có thể chỉ ghi Tên đơn vị nếu tên đó là duy nhất trong tỉnh; hệ thống gợi ý tên gần đúng nếu ghi sai.",
        "4. Các cột có danh sách thả xuống: chọn trong danh sách (cũng chấp nhận mã tiếng Anh của giá trị).",
        "5. Số: ghi số nguyên không âm, không ghi chữ hay đơn vị ('1.250' hoặc '1250' đều được).",
        "6. Ngày: ghi dạng ngày/tháng/năm (ví dụ 15/08/" + str(year) + "); ngày phải thuộc năm báo cáo. "
        "Ngày ngoài thời gian tổ chức Ngày hội của năm (mặc định 01/7–19/8) chỉ được cảnh báo.",
        "",
        "Khi nhập",
        "- Cả tệp được nhập hoặc không nhập gì: nếu có lỗi, trang Nhập dữ liệu (hoặc lệnh 'python -m antq import') "
        "liệt kê mọi lỗi kèm trang tính, dòng, cột và cách sửa; tải báo cáo lỗi dạng CSV.",
        "- Số liệu nhập thay thế toàn bộ số liệu minh họa của tỉnh và năm đó. "
        "Nếu tỉnh và năm đó đã có số liệu nhập từ tệp khác, cần xác nhận 'Thay thế' (lệnh: --replace).",
        "- Nhập lại đúng tệp đã nhập không làm thay đổi gì. Mọi tệp được nhập đều được lưu nguyên bản.",
        "",
        "Các cột",
    ]
    for c in cols:
        need = (
            "bắt buộc"
            if c.required
            else ("cột bắt buộc, giá trị có thể để trống" if c.must_have_column else "không bắt buộc")
        )
        extra = ""
        if c.type == "vocab":
            extra = " Giá trị: " + "; ".join(i18n.value_labels(c.key).values()) + "."
        lines.append(f"- {c.label} ({need}): {c.note}{extra}")
    return lines


def xlsx_bytes(kind: str, year: int, province: str) -> bytes:
    year, province, system = _check(kind, year, province)
    cols = spec.COLUMNS[kind]
    units = units_frame(province, system)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    integer = wb.add_format({"num_format": "#,##0"})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    data = wb.add_worksheet(spec.DATA_SHEET)
    units_ws = wb.add_worksheet(spec.UNITS_SHEET)
    lists = wb.add_worksheet(spec.LISTS_SHEET)
    helpws = wb.add_worksheet(spec.HELP_SHEET)
    info = wb.add_worksheet(spec.INFO_SHEET)

    # Lists for drop-downs live on their own sheet: a list typed into the validation itself is
    # limited to 255 characters, which the award names exceed.
    list_cols = [c for c in cols if c.type in ("vocab", "bool")]
    list_ref = {}
    for j, c in enumerate(list_cols):
        values = list(i18n.value_labels(c.key).values()) if c.type == "vocab" else BOOL_CHOICES
        lists.write_string(0, j, c.label, bold)
        for i, v in enumerate(values, start=1):
            lists.write_string(i, j, v)
        list_ref[c.key] = f"='{spec.LISTS_SHEET}'!${col_letter(j)}$2:${col_letter(j)}${len(values) + 1}"
    lists.hide()

    last = VALIDATED_ROWS
    for j, c in enumerate(cols):
        data.write_string(0, j, c.label, head)
        fmt = {"code": text, "text": text, "date": date, "int": integer}.get(c.type)
        data.set_column(j, j, max(12, min(36, len(c.label) + 2)), fmt)
        if c.note:
            data.write_comment(0, j, c.note, {"x_scale": 2, "y_scale": 1.2})
        if c.key in list_ref:
            data.data_validation(
                1,
                j,
                last,
                j,
                {
                    "validate": "list",
                    "source": list_ref[c.key],
                    "error_title": c.label[:32],
                    "error_message": "Chọn một giá trị trong danh sách.",
                },
            )
        elif c.type == "year" or c.key == "established_year":
            lo, hi = (year, year) if c.type == "year" else (1990, year)
            data.data_validation(
                1,
                j,
                last,
                j,
                {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": lo,
                    "maximum": hi,
                    "error_title": c.label[:32],
                    "error_message": f"Năm từ {lo} đến {hi}.",
                },
            )
        elif c.type == "int":
            data.data_validation(
                1,
                j,
                last,
                j,
                {
                    "validate": "integer",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": c.label[:32],
                    "error_message": "Số nguyên không âm.",
                },
            )
        elif c.type == "date":
            import datetime as dt

            data.data_validation(
                1,
                j,
                last,
                j,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": dt.date(year, 1, 1),
                    "maximum": dt.date(year, 12, 31),
                    "error_title": c.label[:32],
                    "error_message": f"Ngày trong năm {year}, dạng ngày/tháng/năm.",
                },
            )
        elif c.key == "unit_code":
            data.data_validation(
                1,
                j,
                last,
                j,
                {
                    "validate": "list",
                    "source": f"='{spec.UNITS_SHEET}'!$A$2:$A${units.height + 1}",
                    "error_type": "warning",
                    "error_title": c.label[:32],
                    "error_message": f"Mã không có trong trang '{spec.UNITS_SHEET}'.",
                },
            )
    data.freeze_panes(1, 0)

    for j, name in enumerate(units.columns):
        units_ws.write_string(0, j, name, head)
    units_ws.set_column(0, 0, 12, text)
    units_ws.set_column(1, 1, 36)
    units_ws.set_column(2, 2, 8)
    units_ws.set_column(3, 3, 30)
    units_ws.set_column(4, 4, 14)
    for i, row in enumerate(units.iter_rows(), start=1):
        for j, v in enumerate(row):
            if v is not None:
                units_ws.write_string(i, j, str(v))
    units_ws.freeze_panes(1, 0)
    units_ws.autofilter(0, 0, units.height, units.width - 1)

    helpws.set_column(0, 0, 120, wrap)
    for i, line in enumerate(instructions(kind, year, province, system)):
        helpws.write_string(i, 0, line, bold if i == 0 or line in ("Cách điền", "Khi nhập", "Các cột") else wrap)

    prov_name = registry().units.filter((pl.col("units_system") == system) & (pl.col("unit_code") == province))["name"][
        0
    ]
    meta = [
        ("Loại số liệu", kind),
        ("Tên loại số liệu", spec.KIND_LABELS[kind]),
        ("Mã tỉnh", province),
        ("Tên tỉnh", prov_name),
        ("Năm", str(year)),
        ("Hệ đơn vị", str(system)),
        ("Phiên bản mẫu", TEMPLATE_VERSION),
    ]
    info.set_column(0, 0, 22, bold)
    info.set_column(1, 1, 44, text)
    for i, (k, v) in enumerate(meta):
        info.write_string(i, 0, k)
        info.write_string(i, 1, v)
    info.write_string(len(meta) + 1, 0, "Trang này để hệ thống nhận biết tệp mẫu; không sửa.")
    info.protect()
    data.activate()
    wb.close()
    return buf.getvalue()


def csv_bytes(kind: str, year: int, province: str) -> bytes:
    _check(kind, year, province)
    return (
        "\ufeff" + ",".join(c.label if "," not in c.label else f'"{c.label}"' for c in spec.COLUMNS[kind]) + "\r\n"
    ).encode()


def file_name(kind: str, year: int, province: str, ext: str = "xlsx") -> str:
    return f"mau_{kind}_{province}_{year}.{ext}"


def write(kind: str, year: int, province: str, out: Path) -> Path:
    out = Path(out)
    data = csv_bytes(kind, year, province) if out.suffix.lower() == ".csv" else xlsx_bytes(kind, year, province)
    out.write_bytes(data)
    return out
