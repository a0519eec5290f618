"""A real OpenID Connect provider (`oidc-provider-mock`) for browser tests that need a signed-in
user: the import and documents pages are offered only to granted users once `[auth]` is set
(issue 13), so the tests that upload files sign in through the real redirect first."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from antq.access import store
from tests.support import e2e

ADMIN = ("quantri", "quantri@antq.test")  # (subject, email) of the administrator the tests sign in as
COOKIE_SECRET = "test-only-cookie-secret-0123456789abcdef"


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=2).read()
            return
        time.sleep(0.2)
    raise TimeoutError(url)


@contextlib.contextmanager
def provider(tmp: Path, app_base: str, port: int, db_path: Path, users: tuple[tuple[str, str], ...] | None = None):
    """Start the provider on `port` offering `users` ((subject, email) pairs; by default ADMIN, who
    is then granted admin on `db_path`), and yield the environment a Streamlit server needs (a HOME
    whose .streamlit/secrets.toml points `[auth]` at the provider)."""
    if users is None:
        users = (ADMIN,)
        store.grant("email", ADMIN[1], "admin", provinces=[], by="test", db_path=db_path)
    home = tmp / "home"
    (home / ".streamlit").mkdir(parents=True, exist_ok=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app_base}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "antq-test"\nclient_secret = "antq-test-secret"\n'
        f'server_metadata_url = "http://localhost:{port}/.well-known/openid-configuration"\n',
        "utf-8",
    )
    e2e.require_free_port(port)
    cmd = [str(Path(sys.executable).with_name("oidc-provider-mock")), "-p", str(port)]
    for sub, email in users:
        cmd += ["--user-claims", json.dumps({"sub": sub, "email": email, "name": sub})]
    with open(tmp / f"oidc-{port}.log", "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://localhost:{port}/.well-known/openid-configuration", proc)
        yield {"HOME": str(home)}
    finally:
        proc.terminate()
        proc.wait(10)


def sign_in(page, app_base: str, provider_port: int, timeout_ms: int = 120_000) -> None:
    """Open the app, press "Đăng nhập", pick ADMIN on the provider's page, come back signed in."""
    page.goto(app_base + "/", timeout=timeout_ms)
    page.get_by_role("button", name="Đăng nhập").click(timeout=timeout_ms)
    page.wait_for_url(re.compile(f"localhost:{provider_port}"), timeout=timeout_ms)
    page.locator(f"button[name=sub][value='{ADMIN[0]}']").click()
    page.wait_for_url(re.compile(re.escape(app_base)), timeout=timeout_ms)
    page.wait_for_selector("h1", timeout=timeout_ms)
