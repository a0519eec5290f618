"""`python -m tools.loadtest` (`make loadtest`): concurrent sessions through the balancer.

Starts `deploy/local.py` (HAProxy + N replicas, loopback only) on a fresh demo database, then, for
each level (20, 60, 120 sessions by default), runs that many users at once for a bounded time:

- a *browser share* (headless Chromium, async Playwright, one context per user): each view opens a
  page with filters by URL and waits until the run is over and every chart has drawn;
- the rest as *protocol clients*: Streamlit's own WebSocket protocol (the BackMsg/ForwardMsg
  protobufs of the installed Streamlit), each user holding one session, switching pages in it and
  opening a new session with other filters every few views (a shared link); a view is timed from
  the rerun request to `script_finished`. The server does the same work as for a browser; what is
  not measured for them is the browser's drawing.

With `--signed-in` (issue 23) a real OpenID Connect provider runs beside the deployment, four
accounts sign in once through the real redirect (a national administrator, a viewer of Khánh Hòa, a
reporter of Hồ Chí Minh, the commune police of Phường Thủ Đức) and every user is one of them (their
cookies on the browser contexts and on the protocol clients' WebSocket); the result reports page
(/results) joins the pages; the replicas' health checks are asked every second throughout.

Users think 1-3 s between views. During the last level an import is published through the CLI;
every user's first view started after the publication opens the imported province-year, and its
participants card must show the new figure (checked against SQL over the writer's file). Errors
(an exception element, a failed connection, a wrong figure) are counted; replica memory (RSS of
each replica process) is sampled every 0.5 s during each level and 30 s after its users left.
Results: stdout and JSON (`--json`); docs/benchmarks.md is written by hand from them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from antq.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "deploy"))

PAGES = ["", "participation", "models", "commendations", "data", "map"]  # url paths
PROVINCES_2025 = ["01", "79", "48", "31", "92", "56", "38", "04", "75", "68"]
CHECK = dict(year=2024, units=2008, province="56")  # the province-year the import replaces
CHECK_CARD = "Lượt người tham gia"
CHECK_SQL = (
    "SELECT coalesce(sum(f.participants), 0) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
    "WHERE f.year = $year AND u.province_code = $province"
)


# --signed-in: (subject, e-mail, role, grant options); users take them in turn. Only national users
# owe the check of the imported province-year (a scoped user's card shows their own scope).
ACCOUNTS = [
    ("quantri", "quantri@antq.test", "admin", {}),
    ("xem56", "xem56@antq.test", "viewer", {"provinces": ["56"]}),
    ("bc79", "bc79@antq.test", "reporter", {"provinces": ["79"]}),
    ("xa26824", "xa26824@antq.test", "viewer", {"communes": ["26824"]}),
]
SIGNED_IN: list[list[dict]] = []  # the accounts' cookies (Playwright's form), once signed in


def account_of(uid: int) -> int | None:
    return uid % len(SIGNED_IN) if SIGNED_IN else None


def owes_check(uid: int) -> bool:
    a = account_of(uid)
    return a is None or ACCOUNTS[a][2] == "admin"


def cookie_header(uid: int) -> str:
    a = account_of(uid)
    return "; ".join(f"{c['name']}={c['value']}" for c in SIGNED_IN[a]) if a is not None else ""


def sign_in_accounts(url: str, provider_port: int) -> None:
    """Each account signs in once through the real redirect; its cookies are kept in SIGNED_IN."""
    import re

    from playwright.sync_api import sync_playwright

    from tests.support import e2e

    with sync_playwright() as pw:
        b = e2e.launch(pw)
        for sub, *_ in ACCOUNTS:
            ctx = b.new_context()
            pg = ctx.new_page()
            pg.goto(url + "/", timeout=120_000)
            pg.get_by_role("button", name="Đăng nhập").click(timeout=120_000)
            pg.wait_for_url(re.compile(f":{provider_port}"), timeout=120_000)
            pg.locator(f"button[name=sub][value='{sub}']").click()
            pg.wait_for_url(re.compile(re.escape(url)), timeout=120_000)
            pg.wait_for_selector("h1", timeout=120_000)
            SIGNED_IN.append([c for c in ctx.cookies() if c["name"].startswith("_streamlit")])
            ctx.close()
        b.close()


class HealthWatch:
    """Every replica's /_stcore/health asked every second: how many checks went unanswered."""

    def __init__(self, dep: Deployment):
        self.ports = list(dep.replica_pids())
        self.asked = self.missed = 0
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self._stop.wait(1.0):
            for port in self.ports:
                self.asked += 1
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
                        ok = r.read().strip() == b"ok"
                except OSError:
                    ok = False
                self.missed += not ok

    def stop(self):
        self._stop.set()


