"""The deployment on loopback, with real parts: `deploy/local.py` (what `make deploy-local` runs)
starts HAProxy and two app replicas; two Chromium sessions land on different replicas; an import
through the CLI is published and both sessions show the new figures on their next interaction;
one replica is killed, the balancer's health check takes it out and its session reconnects to the
other replica without an error page; SIGTERM to the process group leaves nothing running."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import duckdb
import pytest

from antq import demo
from tests.support import e2e

from .conftest import REPO, unavailable
from .import_helpers import communes, festival_row, labels, xlsx
from .test_browser import TIMEOUT_MS, Watch, choose, metrics, nav_link, wait_metrics_change

sys.path.insert(0, str(REPO / "deploy"))
import local as deploy_local  # noqa: E402 -- deploy/ is a folder of scripts, not a package

pytestmark = pytest.mark.browser

# The demo's province that sends only detail rows (antq/demo.py): its figure is its detail rows, so an
# import of them changes what the pages show (a province's own report would stay its figure).
PROVINCE, YEAR, PARTICIPANTS = demo.DETAIL_ONLY[2008][0], 2024, 4321
VIEW = f"year={YEAR}&units=2008&province={PROVINCE}"
CARD = "Lượt người tham gia"
# The province-year's participants straight from the writer's file (the test's own SQL).
SQL = (
    "SELECT coalesce(sum(f.participants), 0) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
    "WHERE f.year = $year AND u.province_code = $province"
)


def participants_in_store(path, year=YEAR) -> int:
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(SQL, dict(year=year, province=PROVINCE)).fetchall()[0][0]


def shown(pg) -> int:
    return int(e2e.parse_number(metrics(pg)[CARD]))


def idle(pg):
    pg.wait_for_function(e2e.JS_IDLE, timeout=TIMEOUT_MS, polling=100)


def replica_of(context) -> str:
    return {c["name"]: c["value"] for c in context.cookies()}["ANTQ_REPLICA"]


def group_processes(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-e", "-o", "pgid=,pid=,args="], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split()[0] == str(pgid)]


def replica_pid(pgid: int, port: int, timeout: float = 10) -> int:
    """The replica serving `port`, by its command line. Retried: under load the kernel may hand `ps`
    an empty command line for a busy process (it then shows "[python3.11]"), once seen in CI."""
    deadline = time.monotonic() + timeout
    while True:
        lines = group_processes(pgid)
        for line in lines:
            if f"--server.port {port} " in line:
                return int(line.split()[1])
        assert time.monotonic() < deadline, f"no replica on port {port} among {lines}"
        time.sleep(0.5)


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def deployment(browser_ready, demo_db, tmp_path_factory):
    if not shutil.which("haproxy"):
        unavailable("haproxy not installed (apt-get install haproxy; .ci/run does it)")
    work = tmp_path_factory.mktemp("deploy")
    dbp = work / "antq.duckdb"
    shutil.copyfile(demo_db, dbp)
    ports = [e2e.free_port() for _ in range(3)]
    env = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(work / "archive")}
    log = open(work / "deploy.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "deploy/local.py", "--port", str(ports[0]), "--replicas", "2"]
        + ["--replica-ports", f"{ports[1]},{ports[2]}", "--run-dir", str(work / "run")],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as `make deploy-local` in a shell
    )
    d = dict(proc=proc, url=f"http://127.0.0.1:{ports[0]}", ports=dict(r1=ports[1], r2=ports[2]), db=dbp, work=work)
    d["socket"] = work / "run" / "haproxy.sock"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, (work / "deploy.log").read_text(errors="replace")[-3000:]
            if "deploy-local: ready" in (work / "deploy.log").read_text(errors="replace"):
                break
            time.sleep(0.5)
        else:
            pytest.fail("the deployment was not ready within 180 s")
        yield d
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def session(browser, url):
    ctx = browser.new_context(viewport={"width": 1300, "height": 900}, locale="vi-VN")
    ctx.set_default_timeout(TIMEOUT_MS)
    pg = ctx.new_page()
    watch = Watch()
    watch.attach(ctx, pg)
    pg.goto(f"{url}/?{VIEW}")
    pg.wait_for_selector("h1", timeout=90_000)
    pg.wait_for_function(e2e.JS_IDLE, timeout=90_000, polling=100)
    return ctx, pg, watch


def test_balancer_headers_compression_cache_and_blocked_metrics(deployment):
    url = deployment["url"]
    status, headers, body = get(url + "/")
    assert status == 200
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "Strict-Transport-Security" not in headers  # HSTS belongs to the TLS form only (docs/deployment.md)
    assert re.search(r"ANTQ_REPLICA=r[12];.*HttpOnly", headers["Set-Cookie"])
    bundle = re.search(rb'src="\./(static/js/[^"]+\.js)"', body) or re.search(rb'"\.?/?(static/js/[^"]+\.js)"', body)
    status, headers, js = get(
        f"{url}/{bundle.group(1).decode()}", {"Accept-Encoding": "gzip", "Cookie": "ANTQ_REPLICA=r1"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    # one Cache-Control, and no replica cookie (with its "Cache-Control: private") on a hashed asset
    # that any replica serves alike (issue 23, 8)
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"], headers.get_all("Cache-Control")
    assert "Set-Cookie" not in headers
    assert len(js) < len(gzip.decompress(js)) / 2
    status, headers, _ = get(f"{url}/{bundle.group(1).decode()}")  # a first asset, before any cookie
    assert status == 200 and headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert "Set-Cookie" not in headers
    assert get(url + "/_stcore/health")[1]["Cache-Control"] == "no-cache"  # only hashed assets are cached
    for path in ("/_stcore/metrics", "/_stcore/metrics?x=1"):
        assert get(url + path)[0] == 404
    # ... and no replica serves it either: `antq serve` drops the route (unauthenticated session
    # counts and memory); what answers there is the page shell, not metrics (docs/deployment.md)
    status, headers, body = get(f"http://127.0.0.1:{deployment['ports']['r1']}/_stcore/metrics")
    assert b"# TYPE" not in body and "openmetrics" not in headers.get("Content-Type", "")
    assert headers.get("Content-Type", "").startswith("text/html")


def test_sessions_see_a_published_import_and_survive_a_replica_loss(deployment, browser, tmp_path):
    url, dbp = deployment["url"], deployment["db"]
    before = participants_in_store(dbp)
    (ca, a, wa), (cb, b, wb) = session(browser, url), session(browser, url)
    ra, rb = replica_of(ca), replica_of(cb)
    assert {ra, rb} == {"r1", "r2"}, "the balancer put both new sessions on one replica"
    assert shown(a) == shown(b) == before

    # Both look at another year, then the import is published (the CLI, another process).
    for pg in (a, b):
        old = metrics(pg)
        choose(pg, "Năm", str(YEAR - 1))
        wait_metrics_change(pg, old)
    kh = communes(PROVINCE, 2008)
    f = tmp_path / f"tinh-{PROVINCE}-2024.xlsx"
    f.write_bytes(
        xlsx([festival_row(kh["Mã đơn vị"][i], participants=PARTICIPANTS) for i in range(3)], labels("festivals"))
    )
    env = os.environ | {"ANTQ_DB": str(dbp), "ANTQ_ARCHIVE_DIR": str(deployment["work"] / "archive")}
    r = subprocess.run(
        [sys.executable, "-m", "antq", "import", str(f)], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 0, r.stderr
    after = participants_in_store(dbp)
    assert after == 3 * PARTICIPANTS != before

    # One interaction each (back to the year just imported, which both replicas had cached): the new figures.
    for pg in (a, b):
        old = metrics(pg)
        choose(pg, "Năm", str(YEAR))
        wait_metrics_change(pg, old)
        assert shown(pg) == after

    # Kill the replica of session A: the health check takes it out ...
    pid = replica_pid(deployment["proc"].pid, deployment["ports"][ra])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while deploy_local.stats(deployment["socket"]).get(ra) != "DOWN":
        assert time.monotonic() < deadline, "the balancer did not take the dead replica out within 15 s"
        time.sleep(0.25)
    # ... and A's browser reconnects on its own to the other replica: the same view, the same figures,
    # no error page; then it keeps working (an interaction served by the survivor).
    a.wait_for_function(e2e.JS_IDLE, timeout=60_000, polling=200)
    assert shown(a) == after
    assert a.query_selector('[data-testid="stException"]') is None
    assert "error" not in a.inner_text("body").lower()[:2000]
    # Streamlit's client does not rerun on reconnecting, so the survivor creates A's session on A's
    # next interaction: a page switch, drawn by the survivor. (That new session starts from the
    # default filters: docs/deployment.md, "Failover", says what a user sees.)
    nav_link(a, "Tham gia").click()
    a.wait_for_url(re.compile(r"/participation\?"), timeout=TIMEOUT_MS)
    idle(a)
    a.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=60_000, polling=200)
    assert a.inner_text("h1") == "Tham gia Ngày hội"
    assert a.query_selector('[data-testid="stException"]') is None
    assert replica_of(ca) == rb
    # B never noticed; the map draws under the CSP (its base topology fetched from the app) on the survivor.
    b.goto(f"{url}/map?{VIEW}")
    idle(b)
    b.wait_for_function(e2e.JS_CHARTS_DRAWN, timeout=60_000, polling=200)
    assert b.query_selector('[data-testid="stException"]') is None
    for ctx, watch in ((ca, wa), (cb, wb)):
        ctx.close()
        assert not watch.outside, watch.outside
        # A WebSocket torn down by the kill is logged by Chromium as a failed resource; anything else
        # (a CSP violation, a script error) fails the test.
        errors = [e for e in watch.errors if "WebSocket" not in e and "ERR_" not in e]
        assert not errors, "browser console errors:\n" + "\n".join(errors)


def test_sigterm_to_the_group_stops_everything(deployment):
    proc = deployment["proc"]
    assert any("haproxy" in line for line in group_processes(proc.pid))
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(30)
    deadline = time.monotonic() + 15
    while group_processes(proc.pid):
        assert time.monotonic() < deadline, f"left running: {group_processes(proc.pid)}"
        time.sleep(0.25)
    assert proc.returncode == 0
