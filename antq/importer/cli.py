"""`python -m antq template ...` and `python -m antq import FILE [--replace]` (a filled result report
form goes to antq.reports)."""

from __future__ import annotations

import sys
from pathlib import Path

from antq.importer.problems import as_text, listed, report_csv
from antq.vocab.categories import IMPORT_KINDS, REPORT_IMPORT_KIND

MAX_PRINTED = 200  # problems printed on the terminal; the --report file lists up to 200 of each class


def cmd_template(args) -> int:
    from antq.importer import template

    if args.kind == REPORT_IMPORT_KIND:  # the result report form (antq.reports)
        from antq.reports import cli as reports_cli

        return reports_cli.cmd_template(args)

    if not args.province:
        from antq.cli import UserError

        raise UserError(f"Tệp mẫu loại '{args.kind}' cần --province MÃ_TỈNH.")
    out = template.write(args.kind, args.year, args.province, Path(args.out))
    print(f"Đã ghi tệp mẫu {out}.", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from antq import db
    from antq.cli import UserError
    from antq.importer import load

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp {path}.")
    if _is_report_form(path):  # a filled result report form (antq.reports), recognised by its content
        from antq.reports import cli as reports_cli

        try:
            return reports_cli.cmd_import(args, path, _actor(args))
        except db.DatabaseBusy as exc:
            raise UserError(str(exc)) from None
    try:
        res = load.import_path(path, replace=args.replace, via="cli", wait_seconds=args.wait, actor=_actor(args))
    except db.DatabaseBusy as exc:
        raise UserError(str(exc)) from None
    plan = res.plan
    for note in res.tidied:
        print(note, file=sys.stderr)
    if args.report:
        Path(args.report).write_bytes(report_csv(res.problems))
    if not res.problems.is_empty():
        shown = res.problems.head(MAX_PRINTED)
        print(as_text(shown), file=sys.stderr)
        more = plan.problems.total - listed(shown)
        if more > 0:
            print(
                f"... và {more} vấn đề khác"
                + ("" if args.report else "; dùng --report FILE.csv để có danh sách dài hơn")
                + ".",
                file=sys.stderr,
            )
    slices = plan.slices
    where = ", ".join(f"{p}/{y}" for p, y in slices.select("province_code", "year").iter_rows())
    if res.outcome == "rejected":
        print(
            f"Lỗi: tệp {path.name} không được nhập ({plan.problems.n_errors} lỗi, "
            f"{plan.problems.n_warnings} cảnh báo); cơ sở dữ liệu không thay đổi.",
            file=sys.stderr,
        )
        return 2
    if res.outcome == "unchanged":
        print(f"Tệp {path.name} đã được nhập trước đó; không có gì thay đổi.")
        return 0
    verb = "Đã nhập và thay thế" if res.outcome == "replaced" else "Đã nhập"
    print(
        f"{verb} {plan.rows} dòng ({plan.kind}) từ {path.name} cho tỉnh/năm: {where}. "
        f"Tệp gốc lưu tại {res.archive_path}."
    )
    return 0


def _is_report_form(path: Path) -> bool:
    from antq.importer import limits
    from antq.reports import form

    if path.stat().st_size > limits.max_bytes():
        return False  # refused by size, and recorded, by the detail importer
    return form.looks_like_report(path.read_bytes())


def _actor(args):
    """--as EMAIL: the import's author, checked against the grants (antq.access). Refused for want
    of it once accounts are in use, the attempt recorded (the file, the operating-system account)."""
    from antq import db
    from antq.access import imports
    from antq.cli import UserError
    from antq.importer import refusals

    with db.connect_read_only() as conn:
        try:
            return imports.cli_actor(conn, getattr(args, "as_email", None))
        except imports.IdentityRequired as exc:
            failure = exc
    refusals.record_refusal(Path(args.file), str(failure), actor=failure.actor, wait_seconds=args.wait)
    raise UserError(str(failure)) from None


def register(sub) -> None:
    t = sub.add_parser("template", help="tạo tệp mẫu nhập số liệu (XLSX hoặc CSV)")
    t.add_argument("--kind", required=True, choices=IMPORT_KINDS.codes)
    t.add_argument("--year", required=True)
    t.add_argument("--province", help="mã tỉnh (GSO) theo hệ đơn vị của năm")
    t.add_argument(
        "--unit",
        help="biểu mẫu báo cáo (--kind report): mã đơn vị báo cáo — VN (toàn quốc), mã tỉnh, mã huyện (đến năm 2024) "
        "hoặc mã xã; thay cho --province",
    )
    t.add_argument("--out", required=True, help="đường dẫn tệp .xlsx hoặc .csv")
    t.set_defaults(func=cmd_template)

    i = sub.add_parser("import", help="nhập số liệu từ tệp XLSX hoặc CSV")
    i.add_argument("file")
    i.add_argument(
        "--replace", action="store_true", help="thay thế số liệu đã nhập trước đó của các tỉnh và năm có trong tệp"
    )
    i.add_argument("--report", help="ghi báo cáo lỗi ra tệp CSV (UTF-8 BOM)")
    i.add_argument(
        "--wait",
        type=float,
        default=30.0,
        help="số giây chờ nếu một tiến trình khác đang ghi vào cơ sở dữ liệu (mặc định 30)",
    )
    i.add_argument(
        "--as", dest="as_email", metavar="EMAIL", help="người nhập (e-mail có quyền reporter cho các tỉnh trong tệp)"
    )
    i.set_defaults(func=cmd_import)
