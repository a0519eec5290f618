"""Every setting in one place: name, default, help. Each is read from an environment variable of
the same name (upper-case), so the app, the CLI and the tests agree on paths.

The README's settings table is checked against SETTINGS by tests/test_docs.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    kind: str = "text"  # text | number (a positive decimal) | integer


class SettingError(ValueError):
    """A setting with a value the program cannot use; the message is one line for the user."""


SETTINGS: tuple[Setting, ...] = (
    Setting("ANTQ_DB", "data/antq.duckdb", "DuckDB database file; built with the demo data on first use if missing."),
    Setting("ANTQ_EMPTY", "0", "1: build an empty database (registries only) instead of the illustrative demo data."),
    Setting("ANTQ_DEMO_SEED", "2024", "Seed of the illustrative demo dataset built on first use.", kind="integer"),
    Setting(
        "ANTQ_ARCHIVE_DIR", "data/archive", "Where every accepted import file is kept unchanged, named by its hash."
    ),
    Setting(
        "ANTQ_PUBLISHED",
        "",
        "Directory of the published read-only versions of ANTQ_DB (default: hidden folder beside it).",
    ),
    Setting("ANTQ_IMPORT_MAX_MB", "20", "Largest import file accepted, in megabytes.", kind="number"),
    Setting(
        "ANTQ_BOUNDARIES_2025",
        "",
        "Official boundary file (GeoJSON, Shapefile, GeoPackage) for the 34-province system.",
    ),
    Setting("ANTQ_BOUNDARIES_2008", "", "Official boundary file for the 63-province system."),
    Setting(
        "ANTQ_GROUPS_CLAIM",
        "groups",
        "ID-token claim that lists the user's groups (for `access grant --group`); e.g. `roles` for some providers.",
    ),
    Setting(
        "ANTQ_CACHE_MB",
        "32",
        "Most memory the app's result cache may hold, in megabytes (Polars estimate); part of a replica's memory.",
    ),
    Setting("ANTQ_CACHE_ENTRIES", "512", "Most results the app's result cache may hold."),
    Setting(
        "ANTQ_MALLOC_ARENAS",
        "2",
        "Most glibc malloc arenas the server uses (0: glibc's default, 8 per core); fewer arenas, less memory held.",
        "integer",
    ),
    Setting(
        "ANTQ_SESSION_HOURS",
        "12",
        "Hours a sign-in lasts (from the ID token's issue time) before the user signs in again.",
        kind="number",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return os.environ.get(name) or _BY_NAME[name].default


def number(name: str) -> float:
    """A positive number setting; anything else stops with one clear line (SettingError)."""
    raw = get(name)
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        value = float("nan")
    if not (value > 0 and value < float("inf")):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise SettingError(
            f"Thiết lập {name}='{shown}' không hợp lệ: cần một số dương (mặc định {_BY_NAME[name].default})."
        )
    return value


def integer(name: str) -> int:
    raw = get(name)
    try:
        return int(raw.strip())
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise SettingError(
            f"Thiết lập {name}='{shown}' không hợp lệ: cần một số nguyên (mặc định {_BY_NAME[name].default})."
        ) from None


def check_all() -> None:
    """Read every setting once, so a bad one stops a command before any work starts."""
    for s in SETTINGS:
        if s.kind == "number":
            number(s.name)
        elif s.kind == "integer":
            integer(s.name)


def path(name: str) -> Path:
    p = Path(get(name))
    return p if p.is_absolute() else PROJECT_ROOT / p


def db_path() -> Path:
    return path("ANTQ_DB")


def flag(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}
