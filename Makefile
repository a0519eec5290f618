# One named command per chore. Each creates and reuses its own virtual environment (.venv).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Local only: the deployment's proxy is the public face (make run ADDRESS=0.0.0.0 to expose).
ADDRESS ?= 127.0.0.1

.PHONY: run test bench lint demo clean deploy-local loadtest screens

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m antq precompress
	@bash scripts/system-packages.sh  # chromium, fonts, poppler, haproxy: installed as root, else named
	@touch $@

install: $(VENV)/.installed  ## create .venv and install pinned dependencies

run: $(VENV)/.installed  ## install, build the demo database if missing, and serve the app
	$(PY) -m antq serve --server.port $(PORT) --server.address $(ADDRESS)

# --dist loadfile: each test module runs on one worker (modules with fixed-port servers rely on it).
# Not loadgroup: pytest-xdist 3.8 marks a group by rewriting `item._nodeid`, which pytest 9 no longer
# reads, so xdist_group marks were ignored and such a module was split across the two workers.
test: $(VENV)/.installed  ## install and run every test (browser tests need Debian's chromium)
	$(PY) -m antq versions
	$(PY) -m pytest -q -n 2 --dist loadfile

bench: $(VENV)/.installed  ## measure speed and memory at scales 1 and 10; writes docs/benchmarks.md
	$(PY) -m tools.bench --scale 1 10 --json artifacts/bench.json

lint: $(VENV)/.installed  ## ruff (pinned in requirements-dev.txt): lint rules and formatting, both as checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

demo: $(VENV)/.installed  ## rebuild the demo database at ANTQ_DB
	$(PY) -m antq demo

clean:  ## remove the virtual environment and generated databases
	rm -rf $(VENV) data/*.duckdb data/.*.duckdb.published artifacts

REPLICAS ?= 2
deploy-local: $(VENV)/.installed  ## balancer (haproxy) on PORT + REPLICAS app replicas, foreground; see docs/deployment.md
	exec $(PY) deploy/local.py --port $(PORT) --replicas $(REPLICAS)

loadtest: $(VENV)/.installed  ## 20/60/120 concurrent sessions through the balancer (needs haproxy, chromium); see docs/benchmarks.md
	$(PY) -m tools.loadtest --levels 20 60 120 --json artifacts/loadtest.json

screens: $(VENV)/.installed  ## a picture of every page at 390x844 and 1440x900 into docs/screens/ (needs chromium)
	$(PY) -m tools.screens
