"""Who is this user -> role and scope, decided in ONE function (`decide`). Deny by default."""

from __future__ import annotations

from dataclasses import dataclass

from antq.access.store import COMMUNES, COUNTRY, PROVINCES, ROLES, Grant

RANK = {r: i for i, r in enumerate(ROLES)}  # viewer < reporter < admin


@dataclass(frozen=True)
class Identity:
    """The claims read from the ID token (or the --as identity on the command line)."""

    subject: str | None = None
    email: str | None = None
    name: str | None = None
    groups: tuple[str, ...] = ()
    email_verified: bool | None = None  # None: the provider does not say

    @property
    def label(self) -> str:
        return self.email or self.subject or "?"


@dataclass(frozen=True)
class Access:
    """What one user may do. `role` None = nothing at all."""

    role: str | None = None
    scope_kind: str | None = None
    provinces: tuple[str, ...] | None = None  # 2025 province codes; None = the whole country
    communes: tuple[str, ...] = ()
    grant: Grant | None = None
    # The 2025 provinces of a commune scope's communes (filled where the registry is at hand,
    # antq.access.web): the provinces the filters offer it.
    commune_provinces: tuple[str, ...] = ()
    commune_names: tuple[str, ...] = ()  # the same communes' names, for the scope's label

    @property
    def granted(self) -> bool:
        return self.role is not None

    @property
    def national(self) -> bool:
        return self.granted and self.scope_kind == COUNTRY

    def can(self, action: str) -> bool:
        """read | import | manage."""
        need = {"read": "viewer", "import": "reporter", "manage": "admin"}[action]
        return self.granted and RANK[self.role] >= RANK[need]

    @property
    def selection_scope(self) -> tuple[str, ...] | None:
        """The provinces a Selection carries: None = every province; a tuple of 2025 province codes.
        A commune scope carries the provinces of its communes (their filters, their reporting
        status), and `selection_communes` holds it to the communes themselves."""
        if self.national:
            return None
        if self.scope_kind == PROVINCES:
            return self.provinces
        if self.scope_kind == COMMUNES:
            return self.commune_provinces
        return ()

    @property
    def selection_communes(self) -> tuple[str, ...] | None:
        """The communes a Selection is held to: None for a country or province scope (a group
        scope with provinces reads those provinces; its extra communes are for imports only)."""
        if self.granted and self.scope_kind == COMMUNES:
            return self.communes
        return None


NOBODY = Access()


def decide(grants: list[Grant], who: Identity | None) -> Access:
    """The one place that turns an identity into rights.

    A personal grant decides alone: the token's subject first, then its e-mail (case-insensitive;
    not when the provider says the e-mail is unverified). Without one, the grants of the token's
    groups: the highest role among them, over the union of their scopes at that role (a country
    scope among them makes it the whole country). No matching grant: no access at all.
    """
    if who is None:
        return NOBODY
    by = {(g.principal_kind, g.principal): g for g in grants}
    personal = []
    if who.subject:
        personal.append(by.get(("subject", who.subject)))
    if who.email and who.email_verified is not False:
        personal.append(by.get(("email", who.email.strip().lower())))
    for g in personal:
        if g is not None:
            return _access(g)
    mine = [by[("group", grp)] for grp in who.groups if ("group", grp) in by]
    if not mine:
        return NOBODY
    top = max(RANK[g.role] for g in mine)
    best = [g for g in mine if RANK[g.role] == top]
    if any(g.scope_kind == COUNTRY for g in best):
        return _access(next(g for g in best if g.scope_kind == COUNTRY))
    provs = sorted({c for g in best if g.scope_kind == PROVINCES for c in g.scope_codes})
    comms = sorted({c for g in best if g.scope_kind == COMMUNES for c in g.scope_codes})
    if provs:
        return Access(ROLES[top], PROVINCES, tuple(provs), tuple(comms), best[0])
    return Access(ROLES[top], COMMUNES, (), tuple(comms), best[0])


def _access(g: Grant) -> Access:
    if g.scope_kind == COUNTRY:
        return Access(g.role, COUNTRY, None, (), g)
    if g.scope_kind == PROVINCES:
        return Access(g.role, PROVINCES, tuple(g.scope_codes), (), g)
    return Access(g.role, COMMUNES, (), tuple(g.scope_codes), g)
