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
        result = score(args.reference, args.units, args.reference_units)
    except BoundaryError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    table = result.table.sort("iou")
    if table.is_empty():
        print(
            f"Lỗi: tệp tham chiếu (hệ {result.reference_units}) không có ranh giới cho tỉnh nào của hệ {args.units}.",
            file=sys.stderr,
        )
        return 2
    median, worst = float(table["iou"].median()), float(table["iou"].min())
    meets = median >= TARGET_MEDIAN and worst >= TARGET_MIN
    scored = f"{table.height}/{result.n_provinces} tỉnh hệ {args.units}"
    if result.reference_units != args.units and args.units == 2008:
        scored += " (tệp tham chiếu hệ 2025: chỉ các tỉnh giữ nguyên khi sắp xếp năm 2025 có cùng ranh giới)"
    elif result.reference_units != args.units:
        scored += " (tệp tham chiếu hệ 2008: mỗi tỉnh hệ 2025 là hợp các tỉnh cũ đã sáp nhập vào nó)"
    if args.json:
        print(
            json.dumps(
                {
                    "units_system": args.units,
                    "reference": str(args.reference),
                    "reference_units": result.reference_units,
                    "n_provinces": result.n_provinces,
                    "n_scored": table.height,
                    "provinces": table.to_dicts(),
                    "unscored": [{"province_code": c, "province_name": n} for c, n in result.unscored],
                    "median_iou": median,
                    "min_iou": worst,
                    "target": {"median": TARGET_MEDIAN, "min": TARGET_MIN, "met": meets},
                    "notes": result.notes,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(f"IoU ranh giới gần đúng hệ {args.units} so với {args.reference}: {scored}")
    print(f"{'Mã':<4} {'Tỉnh/thành phố':<28} {'IoU':>6} {'km² tham chiếu':>15} {'km² sinh ra':>12}")
    for r in table.iter_rows(named=True):
        km2 = [f"{x:,.0f}".replace(",", ".") for x in (r["ref_km2"], r["gen_km2"])]
        print(f"{r['province_code']:<4} {r['province_name']:<28} {_fmt(r['iou']):>6} {km2[0]:>15} {km2[1]:>12}")
    print(
        f"Trung vị: {_fmt(median)}   Thấp nhất: {_fmt(worst)} ({table['province_name'][0]})   "
        f"Mục tiêu ≥ {_fmt(TARGET_MEDIAN)} / ≥ {_fmt(TARGET_MIN)}: {'đạt' if meets else 'chưa đạt'}"
    )
    if result.unscored:
        print(f"Không chấm ({len(result.unscored)} tỉnh, tệp không có ranh giới của chúng): ", end="")
        print(", ".join(n for _, n in result.unscored))
    for n in result.notes:
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
    s.add_argument("--units", type=int, choices=SYSTEMS, default=2025, help="hệ đơn vị được chấm (2025 hoặc 2008)")
    s.add_argument(
        "--reference-units",
        type=int,
        choices=SYSTEMS,
        default=None,
        help="hệ đơn vị của tệp tham chiếu (mặc định: đoán theo tên tỉnh trong tệp)",
    )
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
