"""Writes are attributed and scoped: who made an import, and whether the file stays inside the
author's scope. Called at the importer's entry points (antq/importer/load.py commit, the CLI's
--as, the import page); the decision itself is antq.access.policy.decide."""

from __future__ import annotations

import getpass
import os
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
    """A command-line write without --as on a database whose accounts are in use. `actor` is the
    operating-system account that tried (no grant), for the record of the refusal."""

    def __init__(self, message: str, actor: Actor):
        super().__init__(message)
        self.actor = actor


def os_account() -> str:
    """The operating-system account running the command: on the command line the only identity the
    machine itself vouches for (docs/access.md); recorded beside any --as it claims."""
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"os:uid{os.getuid()}"


def cli_actor(conn: duckdb.DuckDBPyConnection, as_email: str | None, what: str = "nhập") -> Actor:
    """`--as EMAIL` of a command-line write: that identity, checked against the grants (the
    operating-system account that claimed it is recorded with it). Once any grant exists (accounts
    are in use) --as is required: every write is someone's, within their scope. Before the first
    grant (the demo, a machine being set up) the write is the server operator's (who can write the
    database file anyway): attributed to the operating-system account, not scope-checked."""
    grants = store.grants(conn)
    if as_email:
        email = store.normalise_principal("email", as_email)
        # decided on the claimed e-mail alone; the account that claimed it is kept as the subject
        return Actor(
            policy.Identity(subject=os_account(), email=email),
            policy.decide(grants, policy.Identity(email=email)),
            "cli",
        )
    operator = Actor(policy.Identity(subject=os_account()), None, "cli")
    if grants:
        raise IdentityRequired(
            f"Cơ sở dữ liệu đã có tài khoản được cấp quyền: hãy {what} với --as EMAIL (tài khoản có quyền reporter "
            "cho các tỉnh, xã liên quan, hoặc admin) để lần ghi được ghi tên người thực hiện và kiểm tra phạm vi. "
            + ("Không có gì được nhập." if what == "nhập" else "Không có gì được ghi."),
            Actor(operator.who, policy.NOBODY, "cli"),
        )
    return operator


def refusal(actor: Actor | None, need: str = "import") -> str | None:
    """Why `actor` may not write at all (`need`: import | manage), or None. The operator before the
    first grant (access None) may."""
    if actor is None or actor.access is None:
        return None
    acc = actor.access
    if acc.can(need):
        return None
    role = "reporter hoặc admin" if need == "import" else "admin"
    if not acc.granted:
        return f"{actor.who.label} chưa được cấp quyền nào (cần vai trò {role})."
    what = "nhập số liệu" if need == "import" else "quản lý quyền"
    return f"{actor.who.label} không có quyền {what} (cần vai trò {role})."


def document_refusal(
    conn: duckdb.DuckDBPyConnection, actor: Actor | None, province: str | None, unit_code: str | None, year: int
) -> str | None:
    """Why `actor` may not register a document of `province`/`unit_code` (codes of the year's unit
    system), or None: the same rule as the intake page (a province scope registers its provinces'
    documents, a commune scope those its communes issued, central documents need the whole country)."""
    from antq.vocab.unit_systems import system_for_year

    why = refusal(actor, "import")
    if why or actor is None or actor.access is None or actor.access.national:
        return why
    acc, system = actor.access, system_for_year(year)
    if acc.communes and unit_code and unit_code in communes_in(conn, acc.communes, system):
        return None
    if acc.provinces and province and province in provinces_in(acc.provinces, system):
        return None
    scope = ", ".join(acc.provinces or ()) or ", ".join(acc.communes)
    where = f"tỉnh mã {province}, đơn vị {unit_code}" if province else "cấp trung ương"
    return f"Văn bản thuộc {where}, ngoài phạm vi được cấp cho {actor.who.label} ({scope})."


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
        msg = refusal(actor, "import")
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