def pct(values, q):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return round((s[lo] + (s[hi] - s[lo]) * (k - lo)) * 1000, 1)


def query(f: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in f.items())


def random_filters(rng: random.Random) -> dict:
    units = rng.choice([2025, 2025, 2025, 2008])
    year = rng.choice(range(2019, 2027) if units == 2025 else range(2019, 2025))
    f = dict(year=year, units=units)
    r = rng.random()
    if r < 0.5 and units == 2025:
        f["province"] = rng.choice(PROVINCES_2025)  # a provincial user
    return f


# ---------------------------------------------------------------- the deployment
class Deployment:
    def __init__(self, port: int, replicas: int, db: Path, work: Path, extra_env: dict | None = None):
        self.port, self.replicas, self.db, self.work = port, replicas, db, work
        self.extra_env = extra_env or {}
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self.log = work / "deploy.log"

    def start(self, timeout: float = 240) -> None:
        env = os.environ | {"ANTQ_DB": str(self.db), "ANTQ_ARCHIVE_DIR": str(self.work / "archive")} | self.extra_env
        self.proc = subprocess.Popen(
            [sys.executable, "deploy/local.py", "--port", str(self.port), "--replicas", str(self.replicas)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=open(self.log, "wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while "deploy-local: ready" not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.5)

    def replica_pids(self) -> dict[str, int]:
        out = subprocess.run(["ps", "-e", "-o", "pgid=,pid=,args="], capture_output=True, text=True).stdout
        pids = {}
        for line in out.splitlines():
            pgid, pid, *args = line.split()
            if int(pgid) == self.proc.pid and "antq" in args and "serve" in args:
                pids[args[args.index("--server.port") + 1]] = int(pid)
        return pids

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class MemorySampler:
    """RSS (MB) of every replica, sampled every 0.5 s into labelled phases."""

    def __init__(self, dep: Deployment):
        import psutil

        self.procs = {port: psutil.Process(pid) for port, pid in dep.replica_pids().items()}
        self.phase = "idle"
        self.samples: dict[str, dict[str, list[float]]] = {}
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while not self._stop.is_set():
            for port, p in self.procs.items():
                try:
                    rss = sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]) / 2**20
                except Exception:
                    continue
                self.samples.setdefault(self.phase, {}).setdefault(port, []).append(rss)
            time.sleep(0.5)

    def summary(self, phase: str) -> dict:
        s = self.samples.get(phase, {})
        return {port: dict(peak_mb=round(max(v)), last_mb=round(v[-1])) for port, v in s.items() if v}

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by every replica (and its children)."""
        total = 0.0
        for p in self.procs.values():
            try:
                for q in [p, *p.children(recursive=True)]:
                    t = q.cpu_times()
                    total += t.user + t.system
            except Exception:
                continue
        return total

    def stop(self):
        self._stop.set()


# ---------------------------------------------------------------- users
CHECK_GRACE_S = 120  # after the deadline, a user still owing its post-publication view makes it


class Run:
    def active(self, checked: bool) -> bool:
        now = time.monotonic()
        owed = self.expect_publication and not checked
        return now < self.deadline or (owed and now < self.deadline + CHECK_GRACE_S)

    def __init__(self, url: str, deadline: float, rng_seed: int):
        self.url, self.deadline = url, deadline
        self.expect_publication = False
        self.views: list[dict] = []  # kind, page, seconds, ok, error
        self.published_at: float | None = None
        self.expected_after: int | None = None
        self.checks: list[dict] = []  # one per user: the first view after publication
        self.seed = rng_seed


async def get_cookie(url: str) -> str:
    def fetch():
        with urllib.request.urlopen(url + "/", timeout=30) as r:
            return r.headers.get("Set-Cookie", "").split(";")[0]

    return await asyncio.to_thread(fetch)


class ProtocolSession:
    """One Streamlit session over its WebSocket, as the browser's client drives it."""

    def __init__(self, url: str, cookie: str):
        self.url, self.cookie, self.ws = url, cookie, None

    async def open(self):
        import websockets

        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        # As the browser's client: the XSRF cookie's token as the second subprotocol entry (Streamlit
        # reads a signed-in user's cookie only when it matches).
        jar = dict(c.strip().split("=", 1) for c in self.cookie.split(";") if "=" in c)
        xsrf = [jar["_streamlit_xsrf"]] if "_streamlit_xsrf" in jar else []
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit", *xsrf],
            additional_headers={"Cookie": self.cookie, "Origin": self.url},
            max_size=None,
            open_timeout=30,
            ping_interval=None,  # as a browser: Streamlit's client keeps the socket alive, not WebSocket pings
        )

    async def view(self, page: str, q: str) -> tuple[dict[str, str], str | None]:
        """Rerun on `page` with query `q`; the metric cards shown, and an error if the run showed one."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = q
        msg.rerun_script.page_name = page
        await self.ws.send(msg.SerializeToString())
        metrics, error = {}, None
        while True:
            data = await asyncio.wait_for(self.ws.recv(), timeout=120)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                t = el.WhichOneof("type")
                if t == "metric":
                    metrics.setdefault(el.metric.label, el.metric.body)
                elif t == "exception":
                    error = error or f"exception: {el.exception.message[:120]}"
            elif kind == "page_not_found":
                error = f"page not found: {page}"
            elif kind == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return metrics, error

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
            self.ws = None


def parse_number(text: str) -> int:
    return int(text.replace(".", "").replace("\u00a0", "").strip())


async def protocol_user(run: Run, uid: int):
    rng = random.Random(run.seed * 1000 + uid)
    await asyncio.sleep(rng.uniform(0, 5))  # ramp-up
    cookie = None
    sess, filters, left = None, None, 0
    checked = not owes_check(uid)
    try:
        while run.active(checked):
            check_now = run.published_at is not None and not checked
            try:
                t0 = time.monotonic()
                # the page shell: the balancer picks the replica; a signed-in user's own cookies beside it
                cookie = cookie or "; ".join(c for c in (await get_cookie(run.url), cookie_header(uid)) if c)
                if check_now:
                    started_after = time.monotonic() >= run.published_at
                    if filters != CHECK or sess is None:
                        if sess:
                            await sess.close()
                        sess, filters, left = ProtocolSession(run.url, cookie), dict(CHECK), 3
                        await sess.open()
                    page = ""
                elif sess is None or left == 0:
                    if sess:
                        await sess.close()
                    sess, filters, left = ProtocolSession(run.url, cookie), random_filters(rng), rng.randint(2, 5)
                    await sess.open()
                    page = rng.choice(PAGES)
                else:
                    page = rng.choice(PAGES)
                metrics, error = await sess.view(page, query(filters))
                left -= 1
                run.views.append(dict(kind="ws", page=page or "overview", s=time.monotonic() - t0, error=error))
                if check_now and started_after:
                    checked = True
                    shown = metrics.get(CHECK_CARD)
                    ok = shown is not None and parse_number(shown) == run.expected_after
                    run.checks.append(dict(kind="ws", uid=uid, shown=shown, ok=ok))
            except Exception as exc:  # a failed connection or a timeout is an error of the run
                run.views.append(dict(kind="ws", page="?", s=time.monotonic() - t0, error=repr(exc)[:160]))
                sess = None
            await asyncio.sleep(rng.uniform(1, 3))
    finally:
        if sess:
            await sess.close()


JS_METRICS = """() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
  m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
  m.querySelector('[data-testid="stMetricValue"]').innerText.trim()]).reverse())"""


async def browser_user(run: Run, uid: int, browser):
    from tests.support import e2e

    rng = random.Random(run.seed * 1000 + 500 + uid)
    await asyncio.sleep(rng.uniform(0, 5))
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900}, locale="vi-VN")
    a = account_of(uid)
    if a is not None:
        await ctx.add_cookies(SIGNED_IN[a])
    pg = await ctx.new_page()
    checked = not owes_check(uid)
    try:
        while run.active(checked):
            check_now = run.published_at is not None and not checked
            started_after = check_now and time.monotonic() >= run.published_at
            page, filters = ("", CHECK) if check_now else (rng.choice(PAGES), random_filters(rng))
            t0 = time.monotonic()
            error = None
            try:
                await pg.goto(f"{run.url}/{page}?{query(filters)}", timeout=120_000)
                await pg.wait_for_function(e2e.JS_IDLE, timeout=120_000, polling=100)
                await pg.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=120_000, polling=100)
                if await pg.query_selector('[data-testid="stException"]'):
                    error = "exception on the page"
            except Exception as exc:
                error = repr(exc)[:160]
            run.views.append(dict(kind="browser", page=page or "overview", s=time.monotonic() - t0, error=error))
            if started_after:
                checked = True
                shown = None
                if error is None:
                    card = f"() => ({JS_METRICS})()[{json.dumps(CHECK_CARD)}] !== undefined"
                    await pg.wait_for_function(card, timeout=60_000, polling=100)
                    shown = (await pg.evaluate(JS_METRICS)).get(CHECK_CARD)
                ok = shown is not None and parse_number(shown) == run.expected_after
                run.checks.append(dict(kind="browser", uid=uid, shown=shown, ok=ok))
            await asyncio.sleep(rng.uniform(1, 3))
    finally:
        await ctx.close()


def make_import(work: Path) -> Path:
    """A valid festival file for the CHECK province-year (the template's units, plausible rows)."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.import_helpers import communes, festival_row, labels, xlsx

    kh = communes(CHECK["province"], CHECK["units"])
    f = work / "khanh-hoa-2024.xlsx"
    rows = [festival_row(kh["Mã đơn vị"][i], venue_name=f"Thôn {i}", participants=1111) for i in range(5)]
    f.write_bytes(xlsx(rows, labels("festivals")))
    return f


async def level(dep: Deployment, n: int, browsers: int, duration: float, seed: int, publish: Path | None):
    from playwright.async_api import async_playwright

    from tests.support import e2e

    run = Run(dep.url, time.monotonic() + duration, seed)
    run.expect_publication = publish is not None
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=e2e.CHROMIUM, args=e2e.CHROMIUM_ARGS)
        nb = min(browsers, n)
        tasks = [asyncio.create_task(browser_user(run, i, b)) for i in range(nb)]
        tasks += [asyncio.create_task(protocol_user(run, i)) for i in range(n - nb)]
        imp = None
        if publish is not None:
            await asyncio.sleep(duration / 2)
            env = os.environ | {"ANTQ_DB": str(dep.db), "ANTQ_ARCHIVE_DIR": str(dep.work / "archive")}
            t0 = time.monotonic()
            who = ["--as", ACCOUNTS[0][1]] if SIGNED_IN else []  # with grants, an import names its author
            p = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "antq", "import", str(publish), *who, cwd=PROJECT_ROOT, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, err = await p.communicate()
            import duckdb

            with duckdb.connect(str(dep.db), read_only=True) as c:
                run.expected_after = c.execute(
                    CHECK_SQL, dict(year=CHECK["year"], province=CHECK["province"])
                ).fetchall()[0][0]
            run.published_at = time.monotonic()
            imp = dict(rc=p.returncode, seconds=round(run.published_at - t0, 2), expected=run.expected_after)
            imp["stdout"] = out.decode()[-200:] + err.decode()[-200:]
        for res in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(res, BaseException):  # a user that failed outside a view still counts
                run.views.append(dict(kind="user", page="?", s=0.0, error=repr(res)[:160]))
        await b.close()
    return run, imp


