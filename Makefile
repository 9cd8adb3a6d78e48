# The two commands a newcomer runs: `make demo` and `make test`.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CASES   ?= 20000
DB      ?= demo.duckdb

.PHONY: install web-ui demo test test-deps lint format bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

web-ui: $(STAMP)  ## build the Vue UI into src/courtqc/web/static (npm; skipped when up to date)
	bash scripts/build_web.sh

install: $(STAMP) web-ui  ## create .venv, install courtqc with its dev tools, build the UI, tcmalloc
	bash scripts/install_allocator.sh

demo: install  ## generate a synthetic court into $(DB) and run the platform on it
	$(BIN)/courtqc demo --db $(DB) --cases $(CASES)

test-deps:  ## what the tests need from Debian: chromium + CJK fonts + pango, PostgreSQL 15 + wal2json (started), Java 17
	bash scripts/install_browser.sh
	bash scripts/pg.sh start
	bash scripts/install_java.sh  # Java 17 for the Spark tests
	bash scripts/rabbitmq.sh start  # RabbitMQ for the message-queue intake tests

test: install test-deps  ## lint, then the whole test suite
	$(BIN)/ruff check src tests bench eval
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench eval
	$(BIN)/ruff format --check src tests bench eval

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(STAMP)  ## benchmarks (minutes; not part of CI)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache
