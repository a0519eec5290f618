"""`python -m antq watchdog --port P [-- serve options]`: one app server, restarted when it stops
answering its health check, not only when it exits.

A frozen server keeps its process alive (issue 23: Polars' threads waited for the GIL that a script
thread held while it waited for them; CPU 0 %, /_stcore/health silent, connections queued), so a
supervisor that restarts on exit never restarts it. This process starts `python -m antq serve
--server.port P ...` as its child, asks `/_stcore/health` every `interval` seconds, and after
`failures` unanswered checks in a row kills the child (SIGKILL: a frozen process may not act on
SIGTERM) and starts a new one; a child that exits is started again too. A new child is given
`start_grace` seconds to answer for the first time. SIGTERM/SIGINT stop the child and then the
watchdog. It imports nothing heavy: it is the one process that must never freeze.

Used by `make deploy-local` (deploy/local.py) for every replica and by the systemd unit of
docs/deployment.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request

DEFAULTS = dict(interval=5.0, timeout=5.0, failures=3, start_grace=120.0, restart_delay=5.0)


def healthy(port: int, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except (OSError, ValueError):
        return False


def say(message: str) -> None:
    print(f"antq watchdog: {message}", file=sys.stderr, flush=True)


def serve_command(port: int, serve_args: list[str]) -> list[str]:
    return [sys.executable, "-m", "antq", "serve", "--server.port", str(port), *serve_args]


def supervise(port: int, serve_args: list[str], **options) -> int:
    o = DEFAULTS | options
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    child: subprocess.Popen | None = None
    try:
        while not stopping:
            child = subprocess.Popen(serve_command(port, serve_args))
            started, answered, missed = time.monotonic(), False, 0
            say(f"started the server on port {port} (pid {child.pid})")
            while not stopping:
                if child.poll() is not None:
                    say(f"the server on port {port} exited ({child.returncode}); starting it again")
                    break
                if healthy(port, o["timeout"]):
                    answered, missed = True, 0
                elif answered or time.monotonic() - started > o["start_grace"]:
                    missed += 1
                    if missed >= o["failures"]:
                        say(f"the server on port {port} did not answer {missed} health checks; restarting it")
                        child.kill()
                        child.wait(30)
                        break
                _sleep(o["interval"], lambda: stopping)
            _sleep(o["restart_delay"], lambda: stopping)  # the balancer notices it gone; no tight loop
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
    return 0


def _sleep(seconds: float, stop) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not stop():
        time.sleep(min(0.2, max(0.0, end - time.monotonic())))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m antq watchdog", description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True, help="the server's port (127.0.0.1)")
    for name, value in DEFAULTS.items():
        ap.add_argument(f"--{name.replace('_', '-')}", type=float, default=value)
    ap.add_argument("serve_args", nargs=argparse.REMAINDER, help="after --: options of `antq serve`")
    args = ap.parse_args(argv)
    serve_args = args.serve_args[1:] if args.serve_args[:1] == ["--"] else args.serve_args
    with contextlib.suppress(KeyboardInterrupt):
        return supervise(
            args.port,
            serve_args,
            interval=args.interval,
            timeout=args.timeout,
            failures=int(args.failures),
            start_grace=args.start_grace,
            restart_delay=args.restart_delay,
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv[1:]))
