"""`python -m antq briefing`: the official briefing of a year as PDF or DOCX (registered through
antq.cli.PLUGINS). A bad year, unit system or province, a missing browser or font ends with one
line `Lỗi: …` and exit status 2; the output file is written whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from antq import i18n


def register(sub) -> None:
    from antq.briefing import FORMATS

    b = sub.add_parser(
        "briefing",
        help="báo cáo (PDF hoặc DOCX) theo thể thức Nghị định 30/2020/NĐ-CP, có biểu đồ và bản đồ",
    )
    b.add_argument("--year", required=True)
    b.add_argument("--units", default="2025", help="2025 (34 tỉnh, mặc định) hoặc 2008 (63 tỉnh)")
    b.add_argument("--province", nargs="*", help="mã tỉnh (GSO), một hoặc nhiều; bỏ trống = toàn quốc")
    b.add_argument("--format", required=True, choices=list(FORMATS))
    b.add_argument("--out", required=True, help="tệp kết quả")
    b.add_argument("--lang", default=i18n.DEFAULT_LANG, choices=list(i18n.LANGS))
    b.add_argument("--date", help="ngày ký, YYYY-MM-DD (mặc định: hôm nay)")
    b.add_argument("--parent", help="cơ quan chủ quản (mặc định: Bộ Công an)")
    b.add_argument("--issuer", help="cơ quan ban hành (mặc định: Công an tỉnh … hoặc Cục V05)")
    b.add_argument("--number", help="số, ký hiệu (mặc định: …/BC-CAT)")
    b.add_argument("--place", help="địa danh ở dòng ngày tháng")
    b.add_argument("--signer-title", help="chức vụ người ký (mặc định: GIÁM ĐỐC)")
    b.add_argument("--signer-name", help="họ tên người ký")
    b.add_argument("--recipient", action="append", help="một dòng của “Nơi nhận:” (lặp lại cho mỗi dòng)")
    b.set_defaults(func=cmd_briefing)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_briefing(args) -> int:
    from antq.briefing import images

    # The browser that draws the charts boots while the data modules import and the store opens.
    with images.Renderer() as renderer:
        return _briefing(args, renderer)


def _briefing(args, renderer) -> int:
    from antq import briefing
    from antq.cli import _connect, _selection

    try:
        today = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"Lỗi: ngày '{args.date}' không hợp lệ (dạng YYYY-MM-DD).", file=sys.stderr)
        return 2
    letterhead = briefing.Letterhead(
        parent=args.parent,
        issuer=args.issuer,
        number=args.number,
        place=args.place,
        signer_title=args.signer_title,
        signer_name=args.signer_name,
        recipients=tuple(args.recipient) if args.recipient else None,
    )
    t = time.perf_counter()
    with _connect() as conn:
        sel = _selection(conn, args)
        try:
            data = briefing.build(conn, sel, args.format, args.lang, letterhead, today, renderer)
        except briefing.BriefingError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 2
    out = Path(args.out)
    _write_atomic(out, data)
    took = time.perf_counter() - t
    print(
        f"Đã ghi báo cáo {args.format.upper()} vào {out} ({i18n.number(len(data))} byte, {took:.1f} s).",
        file=sys.stderr,
    )
    return 0
