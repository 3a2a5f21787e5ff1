# The two commands: `make run` starts vrasmr in the best mode this machine allows,
# `make test` runs the linters and the whole test suite (`make test-fast`: all but the slow
# tests). Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast bench lint format doctor deps-run deps-test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip >/dev/null
	$(BIN)/python -m pip install -q -e '.[test,voice]'
	@touch $(STAMP)

deps-run:
	@sh scripts/system-deps.sh run

deps-test:
	@sh scripts/system-deps.sh test

run: deps-run $(STAMP)
	$(BIN)/vrasmr $(ARGS)

doctor: deps-run $(STAMP)
	$(BIN)/vrasmr doctor

test: deps-test $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same without the tests marked slow (the night, exports, the per-scene safety checks):
# a quick loop while working. CI runs `make test`.
test-fast: deps-test $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

bench: deps-test $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) out dist build .pytest_cache .ruff_cache
