"""Import a filled report form: read, validate, compare with the store, then write it in one atomic step.

`prepare` changes nothing (a page can show its result as a preview); `commit` writes the reports of
an accepted file in one `db.write_transaction`: a data_source row for the file, one `report` row per
sheet (unit and period) with who and when, its values, and the attempt in `import_audit` (and
`import_actor`, antq.access) — the original is archived unchanged, named by its hash, like every
import (antq.importer.archive, antq.importer.audit). A report for a unit and period that already has one is a new
version: the earlier report is kept and `report_in_force()` shows the latest.

A refused file changes nothing in the database, not even its audit table: the database file stays
byte for byte as it was. The refusal is recorded beside the archive instead (REFUSED_LOG: one JSON
line per refused attempt, with its first problems).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import duckdb
import polars as pl

from antq import db, queries, settings
from antq.access import imports as access_imports
from antq.importer import archive as archiving
from antq.importer import audit, limits
from antq.importer.problems import ERROR, WARNING, Problems
from antq.reports import read, validate
from antq.text import fold
from antq.vocab import indicators, validation_rules
from antq.vocab.categories import REPORT_IMPORT_KIND

# Beside the archive's files (which its tidy-up matches against import_audit), in a folder of its own.
REFUSED_LOG = Path("refused-reports") / "attempts.jsonl"


@dataclass
class Plan:
    file_name: str
    data: bytes
    sha256: str
    problems: Problems
    reports: list[validate.Report] = field(default_factory=list)
    unchanged: bool = False  # this very file is loaded already
    compared: bool = False  # the store's warnings were added (once: prepare and commit both compare)
    kind: str = REPORT_IMPORT_KIND
    # Sent up for review as it is saved (a 'submit' step, antq.cycle.review), or kept as a draft ('save').
    submit: bool = True

    @property
    def ok(self) -> bool:
        return self.problems.n_errors == 0 and bool(self.reports)

    @property
    def rows(self) -> int:
        """Values in the file's reports."""
        return sum(len(r.values) for r in self.reports)

    @property
    def slices(self) -> pl.DataFrame:
        """(province, year) pairs the file reports on (the audit row's provinces and years)."""
        rows = [dict(province_code=r.province_code, year=r.year) for r in self.reports]
        return pl.DataFrame(rows, schema={"province_code": pl.String, "year": pl.Int16}).unique(maintain_order=True)

    @property
    def validated(self):
        """What antq.access checks a file's scope on: one row per report, with its unit."""
        rows = pl.DataFrame(
            [
                dict(
                    units_system=r.units_system,
                    unit_code=r.unit_code,
                    province_code=r.province_code,
                    _row=r.unit_at.row,
                )
                for r in self.reports
            ],
            schema={"units_system": pl.Int16, "unit_code": pl.String, "province_code": pl.String, "_row": pl.Int64},
        )
        return SimpleNamespace(rows=rows, sheet=self.reports[0].sheet if self.reports else None)


@dataclass
class Result:
    outcome: str  # loaded | unchanged | rejected
    plan: Plan
    problems: pl.DataFrame
    attempt_id: int | None = None
    archive_path: Path | None = None
    report_ids: list[int] = field(default_factory=list)
    superseded: list[int] = field(default_factory=list)  # reports now replaced in force (still kept)


def prepare(data: bytes, file_name: str, conn: duckdb.DuckDBPyConnection | None = None, actor=None) -> Plan:
    """Read and validate a form; with a connection, also compare it with the store."""
    problems = Problems()
    plan = Plan(file_name, data, hashlib.sha256(data).hexdigest(), problems)
    sheets = read.read(data, file_name, problems)
    plan.reports = validate.validate(sheets, problems) if sheets else []
    if conn is not None and plan.reports:
        cur = conn.cursor()
        try:
            # the author's scope first: a refused plan is never compared with the store, whose
            # figures and dates would then be another province's (issue 23)
            access_imports.check(cur, plan, actor)
            store_checks(plan, cur)
        finally:
            cur.close()
    return plan


