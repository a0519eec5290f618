"""`python -m antq obligation set --year 2026 --period festival_year --level commune
--commune-deadline 25/08/2026 --province-deadline 31/08/2026 [--province 79 ...] [--cutoff DD/MM/YYYY]`,
`obligation withdraw --year --period [--half]`, `obligation list --year [--json]`: the reporting
obligations of antq/cycle/obligations.py from the command line, recorded like the app's."""

from __future__ import annotations

import getpass
import json

from antq.cycle import obligations
from antq.vocab.categories import OBLIGATION_LEVELS
from antq.vocab.report_rules import COMPLETENESS_PERIODS


def _by(args) -> str:
    """Who changes an obligation: the shell account (`cli:<os user>`, trusted like for grants:
    docs/access.md), or with --as an identity that must hold an admin grant."""
    from antq import db
    from antq.access import imports
    from antq.cli import UserError

    if not args.as_email:
        return f"cli:{getpass.getuser()}"
    with db.connect_read_only() as conn:
        actor = imports.cli_actor(conn, args.as_email)
    why = imports.refusal(actor, "manage")
    if why:
        raise UserError(f"{why} Nghĩa vụ báo cáo không thay đổi.")
    return f"cli:{actor.who.email}"


def cmd_set(args) -> int:
    from antq.cli import UserError

    try:
        ob = obligations.checked(
            year=args.year,
            period_kind=args.period,
            half=args.half,
            level=args.level,
            provinces=args.province or (),
            cutoff=args.cutoff,
            commune_deadline=args.commune_deadline,
            province_deadline=args.province_deadline,
            note=args.note,
        )
        ob = obligations.set_obligation(ob, by=_by(args), via="cli")
    except obligations.ObligationError as exc:
        raise UserError(str(exc)) from None
    from antq.cycle import progress

    print("Đã đặt nghĩa vụ báo cáo: " + progress.summary_line(ob, "vi"))
    return 0


def cmd_withdraw(args) -> int:
    from antq.cli import UserError

    try:
        obligations.withdraw(args.year, args.period, args.half, by=_by(args), via="cli", note=args.note)
    except obligations.ObligationError as exc:
        raise UserError(str(exc)) from None
    print("Đã bãi bỏ nghĩa vụ; kỳ này theo quy tắc mặc định.")
    return 0


def cmd_list(args) -> int:
    from antq import db

    with db.connect_read_only() as conn:
        df = obligations.history(conn, args.year)
    rows = [] if df is None else df.to_dicts()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    for r in rows:
        due = r["province_deadline"].strftime("%d/%m/%Y") if r["province_deadline"] else "–"
        mark = "đang áp dụng" if r["in_force"] else ""
        print(
            f"{r['period_kind']}{r['half'] or ''}\t{r['action']}\t{r['level'] or '–'}\t{due}\t"
            f"{r['set_at']:%d/%m/%Y %H:%M}\t{r['set_by']}\t{mark}"
        )
    if not rows:
        print(f"Năm {args.year} chưa có nghĩa vụ báo cáo nào; mọi kỳ theo quy tắc mặc định.")
    return 0


def _period_args(p) -> None:
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--period", required=True, choices=sorted({k for k, _ in COMPLETENESS_PERIODS}))
    p.add_argument("--half", type=int, default=0, choices=(0, 1, 2), help="1 hoặc 2 cho kỳ sáu tháng")
    p.add_argument("--as", dest="as_email", metavar="EMAIL", help="người thay đổi (e-mail có quyền admin)")
    p.add_argument("--note", help="ghi chú, căn cứ")


def register(sub) -> None:
    o = sub.add_parser(
        "obligation", help="nghĩa vụ báo cáo: kỳ, cấp, ngày chốt, hạn từng cấp (docs/reporting-cycle.md)"
    )
    osub = o.add_subparsers(dest="obligation_command", required=True)
    s = osub.add_parser("set", help="đặt (hoặc thay) nghĩa vụ báo cáo của một kỳ")
    _period_args(s)
    s.add_argument("--level", required=True, choices=OBLIGATION_LEVELS.codes)
    s.add_argument("--province", nargs="*", help="chỉ các tỉnh này (mã hệ 2025); bỏ trống = cả nước")
    s.add_argument("--cutoff", help="ngày chốt số liệu DD/MM/YYYY (bỏ trống = cuối kỳ)")
    s.add_argument("--commune-deadline", help="hạn xã báo cáo tỉnh DD/MM/YYYY (cấp xã)")
    s.add_argument("--province-deadline", required=True, help="hạn tỉnh báo cáo Bộ DD/MM/YYYY")
    s.set_defaults(func=cmd_set)
    w = osub.add_parser("withdraw", help="bãi bỏ nghĩa vụ của một kỳ (trở lại quy tắc mặc định)")
    _period_args(w)
    w.set_defaults(func=cmd_withdraw)
    ls = osub.add_parser("list", help="các lần đặt, bãi bỏ nghĩa vụ của một năm")
    ls.add_argument("--year", type=int, required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
