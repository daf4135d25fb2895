# Two commands on a fresh machine:
#   make run    start the app on the shipped data at http://127.0.0.1:8050
#   make test   run the whole test suite (lint, unit and browser tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast lint data validate chromium benchmark

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python app.py

# Two pytest workers (pytest-xdist): the browser tests spend most of their time waiting on Chromium,
# so the suite takes about half as long on this 2-vCPU machine kind as one worker does.
test: $(VENV)/.installed chromium lint
	$(BIN)/python -m pytest -n 2

# lint and every test except the browser tests (marked `browser`) and the slow attacks (marked `slow`): about four minutes.
test-fast: $(VENV)/.installed lint
	$(BIN)/python -m pytest -m "not browser and not slow"

# ruff, then the import-layer contracts and the type check (both configured in pyproject.toml).
lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

data: $(VENV)/.installed
	$(BIN)/python -m dashboard.data build

validate: $(VENV)/.installed
	$(BIN)/python -m dashboard.data validate $(DIR)

# Browser tests drive Debian's Chromium through its matching chromedriver.
chromium:
	@command -v chromedriver >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; }
