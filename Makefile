# zhifa — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
ZHIFA := $(BIN)/zhifa
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck check test-suite bench clean

$(STAMP): pyproject.toml constraints.txt
	@scripts/bootstrap
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo district, serve http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(ZHIFA) migrate --noinput
	$(ZHIFA) demo
	@scripts/serve $(PORT)

## make test: lint, type check, Django checks and the whole suite (SQLite, then PostgreSQL)
test: lint typecheck check test-suite

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy zhifa

check: $(STAMP)
	ZHIFA_VAR_DIR=$$(mktemp -d) $(ZHIFA) check --fail-level WARNING
	ZHIFA_VAR_DIR=$$(mktemp -d) $(ZHIFA) makemigrations --check --dry-run

test-suite: $(STAMP)
	@scripts/test-all

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var
