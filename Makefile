# Two commands are all a reader needs (see README.md):
#   make book   build the HTML book into _build/html
#   make test   unit tests, every notebook under nbval, then the book build with warnings as errors
# Both create and fill a virtual environment (.venv) the first time they run.

SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.NOTPARALLEL:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
BUILD  := _build
# Extra arguments for the book build and for pytest, e.g. `make test PYTEST_ARGS="-m 'not slow'"`.
JB_ARGS     ?=
PYTEST_ARGS ?=

# Use the venv's tools, and make its `python3` kernelspec the one every notebook runs on,
# even when the user has another `python3` kernel registered in ~/.local/share/jupyter.
export PATH         := $(abspath $(BIN)):$(PATH)
export JUPYTER_PATH := $(abspath $(VENV))/share/jupyter
export PIP_DISABLE_PIP_VERSION_CHECK := 1

T0 := $(shell date +%s)
elapsed = $$(( $$(date +%s) - $(1) ))

.PHONY: help venv book test test-unit test-notebooks test-book test-browser clean

help:
	@echo "make book   build the HTML book into $(BUILD)/html (creates $(VENV) on first use)"
	@echo "make test   unit tests, nbval over book/, then the book build with -W"
	@echo "make venv   create or update $(VENV) only"
	@echo "make clean  remove $(BUILD) and caches (keeps $(VENV))"
	@echo "make test-jupyterlab-all  run every chapter in a real JupyterLab (headless Chromium)"

# ---------------------------------------------------------------------------------------
# The virtual environment. Created once; re-run pip only when a requirements file changes.
# An existing venv is never deleted: pip just installs what is missing or out of date.
STAMP := $(VENV)/.lstm-lessons-installed

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
	  || { echo "Python 3.10 or newer is needed; '$(PYTHON)' is $$($(PYTHON) -V 2>&1)." >&2; exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) with $$($(PYTHON) -V)"; \
	  $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip; }
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@$(PY) -c 'import lstm_lessons, sys; print("lstm_lessons importable from", sys.executable)'
	@touch $@

# ---------------------------------------------------------------------------------------
# The book. Notebooks are executed during the build and cached in $(BUILD)/.jupyter_cache;
# the cache (and Sphinx's parsed pages) are wiped whenever the package changes,
# so the outputs in the book always come from the current lstm_lessons.
PKG_SOURCES := $(wildcard lstm_lessons/*.py lstm_lessons/**/*.py)
PKG_STAMP   := $(BUILD)/.package-stamp

$(PKG_STAMP): $(PKG_SOURCES)
	@mkdir -p $(BUILD)
	@if [ -d $(BUILD)/.doctrees ] || [ -d $(BUILD)/.jupyter_cache ]; then \
	  echo "lstm_lessons changed: every chapter will be executed again"; \
	  rm -rf $(BUILD)/.jupyter_cache $(BUILD)/.doctrees $(BUILD)/jupyter_execute; fi
	@touch $@

# PyTorch is needed by the agreement tests (tests/test_torch_agreement.py) and by the appendix
# that times lstm_lessons against it (book/performance.ipynb); readers never need it.
# On GitHub the workflows point pip at PyTorch's CPU-only index.
TORCH_STAMP := $(VENV)/.lstm-lessons-torch-installed

