"""`python -m antq`: build the demo database, print headline figures, export extracts.

Errors a user can make (unknown table, year outside the data, unknown province code) end with one
line on stderr and exit status 2, never a traceback. A command whose change was written but could
not be published to readers (a full publication volume), or that read the last published version
for that reason, says so on stderr and ends with exit status 3.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from antq import db, downloads, service, settings
from antq.access.scope import as_operator
from antq.selection import SelectionError, check

EXIT_USAGE = 2
EXIT_NOT_PUBLISHED = 3  # done, but readers do not see the writer's latest change (db.unpublished)
# Modules that add their own sub-commands: each has register(subparsers).
PLUGINS = (
    "antq.boundaries_cli",
    "antq.importer.cli",
    "antq.indicators_cli",
    "antq.documents.cli",
    "antq.briefing.cli",
    "antq.access.cli",
    "antq.reports.cli",
    "antq.cycle.cli",
)


class UserError(Exception):
    pass


def _connect():
    return db.connect_read_only()


def _selection(conn, args):
    years = service.available_years(conn)
    return check(args.year, args.units, args.province or [], years=years)


def cmd_demo(args) -> int:
    path = Path(args.out) if args.out else settings.db_path()
    t = time.perf_counter()
    db.build(path, empty=False, seed=args.seed, scale=args.scale)
    took = time.perf_counter() - t
    print(f"Đã tạo cơ sở dữ liệu minh họa {path} (seed {args.seed}, scale {args.scale}) trong {took:.1f} s.")
    return 0


def cmd_summary(args) -> int:
    with _connect() as conn:
        sel = _selection(conn, args)
        s = service.summary(conn, sel)
    if args.json:
        print(json.dumps(s, ensure_ascii=False, indent=2))
    else:
        from antq import i18n

        for k in service.SUMMARY_FIELDS:
            pct = k == "coverage_pct"
            print(f"{i18n.column(k)}: {i18n.figure(s[k], 2, pct=True) if pct else i18n.headline(s, k)}")
        if "source_provinces" in s:  # over how many provinces each total is ("1 trong 2 tỉnh cũ đã báo cáo")
            from antq.vocab.reporting import DETAIL_KINDS
            from antq.vocab.unit_systems import system_for_year

            merged = system_for_year(s["year"]) != s["units"]
            print("; ".join(i18n.reported_basis(s, k, merged=merged) for k in DETAIL_KINDS) + ".")
    return 0


def cmd_export(args) -> int:
    if args.table not in service.TABLES:
        raise UserError(f"Bảng '{args.table}' không tồn tại; chọn một trong: {', '.join(service.TABLES)}.")
    with _connect() as conn:
        sel = _selection(conn, args)
        df = service.table(conn, sel, args.table)
    out = Path(args.out)
    data = downloads.xlsx_bytes(df) if out.suffix.lower() == ".xlsx" else downloads.csv_bytes(df)
    out.write_bytes(data)
    print(f"Đã ghi {df.height} dòng vào {out}.", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    """Build the database if missing, then serve app.py with Streamlit (extra arguments pass through)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as st_cli

    from antq import precompressed, webserver

    webserver.limit_malloc_arenas()  # first: before any thread allocates
    webserver.arrow_system_pool()
    path = db.ensure_database()
    db.check_schema(path)
    # st.navigation switches Streamlit's legacy pages/ router off, but only once app.py has run:
    # until then the first visitor's deep link (/tham-gia) would be routed by file name and
    # show "Page not found". Switch it off before the first session.
    PagesManager.uses_pages_directory = False
    webserver.switch_off_metrics()
    webserver.allow_long_urls()
    webserver.skip_bare_mode_warning()
    webserver.close_expired_sessions()  # a closed tab's uploads are freed once Streamlit's TTL is up
    precompressed.install()  # Streamlit's assets as compressed at install time (make install)
    # The heavy imports, then the first queries (the first page run would otherwise pay for them and
    # the file's first read from disk), while the server starts; app.py waits for them.
    webserver.start_preload(lambda: _warm_up(path))
    sys.argv = ["streamlit", "run", str(settings.PROJECT_ROOT / "app.py"), *webserver.flags(args.streamlit_args)]
    return st_cli.main()


