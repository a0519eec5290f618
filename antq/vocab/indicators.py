"""The indicator catalogue: every figure a unit reports about the movement, defined once.

Each indicator has a code (stored in every table that holds a value of it), its Vietnamese and
English labels, the unit its value is counted in, how values of several units add up
(`sum`; `ratio` — a count x out of a whole y, both added separately; `max`), the levels that may
report it, its group, and the words a document uses for it (`cues`, read by the document
extractor: antq/documents/figures.py). Adding an indicator is one entry here, with its English
label; the extractor, the CLI and the documentation follow from it.

Qualifiers say how exact a reported value is, as written in reports ("trên 5.800", "gần 35 tỷ").

Longer than ~350 lines on purpose: the catalogue is data, one entry per indicator; kept in one
place so that adding an indicator stays one entry.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from antq.vocab.categories import AWARDS

# How values of several units combine. 'none': never combined — a percentage ("96,5%") is one
# unit's own figure as published; the provinces' percentages do not add up, and neither their
# maximum nor their mean is the nation's percentage (which needs the counts behind them).
AGGREGATIONS = ("sum", "ratio", "max", "none")
# Who may report an indicator (central = the Ministry / central steering committee: the nation's and
# the regions' own figures, antq/vocab/national_units.py CATALOGUE_LEVEL).
LEVELS = ("commune", "district", "province", "central")
ALL_LEVELS = LEVELS

# Units a value is counted in: code -> (Vietnamese, English).
UNITS: dict[str, tuple[str, str]] = {
    "count": ("số lượng", "count"),
    "persons": ("người", "persons"),
    "sessions": ("buổi", "sessions"),
    "households": ("hộ", "households"),
    "vnd": ("đồng", "VND"),
    "kg": ("kg", "kg"),
    "percent": ("%", "percent"),  # entered as published ("96,5%"); aggregation 'none'
}

# Groups of indicators: code -> (Vietnamese, English), in display order.
GROUPS: dict[str, tuple[str, str]] = {
    "festival": ("Ngày hội toàn dân bảo vệ ANTQ", "Festival"),
    "mobilisation": ("Tuyên truyền, vận động", "Mobilisation"),
    "models": ("Mô hình, điển hình tiên tiến", "Models and exemplars"),
    "commendations": ("Khen thưởng", "Commendations"),
    "public_contribution": ("Nhân dân tham gia phòng, chống tội phạm", "Public contribution"),
    "grassroots": ("Lực lượng nòng cốt ở cơ sở", "Grassroots forces"),
    "safety": (
        "Công nhận “An toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA)",
        "“Safe in security and order” recognition (Circular 124/2021/TT-BCA)",
    ),
    "classification": ("Phân loại phong trào (Quyết định 510/QĐ-BCA-V05)", "Classification (Decision 510/QĐ-BCA-V05)"),
    "support": ("Hỗ trợ, an sinh", "Support and welfare"),
}

# How exact a value is: code -> (Vietnamese words that mark it, Vietnamese label, English label).
# "trên"/"hơn" = at least, "gần" = just under, "khoảng" = approximately.
QUALIFIERS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "exact": ((), "chính xác", "exact"),
    "at_least": (("hơn", "trên", "ít nhất", "tối thiểu"), "trên/hơn", "at least"),
    "just_under": (("gần", "gần như", "xấp xỉ dưới"), "gần", "just under"),
    "about": (("khoảng", "ước", "ước tính", "xấp xỉ", "chừng"), "khoảng", "approximately"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label_vi: str
    label_en: str
    unit: str
    aggregation: str
    levels: tuple[str, ...]
    group: str
    # Lower-case phrases that name the indicator right after a number in a document ("6.000 nguồn
    # tin"); for a ratio, the phrase after "x/y". Longest match wins; empty = not extracted.
    cues: tuple[str, ...] = ()
    # Lower-case phrases that must NOT follow the cue for it to count (e.g. "tin có giá trị").
    not_followed_by: tuple[str, ...] = ()

    def public(self) -> dict:
        """What `python -m antq indicators --json` prints."""
        d = asdict(self)
        d.pop("cues")
        d.pop("not_followed_by")
        d["levels"] = list(self.levels)
        return d


# Counts of places (festival points, residential areas graded or recognised) are reported by every
# level for its whole territory, the nation included ("Toàn quốc có trên 5.800 điểm cấp cơ sở xã");
# _BASE is for what only the levels up to a province count.
_BASE = ("commune", "district", "province")
_UP = ("district", "province", "central")
_ALL = LEVELS


def _awards() -> list[Indicator]:
    # Issuer chain of issue 12: Ministry, province People's Committee, provincial police director,
    # district and commune People's Committees (kept apart), and the Kỷ niệm chương (individuals only).
    issuers = [
        (
            "moc",
            AWARDS.label("bang_khen_bo"),
            AWARDS.label("bang_khen_bo", "en"),
            ("bằng khen của bộ công an", "bằng khen của bộ trưởng bộ công an", "bằng khen bộ công an"),
            _ALL,
        ),
        (
            "province",
            AWARDS.label("bang_khen_tinh"),
            AWARDS.label("bang_khen_tinh", "en"),
            ("bằng khen của ubnd tỉnh", "bằng khen của ủy ban nhân dân tỉnh", "bằng khen của chủ tịch ubnd tỉnh"),
            _ALL,
        ),
        (
            "police_director",
            AWARDS.label("giay_khen_cong_an_tinh"),
            AWARDS.label("giay_khen_cong_an_tinh", "en"),
            ("giấy khen của giám đốc công an tỉnh", "giấy khen giám đốc công an tỉnh"),
            _ALL,
        ),
        (
            "district",
            AWARDS.label("giay_khen_huyen"),
            AWARDS.label("giay_khen_huyen", "en"),
            ("giấy khen của ubnd huyện", "giấy khen của ủy ban nhân dân huyện", "giấy khen của chủ tịch ubnd huyện"),
            ("commune", "district", "province"),
        ),
        (
            "commune",
            AWARDS.label("giay_khen_xa"),
            AWARDS.label("giay_khen_xa", "en"),
            ("giấy khen của ubnd xã", "giấy khen của ủy ban nhân dân xã", "giấy khen của chủ tịch ubnd xã"),
            ("commune", "district", "province"),
        ),
    ]
    out = []
    for code, vi, en, cues, levels in issuers:
        for kind, kvi, ken in (("collective", "tập thể", "collectives"), ("individual", "cá nhân", "individuals")):
            out.append(
                Indicator(
                    f"award_{code}_{kind}",
                    f"{vi} — {kvi}",
                    f"{en} — {ken}",
                    "count",
                    "sum",
                    levels,
                    "commendations",
                    tuple(f"{kvi} được tặng {c}" for c in cues) + tuple(f"{kvi} được {c}" for c in cues),
                )
            )
    for kind, kvi, ken in (("collective", "tập thể", "collectives"), ("individual", "cá nhân", "individuals")):
        out.append(
            Indicator(
                f"award_front_{kind}",
                f"{AWARDS.label('mat_tran_doan_the')} — {kvi}",
                f"{AWARDS.label('mat_tran_doan_the', 'en')} — {ken}",
                "count",
                "sum",
                _ALL,
                "commendations",
                tuple(
                    f"{kvi} được {c}"
                    for c in (
                        "khen thưởng của ủy ban mặt trận tổ quốc",
                        "giấy khen của ủy ban mttq",
                        "giấy khen của mttq",
                    )
                ),
            )
        )
        out.append(
            Indicator(
                f"praise_{kind}",
                f"{AWARDS.label('bieu_duong')} — {kvi}",
                f"{AWARDS.label('bieu_duong', 'en')} — {ken}",
                "count",
                "sum",
                _ALL,
                "commendations",
                (f"{kvi} được biểu dương", f"{kvi} tiêu biểu được biểu dương"),
            )
        )
    out.append(
        Indicator(
            "award_medal_individual",
            f"{AWARDS.label('ky_niem_chuong')} — cá nhân",
            f"{AWARDS.label('ky_niem_chuong', 'en')} — individuals",
            "count",
            "sum",
            _ALL,
            "commendations",
            (
                "cá nhân được tặng kỷ niệm chương",
                "cá nhân được trao kỷ niệm chương",
                "cá nhân được nhận kỷ niệm chương",
                "kỷ niệm chương",
            ),
            (", bằng khen", "và bằng khen"),  # a count of medals and certificates together
        )
    )
    return out


def _classification() -> list[Indicator]:
    out = []
    grades = (
        ("excellent", "xuất sắc", "excellent"),
        ("good", "khá", "good"),
        ("average", "trung bình", "average"),
        ("weak", "yếu", "weak"),
        ("assessed", "được phân loại (tổng số)", "assessed (total)"),
    )
    for subject, svi, sen, levels in (
        ("residential", "khu dân cư", "residential areas", _ALL),
        ("commune", "xã, phường, thị trấn", "communes", _UP),
        ("agency", "cơ quan, doanh nghiệp, nhà trường", "agencies, enterprises and schools", _ALL),
    ):
        for grade, gvi, gen in grades:
            cues = () if grade == "assessed" else (f"{svi} đạt loại {gvi}", f"{svi} xếp loại {gvi}")
            if subject == "residential" and grade != "assessed":
                cues += (f"khu dân cư loại {gvi}",)
            out.append(
                Indicator(
                    f"class_{subject}_{grade}",
                    f"Số {svi} xếp loại {gvi}" if grade != "assessed" else f"Số {svi} {gvi}",
                    f"{sen.capitalize()} rated {gen}" if grade != "assessed" else f"{sen.capitalize()} {gen}",
                    "count",
                    "sum",
                    levels,
                    "classification",
                    cues,
                )
            )
    return out


def _model_kinds() -> list[Indicator]:
    # Kinds of models the real reports count apart, each as a pair: the models, and the points
    # (sites) where they run ("Mô hình camera an ninh với 19 điểm"; "55 mô hình … với 910 điểm").
    kinds = (
        ("camera", "“Camera an ninh”", "“Security camera”", ("mô hình camera an ninh", "mô hình camera")),
        (
            "self_managed",
            "tự quản, tự phòng, tự bảo vệ, tự hòa giải về ANTT",
            "self-managed (self-prevention, self-protection, self-mediation)",
            ("mô hình tự quản", "mô hình tự phòng, tự quản", "mô hình “tự phòng, tự quản"),
        ),
        (
            "crime_prevention",
            "phòng, chống tội phạm và tệ nạn xã hội",
            "crime and social-evil prevention",
            ("mô hình phòng, chống tội phạm",),
        ),
        ("dan_van_kheo", "“Dân vận khéo”", "“Skilful mass mobilisation”", ("mô hình dân vận khéo",)),
    )
    out = []
    for code, vi, en, cues in kinds:
        out.append(
            Indicator(
                f"model_{code}", f"Số mô hình {vi}", f"{en.capitalize()} models", "count", "sum", _ALL, "models", cues
            )
        )
        out.append(
            Indicator(
                f"model_{code}_points",
                f"Số điểm của mô hình {vi}",
                f"Sites of {en} models",
                "count",
                "sum",
                _ALL,
                "models",
                tuple(f"điểm {c}" for c in cues),
            )
        )
    return out


def _praise_and_other_awards() -> list[Indicator]:
    # Beside the issuer chain of _awards (with the Front's awards and praise): awards whose form the
    # source does not name ("UBND xã khen thưởng 8 tập thể": the issuer goes in the value's note), and
    # a count of collectives and individuals together that the source does not split.
    out = []
    for kind, kvi, ken in (("collective", "tập thể", "collectives"), ("individual", "cá nhân", "individuals")):
        out.append(
            Indicator(
                f"award_unnamed_{kind}",
                f"Khen thưởng (hình thức không nêu; cấp khen ghi ở Ghi chú) — {kvi}",
                f"Awards (form not stated; issuer in the note) — {ken}",
                "count",
                "sum",
                _ALL,
                "commendations",
            )
        )
    out.append(
        Indicator(
            "award_total",
            "Lượt tập thể, cá nhân được khen thưởng (tổng, không tách)",
            "Collectives and individuals awarded (together)",
            "count",
            "sum",
            _ALL,
            "commendations",
            (),
        )
    )
    return out


def _grassroots_more() -> list[Indicator]:
    def ind(code, vi, en, unit, cues=(), agg="sum"):
        return Indicator(code, vi, en, unit, agg, _ALL, "grassroots", cues)

    return [
        ind(
            "liaison_groups",
            "Số tổ, nhóm liên gia tự quản về an ninh, trật tự",
            "Neighbourhood self-management groups",
            "count",
            ("nhóm liên gia tự quản", "tổ liên gia tự quản"),
        ),
        ind(
            "fire_teams",
            "Số tổ phòng cháy, chữa cháy dân phòng, tổ liên gia an toàn PCCC",
            "Civil fire-fighting teams and neighbourhood fire-safety groups",
            "count",
            ("tổ phòng cháy, chữa cháy dân phòng", "tổ liên gia tự quản an toàn", "tổ liên gia an toàn"),
        ),
        ind(
            "mediation_villages",
            "Thôn, tổ dân phố có tổ hòa giải / tổng số",
            "Villages with a mediation team / all villages",
            "count",
            ("thôn", "thôn, tổ dân phố"),
            "ratio",
        ),
        ind(
            "crime_clubs",
            "Số câu lạc bộ phòng, chống tội phạm",
            "Crime-prevention clubs",
            "count",
            ("câu lạc bộ phòng, chống tội phạm", "câu lạc bộ"),
        ),
        ind(
            "crime_club_members",
            "Số thành viên câu lạc bộ phòng, chống tội phạm",
            "Crime-prevention club members",
            "persons",
            ("đội viên",),
        ),
        ind(
            "mass_security_organisations",
            "Số tổ chức quần chúng làm nhiệm vụ bảo vệ an ninh, trật tự",
            "Mass organisations guarding security and order",
            "count",
            ("tổ chức quần chúng",),
        ),
        ind(
            "patrol_shifts",
            "Số ca, lượt tuần tra bảo đảm an ninh, trật tự",
            "Security patrols",
            "count",
            ("ca tuần tra",),
        ),
        ind(
            "cases_solved_camera",
            "Số vụ việc được làm rõ nhờ hình ảnh camera an ninh",
            "Cases solved with security-camera footage",
            "count",
        ),
    ]


def _safety() -> list[Indicator]:
    # Thông tư 124/2021/TT-BCA: residential areas, communes, agencies and enterprises, and schools
    # recognised "An toàn về an ninh, trật tự" — as x of y (recognised / all) and as counts of those
    # that registered to build towards it.
    out = []
    for subject, vi, en, levels, cues in (
        ("residential", "khu dân cư", "residential areas", _ALL, ("khu dân cư",)),
        ("commune", "xã, phường, thị trấn", "communes", _UP, ("xã, phường, thị trấn", "xã, phường")),
        (
            "agency",
            "cơ quan, doanh nghiệp",
            "agencies and enterprises",
            _ALL,
            ("cơ quan, doanh nghiệp", "cơ quan, đơn vị"),
        ),
        ("school", "cơ sở giáo dục, nhà trường", "schools", _ALL, ("cơ sở giáo dục", "nhà trường", "trường học")),
    ):
        out.append(
            Indicator(
                f"safe_{subject}",
                f"{vi.capitalize()} được công nhận “An toàn về an ninh, trật tự” / tổng số",
                f"{en.capitalize()} recognised “safe in security and order” / all",
                "count",
                "ratio",
                levels,
                "safety",
                tuple(f"{c} được công nhận" for c in cues) + tuple(f"{c} đạt chuẩn an toàn" for c in cues),
            )
        )
        out.append(
            Indicator(
                f"safe_{subject}_registered",
                f"Số {vi} đăng ký xây dựng “An toàn về an ninh, trật tự”",
                f"{en.capitalize()} registered to become “safe in security and order”",
                "count",
                "sum",
                levels,
                "safety",
                tuple(f"{c} đăng ký" for c in cues),
            )
        )
    return out


def _support() -> list[Indicator]:
    return [
        Indicator(
            "houses_great_unity",
            "Số nhà “Đại đoàn kết” xây mới, sửa chữa, hỗ trợ",
            "“Great unity” houses built, repaired or supported",
            "count",
            "sum",
            _ALL,
            "support",
            ("căn nhà đại đoàn kết", "nhà đại đoàn kết", "ngôi nhà đại đoàn kết"),
        ),
        Indicator(
            "houses_charity",
            "Số nhà tình thương, nhà tình nghĩa, nghĩa tình đồng đội",
            "Charity and gratitude houses",
            "count",
            "sum",
            _ALL,
            "support",
            ("căn nhà tình thương", "nhà tình thương", "nhà tình nghĩa"),
        ),
        Indicator(
            "funding_vnd",
            "Kinh phí hỗ trợ, đóng góp, vận động (đồng)",
            "Funding given, contributed or raised (VND)",
            "vnd",
            "sum",
            _ALL,
            "support",
            (),
        ),
        Indicator(
            "funding_raised_vnd",
            "Kinh phí vận động Nhân dân, nhà hảo tâm đóng góp, xã hội hóa (đồng)",
            "Funds raised from the public and donors (VND)",
            "vnd",
            "sum",
            _ALL,
            "support",
            (),
        ),
    ]


def _with_percent_siblings(entries) -> tuple[Indicator, ...]:
    """Each x-of-y indicator followed by its share as published ("100% xã, thị trấn", "96,5%"): a
    source that gives only the percentage keeps it as a percentage, never an invented x/y."""
    out = []
    for i in entries:
        out.append(i)
        if i.aggregation == "ratio":
            vi, en = i.label_vi.split(" / ")[0], i.label_en.split(" / ")[0]
            out.append(
                Indicator(f"{i.code}_pct", f"Tỷ lệ: {vi} (%)", f"Share: {en} (%)", "percent", "none", i.levels, i.group)
            )
    return tuple(out)


CATALOGUE: tuple[Indicator, ...] = (
    # ---------------------------------------------------------------- festival
    Indicator(
        "fest_points_commune",
        "Số điểm tổ chức Ngày hội cấp xã",
        "Festival points at commune level",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm cấp xã", "điểm tổ chức ngày hội cấp xã", "điểm ngày hội cấp xã", "điểm cấp cơ sở", "đơn vị cấp xã"),
    ),
    Indicator(
        "fest_points_village",
        "Số điểm tổ chức Ngày hội ở thôn, tổ dân phố, khu dân cư",
        "Festival points in villages and residential areas",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm cấp thôn", "điểm ở thôn", "điểm tại khu dân cư", "điểm ở khu dân cư", "điểm cấp khu dân cư"),
    ),
    Indicator(
        "fest_points_agency",
        "Số điểm tổ chức Ngày hội ở cơ quan",
        "Festival points at agencies",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm tại cơ quan", "điểm ở cơ quan", "điểm cơ quan"),
    ),
    Indicator(
        "fest_points_school",
        "Số điểm tổ chức Ngày hội ở cơ sở giáo dục",
        "Festival points at schools",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm tại cơ sở giáo dục", "điểm ở cơ sở giáo dục", "điểm tại trường học", "điểm trường học"),
    ),
    Indicator(
        "fest_points_enterprise",
        "Số điểm tổ chức Ngày hội ở doanh nghiệp",
        "Festival points at enterprises",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm tại doanh nghiệp", "điểm ở doanh nghiệp", "điểm doanh nghiệp"),
    ),
    Indicator(
        "fest_points_total",
        "Tổng số điểm tổ chức Ngày hội",
        "Festival points (all levels)",
        "count",
        "sum",
        _ALL,
        "festival",
        ("điểm tổ chức ngày hội", "điểm ngày hội", "điểm tổ chức", "ngày hội", "điểm"),
    ),
    Indicator(
        "fest_residential_held",
        "Khu dân cư tổ chức Ngày hội / tổng số khu dân cư",
        "Residential areas that held the festival / all residential areas",
        "count",
        "ratio",
        _ALL,
        "festival",
        ("khu dân cư", "thôn, tổ dân phố", "thôn, ấp, khu phố", "ấp, khu phố"),
    ),
    Indicator(
        "fest_communes_held",
        "Xã, phường, thị trấn tổ chức Ngày hội / tổng số xã",
        "Communes that held the festival / all communes",
        "count",
        "ratio",
        _UP,
        "festival",
        ("xã, phường, thị trấn", "xã, phường, đặc khu", "xã, phường", "xã"),
    ),
    Indicator(
        "fest_participants",
        "Số lượt người tham gia Ngày hội",
        "Festival participants",
        "persons",
        "sum",
        _ALL,
        "festival",
        ("lượt người tham gia", "lượt người tham dự", "người tham gia", "người tham dự", "lượt người"),
    ),
    Indicator(
        "fest_forums",
        "Số diễn đàn “Công an lắng nghe ý kiến Nhân dân”",
        "Forums “The police listen to the people”",
        "count",
        "sum",
        _ALL,
        "festival",
        ("diễn đàn công an lắng nghe ý kiến nhân dân", "diễn đàn “công an lắng nghe ý kiến nhân dân”", "diễn đàn"),
    ),
    Indicator(
        "fest_forum_participants",
        "Số lượt người dự diễn đàn “Công an lắng nghe ý kiến Nhân dân”",
        "Attendance at the forums “The police listen to the people”",
        "persons",
        "sum",
        _ALL,
        "festival",
        (),
    ),
    Indicator(
        "fest_pilot_sites",
        "Số địa phương, đơn vị được chọn tổ chức điểm (Ngày hội điểm, lễ ra mắt điểm)",
        "Pilot sites (units chosen to hold the model event)",
        "count",
        "sum",
        _ALL,
        "festival",
        ("địa phương được chọn làm điểm", "địa phương được chọn tổ chức điểm", "xã trong cả nước tổ chức điểm"),
    ),
    Indicator(
        "fest_villages_taking_part",
        "Số thôn, bản, tổ dân phố tham gia Ngày hội của xã (đội thi, hoạt động)",
        "Villages taking part in the commune's festival",
        "count",
        "sum",
        _BASE,
        "festival",
        (),
    ),
    Indicator(
        "fest_forum_opinions",
        "Số ý kiến Nhân dân nêu tại diễn đàn",
        "Opinions raised at the forums",
        "count",
        "sum",
        _ALL,
        "festival",
        ("ý kiến", "lượt ý kiến"),
    ),
    Indicator(
        "fest_gift_packages",
        "Số suất quà tặng",
        "Gift packages",
        "count",
        "sum",
        _ALL,
        "festival",
        ("suất quà", "phần quà", "xuất quà"),
    ),
    Indicator(
        "fest_gift_value",
        "Giá trị quà tặng (đồng)",
        "Gift value (VND)",
        "vnd",
        "sum",
        _ALL,
        "festival",
        ("đồng quà", "đồng tiền quà"),
    ),
    Indicator(
        "fest_local_units_held",
        "Khu dân cư, cơ quan, cơ sở giáo dục đã tổ chức Ngày hội / tổng số",
        "Residential areas, agencies and schools that held the festival / all of them",
        "count",
        "ratio",
        _ALL,
        "festival",
        (),
    ),
    # ---------------------------------------------------------------- mobilisation
    Indicator(
        "mob_sessions",
        "Số buổi tuyên truyền, vận động",
        "Propaganda and mobilisation sessions",
        "sessions",
        "sum",
        _ALL,
        "mobilisation",
        (
            "buổi tuyên truyền",
            "buổi tuyên truyền, vận động",
            "cuộc tuyên truyền",
            "buổi vận động",
            "hội nghị tuyên truyền",
            "buổi họp dân",
            "buổi phát động",
        ),
    ),
    Indicator(
        "mob_participants",
        "Số lượt người dự các buổi tuyên truyền",
        "People reached by the sessions",
        "persons",
        "sum",
        _ALL,
        "mobilisation",
        (
            "lượt người nghe",
            "lượt người dự",
            "lượt người được tuyên truyền",
            "lượt quần chúng",
            # shared with the festival's participants: read only in a sentence about propaganda
            # (antq/documents/figures.py CUE_CONTEXT)
            "lượt người tham gia",
            "lượt người tham dự",
            "lượt người",
            "người tham gia",
            "người tham dự",
            "người dân",
        ),
    ),
    Indicator(
        "mob_media_items",
        "Số tin, bài, phóng sự tuyên truyền",
        "Media items (news, articles, reports)",
        "count",
        "sum",
        _ALL,
        "mobilisation",
        ("tin, bài", "tin bài", "tin, bài, phóng sự", "bài viết", "phóng sự", "tin"),
    ),
    Indicator(
        "mob_leaflets",
        "Số tờ rơi, tài liệu, bản tin tuyên truyền phát hành",
        "Leaflets, documents and bulletins issued",
        "count",
        "sum",
        _ALL,
        "mobilisation",
        ("tờ rơi", "tờ rơi tuyên truyền", "tài liệu tuyên truyền"),
    ),
    Indicator(
        "mob_households_committed",
        "Số hộ gia đình ký cam kết",
        "Households signing commitments",
        "households",
        "sum",
        _ALL,
        "mobilisation",
        ("hộ gia đình ký cam kết", "hộ ký cam kết", "lượt hộ gia đình ký cam kết"),
    ),
    Indicator(
        "mob_launch_events",
        "Số cuộc phát động phong trào (kể cả Ngày hội)",
        "Launch events of the movement (festivals included)",
        "count",
        "sum",
        _ALL,
        "mobilisation",
        (),
    ),
    Indicator(
        "mob_launch_areas",
        "Số địa bàn được phát động phong trào",
        "Areas where the movement was launched",
        "count",
        "sum",
        _ALL,
        "mobilisation",
        (),
    ),
    Indicator(
        "mob_emulation_pacts",
        "Số khu dân cư, đơn vị ký giao ước thi đua",
        "Residential areas and units signing emulation pacts",
        "count",
        "sum",
        _ALL,
        "mobilisation",
        (),
    ),
    # "Công an 63/63 địa phương đã xây dựng, trình … Kế hoạch": a result of the year's preparation
    Indicator(
        "plans_issued",
        "Đơn vị đã xây dựng, ban hành kế hoạch / tổng số",
        "Units that drew up and issued their plan / all units",
        "count",
        "ratio",
        _UP,
        "mobilisation",
        (),
    ),
    # ---------------------------------------------------------------- models and exemplars
    Indicator(
        "model_kinds",
        "Số loại mô hình",
        "Kinds of models",
        "count",
        "max",
        _ALL,
        "models",
        ("loại mô hình", "loại hình mô hình"),
    ),
    Indicator(
        "models_active",
        "Số mô hình đang hoạt động",
        "Active models",
        "count",
        "sum",
        _ALL,
        "models",
        ("mô hình đang hoạt động", "mô hình hoạt động hiệu quả", "mô hình"),
        # "1.080 điểm mô hình", "12 mô hình mới", "16 mô hình được … nhân rộng" are other indicators
        ("mới", "được", "điểm"),
    ),
    Indicator(
        "model_sites",
        "Số điểm mô hình (điểm nhân rộng)",
        "Model sites (replication sites)",
        "count",
        "sum",
        _ALL,
        "models",
        ("điểm mô hình", "điểm nhân rộng", "đơn vị mô hình", "điểm dân cư"),
    ),
    *_model_kinds(),
    Indicator(
        "model_members",
        "Số thành viên tham gia mô hình",
        "Members taking part in models",
        "persons",
        "sum",
        _ALL,
        "models",
        (),
    ),
    Indicator("model_new", "Số mô hình mới xây dựng", "New models", "count", "sum", _ALL, "models", ("mô hình mới",)),
    Indicator(
        "model_replicated",
        "Số mô hình được chọn nhân rộng",
        "Models chosen for replication",
        "count",
        "sum",
        _ALL,
        "models",
        ("mô hình được chọn nhân rộng", "mô hình được nhân rộng", "mô hình điểm để nhân rộng"),
    ),
    Indicator(
        "models_and_exemplars",
        "Số mô hình, điển hình (tính chung, không tách)",
        "Models and exemplars (counted together)",
        "count",
        "sum",
        _ALL,
        "models",
        ("mô hình, điển hình",),
    ),
    Indicator(
        "exemplar_total",
        "Số điển hình tiên tiến (tập thể và cá nhân, không tách)",
        "Exemplars (collectives and individuals together)",
        "count",
        "sum",
        _ALL,
        "models",
        ("điển hình tiên tiến", "gương điển hình tiên tiến"),
    ),
    Indicator(
        "exemplar_collective",
        "Số điển hình tiên tiến — tập thể",
        "Exemplars — collectives",
        "count",
        "sum",
        _ALL,
        "models",
        ("tập thể điển hình", "điển hình tập thể"),
    ),
    Indicator(
        "exemplar_individual",
        "Số điển hình tiên tiến — cá nhân",
        "Exemplars — individuals",
        "count",
        "sum",
        _ALL,
        "models",
        ("cá nhân điển hình", "điển hình cá nhân"),
    ),
    Indicator(
        "models_and_topics",
        "Số mô hình, chuyên đề (tính chung, không tách)",
        "Models and thematic topics (counted together)",
        "count",
        "sum",
        _ALL,
        "models",
        (),
    ),
    Indicator(
        "communes_with_models",
        "Số xã, phường, đặc khu có mô hình",
        "Communes and wards with models",
        "count",
        "sum",
        _UP,
        "models",
        (),
    ),
    # A conference that honours the exemplars of a province or a region ("79 đại biểu điển hình tiên
    # tiến của 14 tỉnh"): the people honoured, not the exemplars built that year.
    Indicator(
        "exemplar_delegates",
        "Số đại biểu điển hình tiên tiến được biểu dương tại hội nghị",
        "Exemplar delegates honoured at a conference",
        "persons",
        "sum",
        _UP,
        "models",
        (),
    ),
    # ---------------------------------------------------------------- commendations
    *_awards(),
    *_praise_and_other_awards(),
    # ---------------------------------------------------------------- public contribution
    Indicator(
        "tips_received",
        "Số nguồn tin, tin báo, tố giác tội phạm của Nhân dân",
        "Tips from the public",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("nguồn tin", "tin báo", "tin tố giác", "tin báo, tố giác", "tin"),
        ("có giá trị", "giá trị"),
    ),
    Indicator(
        "tips_valuable",
        "Số nguồn tin có giá trị",
        "Valuable tips",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("tin có giá trị", "nguồn tin có giá trị", "có giá trị", "nguồn tin giá trị", "tin giá trị"),
    ),
    Indicator(
        "cases_solved_public",
        "Số vụ án được phát hiện, giải quyết nhờ Nhân dân",
        "Cases solved with the public's help",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("vụ án", "vụ việc"),
    ),
    Indicator(
        "wanted_caught_public",
        "Số đối tượng truy nã bị bắt nhờ Nhân dân",
        "Wanted persons caught with the public's help",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("đối tượng truy nã",),
    ),
    Indicator(
        "weapons_handed_in",
        "Số vũ khí (súng các loại) Nhân dân giao nộp",
        "Weapons (guns) handed in",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("khẩu súng", "súng các loại", "vũ khí", "khẩu súng các loại"),
        ("thô sơ",),  # "22.839 vũ khí thô sơ" (knives, bows) are not guns
    ),
    Indicator(
        "explosives_handed_in_kg",
        "Vật liệu nổ Nhân dân giao nộp (kg)",
        "Explosives handed in (kg)",
        "kg",
        "sum",
        _ALL,
        "public_contribution",
        ("kg vật liệu nổ", "kg thuốc nổ"),
    ),
    Indicator(
        "support_tools_handed_in",
        "Số công cụ hỗ trợ Nhân dân giao nộp",
        "Support tools handed in",
        "count",
        "sum",
        _ALL,
        "public_contribution",
        ("công cụ hỗ trợ",),
    ),
    Indicator(
        "fireworks_handed_in_kg",
        "Pháo Nhân dân giao nộp (kg)",
        "Fireworks handed in (kg)",
        "kg",
        "sum",
        _ALL,
        "public_contribution",
        ("kg pháo", "kg pháo nổ", "kg pháo các loại"),
    ),
    Indicator(
        "reintegration_supported",
        "Số người chấp hành xong án phạt tù về địa phương được theo dõi, giúp đỡ",
        "People released from prison helped to resettle",
        "persons",
        "sum",
        _ALL,
        "public_contribution",
        (),
    ),
    # ---------------------------------------------------------------- grassroots forces
    Indicator(
        "security_teams",
        "Số tổ bảo vệ an ninh, trật tự ở cơ sở",
        "Grassroots security teams",
        "count",
        "sum",
        _ALL,
        "grassroots",
        ("tổ bảo vệ an ninh, trật tự", "tổ bảo vệ antt", "tổ an ninh, trật tự", "tổ bảo vệ an ninh trật tự", "tổ"),
        ("chức",),  # "7.000 tổ chức quần chúng" are organisations
    ),
    Indicator(
        "security_team_members",
        "Số thành viên tổ bảo vệ an ninh, trật tự ở cơ sở",
        "Members of grassroots security teams",
        "persons",
        "sum",
        _ALL,
        "grassroots",
        ("thành viên", "tổ viên"),
    ),
    Indicator(
        "camera_points",
        "Số điểm camera an ninh",
        "Security camera points",
        "count",
        "sum",
        _ALL,
        "grassroots",
        ("camera", "điểm camera"),
    ),
    Indicator(
        "camera_eyes",
        "Số mắt camera an ninh",
        "Security camera eyes (cameras)",
        "count",
        "sum",
        _ALL,
        "grassroots",
        ("mắt camera", "mắt camera an ninh", "mắt camera giám sát"),
    ),
    Indicator(
        "camera_sharing",
        "Camera của hộ gia đình, cơ quan, doanh nghiệp cam kết chia sẻ dữ liệu / tổng số",
        "Cameras of households, agencies and businesses pledged to share footage / all",
        "count",
        "ratio",
        _ALL,
        "grassroots",
        (),
    ),
    # The residential areas of a unit (the base of "x/y khu dân cư" shares: festival, "An toàn về ANTT")
    Indicator(
        "residential_areas",
        "Số khu dân cư (thôn, tổ dân phố, khu phố) của đơn vị",
        "Residential areas of the unit (villages, quarters)",
        "count",
        "sum",
        _ALL,
        "grassroots",
        (),
    ),
    *_grassroots_more(),
    # ---------------------------------------------------------------- "An toàn về ANTT"
    *_safety(),
    # ---------------------------------------------------------------- classification
    *_classification(),
    # ---------------------------------------------------------------- support and welfare
    *_support(),
)
CATALOGUE = _with_percent_siblings(CATALOGUE)

BY_CODE: dict[str, Indicator] = {i.code: i for i in CATALOGUE}


def get(code: str) -> Indicator:
    return BY_CODE[code]


def label(code: str, lang: str = "vi") -> str:
    i = BY_CODE[code]
    return i.label_en if lang == "en" else i.label_vi


def qualifier_label(code: str, lang: str = "vi") -> str:
    _, vi, en = QUALIFIERS[code]
    return en if lang == "en" else vi


def check() -> list[str]:
    """Problems with the catalogue itself (tested): duplicate codes, unknown units/groups/levels."""
    problems = []
    if len(BY_CODE) != len(CATALOGUE):
        problems.append("duplicate indicator codes")
    for i in CATALOGUE:
        if i.unit not in UNITS:
            problems.append(f"{i.code}: unknown unit {i.unit}")
        if i.aggregation not in AGGREGATIONS:
            problems.append(f"{i.code}: unknown aggregation {i.aggregation}")
        if i.group not in GROUPS:
            problems.append(f"{i.code}: unknown group {i.group}")
        if not i.levels or set(i.levels) - set(LEVELS):
            problems.append(f"{i.code}: bad levels {i.levels}")
        if any(c != c.lower() for c in i.cues):
            problems.append(f"{i.code}: cues must be lower-case")
    return problems
