# PerfLens: two commands for a newcomer — `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/perflens.duckdb
DEMO_FILES := $(wildcard data/demo/*.csv data/demo/*.xlsx data/demo/*.parquet)
# the demo's last cycle moved from 1-5 to 0-100: the change is declared in this mapping
DEMO_MAPPING := data/demo/mapping.toml
PORT ?= 8501

.PHONY: run test install browser bench sim demo lint clean-db

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Debian Chromium + CJK fonts for the real-browser tests (Playwright's own download does not work here)
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

$(DB): | install
	$(PY) -m analytics import $(DEMO_FILES) --db $(DB) --mapping $(DEMO_MAPPING) --as-demo

demo: install
	$(PY) -m analytics demo --db $(DB) --out data/demo

# no sign-in provider configured ([auth] in .streamlit/secrets.toml): one local administrator
# who sees everything, so only this machine may connect (docs/security.md)
SIGNIN := $(shell grep -qs '^[[:space:]]*\[auth' .streamlit/secrets.toml && echo yes)
ADDRESS := $(if $(SIGNIN),,--server.address localhost)

# ui/serve.py: `streamlit run dashboard.py` with the first page's libraries imported while the
# server starts
run: install $(DB)
	$(PY) -m ui.serve --server.headless true --server.port $(PORT) $(ADDRESS)

# test processes: 2 on the 2-core CI machine. More do not help: with 4 (session 32, quiet) the
# run took 823 s against ~816 s with 2, both cores 97% busy and 16% more CPU (1,275 s), and a
# browser test timed out; the browser tests' servers and Chromium keep the cores busy
TEST_WORKERS ?= 2

# one Polars thread in each test process and in the dashboards they start: two processes on two
# cores, each with a Polars pool of two threads over small frames, waited on each other (a
# group_by of a tiny frame 126 -> 59 us; unit + app files 6% less CPU, session 34)
test: install browser
	POLARS_MAX_THREADS=1 $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder -m "not slow"

# ruff with the project's config (pyproject.toml); needs no browser, so CI runs it first
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# the slow tests (the quick benchmark's workers and a real dashboard start, about 3 minutes)
# run here, before the benchmark they check, not in `make test` (kept under 10 minutes)
bench: install
	$(PY) -m pytest -q -m slow
	$(PY) -m bench

# error rates on simulated companies, 20 seeds per design (rater model, guideline fit, trend
# attribution; halo; high potential and the nine-box axis; scale use: strong teams with
# compressing peers, 50 seeds;
# the coverage of the issue-18 intervals, 200 replications; of the change parts' intervals),
# quoted in docs/methods.md
sim: install
	$(PY) -m tests.sim 20
	$(PY) -m tests.sim.halo 20
	$(PY) -m tests.sim.hipo 20
	$(PY) -m tests.sim.scale_use 50
	$(PY) -m tests.sim.intervals 200
	$(PY) -m tests.sim.parts 20
	$(PY) -m tests.sim.company_part 200

clean-db:
	rm -f $(DB) $(DB).wal
