"""`python -m antq indicators [--json]`: the indicator catalogue (antq/vocab/indicators.py)."""

from __future__ import annotations

import json

from antq.vocab import indicators


def cmd_indicators(args) -> int:
    rows = [i.public() for i in indicators.CATALOGUE]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print("code\tlabel_vi\tlabel_en\tunit\taggregation\tlevels\tgroup")
    for r in rows:
        print(
            "\t".join(
                [
                    r["code"],
                    r["label_vi"],
                    r["label_en"],
                    r["unit"],
                    r["aggregation"],
                    ",".join(r["levels"]),
                    r["group"],
                ]
            )
        )
    return 0


def register(sub) -> None:
    p = sub.add_parser("indicators", help="danh mục chỉ tiêu báo cáo kết quả phong trào")
    p.add_argument(
        "--json", action="store_true", help="in dạng JSON (mã, nhãn tiếng Việt/Anh, đơn vị, cách cộng, cấp, nhóm)"
    )
    p.set_defaults(func=cmd_indicators)
