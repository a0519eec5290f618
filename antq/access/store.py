"""The grants, in the DuckDB store: read them, change them (each change recorded in the same
atomic write), and carry them across a rebuild of an out-of-date demo database."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from antq import db, queries
from antq.access import sessions
from antq.access.scope import province_of_communes
from antq.units import SYSTEM_NEW, province_names
from antq.vocab import categories

ROLES = categories.ACCESS_ROLES.codes  # in rising order of what they may do
PRINCIPAL_KINDS = categories.GRANT_PRINCIPALS.codes
COUNTRY, PROVINCES, COMMUNES = categories.GRANT_SCOPES.codes


class GrantError(ValueError):
    """A grant that cannot be made; the message is Vietnamese and says what and where."""


@dataclass(frozen=True)
class Grant:
    principal_kind: str
    principal: str
    role: str
    scope_kind: str = COUNTRY
    scope_codes: tuple[str, ...] | None = None  # 2025 codes; None = the whole country
    granted_at: dt.datetime | None = None
    granted_by: str | None = None

    def as_dict(self) -> dict:
        return {
            "principal_kind": self.principal_kind,
            "principal": self.principal,
            "role": self.role,
            "scope_kind": self.scope_kind,
            "scope_codes": list(self.scope_codes) if self.scope_codes is not None else None,
            "granted_at": self.granted_at.isoformat(timespec="seconds") if self.granted_at else None,
            "granted_by": self.granted_by,
        }


def normalise_principal(kind: str, principal: str) -> str:
    p = (principal or "").strip()
    if kind not in PRINCIPAL_KINDS:
        raise GrantError(f"Loại người được cấp quyền '{kind}' không hợp lệ: chọn email, subject hoặc group.")
    if not p:
        raise GrantError("Thiếu người được cấp quyền (e-mail, subject hoặc nhóm).")
    if kind == "email":
        p = p.lower()
        if "@" not in p or p.startswith("@") or p.endswith("@") or " " in p:
            raise GrantError(f"'{principal}' không phải một địa chỉ e-mail.")
    return p


def grants(conn: duckdb.DuckDBPyConnection) -> list[Grant]:
    """Every grant in force."""
    try:
        df = queries.run(conn, "access_grants")
    except duckdb.CatalogException:  # a database built before accounts existed: nobody has a grant
        return []
    return [
        Grant(
            r["principal_kind"],
            r["principal"],
            r["role"],
            r["scope_kind"],
            tuple(r["scope_codes"]) if r["scope_codes"] is not None else None,
            r["granted_at"],
            r["granted_by"],
        )
        for r in df.iter_rows(named=True)
    ]


def changes(conn: duckdb.DuckDBPyConnection, limit: int = 500) -> pl.DataFrame:
    return queries.run(conn, "access_changes", limit=limit)


def checked_grant(
    conn: duckdb.DuckDBPyConnection,
    kind: str,
    principal: str,
    role: str,
    provinces: list[str] | tuple[str, ...] = (),
    communes: list[str] | tuple[str, ...] = (),
) -> Grant:
    """A grant made of user input, or GrantError saying what is wrong."""
    principal = normalise_principal(kind, principal)
    if role not in ROLES:
        raise GrantError(f"Vai trò '{role}' không hợp lệ: chọn viewer, reporter hoặc admin.")
    provs = sorted({_two_digits(c) for raw in provinces for c in str(raw).split(",") if c.strip()})
    comms = sorted({c.strip() for raw in communes for c in str(raw).split(",") if c.strip()})
    if provs and comms:
        raise GrantError("Một quyền chỉ có một phạm vi: hoặc các tỉnh (--province), hoặc các xã (--commune).")
    if role == "admin" and (provs or comms):
        raise GrantError("Quản trị (admin) có phạm vi toàn quốc; bỏ --province/--commune hoặc chọn vai trò khác.")
    if provs:
        known = province_names(SYSTEM_NEW)
        bad = [c for c in provs if c not in known]
        if bad:
            raise GrantError(
                f"Mã tỉnh {', '.join(bad)} không có trong hệ 34 tỉnh (2025); quyền được cấp theo tỉnh hiện nay."
            )
        return Grant(kind, principal, role, PROVINCES, tuple(provs))
    if comms:
        found = province_of_communes(conn, tuple(comms))
        bad = [c for c in comms if c not in found]
        if bad:
            raise GrantError(f"Mã xã {', '.join(bad)} không có trong danh mục xã, phường hiện nay (2025).")
        return Grant(kind, principal, role, COMMUNES, tuple(comms))
    return Grant(kind, principal, role, COUNTRY, None)


def _two_digits(code: str) -> str:
    code = code.strip()
    return "0" + code if code.isdigit() and len(code) == 1 else code


def _find(conn, kind: str, principal: str) -> Grant | None:
    for g in grants(conn):
        if g.principal_kind == kind and g.principal == principal:
            return g
    return None


def _record(conn, by: str, action: str, kind: str, principal: str, new: Grant | None, old: Grant | None) -> None:
    change_id = conn.execute("SELECT coalesce(max(change_id), 0) + 1 FROM access_change").fetchall()[0][0]
    conn.execute(
        "INSERT INTO access_change VALUES ($id, $at, $by, $action, $kind, $principal, $role, $scope, $codes, $prev)",
        dict(
            id=change_id,
            at=dt.datetime.now().replace(microsecond=0),
            by=by,
            action=action,
            kind=kind,
            principal=principal,
            role=new.role if new else None,
            scope=new.scope_kind if new else None,
            codes=list(new.scope_codes) if new and new.scope_codes is not None else None,
            prev=json.dumps(old.as_dict(), ensure_ascii=False) if old else None,
        ),
    )


def grant(
    kind: str,
    principal: str,
    role: str,
    *,
    provinces=(),
    communes=(),
    by: str,
    db_path: Path | None = None,
) -> Grant:
    """Make or replace the grant of one principal; the change is recorded in the same write."""
    with db.write_transaction(db_path) as conn:
        g = checked_grant(conn, kind, principal, role, provinces, communes)
        old = _find(conn, g.principal_kind, g.principal)
        g = Grant(**{**g.__dict__, "granted_at": dt.datetime.now().replace(microsecond=0), "granted_by": by})
        conn.execute(
            "DELETE FROM access_grant WHERE principal_kind = $k AND principal = $p",
            {"k": g.principal_kind, "p": g.principal},
        )
        conn.execute(
            "INSERT INTO access_grant VALUES ($k, $p, $role, $scope, $codes, $at, $by)",
            dict(
                k=g.principal_kind,
                p=g.principal,
                role=g.role,
                scope=g.scope_kind,
                codes=list(g.scope_codes) if g.scope_codes is not None else None,
                at=g.granted_at,
                by=by,
            ),
        )
        _record(conn, by, "grant", g.principal_kind, g.principal, g, old)
    return g


def revoke(kind: str, principal: str, *, by: str, db_path: Path | None = None) -> Grant | None:
    """Remove the grant of one principal (recorded); the grant removed, or None if there was none
    (then nothing is written)."""
    principal = normalise_principal(kind, principal)
    with db.connect_read_only(db_path) as conn:
        if _find(conn, kind, principal) is None:
            return None
    with db.write_transaction(db_path) as conn:
        old = _find(conn, kind, principal)
        if old is None:
            return None
        conn.execute(
            "DELETE FROM access_grant WHERE principal_kind = $k AND principal = $p", {"k": kind, "p": principal}
        )
        _record(conn, by, "revoke", kind, principal, None, old)
        # An open tab or a kept cookie must not outlive the revoke, even if a grant is made again
        # later: that user signs in afresh (a group revoke names no user; its members lose access on
        # their next page run through the grants themselves).
        if kind in ("email", "subject"):
            sessions.record_end(
                conn,
                principal if kind == "subject" else None,
                principal if kind == "email" else None,
                "revoke",
                by,
                time.time(),
            )
    return old
