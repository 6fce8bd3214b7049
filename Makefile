# The front door. `make demo` sets everything up and runs the main job on the seed letters;
# `make test` runs the test suite (and is what CI runs).
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
TRACKER = $(VENV)/bin/tracker
DB     ?= tracker.db
SHARED ?= ../shared

.PHONY: install install-user demo test lint score score-formats diff snapshots bench bench-registers bench-scale bench-guard screenshot browser-check faults clean

# What `tracker` needs to run, nothing more; the pip that comes with Python is enough.
$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e .
	touch $@

# The test and lint tools on top (a dependency group needs pip >= 25.1, hence the upgrade).
$(VENV)/.installed: $(VENV)/.runtime
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.installed

# `tracker` on your PATH outside this folder: with pipx when it is there, else pip's user scheme.
install-user:
	@if command -v pipx >/dev/null 2>&1; then pipx install --force .; \
	elif $(PYTHON) -m pip install --user .; then :; \
	else echo "this Python lets only pipx install commands: apt-get install pipx, then make install-user" >&2; exit 1; fi

demo: $(VENV)/.runtime
	$(TRACKER) --db $(DB) ingest seeds
	$(TRACKER) --db $(DB) report
	@echo "tracker is in $(VENV)/bin: run '. $(VENV)/bin/activate' (or 'make install-user') to type 'tracker ...' as the README does" >&2

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check tracker tests scripts
	$(VENV)/bin/mypy tracker

# The yardstick on the seeds, on the development corpus (needs ../shared beside the checkout) and on the
# documents added in tests/corpus/added,
# then the misses of the documents in tests/ grouped by the stage that failed.
score: install
	@echo "seeds:  $$($(PY) $(SHARED)/tools/score_extract.py --gold $(SHARED)/gold --docs $(SHARED)/seeds --tracker $(TRACKER) | tail -1)"
	@echo "corpus: $$($(PY) $(SHARED)/tools/score_extract.py --gold $(SHARED)/corpus/gold --docs $(SHARED)/corpus/docs --tracker $(TRACKER) | tail -1)"
	@echo "added:  $$($(PY) $(SHARED)/tools/score_extract.py --gold tests/gold/added --docs tests/corpus/added --tracker $(TRACKER) | tail -1)"
	@echo "misses by cause (scripts/misses.py):"
	@$(PY) scripts/misses.py

# The yardstick on every published form of the seeds in tests/formats (.docx, .pdf, web pages, .odt).
score-formats: install
	$(PY) scripts/score_formats.py --shared $(SHARED) --tracker $(TRACKER)

# Items gained and lost per document against the committed snapshots in data/snapshots.
diff: install
	$(PY) scripts/snapshots.py diff

snapshots: install
	$(PY) scripts/snapshots.py update

# Extraction throughput, then the store at scale (a database of ITEMS generated items; a few minutes).
ITEMS ?= 200000
bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_registers.py
	$(PY) scripts/bench_scale.py --items $(ITEMS)

# Register import (10,000 records a file) and comparison alone.
bench-registers: install
	$(PY) scripts/bench_registers.py

# The store at scale alone.
bench-scale: install
	$(PY) scripts/bench_scale.py --items $(ITEMS)

# The check before a write, timed on a copy of a large database (it is written to):
# make bench-guard GUARD_DB=copy.db
bench-guard: install
	nice -n 10 $(PY) scripts/bench_guard.py $(GUARD_DB)

# The README's picture of the HTML report, taken with headless Chromium (apt-get install chromium).
screenshot: $(VENV)/.runtime
	rm -f /tmp/tracker-screenshot.db
	$(TRACKER) --db /tmp/tracker-screenshot.db --quiet ingest seeds tests/corpus
	$(TRACKER) --db /tmp/tracker-screenshot.db --quiet report --as-of 2026-11-22 --since 2025-11-01 --limit 5 --format html --output /tmp/tracker-report.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1900 --screenshot=data/screenshots/report.png file:///tmp/tracker-report.html

# `tracker serve` in headless Chromium: three pages checked and photographed into data/screenshots/
# (installs Debian's chromium with apt-get when it is missing).
browser-check: install
	$(PY) scripts/browser_check.py --tracker $(TRACKER)

# Concurrent runs, kills during ingest and mutated letters (about 10 minutes; keeps both cores busy).
faults: install
	nice -n 10 $(PY) scripts/faults.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
