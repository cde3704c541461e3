# TBMnet — `make run` starts a working system with demo data; `make test` checks everything.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL for the second pass of the suite: DATABASE_URL when set, else the local server,
# with a database name of this run's own (pytest-django makes test_<name> and drops it), so
# two runs on one machine never share a test database.
PG_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/tbmnet_$(shell echo $$PPID))

.PHONY: install run test lint test-sqlite test-postgres test-browser bench messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: install
	$(BIN)/tbmnet init --demo
	$(BIN)/tbmnet serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)

# pytest exits 5 when a selection holds no test; that is not a failure here.
test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -m "not browser" || [ $$? -eq 5 ]

test-postgres: install
	@if $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(('127.0.0.1',5432)))" || [ -n "$(DATABASE_URL)" ]; then \
		echo "== the suite again on PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -p no:cacheprovider || [ $$? -eq 5 ]; \
	else echo "== no PostgreSQL on 127.0.0.1:5432 and no DATABASE_URL: PostgreSQL pass skipped"; fi

test-browser: install
	env -u DATABASE_URL $(BIN)/pytest -m browser || [ $$? -eq 5 ]

test: lint test-sqlite test-postgres test-browser

bench: install
	$(PY) bench/legality.py

messages: install
	cd src/tbmnet && ../../$(BIN)/django-admin compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .ruff_cache
