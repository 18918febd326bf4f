# 医考报名指南 — every entry point bootstraps what it needs (.venv, node_modules, chromium for tests).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RULES := validator/_data/rules.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: all bootstrap check-content rules wheel build serve test test-fast lint bench clean browser-deps

all: build

$(VENV)/.stamp: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

bootstrap: $(VENV)/.stamp node_modules/.stamp

browser-deps:
	bash scripts/ensure_chromium.sh

check-content: $(VENV)/.stamp
	$(PY) -m scripts.check_content

rules: $(VENV)/.stamp
	$(PY) -m scripts.compile_rules

wheel: rules
	$(PY) -m scripts.build_wheel

build: bootstrap check-content wheel
	$(PY) -m mkdocs build --strict --quiet

serve: build
	@echo "医考报名指南: http://127.0.0.1:$(PORT)/"
	$(PY) -m scripts.serve --port $(PORT) site

lint: $(VENV)/.stamp node_modules/.stamp
	$(PY) -m ruff check validator scripts tests
	npx --no-install biome check docs tests scripts

test: bootstrap browser-deps lint build
	bash scripts/run_tests.sh

# Without the browser and Pyodide suites: for quick local iterations only.
test-fast: bootstrap lint rules
	$(PY) -m pytest -q -m "not browser and not pyodide"

bench: build browser-deps
	$(PY) -m scripts.bench

clean:
	rm -rf site dist build $(RULES) tests/artifacts .pytest_cache
