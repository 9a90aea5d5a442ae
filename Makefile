# Sankofa — `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export XDG_RUNTIME_DIR ?= $(CURDIR)/var/run
LOCALES_DIR := src/sankofa/core/i18n/locales
POT := src/sankofa/core/i18n/messages.pot

.PHONY: help install engine run web worker test test-fast lint fmt typecheck migrate seed i18n-extract i18n-update i18n-compile evaluate bench browser-deps clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# uv comes from PATH if present; otherwise it is bootstrapped into .venv (and kept there: it is a dev dependency).
$(VENV)/.installed: pyproject.toml uv.lock
	@mkdir -p var/run && chmod 700 var/run
	@if command -v uv >/dev/null 2>&1; then uv sync --frozen; \
	else [ -x $(BIN)/uv ] || { python3 -m venv $(VENV) && $(BIN)/pip install --quiet uv; }; \
	  $(BIN)/uv sync --frozen; fi
	@touch $@

install: $(VENV)/.installed engine ## Create .venv from the lock file and build the text engine (idempotent)

# The fitted engine is not committed: it is cached as var/cache/engine/<fingerprint>.engine (or under
# $SANKOFA_ENGINE_CACHE), the fingerprint hashing matching/'s code and data; a matching file means nothing to do.
engine: $(VENV)/.installed ## Fit the text engine into its cache (1–4 min) unless the cached one is up to date
	$(PY) -m matching.build_engine $(if $(SANKOFA_ENGINE_CACHE),--cache-dir "$(SANKOFA_ENGINE_CACHE)")

run: install ## Start everything: embedded PostgreSQL (unless SANKOFA_DATABASE_URL), migrations, seed, web on :8000, worker
	$(BIN)/sankofa run

web: install ## Serve only the web app (needs a database)
	$(BIN)/sankofa web

worker: install ## Run only a background worker
	$(BIN)/sankofa worker

migrate: install ## Apply database migrations
	$(BIN)/sankofa db upgrade

seed: install ## Load reference and demo data (idempotent)
	$(BIN)/sankofa seed

test: install lint ## The whole suite with line coverage and its floor (tests/coverage_floor.py), lint and types
	@mkdir -p var/coverage
	$(BIN)/pytest --cov --cov-report=term:skip-covered --cov-report=json:var/coverage/coverage.json
	$(BIN)/python -m tests.coverage_floor var/coverage/coverage.json

test-fast: install ## Tests without lint, skipping browser tests
	$(BIN)/pytest -m "not browser"

lint: install ## ruff (lint + format check) and mypy on src/, matching/ and web/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: install ## Format the code and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install ## mypy on src/, matching/ and web/
	$(BIN)/mypy

i18n-extract: install ## Extract translatable strings to the .pot template
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k pgettext:1c,2 \
	  --no-location --sort-output --project=Sankofa -o $(POT) .

i18n-update: i18n-extract ## Merge new strings into the fr/en/ar catalogs
	$(BIN)/pybabel update -i $(POT) -d $(LOCALES_DIR) --no-fuzzy-matching --ignore-obsolete -w 120

i18n-compile: install ## Compile the catalogs (.mo); the app also reads .po directly when .mo is missing
	$(BIN)/pybabel compile -d $(LOCALES_DIR) --statistics

evaluate: install ## Score the text engine against char TF-IDF: taxonomy dev sets, then hand-labelled job ads
	$(PY) -m matching.evaluate text
	$(PY) -m matching.evaluate ads

bench: install ## Run the benchmark scripts
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

browser-deps: ## Install Debian's Chromium for the browser tests (root)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

clean: ## Remove caches (keeps .venv and var/)
	rm -rf .pytest_cache .ruff_cache .mypy_cache