def store_checks(plan: Plan, conn) -> None:
    """Whether this very file is loaded already; a warning for each figure far from the unit's
    previous years. Nothing for a plan refused by the author's scope (access_imports.check runs
    first): its units are not the author's to learn about."""
    if access_imports.refused(plan):
        return
    lock_checks(plan, conn)
    plan.unchanged = bool(
        conn.execute(
            "SELECT count(*) FROM data_source AS d WHERE d.kind = 'imported' AND d.file_sha256 = $sha "
            "AND EXISTS (SELECT 1 FROM report AS r WHERE r.source_id = d.source_id)",
            {"sha": plan.sha256},
        ).fetchall()[0][0]
    )
    if plan.compared:
        return
    plan.compared = True
    for rep in plan.reports:
        current = conn.execute(_IN_FORCE, _key(rep)).fetchall()
        if current and current[0][1] is not None and (rep.reported_on is None or rep.reported_on < current[0][1]):
            plan.problems.add(
                WARNING,
                "exists",
                f"Đơn vị {rep.unit_code} đã có báo cáo kỳ này ghi ngày {current[0][1]:%d/%m/%Y}, sau ngày của báo cáo "
                "này (hoặc báo cáo này không ghi ngày): báo cáo này được lưu như một phiên bản trước, không thay "
                "số liệu đang dùng.",
                "Nếu đây là bản sửa mới nhất, ghi 'Ngày báo cáo' của nó rồi nhập lại.",
                sheet=rep.unit_at.sheet,
                row=rep.unit_at.row,
                column=rep.unit_at.column,
                value=rep.unit_code,
            )
        if rep.local_name:  # a named place below the commune has no years of its own to compare with yet
            continue
        outliers(plan, rep, conn)


def outliers(plan: Plan, rep: validate.Report, conn) -> None:
    """A warning for each figure far from the unit's own earlier years (the robust rule of
    antq/vocab/validation_rules.py, over queries/unit_history_stats.sql): flagged for follow-up,
    never refused (real figures do jump, e.g. after a merger of communes)."""
    stats = queries.run(conn, "unit_history_stats", year=rep.year, provinces=[rep.province_code]).filter(
        (pl.col("unit_code") == rep.unit_code)
        & (pl.col("period_kind") == rep.period_kind)
        & (pl.col("half") == (rep.half or 0))
    )
    by = {r["indicator"]: r for r in stats.iter_rows(named=True)}
    for v in rep.values:
        h = by.get(v.indicator)
        if h is None or not validation_rules.is_outlier(v.value, h["n"], h["med"], h["median_log"], h["mad_log"]):
            continue
        plan.problems.add(
            WARNING,
            "outlier",
            f"{validate.where(rep)}: '{indicators.label(v.indicator)}' = {v.written}, khác xa số liệu "
            f"{h['n']} năm trước của đơn vị (trung vị {validation_rules.number_vi(h['med'])}): cần xem lại.",
            "Kiểm tra lại số liệu (đơn vị tính, số 0 thừa hoặc thiếu); nếu đúng thì không cần sửa.",
            sheet=v.at.sheet,
            row=v.at.row,
            column=v.at.column,
            value=v.written,
        )


def lock_checks(plan: Plan, conn) -> None:
    """An error for each report of a unit and period the level above approved (antq.cycle.review):
    the approval locks it until unlocked. Asked again at commit, on what the store holds then; each
    refusal named once."""
    from antq.cycle import review

    seen = plan.problems.frame()
    seen = set(seen.filter(pl.col("group") == "locked")["message"].to_list()) if seen.height else set()
    for rep in plan.reports:
        why = review.lock_refusal(conn, _key(rep))
        if why and why not in seen:
            seen.add(why)
            plan.problems.add(
                ERROR,
                "locked",
                why,
                review.LOCK_FIX,
                sheet=rep.unit_at.sheet,
                row=rep.unit_at.row,
                column=rep.unit_at.column,
                value=rep.unit_code,
            )


class _Refused(Exception):
    """Raised inside the write when a re-check finds an error: the write rolls back."""


def _who(actor) -> str:
    if actor is None:
        return f"os:{getpass.getuser()}"
    return actor.who.email or actor.who.subject or actor.who.label


