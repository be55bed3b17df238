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
# Two stamps: `make run` needs only the runtime packages; `make test`/`make install`/`make lint` add the
# dev extras (pytest, Playwright, hypothesis, ruff). Each is redone when pyproject.toml changes.
RUNTIME_STAMP := $(VENV)/.runtime-stamp
DEV_STAMP := $(VENV)/.dev-stamp
# The installer: uv when it is on PATH (a venv and a warm-cache install in seconds). Without it, the venv is
# made without pip (ensurepip alone costs ~6 s), the Python's own pip puts the pinned uv into it (one wheel,
# ~3 s from a warm cache) and uv does the rest; pip installs everything itself (ensurepip first) only when that
# fails (no pip ≥ 22.3 beside that Python, or offline without a cached uv wheel). INSTALLER=pip forces pip.
UV ?= $(shell command -v uv 2>/dev/null)
UV_VERSION := 0.13.9
INSTALLER ?= auto
# pip.conf/PIP_FIND_LINKS is not read by uv: pass the same local wheel folder on.
UV_PIP_ARGS ?= $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS))
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
	@if [ -n "$(UV)" ]; then echo "$(UV) venv $(VENV)"; "$(UV)" venv --quiet --python "$$(command -v $(PYTHON))" $(VENV); \
	else echo "$(PYTHON) -m venv --without-pip $(VENV)"; $(PYTHON) -m venv --without-pip $(VENV); fi

# pip_install(spec): uv (on PATH, or bootstrapped into the venv), else pip (a venv made by uv has no pip:
# ensurepip adds it).
define pip_install
	@uv="$(UV)"; \
	if [ "$(INSTALLER)" = pip ]; then uv=; \
	elif [ -z "$$uv" ]; then \
		if [ -x $(VENV)/bin/uv ] || $(PYTHON) -m pip --python $(PY) install --quiet --disable-pip-version-check \
			"uv==$(UV_VERSION)" >/dev/null 2>&1; then uv=$(VENV)/bin/uv; fi; \
	fi; \
	if [ -n "$$uv" ]; then echo "uv pip install -e $(1)"; \
		"$$uv" pip install --quiet --python $(PY) $(UV_PIP_ARGS) -e "$(1)"; \
	else $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade >/dev/null; \
		echo "pip install -e $(1)"; \
		$(PY) -m pip install --disable-pip-version-check --progress-bar off -e "$(1)"; fi
endef

$(RUNTIME_STAMP): pyproject.toml | $(PY)
	$(call pip_install,.)
	@touch $@

$(DEV_STAMP): pyproject.toml | $(PY)
	$(call pip_install,.[dev])
	@touch $@ $(RUNTIME_STAMP)

install: $(DEV_STAMP)

run: $(RUNTIME_STAMP)
	$(PY) scripts/init_env.py
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo_all
	@echo
	@echo "  智聘 HR portal: http://$(ADDR)/   (Ctrl-C to stop; demo accounts above, password zhipin-demo-2026)"
	@echo "  What to try first (docs/demo-data.md):"
	@echo "    hr          招聘看板 and 面试安排 (every interview status); /interviews/calibration/ AI 评分校准"
	@echo "                (460 AI/human pairs, active recalibration); 职位 SM-01 → 绩效学习: weights learned"
	@echo "                from 35 hires, proposed → compare and activate; 消息记录 (invitations, replies)"
	@echo "    interviewer 我的面试 → today's interview in a few minutes → the mobile interview room"
	@echo "    finance     工资核算 → approve and close November; 录用通知 (offers); 面试成本"
	@echo "  Sandbox phones (沙箱手机) show what candidates and staff received."
	@echo
	PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(ADDR)}" $(MANAGE) runserver --skip-checks $(ADDR)  # migrate has just run the checks

# pytest exits 5 when it collected no test: reported, not treated as a failure of the command.
test: $(DEV_STAMP)
	@rc=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests"; rc=0; fi; exit $$rc

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .

worker: $(RUNTIME_STAMP)
	$(MANAGE) rqworker --with-scheduler default screening outbox

# Extraction rules (what is ignored, no locations) live in scripts/extract_messages.py.
messages: $(RUNTIME_STAMP)
	$(PY) scripts/extract_messages.py
	$(MANAGE) compilemessages -l en --ignore=.venv --ignore=staticfiles

reset-demo: $(RUNTIME_STAMP)
	$(PY) scripts/init_env.py
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo_all --reset

bench: $(RUNTIME_STAMP)
	$(PY) bench/lists.py