async def warm_up(dep: Deployment) -> None:
    """Every page once on every replica (first imports, first queries), so that level 1 does not
    measure the replicas' cold start (measured apart: docs/benchmarks.md)."""
    for i in range(dep.replicas):
        sess = ProtocolSession(dep.url, "; ".join(c for c in (f"ANTQ_REPLICA=r{i + 1}", cookie_header(0)) if c))
        await sess.open()
        for page in PAGES:
            await sess.view(page, query(dict(year=2024, units=2025)))
        await sess.close()


def summarise(run: Run) -> dict:
    out = {}
    for kind in ("browser", "ws"):
        for page in [*("overview" if p == "" else p for p in PAGES), "?"]:
            v = [x for x in run.views if x["kind"] == kind and x["page"] == page]
            if v:
                ok = [x["s"] for x in v if not x["error"]]
                out[f"{kind}:{page}"] = dict(n=len(v), errors=sum(1 for x in v if x["error"]), p50_ms=pct(ok, 0.5))
                out[f"{kind}:{page}"]["p95_ms"] = pct(ok, 0.95)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="concurrent sessions through the balancer")
    ap.add_argument("--levels", type=int, nargs="+", default=[20, 60, 120])
    ap.add_argument("--browsers", type=int, default=6, help="real Chromium users at each level")
    ap.add_argument("--duration", type=float, default=60, help="seconds per level")
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8650)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--signed-in", action="store_true", help="users sign in (real OIDC provider); /results too")
    args = ap.parse_args(argv)

    import contextlib

    from antq import db

    work = Path(tempfile.mkdtemp(prefix="antq-loadtest-"))
    dbp = work / "antq.duckdb"
    db.build(dbp, empty=False, seed=2024, scale=args.scale)
    provider = contextlib.nullcontext({})
    if args.signed_in:
        from antq.access import store
        from tests.support import oidc

        PAGES.append("results")
        for _sub, email, role, scope in ACCOUNTS:
            store.grant("email", email, role, by="loadtest", db_path=dbp, **scope)
        users = tuple((sub, email) for sub, email, *_ in ACCOUNTS)
        provider = oidc.provider(work, f"http://127.0.0.1:{args.port}", args.port + 90, dbp, users=users)
    with provider as auth_env:
        return _run(args, work, dbp, auth_env)


