"""A real Streamlit server and a headless Chromium, shared by the browser tests and `antq bench`.

Nothing here downloads anything: the browser is Debian's chromium (`ANTQ_CHROMIUM`, default
/usr/bin/chromium) and every host but this machine is unresolvable inside it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from antq.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium")
# Offline by construction: every name but the loopback resolves to nothing, no background traffic.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",  # WebGL (maps) in software, headless
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    CHROMIUM_ARGS.append("--no-sandbox")  # Chromium refuses to start its sandbox as root


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set ANTQ_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    return None


def is_local_url(url: str) -> bool:
    """Requests the page may make: this machine, or in-page data (data:, blob:, about:)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_free_port(port: int) -> None:
    """Fail before starting a server on a fixed port another process holds: the health wait would
    otherwise be answered by that process (a server left over from an interrupted run) and the
    tests would run against it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: TIME_WAIT is no conflict
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            raise RuntimeError(f"port {port} is taken by another process (a server left running?): {e}") from e


class Server:
    """`streamlit run <script>` on a free loopback port, as a user would start it."""

    def __init__(
        self,
        script: str | Path = "app.py",
        db: Path | None = None,
        log: Path | None = None,
        cwd: Path = PROJECT_ROOT,
        extra_env: dict[str, str] | None = None,
    ):
        self.script, self.db, self.cwd = str(script), db, cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self._log = None
        self.started_at = 0.0

    def start(self) -> Server:
        require_free_port(self.port)
        env = os.environ | self.extra_env
        if self.db is not None:
            env["ANTQ_DB"] = str(self.db)
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.started_at = time.perf_counter()
        # The app is served as `make run` serves it (python -m antq serve); other scripts (the
        # benchmark's empty page) with plain `streamlit run`.
        launch = (
            ["-m", "antq", "serve"] if Path(self.script).name == "app.py" else ["-m", "streamlit", "run", self.script]
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                *launch,
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=self.cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_healthy(self, timeout: float = 60) -> float:
        """Block until /_stcore/health answers "ok"; returns seconds since start()."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log_path}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return time.perf_counter() - self.started_at
            time.sleep(0.1)
        raise TimeoutError(f"streamlit did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()

    def __enter__(self) -> Server:
        self.start()
        self.wait_healthy()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# ---------------------------------------------------------------- page probes (run in the browser)
# The app is idle: connected, a script run has finished (Streamlit's own run-state attribute), no
# status widget, nothing marked stale, and the main block holds elements.
JS_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  return !!app && app.dataset.testScriptState === 'notRunning' && app.dataset.testConnectionState === 'CONNECTED'
    && !!main && main.querySelector('[data-testid="stElementContainer"]') !== null
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && document.querySelector('[data-stale="true"]') === null
    && document.querySelector('[data-testid="stSkeleton"]') === null;
}"""

# Every Plotly chart on the page has drawn its traces (a plot layer exists with content).
JS_CHARTS_DRAWN = """() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return plots.every(p => Array.isArray(p._fullData) && p.querySelector('.main-svg') !== null
                         && p.querySelector('.trace, .choroplethlocation, canvas') !== null);
}"""

# [[label, value], ...] of every st.metric on the page, in DOM order.
JS_METRICS = """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
  m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
  m.querySelector('[data-testid="stMetricValue"]').innerText.trim()])"""


# The words a figure as published starts with (antq/vocab/report_rules.py QUALIFIER_WORDS).
QUALIFIER_WORDS = ("trên", "gần", "khoảng", "hơn", "over", "nearly", "about")


def parse_number(text: str, lang: str = "vi") -> float:
    """'1.234.567' -> 1234567, '60,0%' -> 60.0 (vi); '1,234,567' / '60.0%' (en); a qualifier word
    before the figure ("trên 170.200") is left out."""
    t = text.strip()
    for word in QUALIFIER_WORDS:
        t = t.removeprefix(word + " ")
    t = t.rstrip("%").replace("\u00a0", "").replace(" ", "")
    if lang == "vi":
        t = t.replace(".", "").replace(",", ".")
    else:
        t = t.replace(",", "")
    return float(t)


def apptest_script(directory: Path) -> Path:
    """A copy of app.py for Streamlit's AppTest, in `directory`.

    With a pages/ folder beside the main script, AppTest runs a page switched to with switch_page()
    on its own, without app.py's frame (Streamlit's legacy pages/ router, which `antq serve` turns
    off for the real server). The copy names its pages folder otherwise; the page files are the
    repository's, linked.
    """
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / "screens"
    if not link.exists():
        link.symlink_to(PROJECT_ROOT / "pages", target_is_directory=True)
    script = directory / "app.py"
    script.write_text((PROJECT_ROOT / "app.py").read_text("utf-8").replace('"pages/', '"screens/'), "utf-8")
    return script


def apptest_page(page: str) -> str:
    """pages/x.py -> the path switch_page() takes in the apptest_script copy."""
    return page.replace("pages/", "screens/", 1)


# What the page shows when a wait runs out: its run and connection state, any exception box, the
# head of its text. Probed with short timeouts: a renderer whose main thread is stuck answers none.
JS_PAGE_STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {
    script: app ? app.dataset.testScriptState : null,
    connection: app ? app.dataset.testConnectionState : null,
    exceptions: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText.slice(0, 600)),
    text: document.body.innerText.slice(0, 2500),
  };
}"""


def describe(pg, log: Path | None = None, log_lines: int = 40) -> str:
    """A readable account of what `pg` shows (and the server log's tail), for a failure message."""
    try:
        pg.wait_for_function("() => true", timeout=5_000)
        state = pg.evaluate(JS_PAGE_STATE)
    except Exception:  # a probe must not raise: the wait it explains has already failed
        state = None
    out = [f"url: {pg.url}", f"page: {state if state is not None else 'no answer within 5 s (renderer busy or gone)'}"]
    if log is not None and log.exists():
        tail = log.read_text("utf-8", errors="replace").splitlines()[-log_lines:]
        out += [f"server log ({log}), last {len(tail)} lines:", *tail]
    return "\n".join(out)
