# init-widget: the project's commands.
#   make demo   set up .venv, build the widget, open the course notebook in JupyterLab
#   make test   set up .venv and the JS toolchain, then lint (ruff, tsc) and run vitest and pytest (unit + e2e in Chromium)
#   make test-fast   lint, vitest and the browser-free pytest suite (the edit-test loop, under 2 minutes)
#   make bench  run every benchmark script in benchmarks/
#   make build  build the front-end bundle and a wheel + sdist into dist/
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV     ?= .venv
PY       := $(VENV)/bin/python
PIP      := $(PY) -m pip
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: help venv demo test test-fast lint test-js test-unit test-e2e js chromium bench build clean

help:
	@sed -n '2,6p' Makefile | sed 's/^#  //'

# --- environment ---------------------------------------------------------------------------
$(PY):
	@if ! python3 -m venv $(VENV) 2>/dev/null; then \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo ">> python3 -m venv failed: installing python3-venv"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	    python3 -m venv $(VENV); \
	  else \
	    echo "ERROR: 'python3 -m venv $(VENV)' failed; install the venv module (Debian: apt-get install python3-venv)" >&2; exit 1; \
	  fi; \
	fi
	$(PIP) install -q --upgrade pip

venv: $(PY)

# npm ci needs the lock file; fall back to npm install (and say so) while it is missing.
js:
	@if [ -f package-lock.json ]; then echo ">> npm ci"; npm ci --no-audit --no-fund; \
	 else echo ">> WARNING: no package-lock.json, running npm install"; npm install --no-audit --no-fund; fi
	npm run build
	@test -s init_widget/static/widget.js || { echo "ERROR: npm run build did not produce init_widget/static/widget.js" >&2; exit 1; }

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo ">> $(CHROMIUM) missing: installing Debian's chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "ERROR: the end-to-end tests need Chromium at $(CHROMIUM)." >&2; \
	    echo "       Install it (Debian/Ubuntu: sudo apt-get install chromium) or run: make test CHROMIUM=/path/to/chromium" >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(CHROMIUM) --version

# --- targets -------------------------------------------------------------------------------
demo: $(PY)
	$(PIP) install -e ".[demo]"
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) examples/01_course_initialization.ipynb

test: $(PY) js chromium
	$(PIP) install -q -e ".[test]"
	$(MAKE) --no-print-directory lint test-js test-unit test-e2e

test-fast: $(PY) js
	$(PIP) install -q -e ".[test]"
	$(MAKE) --no-print-directory lint test-js test-unit UNIT_ARGS="-m 'not slow'"

# the machines check the code before the tests do: ruff (lint + format) and the TypeScript compiler
lint:
	$(PY) -m ruff check init_widget tests benchmarks
	$(PY) -m ruff format --check init_widget tests benchmarks
	npx tsc --noEmit

test-js:
	npm test

# The browser-free tests run on both cores (pytest-xdist, one file per worker); the end-to-end tests share
# their JupyterLab servers and browser, so they run in one process. pytest exits 5 when it collected no
# test: that is a failure here, not a pass.
UNIT_ARGS ?=
test-unit:
	@rc=0; $(PY) -m pytest tests --ignore=tests/e2e -n 2 --dist loadfile $(UNIT_ARGS) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc = 5 ]; then echo "ERROR: pytest collected no tests (exit 5)" >&2; exit 1; fi; exit $$rc

test-e2e:
	@rc=0; IW_CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/e2e $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc = 5 ]; then echo "ERROR: pytest collected no tests (exit 5)" >&2; exit 1; fi; exit $$rc

bench: $(PY)
	$(PIP) install -q -e ".[test]"
	$(PY) benchmarks/run_all.py

build: $(PY) js
	$(PIP) install -q build
	$(PY) -m build

clean:
	rm -rf dist build artifacts init_widget/static node_modules tests/hub/node_modules .pytest_cache
