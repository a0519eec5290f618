"""SQL files in `queries/` as named functions that return Polars frames.

Each file holds one query answering one question. Its header:

    -- name: participants_by_province
    -- One row per province: ...   (the rest of the comment block is the docstring)

Parameters are DuckDB named parameters (`$year`, `$units`, `$provinces`), bound from keyword
arguments -- never formatted into the SQL text. A small loader rather than aiosql because aiosql's
DuckDB adapter returns tuples and converts parameter syntax; here every result is a Polars frame
and the SQL files run unchanged in the DuckDB shell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from antq.db import Snapshot
from antq.settings import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
_PARAM = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Query:
    name: str
    doc: str
    sql: str
    params: frozenset[str]
    path: Path


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def parse(path: Path) -> Query:
    text = path.read_text("utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("-- name:"):
        raise QueryError(f"{path.name}: the first line must be '-- name: {path.stem}'")
    name = lines[0].removeprefix("-- name:").strip()
    if name != path.stem:
        raise QueryError(f"{path.name}: name '{name}' differs from the file name")
    doc = []
    for line in lines[1:]:
        if not line.startswith("--"):
            break
        doc.append(line[2:].strip())
    params = frozenset(_PARAM.findall(_strip_comments(text)))
    return Query(name=name, doc="\n".join(doc).strip(), sql=text, params=params, path=path)


@lru_cache(maxsize=1)
def load_all() -> dict[str, Query]:
    return {q.name: q for q in (parse(p) for p in sorted(QUERIES_DIR.glob("*.sql")))}


def get(name: str) -> Query:
    try:
        return load_all()[name]
    except KeyError:
        raise QueryError(f"no query named '{name}' in {QUERIES_DIR}") from None


def _relation(cur: duckdb.DuckDBPyConnection, name: str, params: dict) -> duckdb.DuckDBPyRelation:
    q = get(name)
    given = set(params)
    if given != q.params:
        missing, extra = sorted(q.params - given), sorted(given - q.params)
        raise QueryError(f"{name}: missing parameters {missing}, unexpected {extra}")
    return cur.sql(q.sql, params=params or None)


def _cursor(source: duckdb.DuckDBPyConnection | Snapshot) -> duckdb.DuckDBPyConnection:
    conn = source.conn if isinstance(source, Snapshot) else source
    return conn.cursor()  # a cursor per query: one connection is shared by Streamlit's threads


def run(source: duckdb.DuckDBPyConnection | Snapshot, name: str, **params) -> pl.DataFrame:
    """Run query `name` with exactly its declared parameters; return a Polars frame. `source` is a
    connection or a db.Snapshot (the pages')."""
    cur = _cursor(source)
    try:
        return _relation(cur, name, params).pl()
    finally:
        cur.close()


def head(source: duckdb.DuckDBPyConnection | Snapshot, name: str, rows: int, **params) -> tuple[pl.DataFrame, int]:
    """The first `rows` rows of query `name` (in its order) and how many rows it has in all; the rows
    beyond `rows` are never converted. One run of the query when it has no more than `rows` rows
    (a province's extract), a second one counting them when it has more. Not a window count in one
    run: that holds every row in DuckDB (data page at scale 10: peak 534 vs 455 MB in-process)."""
    cur = _cursor(source)
    try:
        df = _relation(cur, name, params).limit(rows + 1).pl()
        if df.height <= rows:
            return df, df.height
        return df.head(rows), int(_relation(cur, name, params).aggregate("count(*)").fetchall()[0][0])
    finally:
        cur.close()
