# Set-up is part of every target: a fresh clone needs only Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: crawl test lint install

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The main job: crawl The Jordan Times into $NEWSCRAWL_DATABASE_URL (default ./newscrawl.db).
crawl: $(BIN)/.installed
	$(BIN)/scrapy crawl jordantimes $(ARGS)

# The whole test suite (needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; .ci/run starts both).
test: $(BIN)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check newscrawl tests migrations testing benchmarks
