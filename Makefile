# Every target bootstraps .venv itself, so a fresh clone needs nothing but `make chat` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: chat test run bench lint typecheck dockerlint pytest clean

# Reinstall when pyproject.toml changes, so a stale venv never hides a missing dependency.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

chat: $(STAMP)
	@$(BIN)/adviesbot chat

run: $(STAMP)
	$(BIN)/adviesbot run

test: lint typecheck dockerlint pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy rules conversations bot

dockerlint: $(STAMP)
	@if [ -f Dockerfile ]; then $(BIN)/hadolint Dockerfile && echo "hadolint: Dockerfile ok"; fi

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
