"""`python -m antq documents extract FILE --json` (nothing saved) and `documents add FILE [--yes]`
(saved after a review on the terminal, or at once with --yes).

A file that cannot be read, or a review that leaves a required field empty, ends with `Lỗi: …` and
exit status 2; the database is then unchanged.
"""

from __future__ import annotations

import json
import sys

from antq.vocab.indicators import BY_CODE, qualifier_label


def _user_error(msg: str):
    from antq.cli import UserError

    return UserError(msg)


def cmd_extract(args) -> int:
    from antq.documents import registry
    from antq.documents.readers import DocumentError

    try:
        item = registry.intake_path(args.file)
    except DocumentError as exc:
        raise _user_error(str(exc)) from None
    out = item.extraction.as_json()
    if not args.evidence:
        out.pop("evidence")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for k, v in out.items():
            if k not in ("figures", "evidence"):
                print(f"{k}: {v}")
        for f in out["figures"]:
            print(
                f"- {BY_CODE[f['indicator']].label_vi}: {f['value']} ({qualifier_label(f['qualifier'])}) ← {f['text']}"
            )
    return 0


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    return line.strip()


def _review_on_terminal(review) -> None:
    """Each figure beside its sentence: Enter keeps it, a number corrects it, 'b' drops it."""
    from antq import vietnamese_numbers as numbers

    fields = ("kind", "number", "issuer", "level", "province_code", "unit_code", "year", "issued_on", "subject")
    for f in fields:
        print(f"{f}: {getattr(review, f)}", file=sys.stderr)
    print(f"parents: {', '.join(review.parents) or '-'}", file=sys.stderr)
    for i, f in enumerate(review.figures, start=1):
        print(
            f"\n[{i}] {BY_CODE[f['indicator']].label_vi} = {f['value']} ({qualifier_label(f['qualifier'])})",
            file=sys.stderr,
        )
        print(f"    « {f['sentence']} »", file=sys.stderr)
        if f.get("review_reason"):
            print(f"    CẦN XEM LẠI: {f['review_reason']}", file=sys.stderr)
        ans = _ask("    Enter = giữ, số mới = sửa (vd 'trên 5.800'), b = bỏ: ")
        if ans.lower() == "b":
            f["review"] = "rejected"
        elif ans:
            try:
                n = numbers.parse(ans)
            except ValueError:
                print("    Không phải số; giữ giá trị cũ.", file=sys.stderr)
                continue
            f["value"], f["qualifier"], f["review"] = n.value, n.qualifier, "corrected"


def _writer(args, review=None):
    """--as EMAIL, checked like an import's (antq.access.imports): once accounts are in use a
    reporter or admin whose scope holds the document. A refusal is recorded (file, who, why) and
    ends the command; before the first grant the operator's account registers it."""
    from pathlib import Path

    from antq import db
    from antq.access import imports
    from antq.importer import refusals

    with db.connect_read_only() as conn:
        try:
            actor = imports.cli_actor(conn, args.as_email, "đăng ký văn bản")
        except imports.IdentityRequired as exc:
            actor, why = exc.actor, str(exc)
        else:
            if review is None:
                why = imports.refusal(actor)
            else:
                why = imports.document_refusal(conn, actor, review.province_code, review.unit_code, int(review.year))
    if why:
        refusals.record_refusal(Path(args.file), why + " Văn bản không được đăng ký.", actor=actor)
        raise _user_error(why + " Văn bản không được đăng ký.")
    return actor


def cmd_add(args) -> int:
    from antq import db
    from antq.documents import filing, registry
    from antq.documents.readers import DocumentError

    _writer(args)  # who, before reading the file: an unknown identity learns nothing of it
    try:
        item = registry.intake_path(args.file)
        review = registry.Review.from_extraction(item.extraction)
        for field, why in item.extraction.review:
            print(f"Cần xem lại {field}: {why}", file=sys.stderr)
        if args.yes:
            # --yes saves what was read, but not a figure whose sentence allows another reading
            for f in review.figures:
                if f.get("review_reason"):
                    f["review"] = "rejected"
                    print(f"Không lưu (cần xem lại: {f['review_reason']}): « {f['sentence']} »", file=sys.stderr)
        if not args.yes:
            if not sys.stdin.isatty():
                raise DocumentError(
                    "Cần xem lại số liệu trước khi lưu: chạy lệnh trong cửa sổ dòng lệnh, hoặc thêm --yes để lưu ngay."
                )
            _review_on_terminal(review)
            if _ask("\nLưu văn bản này? [c/K]: ").lower() not in ("c", "co", "có", "y", "yes"):
                print("Không lưu; cơ sở dữ liệu không thay đổi.", file=sys.stderr)
                return 0
        problems = registry.check(review)
        if problems:
            raise DocumentError("Văn bản chưa được lưu:\n- " + "\n- ".join(problems))
        actor = _writer(args, review)  # the reviewed province and unit, against the scope
        saved = filing.save(item, review, via="cli", user=actor.who.email or actor.who.subject)
    except (DocumentError, db.DatabaseBusy) as exc:
        raise _user_error(str(exc)) from None
    if saved.outcome == "unchanged":
        print(f"Văn bản {item.file_name} đã được đăng ký trước đó (mã {saved.document_id}); không có gì thay đổi.")
        return 0
    kept = sum(1 for f in review.figures if f.get("review") != "rejected")
    print(
        f"Đã đăng ký văn bản {review.number or '(không số)'} ({review.kind}, năm {review.year}) mã {saved.document_id} "
        f"với {kept} số liệu đã xác nhận. Tệp gốc lưu tại {saved.archive_path}."
    )
    return 0


def register(sub) -> None:
    d = sub.add_parser("documents", help="kế hoạch, báo cáo: trích xuất và đăng ký văn bản")
    ds = d.add_subparsers(dest="documents_command", required=True)
    e = ds.add_parser("extract", help="trích xuất thông tin từ văn bản DOCX, PDF hoặc TXT (không lưu)")
    e.add_argument("file")
    e.add_argument("--json", action="store_true")
    e.add_argument("--evidence", action="store_true", help="kèm quy tắc và câu nguồn của từng giá trị")
    e.set_defaults(func=cmd_extract)
    a = ds.add_parser("add", help="đăng ký văn bản sau khi xem lại (hoặc ngay với --yes)")
    a.add_argument("file")
    a.add_argument("--yes", action="store_true", help="lưu ngay mọi giá trị trích xuất được, không hỏi lại")
    a.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        help="người đăng ký (e-mail có quyền reporter cho tỉnh, xã của văn bản, hoặc admin)",
    )
    a.set_defaults(func=cmd_add)
