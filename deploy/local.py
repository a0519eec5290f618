"""`make deploy-local PORT=P REPLICAS=N`: the balancer on 127.0.0.1:P and N app replicas behind it,
on this machine, from this checkout, in the foreground.

Everything runs as a child of this process and in its process group: SIGTERM or Ctrl-C (to this
process or to the whole group) stops the balancer and every replica; nothing is daemonised. The
replicas are `python -m antq serve` on 127.0.0.1:P+1 .. P+N and read the published versions of the
database (antq.db): an import from the CLI is seen by every replica on its next query.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def haproxy_config(port: int, replica_ports: list[int], stats_socket: Path, bind_host: str = "127.0.0.1") -> str:
    """deploy/haproxy.cfg with this run's bind address, replicas and stats socket filled in."""
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} check cookie r{i}" for i, p in enumerate(replica_ports, 1))
    assets = "\n".join(f"    server r{i} 127.0.0.1:{p} track replicas/r{i}" for i, p in enumerate(replica_ports, 1))
    text = (ROOT / "deploy" / "haproxy.cfg").read_text("utf-8")
    for key, value in dict(
        BIND=f"{bind_host}:{port}", SERVERS=servers, ASSET_SERVERS=assets, STATS_SOCKET=str(stats_socket)
    ).items():
        text = text.replace(f"@@{key}@@", value)
    return text


def replica_command(port: int) -> list[str]:
    """A replica under its watchdog (antq/watchdog.py): restarted when it exits or stops answering
    its health check (a frozen server stays alive: waiting for it to exit is not enough)."""
    return [
        sys.executable,
        "-m",
        "antq",
        "watchdog",
        "--port",
        str(port),
        "--",
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def stats(stats_socket: Path) -> dict[str, str]:
    """Replica name -> status (UP, DOWN, ...) as the balancer sees it, from its stats socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(3)
        s.connect(str(stats_socket))
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    out = {}
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        row = dict(zip(header, line.split(",")))
        if row.get("pxname") == "replicas" and row.get("svname") not in ("BACKEND", "FRONTEND", None):
            out[row["svname"]] = row["status"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8500, help="the balancer's port (127.0.0.1)")
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--replica-ports", help="comma-separated replica ports (default: port + 1 .. port + replicas)")
    ap.add_argument("--run-dir", help="where the generated haproxy.cfg and stats socket live (default: a temp dir)")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    haproxy = shutil.which("haproxy")
    if not haproxy:
        print("Lỗi: không tìm thấy haproxy (apt-get install haproxy).", file=sys.stderr)
        return 2
    if args.replica_ports:
        ports = [int(p) for p in args.replica_ports.split(",")]
        if len(ports) != args.replicas:
            ap.error("--replica-ports must name one port per replica")
    else:
        ports = [args.port + 1 + i for i in range(args.replicas)]
    busy = [p for p in [args.port, *ports] if not _free(p)]
    if busy:
        print(f"Lỗi: cổng đang bận: {', '.join(map(str, busy))}.", file=sys.stderr)
        return 2

    from antq import db

    # Build (demo, first run) and publish once here, so N replicas do not race to do it.
    pub = db.ensure_published()
    print(f"deploy-local: database {db.settings.db_path()} published as version {pub.version}", flush=True)

    run_dir = Path(args.run_dir) if args.run_dir else Path(tempfile.mkdtemp(prefix="antq-deploy-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    sock = run_dir / "haproxy.sock"
    cfg = run_dir / "haproxy.cfg"
    cfg.write_text(haproxy_config(args.port, ports, sock), "utf-8")
    check = subprocess.run([haproxy, "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
    if check.returncode != 0:
        print(check.stdout + check.stderr, file=sys.stderr)
        return 2

    # One cookie secret for every replica: Streamlit signs its XSRF cookie with it, so an upload
    # still verifies after a failover moved the browser to another replica.
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    env = os.environ | {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    children: list[subprocess.Popen] = []
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, stop)
    rc = 0
    try:
        replicas = {p: subprocess.Popen(replica_command(p), cwd=ROOT, env=env) for p in ports}
        children += replicas.values()
        lb = subprocess.Popen([haproxy, "-db", "-f", str(cfg)], cwd=run_dir)
        children.append(lb)
        t0, ready = time.monotonic(), False
        while not stopping:
            if lb.poll() is not None:
                print(f"deploy-local: haproxy exited ({lb.returncode}); stopping", file=sys.stderr, flush=True)
                rc = 1
                break
            for p, proc in list(replicas.items()):
                if proc.poll() is not None:
                    # Its watchdog exited (it restarts the replica itself): the balancer's health
                    # check has taken the replica out and its users moved on.
                    print(f"deploy-local: replica on {p} exited ({proc.returncode})", file=sys.stderr, flush=True)
                    del replicas[p]
            if not replicas:
                print("deploy-local: no replica left; stopping", file=sys.stderr, flush=True)
                rc = 1
                break
            if not ready and all(_healthy(p) for p in replicas) and _healthy(args.port):
                ready = True
                print(
                    f"deploy-local: ready on http://127.0.0.1:{args.port} ({len(replicas)} replicas: "
                    f"{', '.join(map(str, replicas))}; {time.monotonic() - t0:.1f} s)",
                    flush=True,
                )
            time.sleep(0.5)
    finally:
        for c in children:
            if c.poll() is None:
                c.terminate()
        deadline = time.monotonic() + 10
        for c in children:
            try:
                c.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                c.kill()
                c.wait(5)
        if not args.run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
