"""`python -m antq access grant EMAIL --role viewer|reporter|admin [--province CODE ...]`,
`access revoke EMAIL`, `access list [--json]`."""

from __future__ import annotations

import getpass
import json
import sys

from antq.access import store

KIND_FLAGS = {"email": None, "subject": "--subject", "group": "--group"}


def _by(args) -> str:
    """Who makes a grant change on the command line. The server operator's shell account is trusted
    to manage grants (it can write the database file anyway; docs/access.md): without --as the
    change is recorded as `cli:<os user>`. With --as EMAIL it is that identity's, which must hold an
    admin grant (deny by default): recorded as `cli:<email> (os:<os user>)`; a refusal is logged
    with who and why, and nothing changes."""
    import logging

    from antq import db
    from antq.access import imports
    from antq.cli import UserError

    if not args.as_email:
        return f"cli:{getpass.getuser()}"
    with db.connect_read_only() as conn:
        actor = imports.cli_actor(conn, args.as_email)
    why = imports.refusal(actor, "manage")
    if why:
        logging.getLogger("antq.access").warning(
            "Từ chối thay đổi quyền trên dòng lệnh (%s %s) của %s (%s): %s",
            args.access_command,
            args.who,
            actor.who.email,
            actor.who.subject,
            why,
        )
        raise UserError(f"{why} Không có quyền nào thay đổi.")
    return f"cli:{actor.who.email} ({actor.who.subject})"


def _kind(args) -> str:
    return "subject" if args.subject else "group" if args.group else "email"


def _scope_text(g: store.Grant) -> str:
    if g.scope_kind == store.COUNTRY:
        return "toàn quốc"
    what = "tỉnh" if g.scope_kind == store.PROVINCES else "xã"
    return f"{what} {', '.join(g.scope_codes)}"


def cmd_grant(args) -> int:
    from antq.cli import UserError

    try:
        g = store.grant(
            _kind(args), args.who, args.role, provinces=args.province or (), communes=args.commune or (), by=_by(args)
        )
    except store.GrantError as exc:
        raise UserError(str(exc)) from None
    print(f"Đã cấp quyền {g.role} ({_scope_text(g)}) cho {g.principal}.")
    return 0


def cmd_revoke(args) -> int:
    from antq.cli import UserError

    try:
        old = store.revoke(_kind(args), args.who, by=_by(args))
    except store.GrantError as exc:
        raise UserError(str(exc)) from None
    if old is None:
        raise UserError(f"{args.who} không có quyền nào để thu hồi.")
    print(f"Đã thu hồi quyền {old.role} ({_scope_text(old)}) của {old.principal}.")
    return 0


def cmd_list(args) -> int:
    from antq import db

    with db.connect_read_only() as conn:
        gs = store.grants(conn)
    if args.json:
        print(json.dumps([g.as_dict() for g in gs], ensure_ascii=False, indent=2))
        return 0
    if not gs:
        print("Chưa có quyền nào được cấp.", file=sys.stderr)
        return 0
    for g in gs:
        who = g.principal if g.principal_kind == "email" else f"{g.principal_kind}:{g.principal}"
        print(f"{who}\t{g.role}\t{_scope_text(g)}\t{g.granted_at:%d/%m/%Y %H:%M}\t{g.granted_by}")
    return 0


def _who_args(p) -> None:
    p.add_argument("who", help="e-mail của người dùng (claim email của token); hoặc subject/nhóm với --subject/--group")
    p.add_argument("--as", dest="as_email", metavar="EMAIL", help="người thay đổi quyền (e-mail có quyền admin)")
    k = p.add_mutually_exclusive_group()
    k.add_argument("--subject", action="store_true", help="WHO là claim sub của token")
    k.add_argument("--group", action="store_true", help="WHO là một nhóm trong claim groups của token")


def register(sub) -> None:
    a = sub.add_parser("access", help="tài khoản và phạm vi truy cập: cấp, thu hồi, liệt kê quyền")
    asub = a.add_subparsers(dest="access_command", required=True)

    g = asub.add_parser("grant", help="cấp (hoặc thay) quyền cho một người dùng")
    _who_args(g)
    g.add_argument("--role", required=True, choices=store.ROLES)
    g.add_argument("--province", nargs="*", help="mã tỉnh hệ 2025 (34 tỉnh); bỏ trống = toàn quốc")
    g.add_argument("--commune", nargs="*", help="mã xã, phường hệ 2025 (Công an xã xem xã mình)")
    g.set_defaults(func=cmd_grant)

    r = asub.add_parser("revoke", help="thu hồi quyền của một người dùng")
    _who_args(r)
    r.set_defaults(func=cmd_revoke)

    ls = asub.add_parser("list", help="liệt kê các quyền đang có")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