def _warm_up(path: Path) -> None:
    from antq.selection import Selection
    from antq.units import province_names, province_successor

    as_operator()  # this thread's own context: the whole country, for warming the file only

    province_names(2025)
    province_successor()
    with db.connect_read_only(path) as conn:
        years = service.available_years(conn)
        if years:
            service.headline(conn, Selection(year=max(years)))  # pages the file into the OS cache


def cmd_versions(args) -> int:
    from importlib.metadata import version

    print(" ".join(f"{n}=={version(n)}" for n in ("duckdb", "polars", "plotly", "streamlit", "geopandas")))
    return 0


def cmd_precompress(args) -> int:
    from antq import precompressed

    n, raw, packed = precompressed.build()
    where = precompressed.store_dir()
    if n:
        print(f"Đã nén {n} tệp tĩnh ({raw / 1e6:.1f} MB → {packed / 1e6:.1f} MB, Brotli và gzip) vào {where}.")
    else:
        print(f"Các tệp tĩnh đã được nén sẵn trong {where}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m antq", description="Bảng điều khiển phong trào Toàn dân bảo vệ ANTQ")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="tạo cơ sở dữ liệu minh họa")
    d.add_argument("--scale", type=int, default=1, help="nhân số điểm cấp thôn và số mô hình (kiểm thử tải)")
    d.add_argument("--seed", type=int, default=settings.integer("ANTQ_DEMO_SEED"))
    d.add_argument("--out", help="đường dẫn tệp (mặc định: ANTQ_DB)")
    d.set_defaults(func=cmd_demo)

    def selection_args(sp):
        sp.add_argument("--year", required=True)
        sp.add_argument("--units", default="2025", help="2025 (34 tỉnh, mặc định) hoặc 2008 (63 tỉnh)")
        sp.add_argument("--province", nargs="*", help="mã tỉnh (GSO), một hoặc nhiều; bỏ trống = toàn quốc")

    s = sub.add_parser("summary", help="các chỉ tiêu chính của một năm")
    selection_args(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)

    e = sub.add_parser("export", help="xuất dữ liệu ra CSV (UTF-8 BOM) hoặc XLSX")
    e.add_argument("table", help=", ".join(service.TABLES))
    selection_args(e)
    e.add_argument("--out", required=True)
    e.set_defaults(func=cmd_export)

    sv = sub.add_parser("serve", help="phục vụ ứng dụng (tham số còn lại chuyển cho streamlit run)")
    sv.set_defaults(func=cmd_serve)

    v = sub.add_parser("versions", help="phiên bản DuckDB, Polars, Plotly, Streamlit")
    v.set_defaults(func=cmd_versions)
    pc = sub.add_parser("precompress", help="nén sẵn (Brotli, gzip) các tệp tĩnh của Streamlit (make install)")
    pc.set_defaults(func=cmd_precompress)

    for mod in PLUGINS:
        try:
            m = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name and mod.startswith(exc.name):
                continue  # that part of the app is not installed in this build
            raise
        m.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        settings.check_all()
    except settings.SettingError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "serve":
        args.streamlit_args = extra  # e.g. --server.port 8501, for streamlit run
        # Not the operator's scope here: the server's event loop runs on this thread, and work it
        # hands to other threads copies this thread's context (a user's work must find no scope).
    else:
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        as_operator()
    try:
        status = args.func(args) or 0
    except (
        UserError,
        SelectionError,
        db.SchemaMismatch,
        db.DatabaseBusy,
        db.DiskFull,
        db.PublicationFailed,
        settings.SettingError,
    ) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        status = EXIT_USAGE
    except OSError as exc:
        print(f"Lỗi: không đọc/ghi được tệp: {exc}", file=sys.stderr)
        status = EXIT_USAGE
    behind = db.unpublished() if args.command != "serve" else None
    if behind:  # said after the command's own lines: what it did stands, readers do not see it yet
        print(f"Cảnh báo: {behind}", file=sys.stderr)
        return status or EXIT_NOT_PUBLISHED
    return status