# the report in force of the same unit — or the same named place below it — and period
_IN_FORCE = (
    "SELECT r.report_id, r.reported_on FROM report AS r JOIN report_version AS v USING (report_id) "
    "LEFT JOIN local_unit AS l USING (local_unit_id) "
    "WHERE v.rank_in_period = 1 AND r.units_system = $s AND r.unit_code = $u "
    "AND l.venue_kind IS NOT DISTINCT FROM $lk AND l.name_key IS NOT DISTINCT FROM $ln "
    "AND r.period_kind = $k AND r.year_from = $f AND r.year = $y AND r.half IS NOT DISTINCT FROM $h"
)


def _key(r: validate.Report) -> dict:
    local = fold(r.local_name) if r.local_name else None
    return dict(s=r.units_system, u=r.unit_code, k=r.period_kind, f=r.year_from, y=r.year, h=r.half) | dict(
        lk=r.local_kind if local else None, ln=local
    )


def _local_unit_id(conn, r: validate.Report, who: str, now: dt.datetime) -> int | None:
    """The named place below the commune a report speaks for, registered the first time one names it."""
    if not r.local_name:
        return None
    key = dict(s=r.units_system, u=r.unit_code, k=r.local_kind, n=fold(r.local_name))
    found = conn.execute(
        "SELECT local_unit_id FROM local_unit WHERE units_system = $s AND commune_code = $u AND venue_kind = $k "
        "AND name_key = $n",
        key,
    ).fetchall()
    if found:
        return found[0][0]
    new = conn.execute("SELECT coalesce(max(local_unit_id), 0) + 1 FROM local_unit").fetchall()[0][0]
    conn.execute(
        "INSERT INTO local_unit VALUES ($id, $s, $u, $k, $name, $n, $who, $at)",
        key | dict(id=new, name=r.local_name, who=who, at=now),
    )
    return new


def _write_reports(conn, plan: Plan, source_id: int, via: str, who: str, role=None) -> tuple[list[int], list[int]]:
    """Insert the reports and their values, each with its first review step (submitted, or saved as
    a draft: antq.cycle.review); return their ids and those of the reports they supersede (kept, no
    longer in force)."""
    from antq.cycle import review

    now = dt.datetime.now().replace(microsecond=0)
    first = conn.execute("SELECT coalesce(max(report_id), 0) + 1 FROM report").fetchall()[0][0]
    ids, superseded = [], []
    for i, r in enumerate(plan.reports):
        before = conn.execute(_IN_FORCE, _key(r)).fetchall()
        rid = first + i
        conn.execute(
            "INSERT INTO report (report_id, units_system, unit_code, period_kind, year, year_from, half, reported_on,"
            " reference, document_id, source_id, entered_by, entered_at, via, as_of, local_unit_id)"
            " VALUES ($id, $s, $u, $k, $y, $f, $h, $on, $ref, NULL, $src, $who, $at, $via, $as_of, $local)",
            dict(s=r.units_system, u=r.unit_code, k=r.period_kind, f=r.year_from, y=r.year, h=r.half)
            | dict(id=rid, on=r.reported_on, ref=r.reference, src=source_id, who=who, at=now, via=via, as_of=r.as_of)
            | dict(local=_local_unit_id(conn, r, who, now)),
        )
        values = pl.DataFrame(  # noqa: F841 -- read by DuckDB's replacement scan
            [
                dict(
                    indicator=v.indicator,
                    value=v.value,
                    den=v.denominator,
                    q=v.qualifier,
                    note=v.note,
                    w=v.qualifier_word,
                )
                for v in r.values
            ],
            schema={
                "indicator": pl.String,
                "value": pl.Float64,
                "den": pl.Float64,
                "q": pl.String,
                "note": pl.String,
                "w": pl.String,
            },
        )
        conn.execute(
            "INSERT INTO report_value (report_id, indicator, value, denominator, qualifier, note, qualifier_word) "
            "SELECT $id, indicator, value, den, q, note, w FROM values",
            {"id": rid},
        )
        db.refresh_reports(conn)  # which report is in force now, before it is asked below
        after = conn.execute(_IN_FORCE, _key(r)).fetchall()
        if before and after[0][0] == rid:
            superseded.append(before[0][0])
        ids.append(rid)
    review.record(conn, ids, "submit" if plan.submit else "save", who, role, via)
    return ids, superseded


