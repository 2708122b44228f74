# Two commands are all a reader needs (see README.md):
#   make book   build the HTML book into _build/html
#   make test   ruff, unit tests, every notebook under nbval, then the book build with warnings as errors
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

.PHONY: help venv book lint test test-unit test-notebooks test-book test-browser test-load clean

help:
	@echo "make book   build the HTML book into $(BUILD)/html (creates $(VENV) on first use)"
	@echo "make test   ruff (make lint), unit tests, nbval over book/, then the book build with -W"
	@echo "make lint   ruff check over the package, tests, benchmarks, CI scripts and chapters (a second)"
	@echo "make test-load  build the whole book while a CPU burner keeps every core busy"
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

# Honest about failures: every page is re-read (--all; executions still come from the cache), so a
# chapter that failed last time is executed and fails again instead of leaving its stale page. A chapter
# that fails to execute leaves a log in html/reports: the build then fails, and the logs move to
# $(BUILD)/reports so that they are never published with the site.
# $(call build_book,OUTPUT_DIR,EXTRA_ARGS)
define build_book
	rm -rf $(1)/_build/html/reports $(1)/_build/reports; \
	status=0; $(BIN)/jupyter-book build . -W -n --keep-going --all --path-output $(1) $(2) || status=$$?; \
	if [ -d $(1)/_build/html/reports ]; then \
	  mv $(1)/_build/html/reports $(1)/_build/reports; \
	  echo "== these chapters failed to execute; logs in $(1)/_build/reports:" >&2; ls $(1)/_build/reports >&2; \
	  if [ $$status -eq 0 ]; then status=1; fi; \
	fi; \
	if [ $$status -ne 0 ]; then echo "== the book build FAILED (exit $$status)" >&2; exit $$status; fi
endef

book: venv $(TORCH_STAMP) $(PKG_STAMP) $(MATHJAX)
	@start=$$(date +%s); \
	$(call build_book,.,$(JB_ARGS)); \
	echo "== book built into $(BUILD)/html in $(call elapsed,$$start) s"

# The whole book built while a CPU burner keeps every core busy, as on a shared Binder container or a
# busy laptop. The burner is one bounded busy loop per core: it stops by itself after LOAD_SECONDS,
# and is stopped as soon as the build ends. Every chapter is executed afresh (its own cache, in
# $(LOAD_DIR)), with the book's cell timeout; the chapters' execution times are printed at the end.
LOAD_SECONDS ?= 1800
LOAD_DIR     := $(BUILD)/load

test-load: venv $(TORCH_STAMP) $(MATHJAX)
	@rm -rf $(LOAD_DIR); mkdir -p $(LOAD_DIR); \
	pids=""; for i in $$(seq $$(nproc)); do timeout $(LOAD_SECONDS) sh -c 'while :; do :; done' & pids="$$pids $$!"; done; \
	trap 'kill $$pids 2>/dev/null || true' EXIT; \
	echo "== $$(nproc) CPU burners running (at most $(LOAD_SECONDS) s); building the book under load"; \
	start=$$(date +%s); status=0; \
	( $(call build_book,$(LOAD_DIR),$(JB_ARGS)) ) 2>&1 | tee $(LOAD_DIR)/build.log || status=$$?; \
	echo "== chapter execution times under load:"; \
	grep -iE "executed|execution" $(LOAD_DIR)/build.log | sed 's/^/   /' || true; \
	if [ $$status -ne 0 ]; then echo "== the book FAILED under load" >&2; exit $$status; fi; \
	echo "== the book built under load in $(call elapsed,$$start) s"

# ---------------------------------------------------------------------------------------
# The test command. Steps run in this order and stop at the first failure.
test: lint test-unit test-notebooks test-book test-browser
	@echo "== make test: everything passed in $(call elapsed,$(T0)) s"

