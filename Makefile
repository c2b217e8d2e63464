# Chợ OCOP — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on PostgreSQL (locks and races only show on a real database).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ocop
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-dev migrate demo serve browser lint messages bench-http clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

serve:
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make run: install, migrate, load demo data and serve http://127.0.0.1:8000 (SQLite)
run: demo serve

## the browser tests drive Debian's Chromium; install it when missing (needs root)
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Chromium (apt-get install chromium) for the browser tests"; exit 1; fi; }

## make test: the whole suite (unit, integration, browser) on PostgreSQL, one pytest-xdist
## worker per core (each on its own test database), then the search conformance suite and
## the checkout race again on SQLite (the embedded default's database), in one process.
## TEST_WORKERS=0 runs the first part in one process too.
TEST_WORKERS ?= auto
test: install-dev browser
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not sqlite" $(PYTEST_ARGS)
	DATABASE_URL=sqlite:///$(CURDIR)/.test-sqlite.sqlite3 $(BIN)/python -m pytest -q -m "search_conformance or sqlite"

## make messages: refresh the Vietnamese catalogue from the sources, sorted by msgid and
## without file locations (so branches that add messages merge cleanly), then compile it.
## Translate every new entry (no fuzzy or empty msgstr: tests/unit/test_translations.py).
PO := locale/vi/LC_MESSAGES/django.po
messages: install
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete
	msgcat --sort-output --no-location -o $(PO) $(PO)
	sed -i '/^"POT-Creation-Date: /d' $(PO)
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

## make bench-http: the HTTP load benchmark (gunicorn, production settings, wrk) on its
## own database; a few minutes. BENCH_ARGS passes options, e.g. BENCH_ARGS="--profile product".
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ocop_bench_http
bench-http: install-dev
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/http.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/python -m ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
