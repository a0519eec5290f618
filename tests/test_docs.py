"""The README documents every setting (name and default) and every CLI command a user can run."""

from __future__ import annotations

import re

from antq import cli, settings

from .conftest import REPO

README = (REPO / "README.md").read_text("utf-8")


def test_every_setting_is_documented_with_its_default():
    rows = dict(re.findall(r"^\| `(ANTQ_[A-Z0-9_]+)` \|\s*`?([^`|]*?)`?\s*\|", README, re.M))
    assert set(rows) == {s.name for s in settings.SETTINGS}
    for s in settings.SETTINGS:
        assert rows[s.name].strip() == s.default, s.name


def test_every_command_is_mentioned():
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        if name == "versions":
            continue
        assert f"python -m antq {name}" in README or f"antq {name} " in README, name


def test_readme_quick_start_has_the_two_commands_ci_runs():
    assert "make run" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")