def commit(
    plan: Plan,
    *,
    db_path: Path | None = None,
    archive: Path | None = None,
    via: str = "cli",
    wait_seconds: float = 30.0,
    actor=None,
) -> Result:
    """Write an accepted form in one atomic step, or record why it was refused (outside the
    database). Raises db.DatabaseBusy if another writer holds the store for too long."""
    db_path = Path(db_path or settings.db_path())
    archive = Path(archive or archiving.archive_dir())
    if not plan.ok:
        return _refuse(plan, archive, via, actor)
    target, staged = archiving.target(plan, archive), None
    try:
        with db.write_transaction(db_path, wait_seconds=wait_seconds, refresh=False) as conn:
            audit.ensure_table(conn)
            archiving.tidy(conn, archive)
            access_imports.check(conn, plan, actor)
            store_checks(plan, conn)  # the store may have changed since prepare: decide on what it holds now
            if plan.problems.n_errors:
                raise _Refused
            if plan.unchanged:
                attempt = audit.record(
                    conn, plan, "unchanged", via, archive_path=target, actor=actor,
                    message="Tệp này đã được nhập trước đó; không có gì thay đổi.",
                )  # fmt: skip
                return Result("unchanged", plan, plan.problems.frame(), attempt, target)
            source_id = audit.add_source(conn, plan, f"Báo cáo kết quả: {plan.file_name}")
            role = actor.access.role if actor is not None and actor.access is not None else None
            ids, superseded = _write_reports(conn, plan, source_id, via, _who(actor), role)
            message = (
                f"Báo cáo mới thay cho báo cáo {', '.join(map(str, superseded))} (vẫn lưu)." if superseded else None
            )
            attempt = audit.record(
                conn, plan, "loaded", via, source_id=source_id, archive_path=target, message=message, actor=actor
            )
            staged = archiving.stage(plan, archive)  # kept only once the audit row naming it is committed
        archiving.keep(staged, target)
        staged = None
        return Result("loaded", plan, plan.problems.frame(), attempt, target, ids, superseded)
    except _Refused:
        return _refuse(plan, archive, via, actor)
    except duckdb.Error as exc:
        # A value the checks let through but the schema refused: the write rolled back.
        plan.problems.add_database_refusal(exc)
        return _refuse(plan, archive, via, actor)
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)


def _refuse(plan: Plan, archive: Path, via: str, actor) -> Result:
    """Record a refused attempt beside the archive; the database is not touched."""
    frame = plan.problems.frame()
    errors = frame.filter(pl.col("severity") == ERROR).head(20)
    line = dict(
        attempted_at=dt.datetime.now().replace(microsecond=0).isoformat(),
        file_name=plan.file_name,
        file_sha256=plan.sha256,
        file_bytes=len(plan.data),
        kind=plan.kind,
        errors=plan.problems.n_errors,
        warnings=plan.problems.n_warnings,
        via=via,
        who=_who(actor),
        problems=errors.to_dicts(),
    )
    (archive / REFUSED_LOG).parent.mkdir(parents=True, exist_ok=True)
    with open(archive / REFUSED_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    return Result("rejected", plan, frame)


def import_bytes(data: bytes, file_name: str, *, db_path: Path | None = None, actor=None, **kw) -> Result:
    db_path = Path(db_path or settings.db_path())
    conn = db.connect_read_only(db_path)
    try:
        plan = prepare(data, file_name, conn, actor)
    finally:
        conn.close()
    return commit(plan, db_path=db_path, actor=actor, **kw)


def import_path(path: Path | str, **kw) -> Result:
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes():
        # read.read refuses it by size before parsing; not read into memory beyond the limit
        data = path.open("rb").read(limits.max_bytes() + 1)
        return import_bytes(data, path.name, **kw)
    return import_bytes(path.read_bytes(), path.name, **kw)
