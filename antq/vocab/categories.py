"""Every category list of the store, each code with its Vietnamese and English label, in display
order: the schema's CHECKs (through the SQL macros of `antq.vocab.sql`), the labels in `antq.i18n`,
the importer's accepted spellings, the demo builder and the charts all read them from here.

Adding a category is one line here (code, Vietnamese, English); the store rejects codes not listed.
Codes are the store's values and never change once data uses them; labels may.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    """The codes one store column may hold, with their labels."""

    column: str  # the column of the store (and of every frame and download) that holds these codes
    labels: dict[str, tuple[str, str]]  # code -> (Vietnamese, English), in display order

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, code: str, lang: str = "vi") -> str:
        vi, en = self.labels[code]
        return en if lang == "en" else vi


VENUE_KINDS = Vocabulary(
    "venue_kind",
    {
        "residential": ("Khu dân cư (thôn, ấp, tổ dân phố)", "Residential area"),
        "agency": ("Cơ quan", "Agency"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
        "school": ("Cơ sở giáo dục", "School"),
    },
)
# The issuer chain of the movement's commendations, highest first. District and commune awards are
# kept apart (the 2008 system had both levels; from 1 July 2025 there are no districts), and the
# Fatherland Front / mass organisations and a public "biểu dương" are awards of their own.
AWARDS = Vocabulary(
    "award",
    {
        "ky_niem_chuong": ("Kỷ niệm chương Bảo vệ an ninh Tổ quốc", "Medal for Protecting National Security"),
        "bang_khen_bo": ("Bằng khen của Bộ trưởng Bộ Công an", "Certificate of Merit, Minister of Public Security"),
        "bang_khen_tinh": ("Bằng khen của Chủ tịch UBND tỉnh", "Certificate of Merit, provincial chair"),
        "giay_khen_cong_an_tinh": ("Giấy khen của Giám đốc Công an tỉnh", "Commendation, provincial police director"),
        "giay_khen_huyen": ("Giấy khen của Chủ tịch UBND cấp huyện", "Commendation, district people's committee"),
        "giay_khen_xa": ("Giấy khen của Chủ tịch UBND cấp xã", "Commendation, commune people's committee"),
        "mat_tran_doan_the": (
            "Giấy khen của Mặt trận Tổ quốc, đoàn thể",
            "Commendation, Fatherland Front or mass organisation",
        ),
        "bieu_duong": ("Biểu dương", "Public praise"),
    },
)
# Awards whose issuer no longer exists from a year on: the district level ended on 1 July 2025, so
# a district award dated in a later year is a mistake (2025 itself still had districts until July).
AWARD_ISSUER_LAST_YEAR = {"giay_khen_huyen": 2025}
# The Kỷ niệm chương "Bảo vệ an ninh Tổ quốc" is awarded to individuals only (a schema CHECK).
INDIVIDUAL_ONLY_AWARDS = ("ky_niem_chuong",)
RECIPIENT_KINDS = Vocabulary(
    "recipient_kind", {"collective": ("Tập thể", "Collective"), "individual": ("Cá nhân", "Individual")}
)
MODEL_CATEGORIES = Vocabulary(
    "category",
    {
        "self_management": ("Tự quản", "Self-management"),
        "self_defence": ("Tự phòng, tự bảo vệ", "Self-defence"),
        "reconciliation": ("Tự hòa giải", "Reconciliation"),
        "security_camera": ("Camera an ninh", "Security cameras"),
        "inter_household": ("Tổ liên gia", "Inter-household groups"),
        "fire_safety": ("Phòng cháy, chữa cháy", "Fire safety"),
        "online_group": ("Nhóm trực tuyến (Zalo an ninh...)", "Online groups"),
        "school": ("Trường học", "Schools"),
        "enterprise": ("Doanh nghiệp", "Enterprises"),
        "religious_ethnic": ("Tôn giáo, dân tộc", "Religious or ethnic communities"),
        "other": ("Khác", "Other"),
    },
)
# A model "active" in a year includes those rated effective; "dissolved" ones ended that year.
MODEL_STATUSES = Vocabulary(
    "status",
    {
        "active": ("Đang hoạt động", "Active"),
        "effective": ("Hoạt động hiệu quả", "Rated effective"),
        "dissolved": ("Giải thể", "Dissolved"),
    },
)
EXEMPLAR_FIELDS = Vocabulary(
    "field",
    {
        "residential": ("Khu dân cư", "Residential"),
        "agency": ("Cơ quan", "Agency"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
        "school": ("Cơ sở giáo dục", "School"),
        "religious_ethnic": ("Tôn giáo, dân tộc", "Religious or ethnic"),
        "core_force": ("Lực lượng nòng cốt", "Core security force"),
        "other": ("Khác", "Other"),
    },
)
SOURCE_KINDS = Vocabulary(
    "source_kind",
    {
        "illustrative": ("Dữ liệu minh họa", "Illustrative data"),
        "imported": ("Số liệu báo cáo", "Reported data"),
    },
)
UNIT_LEVELS = Vocabulary(
    "level",
    {
        "province": ("Tỉnh, thành phố", "Province"),
        "district": ("Huyện, quận, thị xã", "District"),
        "commune": ("Xã, phường, thị trấn, đặc khu", "Commune"),
        "nation": ("Toàn quốc", "Nation"),
        "region": ("Vùng", "Region"),
    },
)
# The kinds of report file the importer takes (the `kind` of import_audit).
IMPORT_KINDS = Vocabulary(
    "kind",
    {
        "festivals": ("Ngày hội Toàn dân bảo vệ ANTQ (điểm tổ chức)", "Festival points"),
        "commendations": ("Khen thưởng", "Commendations"),
        "models": ("Mô hình", "Models"),
        "evaluations": (
            "Phân loại phong trào, công nhận “An toàn về ANTT” (từng đơn vị)",
            "Classification and “safe” recognition (per unit)",
        ),
        "report": ("Báo cáo kết quả (số liệu tổng hợp)", "Result report (aggregated figures)"),
    },
)
# The result report form (antq/reports): one row per indicator, not one row per fact like the others.
REPORT_IMPORT_KIND = "report"
IMPORT_OUTCOMES = Vocabulary(
    "outcome",
    {
        "loaded": ("Đã nhập", "Loaded"),
        "replaced": ("Đã thay thế", "Replaced"),
        "unchanged": ("Không thay đổi (đã nhập trước)", "Unchanged (already loaded)"),
        "rejected": ("Bị từ chối", "Rejected"),
    },
)

# Registered documents (antq/documents): what a document is, who issued it, where it came from.
DOCUMENT_KINDS = Vocabulary(
    "kind",
    {
        "plan": ("Kế hoạch", "Plan"),
        "report": ("Báo cáo", "Report"),
        "directive": ("Chỉ đạo", "Directive"),
        "news": ("Tin bài", "News item"),
    },
)
DOCUMENT_LEVELS = Vocabulary(
    "level",
    {
        "central": ("Trung ương", "Central"),
        "province": ("Tỉnh", "Province"),
        "district": ("Huyện", "District"),
        "commune": ("Xã", "Commune"),
    },
)
DOCUMENT_ORIGINS = Vocabulary(
    "origin",
    {
        "seed": ("Văn bản thật (dữ liệu mẫu)", "Real document (demo)"),
        "illustrative": ("Văn bản minh họa (dữ liệu mẫu)", "Illustrative document (demo)"),
        "uploaded": ("Tải lên", "Uploaded"),
    },
)
# Which way a change reached the store.
WRITE_CHANNELS = Vocabulary(
    "via",
    {"cli": ("Dòng lệnh", "Command line"), "app": ("Ứng dụng", "App"), "demo": ("Dữ liệu minh họa", "Demo build")},
)
PERIOD_KINDS = Vocabulary(
    "period_kind",
    {
        "festival_year": ("Ngày hội của năm", "Festival of the year"),
        "half_year": ("Sáu tháng", "Half year"),
        "year": ("Năm", "Year"),
        "phase": ("Giai đoạn", "Phase"),
        # "Đến nay, cả nước có hơn 4.300 mô hình": a running total counted to a day (report.as_of,
        # "đến 30/11/2025"), within the report's year
        "to_date": ("Đến nay", "To date"),
    },
)
# The reporting cycle (antq/cycle; docs/reporting-cycle.md): which forms units are obliged to file,
# how far down the hierarchy an obligation reaches, and what a change of an obligation did.
REPORT_FORMS = Vocabulary("form", {"results": ("Báo cáo kết quả phong trào", "Report on the movement's results")})
# 'commune': every commune reports to its province, and every province to the Ministry;
# 'province': the provinces report to the Ministry; 'nation': the national summary alone.
OBLIGATION_LEVELS = Vocabulary(
    "level",
    {
        "commune": ("Xã, phường (và tỉnh)", "Communes (and provinces)"),
        "province": ("Tỉnh, thành phố", "Provinces"),
        "nation": ("Toàn quốc (báo cáo tổng hợp)", "The nation (national summary)"),
    },
)
# Whether an expected report came in by its level's deadline (queries/cycle_progress.sql's status).
TIMELINESS = Vocabulary(
    "status",
    {
        "on_time": ("Đúng hạn", "On time"),
        "late": ("Chậm hạn", "Late"),
        "pending": ("Chưa đến hạn", "Not yet due"),
        "missing": ("Quá hạn, chưa báo cáo", "Missing after the deadline"),
    },
)
OBLIGATION_ACTIONS = Vocabulary("action", {"set": ("Đặt, sửa", "Set"), "withdraw": ("Bãi bỏ", "Withdrawn")})
# Where a figure in force came from (the store of issue 24: queries/figures_by_province_year.sql).
FIGURE_SOURCES = Vocabulary(
    "source",
    {
        "report": ("báo cáo", "report"),
        "document": ("văn bản đã xác nhận", "confirmed document"),
        "detail": ("số liệu chi tiết", "detail rows"),
    },
)
FIGURE_REVIEWS = Vocabulary(
    "review",
    {
        "confirmed": ("Đã xác nhận", "Confirmed"),
        "corrected": ("Đã sửa", "Corrected"),
        "added": ("Thêm tay", "Added by hand"),
    },
)
# Access (antq.access): roles in rising order of what they may do, whom a grant names, what it covers.
ACCESS_ROLES = Vocabulary(
    "role",
    {
        "viewer": ("Xem số liệu", "Viewer"),
        "reporter": ("Báo cáo, nhập số liệu", "Reporter"),
        "admin": ("Quản trị", "Administrator"),
    },
)
GRANT_PRINCIPALS = Vocabulary(
    "principal_kind",
    {"email": ("Thư điện tử", "Email"), "subject": ("Mã định danh", "Subject"), "group": ("Nhóm", "Group")},
)
GRANT_SCOPES = Vocabulary(
    "scope_kind",
    {
        "country": ("Toàn quốc", "Whole country"),
        "provinces": ("Tỉnh, thành phố", "Provinces"),
        "communes": ("Xã, phường", "Communes"),
    },
)
GRANT_ACTIONS = Vocabulary("action", {"grant": ("Cấp quyền", "Grant"), "revoke": ("Thu hồi", "Revoke")})
# The year's evaluation (Quyết định 510/QĐ-BCA-V05; Thông tư 124/2021/TT-BCA): who is classified and
# recognised, one row per evaluated unit under its commune (table evaluation_unit). Residential areas
# are classified before 20/11, the others before 30/11 (EVALUATION_DEADLINES).
EVAL_SUBJECTS = Vocabulary(
    "eval_subject",
    {
        "residential": ("Khu dân cư", "Residential area"),
        "commune": ("Xã, phường, đặc khu", "Commune"),
        "agency": ("Cơ quan", "Agency"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
        "school": ("Nhà trường", "School"),
    },
)
_GRADES = {
    "excellent": ("Xuất sắc", "Excellent"),
    "good": ("Khá", "Good"),
    "average": ("Trung bình", "Average"),
    "weak": ("Yếu", "Weak"),
}
# The grade after review by the level above (what counts), and the unit's own self-assessment.
EVAL_GRADES = Vocabulary("grade", dict(_GRADES))
EVAL_SELF_GRADES = Vocabulary("self_grade", dict(_GRADES))
# (month, day) by which each subject's classification is due (Quyết định 510/QĐ-BCA-V05).
EVALUATION_DEADLINES = {"residential": (11, 20), **{s: (11, 30) for s in ("commune", "agency", "enterprise", "school")}}

# Why the server ended a user's sign-ins (antq/access/sessions.py).
SESSION_END_REASONS = Vocabulary(
    "reason", {"logout": ("Đăng xuất", "Signed out"), "revoke": ("Thu hồi quyền", "Access revoked")}
)

# The review of a result report up the chain (antq/cycle/review.py; docs/reporting-cycle.md): each
# step is an event row of report_review; a report's state is the state its last event leaves it in.
REVIEW_ACTIONS = Vocabulary(
    "action",
    {
        "save": ("Lưu nháp", "Saved as draft"),
        "submit": ("Gửi duyệt", "Submitted"),
        "return": ("Trả lại", "Returned"),
        "approve": ("Duyệt", "Approved"),
        "unlock": ("Mở khóa", "Unlocked"),
    },
)
REVIEW_STATES = Vocabulary(
    "review_state",
    {
        # a report entered before the review existed (or by the demo build): in force, never approved
        "legacy": ("Nhập trước khi có duyệt", "Entered before review"),
        "draft": ("Nháp", "Draft"),
        "submitted": ("Chờ duyệt", "Submitted"),
        "returned": ("Bị trả lại", "Returned"),
        "approved": ("Đã duyệt", "Approved"),
        "unlocked": ("Đã mở khóa", "Unlocked"),
    },
)
# The state each action leaves a report in, and the states it may be taken from (deny otherwise).
REVIEW_ACTION_STATE = {
    "save": "draft",
    "submit": "submitted",
    "return": "returned",
    "approve": "approved",
    "unlock": "unlocked",
}
REVIEW_ACTION_FROM = {
    "submit": ("draft", "unlocked", "legacy"),
    "return": ("submitted",),
    "approve": ("submitted",),
    "unlock": ("approved",),
}
REVIEW_NEEDS_COMMENT = ("return", "unlock")  # a return says what to correct; an unlock says why

# The vocabularies of the facts a user reads, by the column that holds them (antq.i18n labels these).
BY_COLUMN: dict[str, Vocabulary] = {
    v.column: v
    for v in (
        VENUE_KINDS,
        AWARDS,
        RECIPIENT_KINDS,
        MODEL_CATEGORIES,
        MODEL_STATUSES,
        EXEMPLAR_FIELDS,
        SOURCE_KINDS,
        EVAL_SUBJECTS,
        EVAL_GRADES,
        EVAL_SELF_GRADES,
    )
}
# Every vocabulary the schema checks, under the name of its SQL macro (`<name>_codes()`).
SCHEMA_CHECKED: dict[str, Vocabulary] = {
    "venue_kind": VENUE_KINDS,
    "award": AWARDS,
    "recipient_kind": RECIPIENT_KINDS,
    "model_category": MODEL_CATEGORIES,
    "model_status": MODEL_STATUSES,
    "exemplar_field": EXEMPLAR_FIELDS,
    "source_kind": SOURCE_KINDS,
    "unit_level": UNIT_LEVELS,
    "import_kind": IMPORT_KINDS,
    "import_outcome": IMPORT_OUTCOMES,
    "document_kind": DOCUMENT_KINDS,
    "document_level": DOCUMENT_LEVELS,
    "document_origin": DOCUMENT_ORIGINS,
    "write_channel": WRITE_CHANNELS,
    "period_kind": PERIOD_KINDS,
    "figure_review": FIGURE_REVIEWS,
    "access_role": ACCESS_ROLES,
    "grant_principal": GRANT_PRINCIPALS,
    "grant_scope": GRANT_SCOPES,
    "grant_action": GRANT_ACTIONS,
    "eval_subject": EVAL_SUBJECTS,
    "eval_grade": EVAL_GRADES,
    "review_action": REVIEW_ACTIONS,
    "review_state": REVIEW_STATES,
    "report_form": REPORT_FORMS,
    "obligation_level": OBLIGATION_LEVELS,
    "obligation_action": OBLIGATION_ACTIONS,
}
