"""What the import page needs, apart from drawing: cached previews, templates, the status tables.
Kept out of the page so the page stays thin and these stay testable without Streamlit."""

from __future__ import annotations

import polars as pl

from antq import db, i18n
from antq.importer import load, problems, spec, status, template
from antq.units import SYSTEM_NEW, SYSTEM_OLD


def preview(data: bytes, file_name: str, conn, actor=None) -> load.Plan:
    """The plan the page shows. Prepared as if replacing, so that a file whose provinces and years
    already hold imported figures reaches the "Thay thế" choice instead of stopping at an error;
    the write checks again with the user's choice. The author's scope is checked before the store
    is asked anything. The plan keeps no copy of the file's bytes (the uploader holds them until
    the write)."""
    plan = load.prepare(data, file_name, conn, replace=True, actor=actor)
    plan.data = b""
    release_memory()
    return plan


def record_refusal(plan: load.Plan, data: bytes, actor, recorded: set) -> int | None:
    """A refused upload recorded as the command line records one: `load.commit` of the refused
    plan writes its import_audit row (outcome, first error) and its author (import_actor). Once
    per file in a session (`recorded`: the page's set of (name, hash)); a busy database is left
    for the next run. Returns the attempt's id when one was written."""
    key = (plan.file_name, plan.sha256)
    if plan.ok or plan.unchanged or key in recorded:
        return None
    plan.data = data  # the audit row states the file's size
    try:
        res = load.commit(plan, via="app", actor=actor, wait_seconds=5.0)
    except db.DatabaseBusy:
        return None
    finally:
        plan.data = b""
    recorded.add(key)
    return res.attempt_id


def release_memory() -> None:
    """Give the memory of a processed upload back to the system: Python frees the objects, but
    glibc keeps freed arenas for reuse, so the server's size only grew (issue 17: +380 MB per
    190 MB upload, never returned)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


def problem_groups(df: pl.DataFrame) -> list[tuple[str, str, pl.DataFrame]]:
    """(severity, group title, its problems) in report order."""
    out = []
    for (sev, group), g in df.group_by("severity", "group", maintain_order=True):
        out.append((sev, problems.GROUPS.get(group, group), g))
    return out


def problems_for_display(df: pl.DataFrame) -> pl.DataFrame:
    return df.select("sheet", "row", "column", "value", "message", "fix").rename(
        {k: v for k, v in problems.REPORT_HEADERS.items() if k in ("sheet", "row", "column", "value", "message", "fix")}
    )


def slices_for_display(plan: load.Plan) -> pl.DataFrame:
    s = plan.slices
    if plan.existing is not None:
        s = s.join(
            plan.existing.select(
                "province_code", pl.col("year").cast(s.schema["year"]), "illustrative_rows", "imported_rows", "files"
            ),
            on=["province_code", "year"],
            how="left",
        )
    return s


def rows_preview(plan: load.Plan, n: int = 50) -> pl.DataFrame:
    v = plan.validated
    if v is None or v.rows is None:
        return pl.DataFrame()
    keep = [c.key for c in spec.COLUMNS[plan.kind] if c.key in v.rows.columns]
    return v.rows.head(n).select(["_row", *keep]).rename({"_row": "Dòng"})


def template_bytes(kind: str, year: int, province: str, fmt: str) -> bytes:
    return template.csv_bytes(kind, year, province) if fmt == "csv" else template.xlsx_bytes(kind, year, province)


def status_tables(conn, year_from: int, year_to: int, lang: str = "vi"):
    """(one row per year: provinces of its system and, per kind, "imported / illustrative / missing",
    {(kind, system): grid})."""
    st_ = status.reporting_status(conn, year_from, year_to)
    by_year = status.summary_by_year(st_).with_columns(
        cell=pl.format("{} / {} / {}", "imported", "illustrative", "missing"),
        kind=pl.col("kind").replace_strict(spec.KIND_LABELS, return_dtype=pl.String),
    )
    summary = by_year.pivot(on="kind", index=["year", "units_system", "provinces"], values="cell").sort(
        "year", descending=True
    )
    summary = summary.select(
        "year", "provinces", *[spec.KIND_LABELS[k] for k in spec.KINDS if spec.KIND_LABELS[k] in summary.columns]
    )
    grids = {(k, s): status.grid(st_, k, s) for k in spec.KINDS for s in (SYSTEM_OLD, SYSTEM_NEW)}
    return summary, grids


def audit_for_display(conn, lang: str = "vi") -> pl.DataFrame:
    a = status.audit(conn)
    if a.is_empty():
        return a
    # Formatted in Python over the column's values, not in a Polars callback (issue 23: a Python
    # lambda inside Polars deadlocks the server).
    when = pl.Series("attempted_at", [i18n.datetime(d, lang) for d in a["attempted_at"].to_list()], pl.String)
    return a.with_columns(
        pl.col("outcome").replace_strict(status.OUTCOME_LABELS, default=pl.col("outcome")),
        when,
        pl.col("province_codes").list.join(", "),
        pl.col("years").cast(pl.List(pl.String)).list.join(", "),
    )
