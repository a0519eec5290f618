"""Reporting obligations: which units must file which form for which period, with the day the
figures count to and a deadline per level (communes -> their province, provinces -> the Ministry).

An administrator sets one in the app (pages/cycle.py) or on the command line (`antq obligation`).
Every setting is a new row of `report_obligation`, never an update: the latest row of a (form,
period kind, half, year) is in force and the earlier ones are its history, with who and when. A
period nobody has set an obligation for follows the default rule (`default_rule`: the provinces
report to the Ministry by antq/vocab/report_rules.py's DEFAULT_DEADLINES), and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from antq import db, queries
from antq.units import SYSTEM_NEW, province_names
from antq.vocab import report_rules, report_years
from antq.vocab.categories import OBLIGATION_LEVELS, REPORT_FORMS, WRITE_CHANNELS

FORM = "results"  # the one form there is today (categories.REPORT_FORMS)


class ObligationError(ValueError):
    """An obligation that cannot be set; the message is Vietnamese and says what and where."""


@dataclass(frozen=True)
class Obligation:
    period_kind: str
    half: int
    year: int
    level: str
    province_codes: tuple[str, ...] | None  # today's provinces; None = every province
    cutoff: dt.date
    commune_deadline: dt.date | None
    province_deadline: dt.date
    form: str = FORM
    note: str | None = None
    set_at: dt.datetime | None = None
    set_by: str | None = None
    via: str | None = None
    obligation_id: int | None = None
    is_default: bool = False  # the default rule, not set by anyone

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        return report_rules.window(self.period_kind, self.year, self.half)

    def deadline_of(self, level: str) -> dt.date | None:
        """The deadline of a reporting unit of `level` (commune, province or nation)."""
        return self.commune_deadline if level == "commune" else self.province_deadline


def period_label(kind: str, half: int, lang: str = "vi") -> str:
    return report_rules.period_label(kind, half, lang)


def default_rule(year: int, kind: str, half: int = 0) -> Obligation:
    """What is expected of a period without an obligation: every province reports to the Ministry by
    the default rule's day; the figures count to the window's last day."""
    return Obligation(
        kind,
        half,
        year,
        "province",
        None,
        report_rules.window(kind, year, half)[1],
        None,
        report_rules.deadline(kind, year, half),
        is_default=True,
    )


def _date(value, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        d, m, y = (int(p) for p in str(value).strip().split("/"))
        return dt.date(y, m, d)
    except ValueError:
        raise ObligationError(
            f"{what}: '{value}' không phải một ngày (viết ngày/tháng/năm, ví dụ 31/08/2026)."
        ) from None


def checked(
    *,
    year,
    period_kind: str,
    half: int = 0,
    level: str,
    provinces=(),
    cutoff=None,
    commune_deadline=None,
    province_deadline=None,
    note: str | None = None,
) -> Obligation:
    """An obligation made of user input, or ObligationError saying what is wrong."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ObligationError(f"Năm '{year}' không hợp lệ.") from None
    if not report_years.FIRST_REPORT_YEAR <= year <= report_years.LAST_REPORT_YEAR:
        raise ObligationError(f"Năm {year} nằm ngoài các năm có thể báo cáo (từ {report_years.FIRST_REPORT_YEAR}).")
    half = int(half or 0)
    if (period_kind, half) not in report_rules.COMPLETENESS_PERIODS:
        choices = "; ".join(period_label(k, h) for k, h in report_rules.COMPLETENESS_PERIODS)
        raise ObligationError(f"Kỳ báo cáo không đặt được nghĩa vụ; chọn một trong: {choices}.")
    if level not in OBLIGATION_LEVELS.codes:
        choices = "; ".join(vi for vi, _ in OBLIGATION_LEVELS.labels.values())
        raise ObligationError(f"Cấp báo cáo '{level}' không có; chọn một trong: {choices}.")
    known = province_names(SYSTEM_NEW)
    provs = sorted({c.strip().zfill(2) for raw in provinces for c in str(raw).split(",") if c.strip()})
    bad = [c for c in provs if c not in known]
    if bad:
        raise ObligationError(f"Mã tỉnh {', '.join(bad)} không có trong hệ 34 tỉnh (2025).")
    if level == "nation" and provs:
        raise ObligationError("Báo cáo tổng hợp toàn quốc không giới hạn theo tỉnh; bỏ chọn tỉnh.")
    start, end = report_rules.window(period_kind, year, half)
    cutoff = _date(cutoff, "Ngày chốt số liệu") or end
    commune_deadline = _date(commune_deadline, "Hạn xã báo cáo tỉnh")
    province_deadline = _date(province_deadline, "Hạn tỉnh báo cáo Bộ")
    where = f"{period_label(period_kind, half)} — {year}"
    if province_deadline is None:
        raise ObligationError(f"{where}: thiếu hạn tỉnh báo cáo Bộ Công an.")
    if level == "commune" and commune_deadline is None:
        raise ObligationError(f"{where}: nghĩa vụ đến cấp xã cần hạn xã báo cáo tỉnh.")
    if level != "commune" and commune_deadline is not None:
        raise ObligationError(f"{where}: hạn xã báo cáo tỉnh chỉ dùng khi nghĩa vụ đến cấp xã; bỏ trống ô này.")
    if cutoff < start:
        raise ObligationError(f"{where}: ngày chốt số liệu {cutoff:%d/%m/%Y} trước ngày đầu của kỳ ({start:%d/%m/%Y}).")
    first_due = commune_deadline or province_deadline
    if first_due < cutoff:
        raise ObligationError(f"{where}: hạn báo cáo {first_due:%d/%m/%Y} trước ngày chốt số liệu {cutoff:%d/%m/%Y}.")
    if commune_deadline and commune_deadline > province_deadline:
        raise ObligationError(
            f"{where}: hạn xã báo cáo tỉnh ({commune_deadline:%d/%m/%Y}) sau hạn tỉnh báo cáo Bộ "
            f"({province_deadline:%d/%m/%Y})."
        )
    note = (note or "").strip() or None
    if note and len(note) > 500:
        raise ObligationError("Ghi chú dài quá 500 ký tự.")
    return Obligation(
        period_kind, half, year, level, tuple(provs) or None, cutoff, commune_deadline, province_deadline, note=note
    )


