"""The result reports on the command line: `template --kind report` and `import` of a filled form
(reached through antq.importer.cli, which recognises the form by its content), and
`report-values --year Y [--unit CODE | --province CODE ...] [--period P] [--units 2008|2025] [--all-levels] --json`.

Exit status: 0 when done, 2 with located Vietnamese messages when a form is refused (nothing
changed) or an argument is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from antq.vocab import categories

MAX_PRINTED = 200


def cmd_template(args) -> int:
    from antq.cli import UserError
    from antq.reports import template

    unit = getattr(args, "unit", None) or args.province
    if unit is None:
        raise UserError("Cần --unit MÃ (VN, mã tỉnh, mã huyện đến năm 2024 hoặc mã xã) cho biểu mẫu báo cáo.")
    out = template.write(args.year, unit, Path(args.out))
    print(f"Đã ghi biểu mẫu báo cáo kết quả {out}.", file=sys.stderr)
    return 0


def cmd_import(args, path: Path, actor) -> int:
    from antq import i18n
    from antq.importer.problems import as_text, report_csv
    from antq.reports import load

    res = load.import_path(path, via="cli", wait_seconds=args.wait, actor=actor)
    plan = res.plan
    if args.report:
        Path(args.report).write_bytes(report_csv(res.problems))
    if not res.problems.is_empty():
        print(as_text(res.problems.head(MAX_PRINTED)), file=sys.stderr)
    if res.outcome == "rejected":
        print(
            f"Lỗi: biểu mẫu báo cáo {path.name} không được nhập ({plan.problems.n_errors} lỗi, "
            f"{plan.problems.n_warnings} cảnh báo); cơ sở dữ liệu không thay đổi.",
            file=sys.stderr,
        )
        return 2
    if res.outcome == "unchanged":
        print(f"Tệp {path.name} đã được nhập trước đó; không có gì thay đổi.")
        return 0
    units = ", ".join(
        (f"{r.local_name}, {categories.VENUE_KINDS.label(r.local_kind).lower()} thuộc " if r.local_name else "")
        + f"{r.unit_code} ({categories.PERIOD_KINDS.label(r.period_kind).lower()} {r.year})"
        for r in plan.reports
    )
    line = f"Đã nhập {len(plan.reports)} báo cáo ({i18n.number(plan.rows)} số liệu) từ {path.name}: {units}."
    if res.superseded:
        line += f" Thay cho báo cáo trước (vẫn lưu): {', '.join(map(str, res.superseded))}."
    print(line + f" Tệp gốc lưu tại {res.archive_path}.")
    return 0


def cmd_values(args) -> int:
    import polars as pl

    from antq import db, queries
    from antq.cli import UserError
    from antq.selection import check_provinces, check_units
    from antq.units import system_for_year

    try:
        year = int(args.year)
    except ValueError:
        raise UserError(f"Năm '{args.year}' không hợp lệ.") from None
    units = check_units(args.units) if args.units else system_for_year(year)
    if system_for_year(year) > units:
        raise UserError(f"Năm {year} được báo cáo theo danh mục {system_for_year(year)}; không xem được theo {units}.")
    if args.period and args.period not in categories.PERIOD_KINDS.codes:
        raise UserError(
            f"Kỳ báo cáo '{args.period}' không có; chọn một trong: {', '.join(categories.PERIOD_KINDS.codes)}."
        )
    provinces = list(check_provinces(args.province or [], units))
    unit_code = None
    if args.unit:
        from antq.units import unit_code_as_registered, unit_row

        own = system_for_year(year)
        unit_code = unit_code_as_registered(args.unit, own)
        if unit_row(own, unit_code) is None:
            raise UserError(f"Mã đơn vị '{args.unit}' không có trong danh mục {own} mà năm {year} dùng.")
    with db.connect_read_only() as conn:
        df = queries.run(
            conn,
            "report_values",
            year=year,
            units=units,
            provinces=provinces,
            communes=[],  # the command line is the server's operator: no commune restriction
            period_kind=args.period,
            all_levels=bool(args.all_levels),
            unit_code=unit_code,
        )
        if args.below:  # the named places below the communes, each under its own name
            below = queries.run(
                conn,
                "local_report_values",
                year=year,
                units=units,
                provinces=provinces,
                communes=[],
                period_kind=args.period,
                unit_code=unit_code,
            )
            df = pl.concat(
                [df.with_columns(local_kind=pl.lit(None, pl.String), local_name=pl.lit(None, pl.String)), below],
                how="vertical_relaxed",
            )
    rows = []
    for r in df.iter_rows(named=True):
        r["period"] = r["period_kind"]
        for k in ("reported_on", "entered_at", "as_of"):
            r[k] = r[k].isoformat() if r.get(k) is not None else None
        for k in ("value", "denominator"):
            if r[k] is not None and float(r[k]).is_integer():
                r[k] = int(r[k])
        rows.append(r)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from antq.vocab import indicators, report_rules

        for r in rows:
            written = report_rules.as_published(
                r["value"],
                r["qualifier"],
                r["qualifier_word"],
                "vi",
                indicators.get(r["indicator"]).unit,
                r["denominator"],
            )
            as_of = dt.date.fromisoformat(r["as_of"]) if r.get("as_of") else None
            period = report_rules.period_label(r["period_kind"], r["half"] or 0, "vi", r["year_from"], r["year"], as_of)
            if r["period_kind"] not in ("phase", "to_date"):
                period += f" {r['year']}"
            who = f"{r['unit_code']} / {r['local_name']}" if r.get("local_name") else r["unit_code"]
            print(f"{who}\t{period}\t{r['indicator']}\t{written}")
    return 0


def register(sub) -> None:
    v = sub.add_parser("report-values", help="số liệu đang dùng của các báo cáo kết quả (tổng hợp) một năm")
    v.add_argument("--year", required=True)
    v.add_argument("--province", nargs="*", help="mã tỉnh theo hệ --units; bỏ trống = toàn quốc")
    v.add_argument("--period", help="kỳ báo cáo: " + ", ".join(categories.PERIOD_KINDS.codes) + " (bỏ trống = mọi kỳ)")
    v.add_argument("--units", help="2008 (63 tỉnh) hoặc 2025 (34 tỉnh); mặc định: hệ của năm")
    v.add_argument("--all-levels", action="store_true", help="cả báo cáo của huyện, xã (mặc định: chỉ của tỉnh)")
    v.add_argument("--unit", help="chỉ báo cáo của một đơn vị: VN, mã tỉnh, mã huyện (đến 2024) hoặc mã xã")
    v.add_argument(
        "--below",
        action="store_true",
        help="thêm báo cáo của thôn, cơ quan, trường, doanh nghiệp dưới xã (local_kind, local_name), đứng riêng",
    )
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_values)
