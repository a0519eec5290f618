"""The checks of a report form that need no database: every problem in Vietnamese, naming its cell.

Errors refuse the whole file: an unknown indicator, a value that is not a number of the indicator's
kind (text, a fraction of persons, a percentage, x/y for a count), a negative value, x > y in a
ratio, an indicator the unit's level does not report, a unit outside the form's province or
unknown to the year's unit system (a 2008 code in a 2025 report or the reverse: the period must fit
the unit system by its year), a unit name that does not match its code, a period that is
incomplete or impossible, the same indicator twice, and a hard contradiction between two figures
(antq/vocab/validation_rules.py: valuable tips above tips, more units graded than assessed).
Warnings do not: a soft rule (grades that do not add up to the units assessed), a contradiction
between approximate figures, and (in antq.reports.load) a figure far from the unit's own history.

Longer than ~350 lines on purpose: every check of a sheet's header block (unit, year, period with a
phase's start or a running total's day) and of its rows names the same cells in the same words; kept
together so that one sheet is read once and its messages stay consistent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from antq.importer.problems import ERROR, WARNING, Problems
from antq.reports import cells, form
from antq.reports.read import At, FormSheet
from antq.text import fold
from antq.units import registry, system_for_year, unit_code_as_registered
from antq.vocab import categories, indicators, national_units, report_years, validation_rules
from antq.vocab.bounds import FREE_TEXT_MAX, REPORT_BOUNDS, latest_date, latest_year, short
from antq.vocab.unit_systems import PROVINCE_COUNT

LEVEL_LABELS = dict(province="tỉnh", district="huyện", commune="xã", central="trung ương", nation="toàn quốc")
LEVEL_LABELS["region"] = "vùng"
FIX_FORM = "Sửa ô này theo hướng dẫn của biểu mẫu (trang 'Hướng dẫn') rồi gửi lại."


@dataclass
class Value:
    indicator: str
    value: float
    denominator: float | None
    qualifier: str
    note: str | None
    at: At
    written: str
    qualifier_word: str | None = None  # as written ("hơn"); None: none, or the qualifier's default


@dataclass
class Report:
    sheet: str
    units_system: int
    unit_code: str
    level: str
    province_code: str  # the unit's province in its own system
    period_kind: str
    year: int
    year_from: int
    half: int | None
    reported_on: dt.date | None
    reference: str | None
    unit_at: At
    values: list[Value] = field(default_factory=list)
    as_of: dt.date | None = None  # a "to date" report: the day it counts to, when written
    # a report of a named place below the commune (table local_unit): its kind (VENUE_KINDS) and name
    local_kind: str | None = None
    local_name: str | None = None

    @property
    def period_key(self) -> tuple:
        local = (self.local_kind, fold(self.local_name)) if self.local_name else None
        return (self.units_system, self.unit_code, local, self.period_kind, self.year_from, self.year, self.half)


def _vi(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = " ".join(str(v).split())
    return s or None


def _int(v) -> int | None:
    s = _text(v)
    return int(s) if s is not None and s.isdigit() else None


def _unit_code(v, system: int | None = None) -> str | None:
    s = _text(v)
    return None if s is None else unit_code_as_registered(s, system)


# "đến 30/11/2025", "Đến nay (tính đến ngày 30/11/2025)": a running total and the day it counts to.
TO_DATE = re.compile(r"^(?:đến nay\b\W*)?(?:\(?\s*(?:tính\s+)?đến(?:\s+ngày)?\s+(?P<date>[^)]+?)\s*\)?)?$", re.I)


def _period_kind(v) -> str | None:
    s = _text(v)
    if s is None:
        return None
    for code, (vi, en) in categories.PERIOD_KINDS.labels.items():
        if fold(s) in (fold(code), fold(vi), fold(en)):
            return code
    m = TO_DATE.match(s)
    if m and m["date"]:
        return "to_date"
    return ""


def _as_of(v) -> str | None:
    """The date text of a "to date" period cell ("đến 30/11/2025" -> "30/11/2025"), None if none."""
    s = _text(v)
    m = TO_DATE.match(s) if s else None
    return m["date"] if m and m["date"] else None


def _date(v) -> dt.date | None:
    from antq.documents import dates

    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = _text(v)
    try:
        return dates.parse(s)
    except ValueError:
        return dt.date.fromisoformat(s)  # 2024-08-25, as a spreadsheet may export it


class _Sheet:
    """Checks one form sheet, adding problems; `report` is None when the header block is unusable."""

    def __init__(self, sheet: FormSheet, problems: Problems):
        self.s, self.p = sheet, problems

    def err(self, group: str, message: str, at: At | None, value=None, fix: str = FIX_FORM, severity=ERROR):
        where = at or At(self.s.sheet, None, None)
        self.p.add(
            severity,
            group,
            message,
            fix,
            sheet=where.sheet,
            row=where.row,
            column=where.column,
            value=None if value is None else short(value),
        )

    def field(self, key: str):
        return self.s.fields.get(key, (None, None))

    def report(self) -> Report | None:
        year_v, year_at = self.field("year")
        year = _int(year_v)
        last = latest_year()
        if year is None or not report_years.FIRST_REPORT_YEAR <= year <= last:
            self.err(
                "year",
                f"Năm báo cáo phải là một năm từ {report_years.FIRST_REPORT_YEAR} đến {last}.",
                year_at,
                year_v,
                f"Ghi năm (ví dụ {last}) vào ô cạnh '{form.FIELDS['year']}'.",
            )
            return None
        system = system_for_year(year)
        unit = self._unit(year, system)
        period = self._period(year)
        if unit is None or period is None:
            return None
        (code, level, province, unit_at), (kind, year_from, half, reported_on, as_of) = unit, period
        local = self._local(code, level)
        if local is None:
            return None
        ref_v, ref_at = self.field("reference")
        ref = _text(ref_v)
        if ref is not None and len(ref) > FREE_TEXT_MAX:
            self.err(
                "length",
                f"Ô '{form.FIELDS['reference']}' dài {_vi(len(ref))} ký tự, vượt giới hạn {_vi(FREE_TEXT_MAX)} ký tự.",
                ref_at,
                ref,
                "Ghi số, ký hiệu văn bản hoặc một đường dẫn.",
            )
            return None
        return Report(
            self.s.sheet,
            system,
            code,
            level,
            province,
            kind,
            year,
            year_from,
            half,
            reported_on,
            ref,
            unit_at,
            as_of=as_of,
            local_kind=local[0],
            local_name=local[1],
        )

    def _local(self, code: str, level: str) -> tuple[str | None, str | None] | None:
        """The named place below the commune this report speaks for: (None, None) for the unit's own
        report, None after an error."""
        name_v, name_at = self.field("local_unit_name")
        kind_v, kind_at = self.field("local_unit_kind")
        name, kind_text = _text(name_v), _text(kind_v)
        f_name, f_kind = form.FIELDS["local_unit_name"], form.FIELDS["local_unit_kind"]
        kinds = categories.VENUE_KINDS
        if name is None and kind_text is None:
            return None, None
        if name is None:
            self.err(
                "required",
                f"Ô '{f_kind}' đã ghi nhưng thiếu '{f_name}'.",
                kind_at,
                kind_text,
                f"Ghi tên thôn, cơ quan, trường hoặc doanh nghiệp vào ô '{f_name}', hoặc xóa ô '{f_kind}'.",
            )
            return None
        if level != "commune":
            self.err(
                "unit_unknown",
                f"Chỉ báo cáo của một xã mới ghi được '{f_name}': đơn vị {code} là cấp "
                f"{LEVEL_LABELS.get(level, level)}.",
                name_at,
                name,
                "Ghi mã của xã nơi đơn vị này đóng trên địa bàn, hoặc xóa tên.",
            )
            return None
        if len(name) > 200:
            self.err(
                "length",
                f"Ô '{f_name}' dài {_vi(len(name))} ký tự, vượt giới hạn 200 ký tự.",
                name_at,
                name,
                "Ghi tên ngắn gọn của đơn vị.",
            )
            return None
        choices = "; ".join(kinds.label(c) for c in kinds.codes)
        if kind_text is None:
            self.err("required", f"Thiếu '{f_kind}' của '{short(name)}'.", kind_at, None, f"Ghi một trong: {choices}.")
            return None
        wanted = fold(kind_text)
        match = [c for c in kinds.codes if wanted in {fold(c), fold(kinds.label(c)), fold(kinds.label(c, "en"))}]
        match = match or [c for c in kinds.codes if fold(kinds.label(c)).startswith(wanted)]
        if len(match) != 1:
            self.err(
                "value",
                f"'{short(kind_text)}' không phải một loại đơn vị dưới xã.",
                kind_at,
                kind_text,
                f"Ghi một trong: {choices}.",
            )
            return None
        return match[0], name

    def _unit(self, year: int, system: int):
        units = _units()
        code_v, at = self.field("unit_code")
        prov_v, prov_at = self.field("province")
        code = _unit_code(code_v, system) or _unit_code(prov_v, system)
        at = at if _text(code_v) else prov_at
        if code is None:
            self.err("required", f"Thiếu mã đơn vị báo cáo ('{form.FIELDS['unit_code']}').", at)
            return None
        row = units.get((system, code))
        if row is None:
            other = [s for (s, c) in units if c == code and s != system]
            if other:
                self.err(
                    "unit_system",
                    f"Mã đơn vị {code} thuộc danh mục {other[0]} ({PROVINCE_COUNT[other[0]]} tỉnh), không thuộc danh "
                    f"mục {system} mà năm {year} dùng: kỳ báo cáo không khớp hệ thống đơn vị hành chính của năm.",
                    at,
                    code,
                    f"Ghi mã đơn vị theo danh mục {system} (trang '{form.UNITS_SHEET}' của biểu mẫu năm {year}).",
                )
            else:
                self.err(
                    "unit_unknown",
                    f"Mã đơn vị {code} không có trong danh mục đơn vị hành chính {system}.",
                    at,
                    code,
                    f"Ghi mã theo trang '{form.UNITS_SHEET}' của biểu mẫu (giữ cả số 0 ở đầu).",
                )
            return None
        province = _unit_code(prov_v, system)
        if province is not None and row["province_code"] != province:
            self.err(
                "unit_unknown",
                f"Đơn vị {code} ({row['name']}) không thuộc tỉnh mã {province} của biểu mẫu.",
                at,
                code,
                "Ghi mã một đơn vị của tỉnh này (trang 'Đơn vị'), hoặc dùng biểu mẫu của tỉnh kia.",
            )
            return None
        name_v, name_at = self.field("unit_name")
        name = _text(name_v)
        if name and fold(name) not in {fold(row["name"]), fold(row["short_name"])}:
            self.err(
                "unit_name_mismatch",
                f"Tên đơn vị '{short(name)}' không khớp với mã {code} ({row['name']}) trong danh mục {system}.",
                name_at,
                name,
                "Kiểm tra lại mã đơn vị (mã cũ có thể đã được dùng lại cho đơn vị khác sau sắp xếp) hoặc sửa tên.",
            )
            return None
        return code, row["level"], row["province_code"], at

    def _period(self, year: int):
        kind_v, kind_at = self.field("period_kind")
        kind = _period_kind(kind_v)
        choices = "; ".join(vi for vi, _ in categories.PERIOD_KINDS.labels.values())
        if not kind:
            self.err("required", f"Kỳ báo cáo không hợp lệ; chọn một trong: {choices}.", kind_at, kind_v)
            return None
        half_v, half_at = self.field("half")
        half = _int(half_v)
        if kind == "half_year" and half not in (1, 2):
            self.err("year", "Báo cáo sáu tháng cần ghi sáu tháng đầu (1) hay cuối năm (2).", half_at, half_v)
            return None
        if kind != "half_year" and _text(half_v):
            self.err("year", "Chỉ báo cáo sáu tháng mới ghi ô 'Sáu tháng'.", half_at, half_v)
            return None
        from_v, from_at = self.field("year_from")
        year_from = _int(from_v) if _text(from_v) else year
        if year_from is None or (kind != "phase" and year_from != year):
            self.err("year", "Chỉ báo cáo theo giai đoạn mới ghi 'Từ năm' khác năm báo cáo.", from_at, from_v)
            return None
        if not report_years.FIRST_REPORT_YEAR <= year_from <= year:
            self.err(
                "year",
                f"Giai đoạn phải bắt đầu từ {report_years.FIRST_REPORT_YEAR} và không sau năm báo cáo {year}.",
                from_at,
                from_v,
            )
            return None
        date_v, date_at = self.field("reported_on")
        reported_on = None
        if _text(date_v):
            try:
                reported_on = _date(date_v)
            except (ValueError, TypeError):
                self.err("date", "Ngày báo cáo không phải ngày hợp lệ (ghi ngày/tháng/năm).", date_at, date_v)
                return None
            if not year_from <= reported_on.year <= year + 1:
                self.err(
                    "date",
                    f"Ngày báo cáo {reported_on:%d/%m/%Y} nằm ngoài kỳ báo cáo ({year_from}–{year + 1}).",
                    date_at,
                    date_v,
                )
                return None
        as_of = None
        if kind == "to_date" and _as_of(kind_v):
            try:
                as_of = _date(_as_of(kind_v))
            except (ValueError, TypeError):
                self.err(
                    "date",
                    f"Ngày tính đến '{short(_as_of(kind_v))}' không phải ngày hợp lệ (ghi 'đến ngày/tháng/năm').",
                    kind_at,
                    kind_v,
                )
                return None
            if as_of.year != year or as_of > latest_date():
                self.err(
                    "date",
                    f"Số liệu tính đến {as_of:%d/%m/%Y} phải là một ngày đã qua của năm báo cáo {year}.",
                    kind_at,
                    kind_v,
                    f"Ghi năm báo cáo là năm của ngày tính đến, hoặc sửa ngày (ví dụ 'đến 30/11/{year}').",
                )
                return None
        return kind, year_from, half, reported_on, as_of

    def values(self, rep: Report) -> int:
        """Add the sheet's values to `rep`; return how many value cells were filled in."""
        seen: dict[str, At] = {}
        filled = 0
        for r in self.s.rows:
            filled += _text(r.cells.get("value")) is not None
            code_v, at = r.cells.get("indicator"), r.at["indicator"]
            code = _text(code_v)
            if code is None:
                self.err("required", "Dòng có số liệu nhưng thiếu mã chỉ tiêu.", at)
                continue
            ind = indicators.BY_CODE.get(code) or indicators.BY_CODE.get(code.lower())
            if ind is None:
                near = difflib.get_close_matches(code.lower(), list(indicators.BY_CODE), n=1)
                self.err(
                    "value",
                    f"Mã chỉ tiêu '{short(code)}' không có trong danh mục chỉ tiêu.",
                    at,
                    code,
                    (f"Có phải '{near[0]}'? " if near else "")
                    + "Giữ nguyên cột mã chỉ tiêu của biểu mẫu (danh mục: python -m antq indicators).",
                )
                continue
            if ind.code in seen:
                self.err("duplicate_row", f"Chỉ tiêu {ind.code} ghi hai lần (dòng {seen[ind.code].row}).", at, code)
                continue
            seen[ind.code] = at
            raw, vat = r.cells.get("value"), r.at["value"]
            try:
                cell = cells.parse(raw, ind)
            except cells.CellError as exc:
                self.err(exc.group, exc.message, vat, raw, exc.fix)
                continue
            if cell is None:
                continue  # not reported (which is not zero)
            if national_units.CATALOGUE_LEVEL.get(rep.level, rep.level) not in ind.levels:
                allowed = ", ".join(LEVEL_LABELS[lv] for lv in ind.levels)
                self.err(
                    "value",
                    f"Chỉ tiêu '{ind.label_vi}' do cấp {allowed} báo cáo, không phải cấp {LEVEL_LABELS[rep.level]}.",
                    vat,
                    raw,
                    "Để trống ô này trong báo cáo của đơn vị cấp này.",
                )
                continue
            bound = REPORT_BOUNDS[ind.unit]
            if max(cell.value, cell.denominator or 0) > bound.error_above:
                self.err(
                    "bound",
                    f"Số liệu '{short(cell.written)}' của chỉ tiêu '{ind.label_vi}' vượt giới hạn "
                    f"{_vi(bound.error_above)} {indicators.UNITS[ind.unit][0]} của một báo cáo ({bound.why}).",
                    vat,
                    raw,
                    "Kiểm tra lại số liệu (đơn vị tính, số 0 thừa).",
                )
                continue
            note = _text(r.cells.get("note"))
            if note is not None and len(note) > FREE_TEXT_MAX:
                self.err(
                    "length",
                    f"Ghi chú của chỉ tiêu '{ind.label_vi}' dài {_vi(len(note))} ký tự, vượt giới hạn "
                    f"{_vi(FREE_TEXT_MAX)} ký tự.",
                    r.at.get("note", vat),
                    note,
                    "Ghi chú ngắn gọn; văn bản dài hãy đăng ký ở trang Văn bản rồi ghi số văn bản vào ô Nguồn.",
                )
                continue
            rep.values.append(
                Value(ind.code, cell.value, cell.denominator, cell.qualifier, note, vat, cell.written, cell.word)
            )
        return filled

    def consistency(self, rep: Report) -> None:
        """The rules between the figures of one report (antq/vocab/validation_rules.py): a hard
        contradiction refuses the file, a soft one is a warning; each names both figures, the unit
        and the period."""
        by = {v.indicator: v for v in rep.values}
        figures = {v.indicator: (v.value, v.denominator, v.qualifier == "exact") for v in rep.values}
        for broken in validation_rules.check(figures):
            at_value = by.get(broken.rule.right.indicator) or by[broken.rule.left[0].indicator]
            self.err(
                "contradiction",
                broken.message(where(rep)),
                at_value.at,
                at_value.written,
                "Kiểm tra lại hai số liệu này (đơn vị tính, số gõ nhầm) rồi gửi lại."
                if broken.severity == validation_rules.ERROR
                else "Kiểm tra lại; nếu đúng (ví dụ còn đơn vị chưa thẩm định xong) thì không cần sửa.",
                severity=ERROR if broken.severity == validation_rules.ERROR else WARNING,
            )


