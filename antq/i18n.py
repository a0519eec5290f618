"""Words the user reads, Vietnamese first, English as a switch; every number and date format
(through Babel, here and nowhere else).

One vocabulary from SQL to UI: a column or value keeps its snake_case name in the store and gets
its label here (category labels come from antq/vocab/categories.py).
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from antq.vocab import categories, reporting, unit_systems

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
# Patterns rather than Babel's "short"/"medium": Vietnamese officials write 01/07/2025 (Babel's vi
# short form is 1/7/25), and a day-month-year English form reads the same way.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DATETIME_PATTERNS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy HH:mm"}

# Column labels: column -> (Vietnamese, English)
COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Năm", "Year"),
    "province_code": ("Mã tỉnh", "Province code"),
    "province_name": ("Tỉnh, thành phố", "Province"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Đơn vị", "Unit"),
    "provinces": ("Số tỉnh, thành phố", "Provinces"),
    "communes_total": ("Tổng số xã, phường, đặc khu", "Communes (total)"),
    "communes_covered": ("Số xã tổ chức Ngày hội", "Communes that held the festival"),
    "coverage_pct": ("Tỷ lệ xã tổ chức (%)", "Commune coverage (%)"),
    "festival_points": ("Số điểm tổ chức Ngày hội", "Festival points"),
    "pilot_points": ("Số điểm chỉ đạo", "Pilot points"),
    "participants": ("Số người tham gia", "Participants"),
    "households": ("Số hộ gia đình", "Households"),
    "participants_per_point": ("Người tham gia / điểm", "Participants per point"),
    "gift_packages": ("Số suất quà", "Gift packages"),
    "gift_value_vnd": ("Giá trị quà (đồng)", "Gift value (VND)"),
    "budget_vnd": ("Kinh phí (đồng)", "Budget (VND)"),
    "commendations": ("Số lượt khen thưởng (tập thể + cá nhân)", "Commendations (collectives + individuals)"),
    "models_active": ("Số mô hình đang hoạt động", "Active models"),
    "models_effective": ("Số mô hình hoạt động hiệu quả", "Models rated effective"),
    "models_new": ("Số mô hình mới", "New models"),
    "models_dissolved": ("Số mô hình giải thể", "Dissolved models"),
    "model_sites": ("Số điểm nhân rộng", "Replication sites"),
    "models_per_100_communes": ("Mô hình / 100 xã", "Models per 100 communes"),
    "exemplars": ("Số điển hình tiên tiến", "Exemplars"),
    # over how many units a row's figures are computed (antq/vocab/reporting.py: not reported is not zero)
    "source_provinces": ("Số tỉnh theo danh mục của năm", "Provinces in the year's own system"),
    "festivals_reported": ("Số tỉnh đã báo cáo Ngày hội", "Provinces that reported the festival"),
    "commendations_reported": ("Số tỉnh đã báo cáo khen thưởng", "Provinces that reported commendations"),
    "models_reported": ("Số tỉnh đã báo cáo mô hình", "Provinces that reported models"),
    "exemplars_reported": ("Số tỉnh đã báo cáo điển hình", "Provinces that reported exemplars"),
    "communes_reported": ("Số xã của các tỉnh đã báo cáo Ngày hội", "Communes of provinces that reported the festival"),
    "communes_models_reported": ("Số xã của các tỉnh đã báo cáo mô hình", "Communes of provinces that reported models"),
    "held_on": ("Ngày tổ chức", "Date"),
    "venue_kind": ("Loại địa bàn", "Venue kind"),
    "venue_name": ("Địa điểm", "Venue"),
    "is_pilot": ("Điểm chỉ đạo", "Pilot point"),
    "has_ceremony": ("Phần lễ", "Ceremony"),
    "has_culture_sports": ("Văn hóa, thể thao", "Culture and sports"),
    "has_police_forum": ("Diễn đàn Công an lắng nghe ý kiến Nhân dân", "Police listening forum"),
    "has_policy_visits": ("Thăm, tặng quà gia đình chính sách", "Visits and gifts to policy families"),
    "award": ("Hình thức khen thưởng", "Award"),
    "recipient_kind": ("Đối tượng", "Recipient kind"),
    "recipients": ("Số lượng", "Count"),
    "model_id": ("Mã mô hình", "Model ID"),
    "model_name": ("Tên mô hình", "Model"),
    "category": ("Loại mô hình", "Category"),
    "established_year": ("Năm thành lập", "Year established"),
    "status": ("Tình trạng", "Status"),
    "sites": ("Số điểm nhân rộng", "Replication sites"),
    "field": ("Lĩnh vực", "Field"),
    "eval_subject": ("Loại đơn vị được phân loại", "Kind of unit evaluated"),
    "evaluated_name": ("Tên đơn vị được phân loại", "Unit evaluated"),
    "self_grade": ("Tự đánh giá", "Self-assessment"),
    "grade": ("Xếp loại (sau thẩm định)", "Grade (after review)"),
    "recognised_safe": ("An toàn về ANTT", "Recognised safe"),
    "source_kind": ("Nguồn dữ liệu", "Data source"),
    "rank": ("Xếp hạng", "Rank"),
    "value": ("Giá trị", "Value"),
    "indicator": ("Mã chỉ tiêu", "Indicator code"),
    "indicator_label": ("Chỉ tiêu", "Indicator"),
    "denominator": ("Trên tổng số", "Out of"),
    "qualifier": ("Cách ghi", "As written"),
    "sources": ("Nguồn", "Source"),
    "figure": ("Số liệu", "Figure"),
}

# Categorical values: column -> value -> (Vietnamese, English), from antq/vocab (their one home).
VALUES: dict[str, dict[str, tuple[str, str]]] = {
    **{column: dict(v.labels) for column, v in categories.BY_COLUMN.items()},
    "units": {str(system): labels for system, labels in unit_systems.SYSTEM_LABELS.items()},
}
BOOL_LABELS = {True: ("Có", "Yes"), False: ("Không", "No")}


def _i(lang: str) -> int:
    return 1 if lang == "en" else 0


# The word for a value written as it is (no "trên", "gần", "khoảng").
EXACT_WORDS = ("chính xác", "exact")
# A headline figure's companions from the store (service.table): its qualifier and its sources.
COLUMN_SUFFIXES = {"_qualifier": ("cách ghi", "as written"), "_sources": ("nguồn", "source")}


def column(name: str, lang: str = DEFAULT_LANG) -> str:
    pair = COLUMNS.get(name)
    if pair:
        return pair[_i(lang)]
    for suffix, words in COLUMN_SUFFIXES.items():
        base = COLUMNS.get(name.removesuffix(suffix)) if name.endswith(suffix) else None
        if base:
            return f"{base[_i(lang)]} ({words[_i(lang)]})"
    return name


def value(col: str, val, lang: str = DEFAULT_LANG) -> str:
    if isinstance(val, bool):
        return BOOL_LABELS[val][_i(lang)]
    pair = VALUES.get(col, {}).get(str(val))
    return pair[_i(lang)] if pair else str(val)


def value_labels(col: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    return {k: v[_i(lang)] for k, v in VALUES.get(col, {}).items()}


def number(x, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """1234567 -> '1.234.567' (vi) or '1,234,567' (en); None/NaN -> '–'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=fmt, locale=_locale(lang))