$(TORCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[torch]"
	@touch $@

# MathJax, vendored from the npm registry into book/_vendor so that equations render with no
# network (the book opened from disk, the browser tests). Without npm the book falls back to a CDN.
MATHJAX_VERSION := 3.2.2
MATHJAX := book/_vendor/mathjax/tex-chtml-full.js

$(MATHJAX):
	@if command -v npm >/dev/null; then \
	  tmp=$$(mktemp -d); \
	  (cd $$tmp && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null && tar xzf mathjax-$(MATHJAX_VERSION).tgz); \
	  mkdir -p book/_vendor/mathjax/output/chtml/fonts; \
	  cp $$tmp/package/es5/tex-chtml-full.js book/_vendor/mathjax/; \
	  cp -r $$tmp/package/es5/output/chtml/fonts/woff-v2 book/_vendor/mathjax/output/chtml/fonts/; \
	  rm -rf $$tmp; echo "MathJax $(MATHJAX_VERSION) vendored into book/_vendor"; \
	else echo "warning: npm not found; the book will load MathJax from a CDN" >&2; fi

book: venv $(TORCH_STAMP) $(PKG_STAMP) $(MATHJAX)
	@start=$$(date +%s); \
	$(BIN)/jupyter-book build . -W -n --keep-going $(JB_ARGS); \
	echo "== book built into $(BUILD)/html in $(call elapsed,$$start) s"

# ---------------------------------------------------------------------------------------
# The test command. Steps run in this order and stop at the first failure.
test: test-unit test-notebooks test-book test-browser
	@echo "== make test: everything passed in $(call elapsed,$(T0)) s"

test-unit: venv $(TORCH_STAMP)
	@start=$$(date +%s); \
	$(PY) -m pytest tests --ignore=tests/browser $(PYTEST_ARGS); \
	echo "== unit tests passed in $(call elapsed,$$start) s"

# Every notebook in book/, executed from its own folder (as Binder and Jupyter do); the cell
# timeout is the book build's (execute.timeout in _config.yml), so both refuse the same cells.
test-notebooks: venv $(TORCH_STAMP)
	@start=$$(date +%s); \
	$(PY) -m pytest --nbval-lax --nbval-cell-timeout=120 -p no:cacheprovider book/ $(PYTEST_ARGS); \
	echo "== notebooks passed in $(call elapsed,$$start) s"

# A full Sphinx rebuild (--all), so that warnings from unchanged pages fail too;
# executed notebooks still come from the cache when the package has not changed.
test-book: venv $(PKG_STAMP) $(MATHJAX)
	@$(MAKE) --no-print-directory book JB_ARGS="--all $(JB_ARGS)"

# Browser tests of the built HTML (every slider moved, page weight, no JS errors, no network).
# They read $(BUILD)/html, so they run after test-book; Chromium comes from Debian if missing.
test-browser: test-book
	@.ci/ensure_chromium.sh
	@start=$$(date +%s); \
	$(PY) -m pytest tests/browser -p no:cacheprovider $(PYTEST_ARGS); \
	echo "== browser tests passed in $(call elapsed,$$start) s"

# ---------------------------------------------------------------------------------------
# Reader experience (issue 14): what runs where, axe-core, JupyterLab.
#
# The book build tells lstm_lessons it is building the book: slider cells then render their
# kernel-free player (every frame) and training shows no progress bar. In Jupyter neither
# happens: a slider cell draws one frame, and long cells show a tqdm bar. nbval is told to
# keep quiet too. (book/_ext/static_players.py also sets the first variable, for a plain
# `jupyter-book build`; see lstm_lessons/progress.py.)
book: export LSTM_LESSONS_BUILDING_BOOK := 1
test-notebooks: export LSTM_LESSONS_PROGRESS := 0

# axe-core (the accessibility checker the browser tests run on every page), vendored from the
# npm registry at test time like MathJax; never part of the book.
AXE_VERSION := 4.14.1
AXE := tests/browser/_vendor/axe-core-$(AXE_VERSION).min.js
export LSTM_AXE := $(abspath $(AXE))

$(AXE):
	@command -v npm >/dev/null || { echo "npm is needed to fetch axe-core for the browser tests (apt-get install npm)" >&2; exit 1; }
	@tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz); \
	mkdir -p $(dir $(AXE)); cp $$tmp/package/axe.min.js $(AXE); rm -rf $$tmp; \
	echo "axe-core $(AXE_VERSION) vendored into $(AXE)"

test-browser: $(AXE)

# The chapters in a real JupyterLab (tests/browser/test_jupyterlab.py): `make test` runs it on
# a few chapters (inside test-browser); this target runs every chapter (about a minute each).
.PHONY: test-jupyterlab-all
test-jupyterlab-all: venv $(TORCH_STAMP)
	@.ci/ensure_chromium.sh
	@start=$$(date +%s); \
	LSTM_JUPYTERLAB_CHAPTERS=all $(PY) -m pytest tests/browser/test_jupyterlab.py -p no:cacheprovider $(PYTEST_ARGS); \
	echo "== every chapter passed in JupyterLab in $(call elapsed,$$start) s"

# ---------------------------------------------------------------------------------------
clean:
	rm -rf $(BUILD) .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -print0 | xargs -0 rm -rf
