"""Shared fixtures: a real DuckDB file built by the same builder as the demo, and a guard that
fails any test that tries to reach a host outside this machine."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import duckdb
import hypothesis
import pytest

from antq import db

TEST_SEED = 20240819

# Hypothesis' per-example deadline measures the machine, not the code: the suite runs on two shared
# cores beside browsers and servers, where one example can wait seconds for a core.
hypothesis.settings.register_profile("antq", deadline=None)
hypothesis.settings.load_profile("antq")
REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
# Real reference data, for measurement only and never in the repository: the one setting that says
# where it is (CI checks the project out beside ../shared).
REFERENCE_DIR = Path(os.environ.get("ANTQ_REFERENCE_DIR") or REPO.parent / "shared" / "reference")


def unavailable(why: str):
    """What a test that needs something absent does: in CI (CI=true) it fails, since a skipped test
    proves nothing there; on a developer's machine it skips with the reason."""
    if IN_CI:
        pytest.fail(f"{why} (CI=true: this test must run)", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def boundaries_2025_reference() -> Path:
    """The real 2025 province polygons (one GeoJSON per province) in REFERENCE_DIR."""
    path = REFERENCE_DIR / "boundaries-2025"
    if not (path.is_dir() and any(path.glob("*.geojson"))):
        unavailable(f"Không có bộ ranh giới tham chiếu {path} (đặt ANTQ_REFERENCE_DIR)")
    return path


def _is_local(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", "") or isinstance(address, (str, bytes)):
        return True  # unix sockets
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def operator_scope():
    """Tests ask the questions as the command line does: the whole country. Without this a Selection
    made in a test would carry no scope at all, which is deny (antq.access.scope)."""
    from antq.access.scope import as_operator, set_current_scope

    as_operator()
    yield
    set_current_scope(None, None)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test may need the network: connecting anywhere but loopback fails the test."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise AssertionError(f"network access attempted: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo database at scale 1 with the test seed, built once per test process."""
    path = tmp_path_factory.mktemp("db") / "antq.duckdb"
    db.build(path, empty=False, seed=TEST_SEED, scale=1)
    return path


@pytest.fixture(scope="session")
def conn(demo_db):
    c = duckdb.connect(str(demo_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def demo_env(demo_db, monkeypatch):
    """Point the app and the CLI at the test database."""
    monkeypatch.setenv("ANTQ_DB", str(demo_db))
    return demo_db


@pytest.fixture
def writable_db(tmp_path) -> Path:
    """A fresh, empty (registries only) database a test may write to."""
    path = tmp_path / "w.duckdb"
    db.build(path, empty=True)
    return path


@pytest.fixture(scope="session")
def app_script(tmp_path_factory) -> Path:
    """app.py as AppTest should run it (see tests.support.e2e.apptest_script)."""
    from tests.support import e2e

    return e2e.apptest_script(tmp_path_factory.mktemp("app"))


# One Playwright per test process: its sync API refuses to start while another sync_playwright
# is running in the same process, so every browser test module shares this session's browser.
@pytest.fixture(scope="session")
def browser_ready():
    from tests.support import e2e

    why = e2e.chromium_missing()
    if why:
        unavailable(why)


@pytest.fixture(scope="session")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    from tests.support import e2e

    with sync_playwright() as pw:
        b = e2e.launch(pw)
        yield b
        b.close()


@pytest.fixture
def paths(tmp_path):
    """(an empty database, its archive folder) of this test alone: for imports through the CLI."""
    return db.build(tmp_path / "antq.duckdb", empty=True), tmp_path / "archive"


@pytest.fixture(scope="module")
def kh():
    """Khánh Hòa's (56) communes of the 2008 system, as the import template lists them."""
    from .import_helpers import communes

    return communes("56", 2008)
