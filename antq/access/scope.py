"""What a scope covers, in either unit system: the lineage the project already keeps.

A grant names provinces (or communes) of today's system (2025). Figures of years <= 2024 are
stored in the 2008 system, so a 2025 province scope also covers the old provinces merged into it
(antq.units.province_successor), and a 2025 commune scope the old base units the commune crosswalk
maps into it. Everything here is deny-by-default: an empty answer means "nothing", never "all".
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

import duckdb

from antq import queries
from antq.units import SYSTEM_NEW, SYSTEM_OLD, province_names, province_successor

# A province code no registry holds. The queries read an empty province list as "the whole
# country", so a scope that covers nothing of a selection is passed as this one code instead.
NO_PROVINCE = "--"
# The same for a commune scope: the queries read an empty commune list as "no commune restriction".
NO_COMMUNE = "--"

# The scope of the user whose work is running: set by antq.access.web at the start of every script
# run, carried explicitly into work Streamlit runs on other threads (deferred downloads: `using`),
# and set to the whole country by the command line (`as_operator`). A Selection made anywhere takes
# it as its default, so a question that builds a fresh Selection stays in scope too. Where nobody
# set it -- a thread Streamlit started for us, a callback -- the default is DENY: nothing, never the
# whole country (issue 23: a deferred briefing download ran with the whole country).
_UNSET = object()
_CURRENT: ContextVar = ContextVar("antq_scope", default=_UNSET)
# A commune scope (communes of today's system) on top of its provinces; None = none.
_CURRENT_COMMUNES: ContextVar = ContextVar("antq_scope_communes", default=_UNSET)


def current_scope() -> tuple[str, ...] | None:
    """The provinces of the running work's scope: None = every province; () = nothing (unset)."""
    v = _CURRENT.get()
    return () if v is _UNSET else v


def current_communes() -> tuple[str, ...] | None:
    """The communes the running work is held to: None = no commune restriction; () = none (unset)."""
    v = _CURRENT_COMMUNES.get()
    return () if v is _UNSET else v


def set_current_scope(scope: tuple[str, ...] | None, communes: tuple[str, ...] | None = None) -> None:
    _CURRENT.set(scope)
    _CURRENT_COMMUNES.set(communes)


def as_operator() -> None:
    """The command line's scope: the operator of the server reads the whole country (docs/access.md,
    "Who the command line acts as"). Called once by `python -m antq` and by the server's warm-up."""
    set_current_scope(None, None)


@contextmanager
def using(scope: tuple[str, ...] | None, communes: tuple[str, ...] | None):
    """Run a block in an explicit scope (work Streamlit runs outside the user's script thread)."""
    t1, t2 = _CURRENT.set(scope), _CURRENT_COMMUNES.set(communes)
    try:
        yield
    finally:
        _CURRENT.reset(t1)
        _CURRENT_COMMUNES.reset(t2)


def commune_filter(communes: tuple[str, ...] | None) -> list[str]:
    """The commune list a query receives (queries' $communes): empty = no commune restriction; a
    commune scope is never empty (one that names no commune covers nothing, not everything)."""
    if communes is None:
        return []
    return list(communes) or [NO_COMMUNE]


def provinces_in(scope: tuple[str, ...], units: int) -> tuple[str, ...]:
    """The province codes of `units` that a scope of 2025 province codes covers."""
    if units == SYSTEM_NEW:
        known = province_names(SYSTEM_NEW)
        return tuple(sorted(c for c in scope if c in known))
    if units == SYSTEM_OLD:
        wanted = set(scope)
        return tuple(sorted(old for old, new in province_successor().items() if new in wanted))
    return ()


def within(scope: tuple[str, ...], units: int, chosen: tuple[str, ...]) -> list[str]:
    """The province list a query may receive: the chosen provinces inside the scope, or the whole
    scope when nothing is chosen ("Toàn quốc" for a scoped user means the scope); never empty."""
    allowed = provinces_in(scope, units)
    out = [c for c in chosen if c in allowed] if chosen else list(allowed)
    return out or [NO_PROVINCE]


def communes_in(conn: duckdb.DuckDBPyConnection, communes: tuple[str, ...], units: int) -> tuple[str, ...]:
    """The base units of `units` that a scope of 2025 commune codes covers: the communes themselves,
    or for the 2008 system every old unit the crosswalk maps (wholly or in part) into one of them."""
    if not communes:
        return ()
    if units == SYSTEM_NEW:
        return tuple(sorted(communes))
    df = queries.run(conn, "access_commune_lineage", communes=list(communes))
    return tuple(df["old_unit_code"].to_list())


def province_of_communes(conn: duckdb.DuckDBPyConnection, communes: tuple[str, ...]) -> dict[str, str]:
    """2025 commune code -> its 2025 province code, for the communes the registry knows."""
    if not communes:
        return {}
    df = queries.run(conn, "access_commune_provinces", communes=list(communes))
    return dict(zip(df["unit_code"].to_list(), df["province_code"].to_list()))


def commune_names(conn: duckdb.DuckDBPyConnection, communes: tuple[str, ...]) -> dict[str, str]:
    """2025 commune code -> its name, for the communes the registry knows."""
    if not communes:
        return {}
    df = queries.run(conn, "access_commune_provinces", communes=list(communes))
    return dict(zip(df["unit_code"].to_list(), df["unit_name"].to_list()))