def _write(conn: duckdb.DuckDBPyConnection, row: dict) -> int:
    row["obligation_id"] = conn.execute("SELECT coalesce(max(obligation_id), 0) + 1 FROM report_obligation").fetchall()[
        0
    ][0]
    cols = ", ".join(row)
    conn.execute(f"INSERT INTO report_obligation ({cols}) VALUES ({', '.join('$' + c for c in row)})", row)
    return row["obligation_id"]


def set_obligation(ob: Obligation, *, by: str, via: str, db_path: Path | None = None) -> Obligation:
    """Record `ob` (from `checked`) as the obligation in force for its period: a new row, the earlier
    setting kept as history."""
    if via not in WRITE_CHANNELS.codes or via == "demo" or not by:
        raise ObligationError("Mọi thay đổi nghĩa vụ báo cáo phải ghi người thực hiện.")
    assert ob.form in REPORT_FORMS.codes
    at = dt.datetime.now().replace(microsecond=0)
    with db.write_transaction(db_path, refresh=False) as conn:
        oid = _write(
            conn,
            dict(
                form=ob.form,
                period_kind=ob.period_kind,
                half=ob.half,
                year=ob.year,
                action="set",
                level=ob.level,
                province_codes=list(ob.province_codes) if ob.province_codes else None,
                cutoff=ob.cutoff,
                commune_deadline=ob.commune_deadline,
                province_deadline=ob.province_deadline,
                note=ob.note,
                set_at=at,
                set_by=by,
                via=via,
            ),
        )
    return replace(ob, set_at=at, set_by=by, via=via, obligation_id=oid)


def withdraw(
    year: int, period_kind: str, half: int = 0, *, by: str, via: str, note: str | None = None, db_path=None
) -> None:
    """End the obligation in force for a period (the default rule applies again); recorded like a setting."""
    if not by or via == "demo":
        raise ObligationError("Mọi thay đổi nghĩa vụ báo cáo phải ghi người thực hiện.")
    with db.write_transaction(db_path, refresh=False) as conn:
        if in_force(conn, year, period_kind, half) is None:
            raise ObligationError(f"{period_label(period_kind, half)} — {year}: chưa có nghĩa vụ nào để bãi bỏ.")
        _write(
            conn,
            dict(
                form=FORM,
                period_kind=period_kind,
                half=half,
                year=year,
                action="withdraw",
                note=note,
                set_at=dt.datetime.now().replace(microsecond=0),
                set_by=by,
                via=via,
            ),
        )


def history(source, year: int):
    """Every setting and withdrawal of the year's obligations, newest first, with in_force."""
    try:
        return queries.run(source, "cycle_obligations", year=year)
    except duckdb.CatalogException:  # a file from before the reporting cycle, opened read-only
        return None


def in_force(source, year: int, period_kind: str, half: int = 0, form: str = FORM) -> Obligation | None:
    """The obligation an administrator set for the period, or None."""
    df = history(source, year)
    if df is None:
        return None
    rows = df.filter(
        (df["in_force"]) & (df["form"] == form) & (df["period_kind"] == period_kind) & (df["half"] == half)
    ).to_dicts()
    if not rows:
        return None
    r = rows[0]
    return Obligation(
        r["period_kind"],
        r["half"],
        r["year"],
        r["level"],
        tuple(r["province_codes"]) if r["province_codes"] else None,
        r["cutoff"],
        r["commune_deadline"],
        r["province_deadline"],
        form=r["form"],
        note=r["note"],
        set_at=r["set_at"],
        set_by=r["set_by"],
        via=r["via"],
        obligation_id=r["obligation_id"],
    )


def effective(source, year: int, period_kind: str, half: int = 0) -> Obligation:
    """The obligation in force for the period, else the default rule."""
    return in_force(source, year, period_kind, half) or default_rule(year, period_kind, half)