def _run(args, work: Path, dbp: Path, auth_env: dict) -> int:
    dep = Deployment(args.port, args.replicas, dbp, work, auth_env)
    results = dict(
        when=dt.datetime.now().isoformat(timespec="minutes"),
        machine=f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        args=vars(args),
        levels=[],
    )
    dep.start()
    if args.signed_in:
        sign_in_accounts(dep.url, args.port + 90)
    mem = MemorySampler(dep)
    health = HealthWatch(dep)
    try:
        asyncio.run(warm_up(dep))
        mem.phase = "baseline"
        time.sleep(5)
        results["baseline"] = mem.summary("baseline")
        for i, n in enumerate(args.levels):
            publish = make_import(work) if i == len(args.levels) - 1 else None
            mem.phase = f"during {n}"
            t0, cpu0 = time.monotonic(), mem.cpu_seconds()
            run, imp = asyncio.run(level(dep, n, args.browsers, args.duration, args.seed + n, publish))
            took, cpu = time.monotonic() - t0, mem.cpu_seconds() - cpu0
            load = os.getloadavg()[0]
            mem.phase = f"after {n}"
            time.sleep(30)
            r = dict(
                sessions=n,
                browsers=min(args.browsers, n),
                seconds=round(took, 1),
                views=len(run.views),
                views_per_s=round(len(run.views) / took, 2),
                replica_cpu_s=round(cpu, 1),
                replica_cpu_ms_per_view=round(1000 * cpu / max(1, len(run.views))),
                machine_load_1min=round(load, 1),
                errors=sum(1 for x in run.views if x["error"]),
                health_checks=dict(asked=health.asked, unanswered=health.missed),
                error_samples=sorted({x["error"] for x in run.views if x["error"]})[:5],
                pages=summarise(run),
                memory_during=mem.summary(f"during {n}"),
                memory_after_30s=mem.summary(f"after {n}"),
            )
            if imp:
                r["import"] = imp
                r["after_import"] = dict(
                    users=len(run.checks),
                    saw_new_figures=sum(c["ok"] for c in run.checks),
                    wrong=[c for c in run.checks if not c["ok"]][:5],
                )
            results["levels"].append(r)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    finally:
        health.stop()
        mem.stop()
        dep.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
