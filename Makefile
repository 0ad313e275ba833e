# Every target bootstraps .venv itself, so a fresh clone needs nothing but `make chat` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: chat test run beheer bench lint typecheck dockerlint pytest browser clean

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

beheer: $(STAMP)
	$(BIN)/adviesbot beheer

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

# Only the dashboard's tests in Chromium (`make test` runs them too, with everything else).
browser: $(STAMP)
	$(BIN)/pytest -m browser

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis test-artifacts
