#!/usr/bin/env bash
# Two checkouts compared page by page, alternating, ROUNDS rounds: the server-side measurement of
# tools/bench/querytime.py run in BEFORE then in AFTER for each page, so both meet the same drift of
# a shared machine (whole `make bench` runs minutes apart do not). Each checkout uses its own
# scale-1 database (data/bench/antq-scale1.duckdb, made by its own `make bench`).
# Usage: tools/bench/paired.sh BEFORE_DIR AFTER_DIR [ROUNDS]   (python: the active environment's)
set -euo pipefail
before=$1 after=$2 rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)  # this checkout's querytime.py, run inside each checkout
for round in $(seq "$rounds"); do
  for page in pages/overview.py pages/participation.py pages/models.py pages/commendations.py pages/data.py pages/map.py; do
    for side in "$before" "$after"; do
      line=$(cd "$side" && PYTHONPATH=. python "$here/querytime.py" data/bench/antq-scale1.duckdb "$page" 2>/dev/null | sed -n 1p)  # sed reads to the end: head would cut the pipe under pipefail
      echo "$round $side $line"
    done
  done
done
