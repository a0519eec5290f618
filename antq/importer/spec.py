"""The columns of each kind of import file: header labels, types, vocabularies.

Headers are the dashboard's own Vietnamese column labels (antq.i18n), so a template, an export and
an import speak the same words. A header is also accepted as its English label or its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from antq import i18n
from antq.text import fold
from antq.vocab.categories import BY_COLUMN, IMPORT_KINDS, REPORT_IMPORT_KIND

# The kinds and their names come from the one vocabulary (antq.vocab.categories.IMPORT_KINDS); the
# result report form is read by antq.reports, not by these column specs.
KINDS = tuple(k for k in IMPORT_KINDS.codes if k != REPORT_IMPORT_KIND)
KIND_LABELS = {k: IMPORT_KINDS.label(k) for k in IMPORT_KINDS.codes}
KIND_SHORT = {"festivals": "Ngày hội", "commendations": "Khen thưởng", "models": "Mô hình", "evaluations": "Phân loại"}

DATA_SHEET = "Dữ liệu"
UNITS_SHEET = "Đơn vị"
INFO_SHEET = "Thông tin"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"


@dataclass(frozen=True)
class Col:
    key: str  # the store's column name
    type: str  # year | code | text | date | vocab | bool | int
    required: bool = False  # a value is needed in every row
    must_have_column: bool = False  # the header must be present
    default: object = None  # used when the cell is blank and the column is not required
    note: str = ""  # one line for the instructions sheet

    @property
    def label(self) -> str:
        return LABEL_OVERRIDES.get(self.key) or i18n.column(self.key)


LABEL_OVERRIDES = {"unit_name": "Tên đơn vị", "model_name": "Tên mô hình"}
# The evaluation file's unit columns are the commune's: the evaluated unit is named in its own column.
EVALUATION_UNIT_NOTE = "Mã xã (phường, đặc khu) nơi đơn vị được phân loại ở, theo trang 'Đơn vị'."

_COMMON = (
    Col("year", "year", True, True, note="Năm báo cáo (số, ví dụ 2024)."),
    Col(
        "unit_code",
        "code",
        False,
        True,
        note="Mã đơn vị theo danh mục của năm (xem trang 'Đơn vị'). Bỏ trống thì phải ghi đúng Tên đơn vị.",
    ),
    Col("unit_name", "text", note="Tên đơn vị (xã, phường...; hoặc huyện, tỉnh nếu đơn vị cấp trên tổ chức)."),
)

COLUMNS: dict[str, tuple[Col, ...]] = {
    "festivals": _COMMON
    + (
        Col("held_on", "date", True, True, note="Ngày tổ chức, dạng ngày/tháng/năm (trong năm báo cáo)."),
        Col("venue_kind", "vocab", True, True, note="Chọn trong danh sách."),
        Col("venue_name", "text", note="Tên thôn, tổ dân phố, cơ quan, doanh nghiệp, trường học..."),
        Col("is_pilot", "bool", default=False, note="Có / Không (bỏ trống = Không)."),
        Col("participants", "int", True, True, note="Số nguyên không âm."),
        Col(
            "households",
            "int",
            note="Số nguyên không âm, không lớn hơn số người tham gia; bỏ trống nếu không thống kê.",
        ),
        Col("has_ceremony", "bool", default=False, note="Có / Không (bỏ trống = Không)."),
        Col("has_culture_sports", "bool", default=False, note="Có / Không (bỏ trống = Không)."),
        Col("has_police_forum", "bool", default=False, note="Có / Không (bỏ trống = Không)."),
        Col("has_policy_visits", "bool", default=False, note="Có / Không (bỏ trống = Không)."),
        Col("gift_packages", "int", default=0, note="Số nguyên không âm (bỏ trống = 0)."),
        Col("gift_value_vnd", "int", default=0, note="Đồng, số nguyên không âm (bỏ trống = 0)."),
        Col("budget_vnd", "int", note="Đồng, số nguyên không âm; bỏ trống nếu không thống kê."),
    ),
    "commendations": _COMMON
    + (
        Col("award", "vocab", True, True, note="Chọn trong danh sách."),
        Col("recipient_kind", "vocab", True, True, note="Tập thể / Cá nhân. Kỷ niệm chương chỉ tặng cá nhân."),
        Col("recipients", "int", True, True, note="Số nguyên không âm."),
    ),
    "models": _COMMON
    + (
        Col("model_id", "text", note="Mã mô hình do tỉnh đặt (nếu có); bỏ trống thì hệ thống tự tạo từ tên và đơn vị."),
        Col("model_name", "text", True, True, note="Tên mô hình."),
        Col("category", "vocab", True, True, note="Chọn trong danh sách."),
        Col("established_year", "int", True, True, note="Năm thành lập (không sau năm báo cáo)."),
        Col("status", "vocab", True, True, note="Chọn trong danh sách."),
        Col("sites", "int", True, True, note="Số điểm nhân rộng, số nguyên không âm."),
    ),
    # The year's evaluation (Quyết định 510/QĐ-BCA-V05, Thông tư 124/2021/TT-BCA): one row per
    # residential area, commune, agency, enterprise or school, under its commune.
    "evaluations": (
        _COMMON[0],
        Col("unit_code", "code", False, True, note=EVALUATION_UNIT_NOTE + " Bỏ trống thì phải ghi đúng Tên đơn vị."),
        Col("unit_name", "text", note="Tên xã (phường, đặc khu) nơi đơn vị được phân loại ở."),
        Col(
            "eval_subject",
            "vocab",
            True,
            True,
            note="Khu dân cư / Xã, phường, đặc khu / Cơ quan / Doanh nghiệp / Nhà trường.",
        ),
        Col(
            "evaluated_name",
            "text",
            True,
            True,
            note="Tên khu dân cư (thôn, tổ dân phố), cơ quan, doanh nghiệp, nhà trường; với xã: tên xã.",
        ),
        Col(
            "self_grade", "vocab", note="Đơn vị tự đánh giá: Xuất sắc / Khá / Trung bình / Yếu (bỏ trống nếu không có)."
        ),
        Col(
            "grade",
            "vocab",
            True,
            True,
            note="Xếp loại sau khi cấp trên thẩm định: Xuất sắc / Khá / Trung bình / Yếu "
            "(khu dân cư trước 20/11, các đơn vị khác trước 30/11).",
        ),
        Col(
            "recognised_safe",
            "bool",
            default=False,
            note="Được công nhận “An toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA): "
            "Có / Không (bỏ trống = Không).",
        ),
    ),
}


__all__ = ["fold"]  # the project's one accent-folding helper (antq.text), used by every rule


def header_aliases(kind: str) -> dict[str, str]:
    """folded header text -> column key, for every way a column may be headed."""
    out: dict[str, str] = {}
    for c in COLUMNS[kind]:
        names = {c.label, c.key, i18n.column(c.key, "en"), i18n.column(c.key)}
        if c.key == "unit_name":
            names |= {"Đơn vị", "Tên đơn vị", "Unit"}
        if c.key == "model_name":
            names |= {"Tên mô hình", "Model"}
        for n in names:
            out[fold(n)] = c.key
    return out


def all_header_aliases() -> set[str]:
    return {a for k in KINDS for a in header_aliases(k)}


def vocab(key: str) -> dict[str, str]:
    """folded accepted spelling -> code, for a categorical column: the code, its Vietnamese and its
    English label."""
    out: dict[str, str] = {}
    for code, (vi, en) in BY_COLUMN[key].labels.items():
        for v in (code, vi, en):
            out[fold(v)] = code
    return out


BOOL_WORDS = {
    **{w: True for w in ("co", "x", "1", "true", "yes", "dung", "y")},
    **{w: False for w in ("khong", "0", "false", "no", "sai", "n")},
}