def where(rep: Report) -> str:
    """The unit and period of a report, as a message names them ("Đơn vị 01001, cả năm 2024")."""
    unit = _units().get((rep.units_system, rep.unit_code), {}).get("name") or rep.unit_code
    if rep.local_name:  # a named place below the commune ("Cảng hàng không Phù Cát, Xã Canh Hiệp")
        unit = f"{rep.local_name}, {unit}"
    period = categories.PERIOD_KINDS.label(rep.period_kind).lower()
    years = f"{rep.year_from}–{rep.year}" if rep.year_from != rep.year else str(rep.year)
    half = f" {rep.half}" if rep.half else ""
    return f"{unit} ({rep.unit_code}), {period}{half} {years}"


def _units() -> dict[tuple[int, str], dict]:
    global _UNITS
    if _UNITS is None:
        u = registry().units.select("units_system", "unit_code", "level", "name", "short_name", "province_code")
        _UNITS = {(r["units_system"], r["unit_code"]): r for r in u.iter_rows(named=True)}
    return _UNITS


_UNITS: dict | None = None


def validate(sheets: list[FormSheet], problems: Problems) -> list[Report]:
    """The reports of a form's sheets; problems for everything wrong (the caller refuses the file
    if any is an error)."""
    out: list[Report] = []
    seen: dict[tuple, str] = {}
    for s in sheets:
        chk = _Sheet(s, problems)
        rep = chk.report()
        if rep is None:
            continue
        if rep.period_key in seen:
            chk.err(
                "duplicate_row",
                f"Trang '{short(seen[rep.period_key])}' đã là báo cáo của đơn vị "
                f"{rep.local_name or rep.unit_code} cho cùng kỳ này.",
                rep.unit_at,
                rep.unit_code,
                "Mỗi đơn vị, mỗi kỳ một trang; gộp hai trang làm một.",
            )
            continue
        seen[rep.period_key] = s.sheet
        if not chk.values(rep):
            chk.err(
                "empty",
                f"Báo cáo của đơn vị {rep.unit_code} chưa có số liệu nào ở cột '{form.COLUMNS['value']}'.",
                None,
                fix="Ghi số liệu của các chỉ tiêu đã có (để trống chỉ tiêu chưa có số liệu) rồi gửi lại.",
            )
        chk.consistency(rep)
        out.append(rep)
    return out
