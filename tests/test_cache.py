"""The result cache stays inside its bounds (issue 16: memory bounded by design): total bytes as
measured, entry count, age; least recently used out first; a value larger than the whole cache is
served but not kept."""

from __future__ import annotations

import time

import polars as pl

from antq.cache import ResultCache, estimated_size


def frame(rows: int) -> pl.DataFrame:
    return pl.DataFrame({"a": range(rows), "b": [float(i) for i in range(rows)]})


def test_bytes_bound_drops_the_least_recently_used():
    one = estimated_size(frame(10_000))
    c = ResultCache(max_bytes=int(2.5 * one), max_entries=100, ttl_s=60)
    for k in "abc":
        c.put(k, frame(10_000))
        assert c.bytes <= c.max_bytes
    assert len(c) == 2 and c.get("a") == (False, None)  # the oldest went
    c.get("b")  # b is now the most recently used: c goes next
    c.put("d", frame(10_000))
    assert c.get("b")[0] and not c.get("c")[0] and c.bytes == 2 * one


def test_entry_bound_and_age():
    c = ResultCache(max_bytes=10**9, max_entries=3, ttl_s=0.2)
    for k in range(5):
        c.put(k, frame(10))
    assert len(c) == 3 and not c.get(0)[0] and c.get(4)[0]
    time.sleep(0.25)
    assert c.get(4) == (False, None) and len(c) == 2  # expired entries leave when asked for


def test_a_value_larger_than_the_cache_is_not_kept():
    c = ResultCache(max_bytes=1000, max_entries=10, ttl_s=60)
    c.put("big", frame(10_000))
    assert len(c) == 0 and c.bytes == 0


def test_figures_are_measured_by_their_data():
    import plotly.graph_objects as go

    small = go.Figure(go.Bar(x=[1], y=[1]))
    big = go.Figure(go.Scatter(x=list(range(50_000)), y=list(range(50_000))))
    # at least the 100,000 numbers it carries, and far more than a one-bar figure with the same layout
    assert estimated_size(big) > 100_000 * 8 and estimated_size(big) > 20 * estimated_size(small)


def test_peek_answers_from_the_cache_and_never_runs_the_question(demo_db):
    """service.headline cuts one year from a selection's every-year result only when it is cached:
    peek must say so without running the question, and agree with the run."""
    from antq import cache, db

    calls = []

    @cache.cached
    def question(source, n):
        calls.append(n)
        return pl.DataFrame({"n": [n]})

    snap = db.SnapshotReader(demo_db).snapshot()
    assert question.peek(snap, 41) == (False, None) and calls == []
    first = question(snap, 41)
    hit, value = question.peek(snap, 41)
    assert hit and value is first and calls == [41]
    assert question.peek(snap, 42) == (False, None) and calls == [41]
    assert question.peek(snap.conn, 41) == (False, None)  # a plain connection has no cache