# Ruff (pinned in requirements-dev.txt; rules and line length in pyproject.toml's [tool.ruff]) over
# the Python folders and the chapters; it takes about a second, so it runs first.
lint: venv
	$(PY) -m ruff check lstm_lessons tests benchmarks .ci book

test-unit: venv $(TORCH_STAMP)
	@start=$$(date +%s); \
	$(PY) -m pytest tests --ignore=tests/browser -n $(NB_WORKERS) $(PYTEST_ARGS); \
	echo "== unit tests passed in $(call elapsed,$$start) s"

# Every notebook in book/, executed from its own folder (as Binder and Jupyter do), two at a time
# (one per core; each chapter keeps BLAS to one thread); the cell timeout is the book build's
# (execute.timeout in _config.yml), so both refuse the same cells. Each chapter that passes is saved
# with its outputs (book/conftest.py) and filed in the book's execution cache, so the book build that
# follows renders these runs instead of executing every chapter a second time. First, in seconds,
# .ci/check_notebook_imports.py checks that every lstm_lessons path the notebooks name exists.
NB_WORKERS ?= 2
EXECUTED   := $(BUILD)/executed
# The longest chapters first (quiet wall times from .ci/time_chapters.py: about 60, 40, 35 and 35 s),
# then the rest in book order: two workers then finish together instead of one waiting on the last
# long chapter.
NB_FIRST   := $(addprefix book/,14_stacked_bidirectional.ipynb 13_time_series.ipynb \
                11_char_language_model.ipynb 10_variants_compared.ipynb)
NOTEBOOKS  := $(NB_FIRST) $(filter-out $(NB_FIRST),$(sort $(wildcard book/*.ipynb)))

test-notebooks: venv $(TORCH_STAMP) $(PKG_STAMP)
	@start=$$(date +%s); rm -rf $(EXECUTED); \
	$(PY) .ci/check_notebook_imports.py; \
	$(PY) -m pytest --nbval-lax --nbval-cell-timeout=120 -p no:cacheprovider \
	  -n $(NB_WORKERS) --dist loadfile --no-loadscope-reorder --save-executed $(EXECUTED) \
	  $(NOTEBOOKS) $(PYTEST_ARGS); \
	$(PY) .ci/cache_executed.py $(EXECUTED) $(BUILD)/.jupyter_cache; \
	echo "== notebooks passed in $(call elapsed,$$start) s"

# A full Sphinx rebuild (make book always re-reads every page), so that warnings from unchanged
# pages fail too; executed notebooks still come from the cache when the package has not changed.
test-book: venv $(PKG_STAMP) $(MATHJAX)
	@$(MAKE) --no-print-directory book

# Browser tests of the built HTML (every slider moved, page weight, no JS errors, no network,
# axe-core on every page) and two chapters in JupyterLab, one test file per core (--dist loadfile).
# They read $(BUILD)/html, so they run after test-book; Chromium comes from Debian if missing.
test-browser: test-book
	@.ci/ensure_chromium.sh
	@start=$$(date +%s); \
	$(PY) -m pytest tests/browser -p no:cacheprovider -n $(NB_WORKERS) --dist loadfile $(PYTEST_ARGS); \
	echo "== browser tests passed in $(call elapsed,$$start) s"

# ---------------------------------------------------------------------------------------
# Reader experience (issue 14): what runs where, axe-core, JupyterLab.
#
# The book build tells lstm_lessons it is building the book: slider cells then render their
# kernel-free player (every frame) and training shows no progress bar. In Jupyter neither
# happens: a slider cell draws one frame, and long cells show a tqdm bar. nbval is told to
# keep quiet too. (book/_ext/static_players.py also sets the first variable, for a plain
# `jupyter-book build`; see lstm_lessons/training/progress.py.) In `make test`, nbval's runs of
# the chapters become the book's (see test-notebooks), so nbval renders the static players as the
# build would.
book: export LSTM_LESSONS_BUILDING_BOOK := 1
test-notebooks: export LSTM_LESSONS_BUILDING_BOOK := 1
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
