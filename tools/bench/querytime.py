"""Server time of one page, with each query's share: `python -m tools.bench.querytime DB PAGE`.

The same measurement as `tools.bench`'s server side (widget-driven reruns under AppTest, 20 distinct
selections, so the result cache never answers), plus the time spent in each named query
(queries.run wrapped). Run from a checkout's root; `tools/bench/paired.sh` alternates two checkouts
with it, so that two commits are compared under the same drift of a shared machine.
"""

import collections
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path


def main(db: str, page: str = "pages/overview.py", n: int = 20) -> None:
    os.environ["ANTQ_DB"] = db
    import duckdb

    from antq import queries, service
    from tests.support import e2e

    # This checkout's harness, loaded by path: paired.sh runs this file inside an older checkout too,
    # whose own tools/bench may lack these helpers; the app it measures stays that checkout's.
    spec = importlib.util.spec_from_file_location("antq_bench_harness", Path(__file__).with_name("__main__.py"))
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    open_page, rerun, selections, stats_ms = harness.open_page, harness.rerun, harness.selections, harness.stats_ms

    spent: dict[str, float] = collections.defaultdict(float)
    calls: collections.Counter = collections.Counter()
    run = queries.run

    def timed(source, name, **params):
        t = time.perf_counter()
        try:
            return run(source, name, **params)
        finally:
            spent[name] += time.perf_counter() - t
            calls[name] += 1

    queries.run = timed
    with duckdb.connect(db, read_only=True) as c:
        years = service.available_years(c)
        provinces = service.provinces(c, 2025)["province_code"].to_list()
    sels = selections(years, provinces, n)
    at = open_page(e2e.apptest_script(Path(tempfile.mkdtemp(prefix="antq-apptest-"))), page)
    spent.clear()
    calls.clear()
    times = [rerun(at, s) for s in sels]
    print(page, stats_ms(times), "exceptions", len(at.exception))
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {s * 1000 / len(sels):7.1f} ms/run  {calls[name] / len(sels):4.1f}x  {name}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
