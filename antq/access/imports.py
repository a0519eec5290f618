"""Writes are attributed and scoped: who made an import, and whether the file stays inside the
author's scope. Called at the importer's entry points (antq/importer/load.py commit, the CLI's
--as, the import page); the decision itself is antq.access.policy.decide."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import duckdb
import polars as pl

from antq.access import policy, store
from antq.access.scope import communes_in, provinces_in

SCOPE_GROUP = "scope"  # the problems' group of refusals by scope (the importer's report shows it)


@dataclass(frozen=True)
class Actor:
    """The author of an import: an identity, what the grants allow it (None = not checked: the
    operating-system account on the command line without --as), and where it came from."""

    who: policy.Identity
    access: policy.Access | None
    via: str  # app | cli


class IdentityRequired(ValueError):
    """A command-line import without --as on a database whose accounts are in use."""


def cli_actor(conn: duckdb.DuckDBPyConnection, as_email: str | None) -> Actor:
    """`import --as EMAIL`: that identity, checked against the grants. Once any grant exists
    (accounts are in use) --as is required: every import is someone's, within their scope. Before
    the first grant (the demo, a machine being set up) the import is the server operator's (who can
    write the database file anyway): attributed to the operating-system account, not scope-checked."""
    grants = store.grants(conn)
    if as_email:
        who = policy.Identity(email=store.normalise_principal("email", as_email))
        return Actor(who, policy.decide(grants, who), "cli")
    if grants:
        raise IdentityRequired(
            "Cơ sở dữ liệu đã có tài khoản được cấp quyền: hãy nhập với --as EMAIL (tài khoản có quyền reporter "
            "cho các tỉnh, xã trong tệp, hoặc admin) để lần nhập được ghi tên người nhập và kiểm tra phạm vi. "
            "Không có gì được nhập."
        )
    return Actor(policy.Identity(subject=f"os:{getpass.getuser()}"), None, "cli")


def check(conn: duckdb.DuckDBPyConnection, plan, actor: Actor | None) -> None:
    """Add an error to the plan's problems for every row outside the actor's scope, or one error
    if the actor may not import at all: the importer then refuses the whole file, records the
    attempt and loads nothing. Idempotent (the page checks the preview, the load checks again)."""
    if actor is None or actor.access is None:
        return
    problems = plan.problems
    seen = problems.frame()
    seen = set(seen.filter(pl.col("group") == SCOPE_GROUP)["message"].to_list()) if seen.height else set()
    acc = actor.access
    if not acc.can("import"):
        msg = (
            f"{actor.who.label} không có quyền nhập số liệu (cần vai trò reporter hoặc admin)."
            if acc.granted
            else f"{actor.who.label} chưa được cấp quyền nào."
        )
        if msg not in seen:
            problems.add(
                "error",
                SCOPE_GROUP,
                msg,
                "Đề nghị quản trị viên cấp quyền reporter cho tỉnh của bạn (python -m antq access grant).",
            )
        return
    if acc.national or plan.validated is None or plan.validated.rows is None:
        return
    rows = plan.validated.rows
    bad_parts = []
    for system in rows["units_system"].unique().to_list():
        part = rows.filter(pl.col("units_system") == system)
        if acc.communes and not acc.provinces:
            allowed = set(communes_in(conn, acc.communes, system))
            bad = part.filter(~pl.col("unit_code").is_in(list(allowed)))
        else:
            allowed = set(provinces_in(acc.provinces or (), system))
            if acc.communes:
                allowed_units = set(communes_in(conn, acc.communes, system))
                bad = part.filter(
                    ~pl.col("province_code").is_in(list(allowed)) & ~pl.col("unit_code").is_in(list(allowed_units))
                )
            else:
                bad = part.filter(~pl.col("province_code").is_in(list(allowed)))
        if bad.height:
            bad_parts.append(bad)
    if not bad_parts:
        return
    bad = pl.concat(bad_parts, how="diagonal_relaxed").sort("_row")
    scope = ", ".join(acc.provinces or ()) or ", ".join(acc.communes)
    message = pl.format(
        "Dòng này thuộc tỉnh mã {} (đơn vị {}), ngoài phạm vi được cấp cho {} ({}).",
        pl.col("province_code"),
        pl.col("unit_code"),
        pl.lit(actor.who.label),
        pl.lit(scope),
    )
    fresh = bad.with_columns(_msg=message).filter(~pl.col("_msg").is_in(list(seen)))
    if fresh.is_empty():
        return
    problems.add_rows(
        fresh.drop("_msg"),
        "error",
        SCOPE_GROUP,
        sheet=plan.validated.sheet,
        column="unit_code",
        value=pl.col("unit_code"),
        message=message,
        fix="Bỏ các dòng của tỉnh khác khỏi tệp (cả tệp bị từ chối, không dòng nào được nhập), "
        "hoặc đề nghị quản trị viên mở rộng phạm vi.",
    )


def refused(plan) -> bool:
    """Whether `check` refused the plan: then nothing about the store may be computed for it (a
    comparison with stored figures would tell the author about units outside their scope)."""
    f = plan.problems.frame()
    return bool(f.height) and bool((f["group"] == SCOPE_GROUP).any())


def record(conn: duckdb.DuckDBPyConnection, attempt_id: int, actor: Actor | None) -> None:
    """Write the author of an import attempt, in the importer's own write transaction."""
    if actor is None:
        return
    conn.execute(
        "INSERT INTO import_actor VALUES ($id, $sub, $email, $role, $via)",
        dict(
            id=attempt_id,
            sub=actor.who.subject,
            email=actor.who.email,
            role=actor.access.role if actor.access is not None else None,
            via=actor.via,
        ),
    )
