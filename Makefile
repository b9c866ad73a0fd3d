# The two commands a new user needs: `make demo` and `make test`. Each creates .venv and
# installs tracker into it when missing, so a fresh machine needs only Python ≥ 3.10.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-fast test-sqlite test-postgresql lint format typecheck bench templates clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tracker demo --dir tracker-demo

# The whole suite on SQLite, then on a throwaway PostgreSQL cluster (skipped, and said so,
# when PostgreSQL cannot be started). One engine: `make test-sqlite` / `make test-postgresql`.
test: $(STAMP)
	$(BIN)/python tests/run_all.py

# The quick loop while working: SQLite only, without the slow subprocess and concurrency tests
# and without lint (about a minute). `make test` is what CI runs.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow" $(ARGS)

test-sqlite: $(STAMP)
	$(BIN)/python tests/run_all.py --only sqlite

test-postgresql: $(STAMP)
	$(BIN)/python tests/run_all.py --only postgresql

lint: $(STAMP)
	$(BIN)/ruff check tracker tests bench migrations letter_templates
	$(BIN)/ruff format --check tracker tests bench migrations letter_templates
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format tracker tests bench migrations letter_templates
	$(BIN)/ruff check --fix tracker tests bench migrations letter_templates

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# Rebuild the shipped DOCX templates in letter_templates/ from their builders (python-docx).
templates: $(STAMP)
	$(BIN)/python -m letter_templates.builders

clean:
	rm -rf $(VENV) tracker-demo .pytest_cache .mypy_cache .ruff_cache
