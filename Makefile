# Two commands for a fresh clone: `make tour` (the learning path) and `make test`.
# Each creates .venv when it is missing and reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= scratchlearn-output

.PHONY: tour notebooks test lint bench mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.plot-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot,compare]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	touch $@

$(VENV)/.notebooks-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot,compare,notebooks]'
	touch $@

tour: $(VENV)/.plot-installed
	$(BIN)/scratchlearn tour --out $(OUT)

# One .ipynb per stage, generated from its notes.md and demo.py (not kept in git).
notebooks: $(VENV)/.notebooks-installed
	$(BIN)/scratchlearn notebook all --out notebooks

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check scratchlearn tests benchmarks

test: lint
	# One BLAS thread per test worker: two workers on two cores, no oversubscription.
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 SCIPY_ARRAY_API=1 MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 -q

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks.run

# Mutation testing (docs/mutation.md): every model folder, or one with MODEL=<stage>.
# Niced: it keeps both cores busy for a long time (hours for all folders).
MODEL ?=
mutate: $(VENV)/.dev-installed
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 $(BIN)/python -m benchmarks.mutation $(MODEL)

clean:
	rm -rf $(VENV) $(OUT) notebooks .pytest_cache build *.egg-info