def percent(x, decimals: int = 1, lang: str = DEFAULT_LANG) -> str:
    return "–" if x is None else f"{number(x, decimals, lang)}%"


def not_reported(lang: str = DEFAULT_LANG) -> str:
    return reporting.NOT_REPORTED[_i(lang)]


def figure(x, decimals: int = 0, lang: str = DEFAULT_LANG, pct: bool = False) -> str:
    """A headline figure: null means the unit has not reported it ("chưa báo cáo"), never 0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return not_reported(lang)
    return percent(x, decimals, lang) if pct else number(x, decimals, lang)


def reported_basis(row: dict, kind: str, lang: str = DEFAULT_LANG, merged: bool = False) -> str:
    """Over how many provinces a total of `kind` is computed: "1 trong 2 tỉnh cũ đã báo cáo Ngày hội"
    (`merged`: the provinces are the year's own, shown re-aggregated onto today's)."""
    n, of = row.get(reporting.reported_column(kind)) or 0, row.get("source_provinces") or 0
    what = reporting.KIND_WORDS[kind][_i(lang)]
    if lang == "en":
        unit = "former provinces" if merged else "provinces"
        return f"{number(n, lang=lang)} of {number(of, lang=lang)} {unit} reported {what}"
    unit = "tỉnh cũ" if merged else "tỉnh, thành phố"
    return f"{number(n)} trong {number(of)} {unit} đã báo cáo {what}"


def share_basis(pct, communes: int | None, lang: str = DEFAULT_LANG) -> str:
    """A share with what it is of: "44,0% của 172 xã" (the communes of the provinces that reported)."""
    if pct is None:
        return not_reported(lang)
    if lang == "en":
        return f"{percent(pct, 1, lang)} of {number(communes, lang=lang)} communes"
    return f"{percent(pct, 1)} của {number(communes)} xã"


def date(d: dt.date | dt.datetime | None, lang: str = DEFAULT_LANG) -> str:
    """01/07/2025 (vi) or 1 Jul 2025 (en); None -> '–'."""
    if d is None:
        return "–"
    return format_date(d, DATE_PATTERNS.get(lang, DATE_PATTERNS[DEFAULT_LANG]), locale=_locale(lang))


def datetime(d: dt.datetime | None, lang: str = DEFAULT_LANG) -> str:
    if d is None:
        return "–"
    return format_datetime(d, DATETIME_PATTERNS.get(lang, DATETIME_PATTERNS[DEFAULT_LANG]), locale=_locale(lang))


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES[DEFAULT_LANG])


def reported(
    value, qualifier: str | None = None, lang: str = DEFAULT_LANG, denominator=None, qualifier_word=None, unit=None
) -> str:
    """A reported value as written: 'trên 5.800', 'hơn 5.800' (the source's word), 'khoảng 12,5', a
    ratio '76/172', a percentage '96,5%'; None -> '–'. The one rule is
    antq/vocab/report_rules.py `as_published`."""
    from antq.vocab.report_rules import as_published

    return as_published(value, qualifier, qualifier_word, lang, unit, denominator)


def headline(row: dict, field: str, lang: str = DEFAULT_LANG, decimals: int = 0, pct: bool = False) -> str:
    """A headline figure as published: with its qualifier when the store gave one ("trên 5.800"),
    "chưa báo cáo" when nobody reported it (never 0)."""
    x = row.get(field)
    q = row.get(f"{field}_qualifier")
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return not_reported(lang)
    if pct:
        return percent(x, 1, lang)
    if q is None:
        return number(x, decimals, lang)
    return reported(x, q, lang, qualifier_word=row.get(f"{field}_qualifier_word"))


def figure_origin(row: dict, field: str, lang: str = DEFAULT_LANG, units_word: tuple[str, str] | None = None) -> str:
    """Where a headline figure came from and what it covers: "báo cáo; tổng các tỉnh: 37 (1/63)".
    Empty when the row carries no store columns for the figure."""
    from antq.vocab.categories import FIGURE_SOURCES

    sources = row.get(f"{field}_sources")
    if row.get(field) is None or not sources:
        return ""
    text = ", ".join(FIGURE_SOURCES.label(s, lang) for s in sources if s in FIGURE_SOURCES.codes)
    lower, n, of = row.get(f"{field}_lower"), row.get(f"{field}_lower_units"), row.get(f"{field}_lower_total")
    if row.get(f"{field}_own") is not None and lower is not None and of:
        # the nation's own report: its lower units are the provinces
        provinces = of == row.get("provinces") and row.get(f"{field}_own") is not None
        word = units_word or (("tỉnh", "provinces") if provinces else ("đơn vị", "units"))
        written = reported(lower, row.get(f"{field}_lower_qualifier"), lang)
        beside = f"{written} ({number(n, lang=lang)}/{number(of, lang=lang)} {word[_i(lang)]})"
        if provinces:
            text += ("; sum of the provinces: " if lang == "en" else "; tổng các tỉnh: ") + beside
        else:
            text += ("; sum of lower units: " if lang == "en" else "; tổng các đơn vị cấp dưới: ") + beside
    elif row.get("provinces") == 1 and n is not None and of:  # one province: how many units under it
        text += f" ({number(n, lang=lang)}/{number(of, lang=lang)} " + (
            "lower units)" if lang == "en" else "đơn vị cấp dưới)"
        )
    elif row.get(f"{field}_units") is not None and row.get("provinces"):
        n, of = row[f"{field}_units"], row["provinces"]
        text += f" ({number(n, lang=lang)}/{number(of, lang=lang)} " + ("provinces)" if lang == "en" else "tỉnh)")
    return text


# Labels of the review of reports (antq/cycle/review.py, pages/review.py, the "approved only" filter).
TEXTS: dict[str, tuple[str, str]] = {
    "approved_only": ("Chỉ số liệu đã duyệt", "Approved figures only"),
    "approved_only_help": (
        "Chỉ tính số liệu từ các báo cáo đã được cấp trên duyệt; báo cáo nháp, chờ duyệt, bị trả lại, "
        "văn bản và số liệu chi tiết không được tính.",
        "Only figures from reports the level above approved; drafts, submitted or returned reports, documents "
        "and detail rows are left out.",
    ),
    "approved_only_on": (
        "Đang xem chỉ số liệu đã duyệt: số liệu chưa được duyệt không được tính.",
        "Showing approved figures only: figures not yet approved are left out.",
    ),
    "review_title": ("Duyệt báo cáo", "Review reports"),
    "review_state": ("Trạng thái duyệt", "Review state"),
    "review_queue": ("Báo cáo chờ duyệt", "Reports awaiting review"),
    "review_none": ("Không có báo cáo nào chờ bạn duyệt.", "No report is waiting for your review."),
    "review_reviewed": ("Báo cáo đã xử lý", "Reports reviewed"),
    "review_own": ("Báo cáo của đơn vị bạn chưa gửi", "Your units' reports not yet submitted"),
    "review_pick": ("Báo cáo", "Report"),
    "review_figures": ("Số liệu và số liệu trước đó của đơn vị", "Figures beside the unit's previous ones"),
    "review_history": ("Lịch sử duyệt của đơn vị và kỳ", "Review history of the unit and period"),
    "review_comment": ("Nhận xét (bắt buộc khi trả lại, mở khóa)", "Comment (required to return or unlock)"),
    "submit_now": ("Gửi lên cấp trên duyệt", "Submit for review"),
    "submit_now_help": (
        "Bỏ chọn để lưu nháp: cấp trên chưa thấy báo cáo trong hàng chờ duyệt cho tới khi gửi (trang Duyệt báo cáo).",
        "Untick to save a draft: the level above does not see it in its queue until it is submitted.",
    ),
}


def text(key: str, lang: str = DEFAULT_LANG) -> str:
    return TEXTS[key][_i(lang)]
