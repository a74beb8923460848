# Sociale Kaart — the two Quick start commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install install-test translations run production test test-sqlite test-postgresql lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Compiled once here, like a distribution package: a server's processes then do not each compile
# every module at start (with PYTHONDONTWRITEBYTECODE set they would, ~12 % of a first answer).
install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q socialmap
	$(MAKE) translations

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) translations

# Compiled catalogues (.mo) are built here, never committed.
translations:
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v '^$$' || true
	@test -f translations/nl/LC_MESSAGES/messages.mo

run: install
	$(BIN)/socialmap demo
	$(BIN)/socialmap serve --host $(HOST) --port $(PORT)

# Production (docs/deploy.md): settings from SOCIALMAP_* in the environment; gunicorn, WORKERS workers.
WORKERS ?= 2
production: install
	$(BIN)/socialmap init
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - socialmap.wsgi:app

# The whole suite, on SQLite and then on PostgreSQL (127.0.0.1:5432, its own throw-away database).
test: install-test lint test-sqlite test-postgresql

lint:
	$(BIN)/ruff check .

test-sqlite:
	SOCIALMAP_TEST_DB=sqlite $(BIN)/pytest

test-postgresql:
	SOCIALMAP_TEST_DB=postgresql $(BIN)/pytest -m "not browser"

# Developers: refresh the .po files after changing user-facing strings.
messages:
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot -w 100 --no-location --sort-output --project=socialmap .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -w 100 --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python tools/fill_english.py

clean:
	rm -rf $(VENV) instance
