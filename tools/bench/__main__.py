"""`python -m tools.bench [--scale 1 10] [--json FILE]` (`make bench`): speed and memory of the dashboard, measured
the way a user meets it, beside the same measures for an empty Streamlit page (the floor).

Per scale: demo build time and database size; cold start (server process start -> first page fully
drawn in headless Chromium); per page, server-side script time of a filter change (AppTest
in-process, distinct selections so the query cache does not answer) and browser time from a filter
change to every chart redrawn; peak resident memory of the server (with children); the national
map figure's payload (if `antq.maps` exists); the importer's own benchmark (if present).
Writes a table to stdout, JSON, and docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from antq.settings import PROJECT_ROOT

PAGES = {  # page file -> url path
    "pages/overview.py": "",
    "pages/participation.py": "participation",
    "pages/models.py": "models",
    "pages/commendations.py": "commendations",
    "pages/data.py": "data",
}
MAP_PAGE = "pages/map.py"
TARGETS = {
    1: {
        "cold_start_s": 3.0,
        "server_p95_ms": 150,
        "server_p95_ms_map": 300,
        "browser_ratio_p95": 3.0,
        "peak_rss_mb": 600,
    },
    10: {"server_p95_ms": 400, "build_s": 120},
}
EMPTY_APP = textwrap.dedent("""
    import streamlit as st
    year = st.sidebar.selectbox("Năm", [2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019], key="f_year")
    st.query_params["year"] = str(year)  # as the app keeps its filters in the address
    st.title("Trang trống")
    st.metric("Năm", year)
