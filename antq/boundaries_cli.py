"""`python -m antq boundaries ...`: fidelity of the embedded boundaries, checks of official files.

antq/cli.py calls ``register(subparsers)``; each command returns its exit status (0 ok, 2 error)
and prints a one-line "Lỗi: ..." instead of a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from antq.units import SYSTEMS

# The fidelity target of the embedded set (docs/boundaries.md).
TARGET_MEDIAN = 0.93
TARGET_MIN = 0.85


def _fmt(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def cmd_score(args: argparse.Namespace) -> int:
    from antq.boundaries import BoundaryError, score

    try:
        table, notes = score(args.reference, args.units)
    except BoundaryError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    if table.is_empty():
        print("Lỗi: không tỉnh nào của tệp tham chiếu khớp với tỉnh của bộ ranh giới.", file=sys.stderr)
        return 2
    table = table.sort("iou")
    median, worst = float(table["iou"].median()), float(table["iou"].min())
    meets = median >= TARGET_MEDIAN and worst >= TARGET_MIN
    if args.json:
        print(
            json.dumps(
                {
                    "units_system": args.units,
                    "reference": str(args.reference),
                    "provinces": table.to_dicts(),
                    "median_iou": median,
                    "min_iou": worst,
                    "target": {"median": TARGET_MEDIAN, "min": TARGET_MIN, "met": meets},
                    "notes": notes,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    scored_as = "" if args.units == 2025 else " (tỉnh hệ 2008 gộp thành tỉnh hệ 2025 theo bảng chuyển đổi)"
    print(f"IoU ranh giới gần đúng hệ {args.units}{scored_as} so với {args.reference}")
    print(f"{'Mã':<4} {'Tỉnh/thành phố':<28} {'IoU':>6} {'km² tham chiếu':>15} {'km² sinh ra':>12}")
    for r in table.iter_rows(named=True):
        km2 = [f"{x:,.0f}".replace(",", ".") for x in (r["ref_km2"], r["gen_km2"])]
        print(f"{r['province_code']:<4} {r['province_name']:<28} {_fmt(r['iou']):>6} {km2[0]:>15} {km2[1]:>12}")
    print(
        f"Trung vị: {_fmt(median)}   Thấp nhất: {_fmt(worst)} ({table['province_name'][0]})   "
        f"Mục tiêu ≥ {_fmt(TARGET_MEDIAN)} / ≥ {_fmt(TARGET_MIN)}: {'đạt' if meets else 'chưa đạt'}"
    )
    for n in notes:
        print(n)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from antq.boundaries import BoundaryError, match_features, read_boundary_file

    try:
        gdf = read_boundary_file(args.file)
        _, report = match_features(gdf, args.units, args.level, path=str(args.file))
    except BoundaryError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    print(report.text())
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("boundaries", help="Ranh giới: đo độ khớp, kiểm tra tệp chính thức")
    sub = p.add_subparsers(dest="boundaries_command", required=True)

    s = sub.add_parser("score", help="IoU từng tỉnh của ranh giới gần đúng so với bộ ranh giới tham chiếu")
    s.add_argument("--reference", required=True, help="tệp hoặc thư mục GeoJSON / Shapefile / GeoPackage")
    s.add_argument("--units", type=int, choices=SYSTEMS, default=2025, help="hệ đơn vị (2025 hoặc 2008)")
    s.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    s.set_defaults(func=cmd_score)

    c = sub.add_parser("check", help="kiểm tra một tệp ranh giới chính thức: đơn vị khớp, thiếu, trùng")
    c.add_argument("file", help="tệp GeoJSON / Shapefile / GeoPackage (hoặc thư mục)")
    c.add_argument("--units", type=int, choices=SYSTEMS, default=2025)
    c.add_argument("--level", choices=("province", "district", "commune"), default="province")
    c.set_defaults(func=cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point until antq/cli.py exists: python -m antq.boundaries_cli boundaries score ..."""
    parser = argparse.ArgumentParser(prog="antq")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as e:  # last resort: the contract is one line, never a traceback
        print(f"Lỗi: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
