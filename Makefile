# 智聘 HR portal — two commands: `make run` (serve the demo on 127.0.0.1:8000) and `make test`.
# Everything else here is a convenience around the same .venv.

.DEFAULT_GOAL := help
SHELL := /bin/bash

# The first Python >= 3.11 found on PATH (override: make run PYTHON=/path/to/python3.12).
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-stamp
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: help install run test lint worker messages reset-demo bench

help:
	@echo "make run         install (first time), migrate, load the demo company, serve on http://$(ADDR)/"
	@echo "make test        run the whole test suite (PYTEST_ARGS='-m \"not e2e\"' to pass options)"
	@echo "make lint        ruff check ."
	@echo "make worker      RQ worker with scheduler (needs REDIS_URL)"
	@echo "make messages    regenerate and compile the English catalog (locale/en)"
	@echo "make reset-demo  drop and reload the demo company"
	@echo "make bench       list/board benchmark against DATABASE_URL (PostgreSQL)"

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 or newer is required (python3.11 not found on PATH)" >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last successful install.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check --progress-bar off -e ".[dev]"
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(PY) scripts/init_env.py
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_interviews
	$(MANAGE) seed_demo_payroll
	$(MANAGE) seed_demo_feedback
	@echo
	@echo "  智聘 HR portal: http://$(ADDR)/   (Ctrl-C to stop; demo accounts above)"
	@echo
	PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(ADDR)}" $(MANAGE) runserver $(ADDR)

# pytest exits 5 when it collected no test: reported, not treated as a failure of the command.
test: $(STAMP)
	@rc=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests"; rc=0; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .

worker: $(STAMP)
	$(MANAGE) rqworker --with-scheduler default screening outbox

# Extraction rules (what is ignored, no locations) live in scripts/extract_messages.py.
messages: $(STAMP)
	$(PY) scripts/extract_messages.py
	$(MANAGE) compilemessages -l en --ignore=.venv --ignore=staticfiles

reset-demo: $(STAMP)
	$(PY) scripts/init_env.py
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo_feedback --remove
	$(MANAGE) seed_demo_payroll --remove
	$(MANAGE) seed_demo_interviews --remove
	$(MANAGE) seed_demo --reset
	$(MANAGE) seed_demo_interviews
	$(MANAGE) seed_demo_payroll
	$(MANAGE) seed_demo_feedback

bench: $(STAMP)
	$(PY) bench/lists.py
