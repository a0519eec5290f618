"""Issue 23: no Python callback inside Polars anywhere the server can reach.

A Python function handed to Polars (`map_elements`, `map_batches`, `fold` ...) runs on Polars' Rayon
worker threads, which then wait for the GIL; a script thread holding the GIL while it waits for the
same pool (`DataFrame.to_pandas` under `st.dataframe`) froze the server for good. The freeze is a
class of bug, so this guard reads every module the server loads (antq/, pages/, app.py) and fails on
any call of those names, whatever the receiver. The command-line-only helpers are no exception:
they share modules with the pages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from antq import transforms
from antq.vocab.report_rules import QUALIFIER_WORDS, combine_qualifiers

ROOT = Path(__file__).resolve().parents[1]
# Methods of Polars expressions, series and frames that run a Python function on Polars' threads.
CALLBACK_METHODS = {"map_elements", "map_batches", "map_rows", "map_groups", "apply", "cumulative_eval"}
# Top-level Polars functions that do the same (`pl.fold(...)`); a project function of the same name
# (the importer's accent `fold`) is not Polars.
CALLBACK_FUNCTIONS = {"fold", "reduce", "cum_fold", "cum_reduce", "map_batches", "map_groups"}
POLARS_NAMES = {"pl", "polars"}


def server_modules() -> list[Path]:
    return sorted([*(ROOT / "antq").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"])


def callbacks_in(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, recv = node.func.attr, node.func.value
        on_polars = isinstance(recv, ast.Name) and recv.id in POLARS_NAMES
        if name in CALLBACK_METHODS or (on_polars and name in CALLBACK_FUNCTIONS):
            found.append((node.lineno, name))
    return sorted(found)


def test_no_python_callback_reaches_polars_on_the_server():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} .{name}(...)"
        for path in server_modules()
        for line, name in callbacks_in(path.read_text("utf-8"))
    ]
    assert not offenders, "Python callbacks handed to Polars (issue 23: they deadlock the server):\n" + "\n".join(
        offenders
    )


def test_the_guard_sees_a_callback():
    # The guard would pass vacuously if it could not see one.
    assert callbacks_in("df.with_columns(pl.col('a').map_elements(str))") == [(1, "map_elements")]
    assert callbacks_in("pl.fold(0, lambda a, b: a + b, [pl.col('x')])") == [(1, "fold")]
    assert callbacks_in("functools.reduce(f, xs)") == []
    assert callbacks_in("spec.fold(name)") == []


QUALIFIERS = list(QUALIFIER_WORDS)


@pytest.mark.parametrize(
    "parts",
    [[]]
    + [[a] for a in QUALIFIERS]
    + [[a, b] for a in QUALIFIERS for b in QUALIFIERS]
    + [[a, b, c] for a in QUALIFIERS for b in QUALIFIERS for c in QUALIFIERS],
)
def test_native_qualifier_of_a_sum_agrees_with_the_rule(parts):
    df = pl.DataFrame({"qs": [parts]}, schema={"qs": pl.List(pl.String)})
    got = df.select(q=transforms.combined_qualifier("qs"))["q"][0]
    assert got == (combine_qualifiers(parts) if parts else None)


def test_native_qualifier_of_nothing_is_null():
    df = pl.DataFrame({"qs": [None]}, schema={"qs": pl.List(pl.String)})
    assert df.select(q=transforms.combined_qualifier("qs"))["q"][0] is None