""")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def stats_ms(values_s: list[float]) -> dict:
    ms = [v * 1000 for v in values_s]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 0.5), 1),
        "p95_ms": round(pct(ms, 0.95), 1),
        "max_ms": round(max(ms), 1) if ms else None,
    }


def pages() -> dict[str, str]:
    out = dict(PAGES)
    if (PROJECT_ROOT / MAP_PAGE).exists():
        out[MAP_PAGE] = "map"
    return out


def selections(years: list[int], provinces: list[str], n: int, seed: int = 7) -> list[dict]:
    """n distinct (year, province set) URL filters: whole country and one or two provinces."""
    rnd = random.Random(seed)
    seen, out = set(), []
    while len(out) < n:
        y = rnd.choice(years)
        k = rnd.choice([0, 1, 1, 2])
        ps = tuple(sorted(rnd.sample(provinces, k)))
        if (y, ps) in seen:
            continue
        seen.add((y, ps))
        out.append({"year": y, "provinces": list(ps)})
    return out


# ---------------------------------------------------------------- server side (AppTest)
def server_side(db: Path, n: int, app: Path | None = None) -> dict:
    """Script run time of one filter change per page, warm process, distinct selections."""
    os.environ["ANTQ_DB"] = str(db)
    import duckdb
    from streamlit.testing.v1 import AppTest

    from antq import service

    with duckdb.connect(str(db), read_only=True) as c:
        years = service.available_years(c)
        provs = service.provinces(c, 2025)["province_code"].to_list()
    sels = selections(years, provs, n)
    out = {}
    if app is not None:  # the floor: the empty page
        at = AppTest.from_file(str(app), default_timeout=120)
        at.run()
        times = []
        for s in sels:
            t = time.perf_counter()
            at.selectbox(key="f_year").set_value(s["year"]).run()
            times.append(time.perf_counter() - t)
        return {"empty": stats_ms(times)}
    from tests.support import e2e

    script = e2e.apptest_script(Path(tempfile.mkdtemp(prefix="antq-apptest-")))
    for page in pages():
        # One widget-driven rerun per selection (frame + page), as the server runs it after a
        # filter change; distinct selections, so the query cache does not answer.
        at = open_page(script, page)
        times, errors = [], len(at.exception)
        for s in sels:
            times.append(rerun(at, s))
            errors += len(at.exception)
        out[page] = stats_ms(times) | {"exceptions": errors}
    return out


def open_page(script: Path, page: str):
    """An AppTest of the app (a copy of app.py, `script`) that has run once and is on `page`."""
    from streamlit.testing.v1 import AppTest

    from tests.support import e2e

    at = AppTest.from_file(str(script), default_timeout=120)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(e2e.apptest_page(page)).run()
    return at


def rerun(at, selection: dict) -> float:
    """Set the year and provinces through the sidebar widgets and time the rerun (seconds)."""
    at.selectbox(key="f_year").set_value(selection["year"])
    at.multiselect(key="f_provinces").set_value(sorted(selection["provinces"]))
    t = time.perf_counter()
    at.run()
    return time.perf_counter() - t


# ---------------------------------------------------------------- browser side
class PeakRSS:
    """Peak resident memory of a process and its children, sampled every 50 ms."""

    def __init__(self, pid: int):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def _wait_drawn(pg, timeout_ms=60_000):
    from tests.support import e2e

    pg.wait_for_function(f"() => ({e2e.JS_IDLE})() && ({e2e.JS_CHARTS_DRAWN})()", timeout=timeout_ms, polling=50)


def _change_year(pg, year: int, timeout_ms=60_000):
    """Pick a year in the sidebar; wait until the rerun it asks for is over and every chart has drawn
    again. The year in the address is the sign of that rerun: the script writes it (the app's filters,
    the empty page likewise). Not the sidebar box nor the run state alone: the box shows a typed year
    at once and a fast rerun may never show "running", so the wait could end before the rerun began."""
    from tests.support import e2e

    box = pg.get_by_role("combobox", name="Năm")
    box.click()
    try:
        pg.get_by_role("option", name=str(year), exact=True).click(timeout=5_000)
    except Exception:  # the list re-rendered under the pointer: type the year instead
        box.fill(str(year))
        pg.keyboard.press("Enter")
    pg.wait_for_function(
        "y => new URLSearchParams(location.search).get('year') === String(y)"
        f" && ({e2e.JS_IDLE})() && ({e2e.JS_CHARTS_DRAWN})()",
        arg=year,
        timeout=timeout_ms,
        polling=20,
    )


def browser_side(db: Path, n: int, tmp: Path, empty_app: Path, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.support import e2e

    res: dict = {}
    with sync_playwright() as pw:
        browser = e2e.launch(pw)
        try:
            # the floor first: the empty page
            with e2e.Server(empty_app, log=tmp / "empty.log", cwd=work) as srv:
                pg = browser.new_page(viewport={"width": 1440, "height": 1000})
                pg.goto(srv.url + "/")
                _wait_drawn(pg)
                times = []
                for i in range(n):
                    y = [2025, 2024][i % 2]
                    t = time.perf_counter()
                    _change_year(pg, y)
                    times.append(time.perf_counter() - t)
                res["empty"] = stats_ms(times)
                pg.close()
            srv = e2e.Server("app.py", db=db, log=tmp / "app.log").start()
            try:
                with PeakRSS(srv.proc.pid) as mem:
                    srv.wait_healthy(120)
                    pg = browser.new_page(viewport={"width": 1440, "height": 1000})
                    pg.goto(srv.url + "/")
                    _wait_drawn(pg, 120_000)
                    res["cold_start_s"] = round(time.perf_counter() - srv.started_at, 2)
                    pg.close()
                    years = [2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019]
                    for page, path in pages().items():
                        pg = browser.new_page(viewport={"width": 1440, "height": 1000})
                        pg.goto(f"{srv.url}/{path}?year=2024")
                        _wait_drawn(pg, 120_000)
                        times = []
                        seq = [y for y in years if y != 2024]  # the page opens on 2024
                        for i in range(n):
                            y = seq[i % len(seq)]
                            t = time.perf_counter()
                            _change_year(pg, y)
                            times.append(time.perf_counter() - t)
                        res[page] = stats_ms(times)
                        pg.close()
                res["peak_rss_mb"] = round(mem.peak / 2**20, 1)
            finally:
                srv.stop()
        finally:
            browser.close()
    return res


# ---------------------------------------------------------------- extras
def map_payload(db: Path) -> dict:
    """Bytes of the figures the map page sends: the national map in both systems, and the commune
    drill-down of the province with the most communes."""
    import duckdb

    from antq import mapview, service
    from antq.selection import Selection

    with duckdb.connect(str(db), read_only=True) as c:
        year = max(service.available_years(c))
        out = {"available": True, "builder": "antq.mapview"}
        for units, y in ((2025, year), (2008, 2024)):
            fig = mapview.national_figure(c, Selection(y, units), "coverage_pct", "quantiles", "vi")
            out[f"national_{units}_bytes"] = len(fig.to_json().encode())
        biggest = c.execute(
            "SELECT province_code FROM admin_unit WHERE units_system = 2025 AND is_base "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        fig = mapview.commune_figure(c, Selection(year, 2025), biggest, "held", "vi")
        out["largest_drilldown_bytes"] = len(fig.to_json().encode())
        out["largest_drilldown_province"] = biggest
        out["bytes"] = out["national_2025_bytes"]
    return out


def importer() -> dict:
    try:
        from tools.bench.importer import measure_import
    except ImportError:
        return {"available": False, "note": "not available"}
    return {"available": True, **measure_import(rows=50_000)}


def machine() -> dict:
    from importlib.metadata import version

    import psutil

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import subprocess

    from tests.support import e2e

    try:
        chromium = subprocess.run(
            [e2e.CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        chromium = "missing"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": chromium,
        **{n: version(n) for n in ("streamlit", "duckdb", "polars", "plotly", "playwright")},
    }


# ---------------------------------------------------------------- run
def run_scale(scale: int, work: Path, n_server: int, n_browser: int, tmp: Path, empty_app: Path, floor: dict) -> dict:
    from antq import db as dbm

    path = work / f"antq-scale{scale}.duckdb"
    t = time.perf_counter()
    dbm.build(path, empty=False, seed=2024, scale=scale)
    r: dict = {
        "scale": scale,
        "build_s": round(time.perf_counter() - t, 1),
        "db_mb": round(path.stat().st_size / 2**20, 1),
    }
    print(f"[scale {scale}] built in {r['build_s']} s, {r['db_mb']} MB", flush=True)
    r["server"] = server_side(path, n_server)
    print(f"[scale {scale}] server side done", flush=True)
    r["browser"] = browser_side(path, n_browser, tmp, empty_app, PROJECT_ROOT)
    print(f"[scale {scale}] browser side done", flush=True)
    r["map"] = map_payload(path)
    for s in r["server"].values():
        s["ratio_to_empty_p95"] = round(s["p95_ms"] / floor["empty"]["p95_ms"], 1)
    for page, s in r["browser"].items():
        if isinstance(s, dict) and page != "empty":
            s["ratio_to_empty_p95"] = round(s["p95_ms"] / r["browser"]["empty"]["p95_ms"], 1)
    r["checks"] = check_targets(r)
    return r


def check_targets(r: dict) -> list[dict]:
    t = TARGETS.get(r["scale"], {})
    out = []

    def add(what, value, limit):
        out.append({"what": what, "value": value, "target": limit, "ok": value is not None and value <= limit})

    if "cold_start_s" in t:
        add("cold start (s)", r["browser"].get("cold_start_s"), t["cold_start_s"])
    if "peak_rss_mb" in t:
        add("peak server memory (MB)", r["browser"].get("peak_rss_mb"), t["peak_rss_mb"])
    if "build_s" in t:
        add("demo build (s)", r["build_s"], t["build_s"])
    for page, s in r["server"].items():
        lim = t.get("server_p95_ms_map", t.get("server_p95_ms")) if page == MAP_PAGE else t.get("server_p95_ms")
        if lim:
            add(f"server p95 {page} (ms)", s["p95_ms"], lim)
    if "browser_ratio_p95" in t:
        for page, s in r["browser"].items():
            if isinstance(s, dict) and page != "empty":
                add(f"browser p95 / empty {page}", s["ratio_to_empty_p95"], t["browser_ratio_p95"])
    return out


def table(results: dict) -> str:
    lines = []
    for r in results["scales"]:
        b, s = r["browser"], r["server"]
        lines.append(f"\n### Scale {r['scale']}\n")
        lines.append(
            f"Demo build {r['build_s']} s, database {r['db_mb']} MB; cold start {b.get('cold_start_s')} s; "
            f"peak server memory {b.get('peak_rss_mb')} MB.\n"
        )
        lines.append("| page | server p50 ms | server p95 ms | × empty | browser p50 ms | browser p95 ms | × empty |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        fl = results["floor_server"]["empty"]
        lines.append(
            f"| (empty page) | {fl['p50_ms']} | {fl['p95_ms']} | 1.0 "
            f"| {b['empty']['p50_ms']} | {b['empty']['p95_ms']} | 1.0 |"
        )
        for page in s:
            bb = b.get(page, {})
            lines.append(
                f"| {page} | {s[page]['p50_ms']} | {s[page]['p95_ms']} | {s[page]['ratio_to_empty_p95']} | "
                f"{bb.get('p50_ms')} | {bb.get('p95_ms')} | {bb.get('ratio_to_empty_p95')} |"
            )
        m = r["map"]
        lines.append(
            "\nMap figure payload: "
            + (
                f"national {m['national_2025_bytes']:,} bytes (34 provinces), {m['national_2008_bytes']:,} bytes (63); "
                f"largest commune drill-down ({m['largest_drilldown_province']}) "
                f"{m['largest_drilldown_bytes']:,} bytes "
                "(targets ≤ 1.5 MB and ≤ 2 MB)"
                if m.get("available")
                else m["note"]
            )
        )
        lines.append("\nTargets:\n")
        for c in r["checks"]:
            lines.append(f"- {'✅' if c['ok'] else '❌ MISSED'} {c['what']}: {c['value']} (target ≤ {c['target']})")
    imp = results["importer"]
    lines.append(
        "\nImporter (50,000 rows): "
        + (json.dumps({k: v for k, v in imp.items() if k != "available"}) if imp.get("available") else imp["note"])
    )
    return "\n".join(lines)


def write_doc(results: dict, path: Path) -> None:
    m = results["machine"]
    scales = " ".join(str(r["scale"]) for r in results["scales"])
    head = textwrap.dedent(f"""\
        # Benchmarks

        Latest run: {results["when"]} with `python -m tools.bench --scale {scales}`
        (`make bench`). Machine: {m["cpu"]}, {m["cores"]} cores, {m["memory_gb"]} GB RAM, {m["os"]}; Python
        {m["python"]}, Streamlit {m["streamlit"]}, DuckDB {m["duckdb"]}, Polars {m["polars"]}, Plotly {m["plotly"]},
        Playwright {m["playwright"]}, {m["chromium"]}. The machine is shared and noisy: read p95 values as
        upper bounds of a quiet machine.

        How: *server* = one filter change (year and provinces, through the sidebar widgets) per page as a script
        rerun under Streamlit's AppTest in a warm process, {results["n_server"]} distinct selections so the query cache
        never answers (worst case for a user exploring); *browser* = pick a year in the sidebar of
        headless Chromium → the run is over and every Plotly chart has drawn again, {results["n_browser"]} changes per
        page (years cycle, so later changes may hit the cache, as they would for a user);
        *cold start* = `python -m antq serve` process start → first page fully drawn (browser already running);
        *peak memory* = server process and children, sampled every 50 ms during the browser run;
        *empty page* = a one-selectbox Streamlit page measured the same way in the same run (the floor).
        """)
    path.parent.mkdir(parents=True, exist_ok=True)
    notes = results.get("notes", "")
    path.write_text(head + table(results) + "\n" + (f"\n## Findings\n\n{notes}\n" if notes else ""), "utf-8")


def cmd_bench(args) -> int:
    scales = args.scale or [1]
    work = Path(args.work) if args.work else PROJECT_ROOT / "data" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "n_server": args.changes,
        "n_browser": args.browser_changes,
        "scales": [],
    }
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        empty_app = tmp / "empty_app.py"
        empty_app.write_text(EMPTY_APP, "utf-8")
        floor = _floor_server(empty_app, args.changes)
        results["floor_server"] = floor
        for s in scales:
            results["scales"].append(run_scale(s, work, args.changes, args.browser_changes, tmp, empty_app, floor))
    results["importer"] = importer()
    notes_file = PROJECT_ROOT / "docs" / "benchmarks-notes.md"
    if notes_file.exists():
        results["notes"] = notes_file.read_text("utf-8").strip()
    print(table(results))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    if not args.no_doc:
        write_doc(results, PROJECT_ROOT / "docs" / "benchmarks.md")
    return 0


def _floor_server(empty_app: Path, n: int) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(empty_app), default_timeout=60)
    at.run()
    times = []
    for i in range(n):
        t = time.perf_counter()
        at.selectbox(key="f_year").set_value([2025, 2024][i % 2]).run()
        times.append(time.perf_counter() - t)
    return {"empty": stats_ms(times)}


def main(argv: list[str] | None = None) -> int:
    import argparse

    b = argparse.ArgumentParser(prog="python -m tools.bench", description="đo tốc độ và bộ nhớ (benchmark)")
    b.add_argument("--scale", type=int, nargs="+", default=[1], help="quy mô dữ liệu minh họa, ví dụ: 1 10")
    b.add_argument("--json", help="ghi kết quả JSON vào tệp này")
    b.add_argument("--changes", type=int, default=20, help="số lần đổi bộ lọc mỗi trang (phía máy chủ)")
    b.add_argument("--browser-changes", type=int, default=10, help="số lần đổi năm mỗi trang (trình duyệt)")
    b.add_argument("--work", help="thư mục cơ sở dữ liệu đo (mặc định data/bench)")
    b.add_argument("--no-doc", action="store_true", help="không ghi docs/benchmarks.md")
    from antq.access.scope import as_operator

    as_operator()  # the in-process measurements read the whole country, as the command line does
    return cmd_bench(b.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
