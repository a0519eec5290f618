"""The review of a result report up the chain (issue 27; docs/reporting-cycle.md): a reporter
submits, the level above approves or returns it with a comment, an approval locks the unit and
period, and the approving level may unlock it with a reason.

Each step is one row of `report_review` (antq/schema.sql), written in one `db.write_transaction`
after the decision is taken again on what the store holds then; a report's state is derived
(report_review_state()). Who may do what is decided here, in `refusal`, through the access scopes
(antq.access.policy), deny by default:

- submit: whoever may import the unit's report (a commune scope its communes, a province scope its
  provinces' units, the whole country anything), from draft, unlocked or legacy;
- approve / return: the level above the unit -- a reporter (or admin) whose scope contains the
  province reviews its communes' and (2008) districts' reports; a national reporter or admin (the
  Ministry) reviews the provinces' reports and the nation's and regions' own -- never their own
  submission, and only the report in force for its unit and period;
- unlock: the approving level again, with a reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from antq import db, i18n, queries
from antq.access import imports as access_imports
from antq.access import policy, store
from antq.access.scope import communes_in
from antq.vocab import categories

log = logging.getLogger("antq.review")

ACTIONS = categories.REVIEW_ACTIONS
STATES = categories.REVIEW_STATES
# Who reviews a unit's report: the province for the levels below it, the Ministry for the rest.
REVIEWED_BY_PROVINCE = ("commune", "district")
REVIEWED_BY_MINISTRY = ("province", "nation", "region")
REVIEW_STEPS = ("approve", "return", "unlock")  # the reviewer's actions; "submit" is the unit's


class ReviewRefused(PermissionError):
    """A review step that may not be taken; the message is Vietnamese and says why. Nothing changed."""


@dataclass(frozen=True)
class Reach:
    """The reports a reviewer reviews: units of `levels` in `provinces` (2025 codes; None = all)."""

    levels: tuple[str, ...]
    provinces: tuple[str, ...] | None


def reach(acc: policy.Access | None) -> Reach | None:
    """Whose reports `acc` reviews, or None: only a reporter or admin whose scope is a province
    (its communes and districts) or the whole country (the provinces, the nation, the regions)."""
    if acc is None or not acc.can("import"):
        return None
    if acc.national:
        return Reach(REVIEWED_BY_MINISTRY, None)
    if acc.scope_kind == store.PROVINCES and acc.provinces:
        return Reach(REVIEWED_BY_PROVINCE, tuple(acc.provinces))
    return None


def can_review(acc: policy.Access | None) -> bool:
    return reach(acc) is not None


def report_info(conn, report_id: int) -> dict | None:
    df = queries.run(conn, "review_report", report_id=int(report_id))
    return df.row(0, named=True) if df.height else None


def _period_text(info: dict, lang: str = "vi") -> str:
    kind = categories.PERIOD_KINDS.label(info["period_kind"], lang)
    years = f"{info['year_from']}–{info['year']}" if info["year_from"] != info["year"] else str(info["year"])
    half = f" ({'sáu tháng' if lang != 'en' else 'half'} {info['half']})" if info.get("half") else ""
    return f"{kind} {years}{half}"


def _label(who: access_imports.Actor | None) -> str:
    if who is None:
        return "?"
    return who.who.email or who.who.subject or who.who.label


def _may_submit(conn, actor: access_imports.Actor, info: dict) -> bool:
    acc = actor.access
    if acc.national:
        return True
    system = info["units_system"]
    if acc.communes and info["unit_code"] in communes_in(conn, tuple(acc.communes), system):
        return True
    return acc.scope_kind == store.PROVINCES and info["province_2025_code"] in (acc.provinces or ())


def refusal(conn, actor: access_imports.Actor | None, action: str, info: dict | None, comment: str = "") -> str | None:
    """Why `actor` may not take `action` on the report `info` (review_report's row), or None.
    Deny by default: no identity, no grant, an action or state this does not know are refusals."""
    if info is None:
        return "Không có báo cáo này."
    if action not in categories.REVIEW_ACTION_FROM:
        return f"Thao tác '{action}' không hợp lệ."
    if actor is None or actor.access is None or not actor.access.granted:
        return "Cần đăng nhập bằng tài khoản được cấp quyền để duyệt hoặc gửi báo cáo."
    name = ACTIONS.label(action).lower()
    where = f"báo cáo {info['report_id']} của {info['unit_name']} ({info['unit_code']}), {_period_text(info)}"
    state = info["review_state"]
    if state not in categories.REVIEW_ACTION_FROM[action]:
        return f"Không thể {name} {where}: báo cáo đang ở trạng thái «{STATES.label(state)}»."
    if action != "unlock" and not info["in_force"]:
        return f"Không thể {name} {where}: đã có báo cáo mới hơn của đơn vị cho kỳ này."
    if action in categories.REVIEW_NEEDS_COMMENT and not (comment or "").strip():
        what = "điều cần sửa" if action == "return" else "lý do mở khóa"
        return f"Cần ghi {what} khi {name} {where}."
    acc = actor.access
    me = _label(actor)
    if action == "submit":
        if acc.can("import") and _may_submit(conn, actor, info):
            return None
        return f"{me} không có quyền gửi {where} (cần vai trò reporter trong phạm vi của đơn vị)."
    r = reach(acc)
    if r is None:
        return f"{me} không có quyền duyệt báo cáo (cần vai trò reporter hoặc admin của tỉnh hoặc toàn quốc)."
    if info["level"] not in r.levels:
        above = "Bộ Công an (quyền toàn quốc)" if info["level"] in REVIEWED_BY_MINISTRY else "Công an tỉnh của đơn vị"
        return f"{me} không duyệt được {where}: báo cáo cấp này do {above} duyệt."
    if r.provinces is not None and info["province_2025_code"] not in r.provinces:
        return f"{me} không duyệt được {where}: đơn vị thuộc tỉnh mã {info['province_2025_code']}, ngoài phạm vi."
    if action != "unlock" and info["submitted_by"] and info["submitted_by"].lower() == me.lower():
        return f"{me} không duyệt được {where}: báo cáo do chính người này gửi."
    return None


def record(conn, report_ids: list[int], action: str, by: str, role: str | None, via: str, comment=None) -> None:
    """Append one event per report (inside the caller's write transaction)."""
    now = dt.datetime.now().replace(microsecond=0)
    first = conn.execute("SELECT coalesce(max(event_id), 0) + 1 FROM report_review").fetchall()[0][0]
    for i, rid in enumerate(report_ids):
        conn.execute(
            "INSERT INTO report_review (event_id, report_id, action, acted_by, acted_at, role, via, comment) "
            "VALUES ($e, $r, $a, $by, $at, $role, $via, $c)",
            dict(e=first + i, r=int(rid), a=action, by=by, at=now, role=role, via=via, c=comment),
        )


def act(
    report_id: int,
    action: str,
    actor: access_imports.Actor | None,
    comment: str = "",
    *,
    db_path: Path | None = None,
    via: str = "app",
    wait_seconds: float = 30.0,
) -> str:
    """Take one review step, decided again inside the write on what the store holds then; the
    Vietnamese line to show. Raises ReviewRefused (logged, nothing written) or db.DatabaseBusy."""
    comment = (comment or "").strip() or None
    with db.write_transaction(db_path, wait_seconds=wait_seconds, refresh=False) as conn:
        info = report_info(conn, report_id)
        why = refusal(conn, actor, action, info, comment or "")
        if why:
            log.warning("review refused: %s %s by %s: %s", action, report_id, _label(actor), why)
            raise ReviewRefused(why)
        role = actor.access.role if actor and actor.access else None
        record(conn, [report_id], action, _label(actor), role, via, comment)
    log.info("review: %s report %s by %s", action, report_id, _label(actor))
    done = {
        "submit": "Đã gửi duyệt",
        "return": "Đã trả lại",
        "approve": "Đã duyệt và khóa số liệu của",
        "unlock": "Đã mở khóa",
    }[action]
    return f"{done} báo cáo {report_id} ({info['unit_name']}, {_period_text(info)})."


# ---------------------------------------------------------------- the lock
def lock_refusal(conn: duckdb.DuckDBPyConnection, key: dict) -> str | None:
    """The Vietnamese refusal of a new report for a unit and period someone approved, naming the
    approval (who, when), or None when it is open. `key`: s, u, lk, ln, k, f, y, h (antq.reports.load._key)."""
    df = queries.run(conn, "review_lock", **key)
    if df.is_empty():
        return None
    row = df.row(0, named=True)
    info = dict(period_kind=key["k"], year_from=key["f"], year=key["y"], half=key["h"])
    return (
        f"Số liệu của {row['unit_name']} ({key['u']}), {_period_text(info)} đã được {row['approved_by']} duyệt "
        f"lúc {i18n.datetime(row['approved_at'], 'vi')} (báo cáo {row['report_id']}) và đang khóa: không nhận "
        "báo cáo mới cho đơn vị và kỳ này."
    )


LOCK_FIX = "Nếu cần sửa, đề nghị cấp đã duyệt mở khóa (ghi lý do) trên trang Duyệt báo cáo, rồi nhập lại."


# ---------------------------------------------------------------- what the review page reads
def reports(source, r: Reach, states: tuple[str, ...]) -> pl.DataFrame:
    return queries.run(
        source,
        "review_reports",
        levels=list(r.levels),
        provinces=list(r.provinces or ()),
        states=list(states),
    )


def own_reports(source, acc: policy.Access, states: tuple[str, ...]) -> pl.DataFrame:
    """The in-force reports a unit's reporter may submit (drafts, unlocked, returned to it): every
    level within the scope; a commune scope its communes only."""
    levels = list(categories.UNIT_LEVELS.codes)
    if acc.national:
        df = queries.run(source, "review_reports", levels=levels, provinces=[], states=list(states))
    else:
        provs = list(acc.provinces or acc.commune_provinces or ())
        df = queries.run(source, "review_reports", levels=levels, provinces=provs or ["--"], states=list(states))
        if acc.scope_kind == store.COMMUNES:
            cur = source.conn.cursor() if hasattr(source, "conn") else source.cursor()
            try:
                mine = set(communes_in(cur, tuple(acc.communes), 2008)) | set(acc.communes)
            finally:
                cur.close()
            df = df.filter(pl.col("unit_code").is_in(list(mine)))
    return df


def history(source, report_id: int) -> pl.DataFrame:
    return queries.run(source, "review_history", report_id=int(report_id))


def values(source, report_id: int) -> pl.DataFrame:
    return queries.run(source, "review_values", report_id=int(report_id))


def state_line(source, sel, lang: str) -> str:
    """How many of the selection's reports in force are in each review state, for a viewer above
    (the results page's "Các lần báo cáo"): "Đã duyệt 3 · Chờ duyệt 1 · Nháp 2"."""
    from antq import service

    v = service.report_versions(source, sel).filter(pl.col("in_force"))
    counts = dict(v.group_by("review_state").len().iter_rows())
    parts = [
        f"{STATES.label(c, lang)} {i18n.number(counts[c], 0, lang)}" for c in reversed(STATES.codes) if counts.get(c)
    ]
    head = i18n.text("review_state", lang) + (" (báo cáo đang dùng): " if lang != "en" else " (reports in force): ")
    return head + (" · ".join(parts) or "–")
