# 医考报名指南 — every entry point bootstraps what it needs (.venv, node_modules, chromium for tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RULES := validator/_data/rules.json
export NO_MKDOCS_2_WARNING := 1
# pyodide-build needs Python >= 3.12 (its own virtualenv); without one the build writes the lock itself.
# The first candidate that actually runs and is >= 3.12 (a pyenv shim may exist and still refuse).
PYODIDE_BUILD_PYTHON ?= $(shell for p in python3.12 python3.13 $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
PYODIDE_VENV := .venv-pyodide

.PHONY: all bootstrap check-content rules wheel runtime build serve test test-fast lint bench clean browser-deps \
	stdlib-trace

all: build

$(VENV)/.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(PYODIDE_VENV)/.stamp: requirements-pyodide.txt
	@if [ -n "$(PYODIDE_BUILD_PYTHON)" ]; then \
		$(PYODIDE_BUILD_PYTHON) -m venv $(PYODIDE_VENV) && \
		$(PYODIDE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-pyodide.txt && \
		touch $@; \
	else \
		echo "no Python >= 3.12: pyodide-lock.json is written by the build's own fallback (same bytes)"; \
	fi

bootstrap: $(VENV)/.stamp node_modules/.stamp $(PYODIDE_VENV)/.stamp

browser-deps:
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_webkit.sh

# The check, then what takes effect in this exam year (an administrator sees what the edit changed).
check-content: $(VENV)/.stamp
	$(PY) -m scripts.check_content
	@$(PY) -m scripts.admin changes

rules: $(VENV)/.stamp
	$(PY) -m scripts.compile_rules

wheel: rules
	$(PY) -m scripts.build_wheel

# The validator compiled for Pyodide, the trimmed standard library and the lock file (dist/runtime/).
runtime: bootstrap wheel
	$(PY) -m scripts.build_runtime

# After a new import in the validator, or a Pyodide update: re-trace the standard-library modules.
stdlib-trace: bootstrap runtime
	$(PY) -m scripts.stdlib_trace

build: bootstrap check-content runtime
	$(PY) -m mkdocs build --strict --quiet

serve: build
	@echo "医考报名指南: http://127.0.0.1:$(PORT)/"
	$(PY) -m scripts.serve --port $(PORT) site

lint: $(VENV)/.stamp node_modules/.stamp
	$(PY) -m ruff check validator scripts tests
	$(PY) -m mypy
	npx --no-install biome check docs tests scripts

test: bootstrap browser-deps lint build
	bash scripts/run_tests.sh

# Without the browser and Pyodide suites (each lane's time is printed). It builds first: the plain lane
# checks the built site too (deploy headers, active content, notices), and on a fresh clone those tests
# found no site/ and failed (a new developer's first run).
test-fast: bootstrap lint build
	YK_LANES="plain js" bash scripts/run_tests.sh

bench: build browser-deps
	$(PY) -m scripts.bench

clean:
	rm -rf site dist build $(RULES) tests/artifacts .pytest_cache
