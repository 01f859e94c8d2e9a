# ThiĐua: every set-up step is here so that a fresh Debian clone needs only `make demo` / `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

# Debian packages: PDF rendering (pango, harfbuzz subsetting), fonts with full Vietnamese
# coverage, gettext for translations, poppler (pdftotext: the signer-name check of uploaded PDFs;
# pdftoppm for looking at PDFs), Chromium for browser tests.
# libsodium23: the ballot's ristretto255 (pysodium loads it).
DEMO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
	fonts-croscore gettext libicu-dev pkg-config g++ libsodium23 poppler-utils node=nodejs npm=npm
TEST_PACKAGES := $(DEMO_PACKAGES) chromium chromium-driver postgresql zbar-tools

.PHONY: demo test test-js test-sqlite test-postgres bench serve serve-prod load faults venv-load migrate seed system-demo system-test \
	venv assets messages lint layers clean

demo: system-demo venv assets messages migrate seed ## set up everything and serve on :8000
	$(MAKE) serve

test: system-test venv assets messages ## the whole suite: SQLite, then PostgreSQL
	$(MAKE) layers
	$(MAKE) test-js
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# The browser's ballot code against the same known-answer vectors as the server's.
test-js:
	node --test tests/js/

# Two workers (CI has two cores), a test file each at a time: a module's shared set-up is
# built once. pytest-django gives each worker its own test database. PYTEST_WORKERS=0 runs
# in one process (for a debugger or -x).
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

test-sqlite:
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL= $(PY) -m pytest -q $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-postgres:
	@if url=$$(bash scripts/postgres-up.sh); then \
		echo "== PostgreSQL: $$url"; \
		DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$$url $(PY) -m pytest -q $(PYTEST_PARALLEL) $(PYTEST_ARGS); \
	elif [ "$${REQUIRE_POSTGRES:-0}" = "1" ]; then \
		echo "PostgreSQL is required (REQUIRE_POSTGRES=1) but could not be started" >&2; exit 1; \
	else echo "== PostgreSQL not available here: skipped (set REQUIRE_POSTGRES=1 to fail instead)"; fi

bench: system-test venv messages ## performance figures, one `name: value unit` line each
	DJANGO_SETTINGS_MODULE=config.settings.bench $(PY) bench/run.py

migrate: venv
	$(PY) manage.py migrate --noinput

seed: venv
	@mkdir -p $(STAMP)
	$(PY) manage.py seed_demo | tee $(STAMP)/logins.txt

serve: venv ## the development server and, beside it, the task worker (large files, e-mail)
	$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

serve-prod: system-test venv assets messages ## gunicorn + task worker + PostgreSQL, production settings
	bash deploy/serve-prod.sh

# The load generator is only needed here, so it is not part of the app's dependencies.
venv-load: $(STAMP)/venv-load
$(STAMP)/venv-load: $(STAMP)/venv
	$(PY) -m pip install -q -e ".[dev,load]"
	touch $@

# SCENARIO=deadline (3 min): the evening before the year-end deadline; SCENARIO=conference
# (about 13 min): 100 clusters' conferences voting at once, 1,000 encrypted ballots.
SCENARIO ?= deadline
LOAD_SCRIPT := $(if $(filter conference,$(SCENARIO)),loadtest/conference.py,loadtest/load.py)

load: system-test venv venv-load assets messages ## deadline surge (or SCENARIO=conference), figures per page
	$(PY) $(LOAD_SCRIPT) $(LOAD_ARGS)

faults: system-test venv venv-load assets messages ## PostgreSQL restart, worker killed mid-PDF, two app servers
	$(PY) loadtest/faults.py $(FAULT_ARGS)

lint: venv layers
	$(VENV)/bin/ruff check .

layers: venv ## the import layers (README, "Architecture"): import-linter's contract in pyproject.toml
	$(VENV)/bin/lint-imports

system-demo:
	@bash scripts/apt-ensure.sh $(DEMO_PACKAGES)

system-test:
	@bash scripts/apt-ensure.sh $(TEST_PACKAGES)

venv: $(STAMP)/venv
$(STAMP)/venv: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

assets: $(STAMP)/assets
$(STAMP)/assets: package.json package-lock.json scripts/copy-assets.sh $(wildcard static/src/ballot/*.js)
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	bash scripts/copy-assets.sh
	touch $@

messages: $(STAMP)/messages
$(STAMP)/messages: $(shell find locale -name '*.po' 2>/dev/null) $(STAMP)/venv
	@mkdir -p $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

clean:
	rm -rf $(STAMP) static/vendor staticfiles node_modules
