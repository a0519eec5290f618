"""How long a national festivals file takes to import: `measure_import(rows=50_000)`.

The file is generated (plausible values for every base unit of the year's system, all provinces),
written as XLSX the way Excel users send it (dates as date cells, labels from the drop-downs), then
imported into a fresh database exactly as `python -m antq import` does.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from antq import db, i18n
from antq.importer import load, spec
from antq.units import registry, system_for_year


def national_festivals(rows: int, year: int = 2024, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    system = system_for_year(year)
    base = registry().units.filter((pl.col("units_system") == system) & pl.col("is_base"))
    idx = rng.integers(0, base.height, rows)
    start = dt.date(year, 7, 1)
    participants = rng.integers(30, 1500, rows)
    venue_labels = np.array(list(i18n.value_labels("venue_kind").values()))
    return pl.DataFrame(
        {
            "year": np.full(rows, year),
            "unit_code": base["unit_code"].to_numpy()[idx],
            "unit_name": base["name"].to_numpy()[idx],
            "held_on": [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 50, rows)],
            "venue_kind": venue_labels[rng.integers(0, 4, rows)],
            "venue_name": np.array([f"Thôn {i}" for i in range(rows)]),
            "is_pilot": np.where(rng.random(rows) < 0.03, "Có", "Không"),
            "participants": participants,
            "households": participants // 3,
            "has_ceremony": np.where(rng.random(rows) < 0.9, "Có", "Không"),
            "has_culture_sports": np.where(rng.random(rows) < 0.8, "Có", "Không"),
            "has_police_forum": np.where(rng.random(rows) < 0.5, "Có", "Không"),
            "has_policy_visits": np.where(rng.random(rows) < 0.6, "Có", "Không"),
            "gift_packages": rng.integers(0, 20, rows),
            "gift_value_vnd": rng.integers(0, 20, rows) * 500_000,
            "budget_vnd": rng.integers(1, 100, rows) * 1_000_000,
        }
    )


def to_xlsx(df: pl.DataFrame) -> bytes:
    labels = {c.key: c.label for c in spec.COLUMNS["festivals"]}
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet(spec.DATA_SHEET)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, [labels[c] for c in df.columns])
    for i, row in enumerate(df.iter_rows(), start=1):
        for j, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(i, j, v, date_fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, v)
    wb.close()
    return buf.getvalue()


def measure_import(rows: int = 50_000, year: int = 2024, workdir: Path | None = None, demo: bool = False) -> dict:
    """Seconds to read + validate + load a national festivals XLSX of `rows` rows, and the parts of
    it: into an empty database (registries only), or with `demo` into the illustrative database,
    where the file replaces the whole year's illustrative festival points of every province."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        data = to_xlsx(national_festivals(rows, year))
        path = db.build(tmp / "bench.duckdb", empty=not demo)
        t0 = time.perf_counter()
        conn = db.connect_read_only(path)
        try:
            plan = load.prepare(data, f"ngay_hoi_toan_quoc_{year}.xlsx", conn)
        finally:
            conn.close()
        t1 = time.perf_counter()
        res = load.commit(plan, db_path=path, archive=tmp / "archive")
        t2 = time.perf_counter()
        return {
            "rows": rows,
            "database": "demo" if demo else "empty",
            "database_mb": round(path.stat().st_size / 1048576, 1),
            "file_mb": round(len(data) / 1048576, 2),
            "outcome": res.outcome,
            "errors": plan.problems.n_errors,
            "warnings": plan.problems.n_warnings,
            "seconds_read_validate": round(t1 - t0, 3),
            "seconds_load": round(t2 - t1, 3),
            "seconds_total": round(t2 - t0, 3),
        }


if __name__ == "__main__":  # python -m tools.bench.importer [ROWS]
    import json
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    for demo in (False, True):
        print(json.dumps(measure_import(n, demo=demo), ensure_ascii=False))
