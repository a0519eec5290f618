"""Sign-ins that end on the server, not only in the browser (issue 23).

Streamlit keeps a signed-in user in a signed cookie for 30 days, and its logout only deletes that
cookie in the browser that asked: a copy taken before the sign-out went on signing the user in.
Here a sign-in is valid only while

- its ID token was issued (`iat`) after the last time the server ended the sign-ins of the same
  subject or e-mail (a sign-out through the app, or a revoke: `access_session_end`), and
- it is younger than ANTQ_SESSION_HOURS (a cookie taken from a machine is useful for a working day
  at most, not a month).

A token without an issue time is refused (deny by default: every OpenID Connect ID token has one).
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from antq import db, queries, settings
from antq.vocab.sql import session_end_table_sql

# principal_kind -> principal -> the last end (seconds since 1970, UTC)
Ends = dict[tuple[str, str], float]


def ends(conn: duckdb.DuckDBPyConnection) -> Ends:
    """When the server last ended the sign-ins of each subject and e-mail."""
    try:
        df = queries.run(conn, "access_session_ends")
    except duckdb.CatalogException:  # a database from before sessions could end: none has
        return {}
    return {(k, p): float(t) for k, p, t in df.iter_rows()}


def principals(subject: str | None, email: str | None) -> list[tuple[str, str]]:
    """The (kind, principal) pairs a sign-in is known by: its subject and its e-mail (lower-case)."""
    out = []
    if subject:
        out.append(("subject", subject))
    if email:
        out.append(("email", email.strip().lower()))
    return out


def valid(issued_at, subject: str | None, email: str | None, known_ends: Ends, now: float | None = None) -> bool:
    """Is a sign-in whose ID token was issued at `issued_at` still valid?"""
    try:
        iat = float(issued_at)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if now - iat > settings.number("ANTQ_SESSION_HOURS") * 3600:
        return False
    # An `iat` counts whole seconds: a token issued in the second of the end is refused with it.
    last = max((known_ends.get(p, float("-inf")) for p in principals(subject, email)), default=float("-inf"))
    return iat > last


def record_end(
    conn: duckdb.DuckDBPyConnection, subject: str | None, email: str | None, reason: str, by: str, at: float
) -> None:
    """Within the caller's write: end every sign-in of this subject and e-mail issued up to `at`."""
    conn.execute(session_end_table_sql())  # a database made before sign-ins could end has none yet
    for kind, principal in principals(subject, email):
        conn.execute(
            "INSERT INTO access_session_end VALUES ($kind, $principal, $at, $reason, $by)",
            dict(kind=kind, principal=principal, at=at, reason=reason, by=by),
        )


def end(subject: str | None, email: str | None, *, reason: str, by: str, db_path: Path | None = None) -> None:
    """End every sign-in of this user now (a sign-out, a revoke): one atomic write, published to
    every replica like any other change."""
    if not principals(subject, email):
        return
    with db.write_transaction(db_path, refresh=False) as conn:
        record_end(conn, subject, email, reason, by, time.time())
