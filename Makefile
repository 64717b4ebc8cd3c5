# Fair Contact: the two commands a newcomer needs.
#
#   make run [PROFILE=dwp]   install, build, migrate, load the demo organisation and serve http://127.0.0.1:8000
#   make test                install, build and run the whole test suite
#
# Installs are remembered with stamp files, so a second run starts at once.
# PROFILE is one of: wolverhampton-homes (default), housing-solutions, southwark, dwp, strathmore-council (Scotland),
# tai-tywi (Wales). Each profile gets its own SQLite file, var/<profile>.sqlite3, unless DATABASE_URL is set.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
PROFILE ?= wolverhampton-homes
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
STATIC := src/faircontact/web/static/vendor/.built
NODE_MODULES := node_modules/.package-lock.json
STATIC_SOURCES := $(wildcard src/faircontact/web/build_static.sh src/faircontact/web/static/src/*.scss)

.PHONY: help run test install static lint profile system-packages-run system-packages-test

help:
	@echo "make run [PROFILE=dwp]   install, migrate, load the demo and serve http://$(HOST):$(PORT)"
	@echo "make test                run the whole test suite"
	@echo "profiles: $$(cd policies && ls *.toml | sed 's/\.toml//' | tr '\n' ' ')"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -qq --no-compile --progress-bar off -e ".[test]"
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STATIC): $(NODE_MODULES) $(STATIC_SOURCES)
	bash src/faircontact/web/build_static.sh
	touch $@

install: $(INSTALLED) $(STATIC)

# Debian packages (Chromium, poppler-utils, Redis, WeasyPrint's HarfBuzz subsetter and fonts): installed with apt-get
# where it can, otherwise one line naming what is missing. Checked on every run; it takes milliseconds.
system-packages-run:
	@bash .ci/system-packages run

system-packages-test:
	@bash .ci/system-packages test
	@bash .ci/start-redis

static: $(STATIC)

run: export DATABASE_URL ?= sqlite:///$(CURDIR)/var/$(PROFILE).sqlite3
run: export FAIRCONTACT_PROFILE := $(PROFILE)
profile:
	@test -f policies/$(PROFILE).toml || { echo "unknown PROFILE=$(PROFILE); see 'make help'" >&2; exit 2; }

run: profile system-packages-run install
	@mkdir -p var/static
	$(BIN)/faircontact migrate
	$(BIN)/faircontact demo
	@echo
	@echo "Fair Contact ($(PROFILE)) at http://$(HOST):$(PORT)/sign-in"
	@echo "Sign in as: demo    password: demo-password-2026"
	@echo
	exec $(BIN)/faircontact serve --host $(HOST) --port $(PORT)

test: system-packages-test install
	$(BIN)/python -m pytest -q

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
