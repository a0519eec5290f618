"""Issue 23: a server that stops answering its health check is restarted by its watchdog
(`python -m antq watchdog`, what deploy/local.py and the systemd unit run), not only one that exits.
A frozen server is simulated by stopping its process (SIGSTOP): alive, holding its port, silent."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.support import e2e

pytestmark = pytest.mark.slow


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def server_child(watchdog: subprocess.Popen) -> psutil.Process | None:
    """The watchdog's live `antq serve` child (a killed one may linger as a zombie for a moment)."""
    for p in psutil.Process(watchdog.pid).children():
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "serve" in p.cmdline():
                return p
        except psutil.Error:
            continue
    return None


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {timeout:.0f} s"
        time.sleep(0.5)


def test_a_frozen_or_dead_server_is_restarted(demo_db, tmp_path):
    db = tmp_path / "antq.duckdb"
    shutil.copyfile(demo_db, db)
    port = e2e.free_port()
    log = open(tmp_path / "watchdog.log", "wb")
    cmd = [sys.executable, "-m", "antq", "watchdog", "--port", str(port), "--interval", "1", "--timeout", "2"]
    cmd += ["--failures", "3", "--restart-delay", "1", "--"]
    cmd += ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    wd = subprocess.Popen(
        cmd, cwd=e2e.PROJECT_ROOT, env=os.environ | {"ANTQ_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for(lambda: healthy(port), 120, "the server did not answer")
        first = server_child(wd)
        assert first is not None
        time.sleep(3)  # the watchdog has seen it answer (before that, a new server has its start grace)
        # frozen: alive, silent
        os.kill(first.pid, signal.SIGSTOP)
        assert not healthy(port)
        wait_for(lambda: not first.is_running() or first.status() == psutil.STATUS_ZOMBIE, 60, "not killed")
        wait_for(lambda: healthy(port), 120, "no new server answered after the freeze")
        second = server_child(wd)
        assert second is not None and second.pid != first.pid
        # dead: exits, started again
        os.kill(second.pid, signal.SIGKILL)
        wait_for(lambda: (c := server_child(wd)) is not None and c.pid != second.pid and healthy(port), 120, "dead")
        text = (tmp_path / "watchdog.log").read_text("utf-8", errors="replace")
        assert "did not answer 3 health checks; restarting it" in text and "exited (-9)" in text
    finally:
        wd.terminate()
        wd.wait(30)
        log.close()
    assert server_child_gone(port)


def server_child_gone(port: int) -> bool:
    deadline = time.monotonic() + 15
    while healthy(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True
