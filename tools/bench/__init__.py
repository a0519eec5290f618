"""The benchmark harness (`python -m tools.bench`, `make bench`): speed and memory of the dashboard
and of imports, written to docs/benchmarks.md. Kept outside the runtime package: nothing the app
serves imports it."""
