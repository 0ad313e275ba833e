# Every target bootstraps .venv itself, so a fresh clone needs nothing but `make chat` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHAT_STAMP := $(VENV)/.chat-installed
PIP_LOG := $(VENV)/pip.log

.PHONY: chat test run beheer bench lint typecheck dockerlint pytest browser clean

# Reinstall when pyproject.toml changes, so a stale venv never hides a missing dependency.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP) $(CHAT_STAMP)

# The chat needs only the runtime packages: a first `make chat` skips the test tools, says in one line what it
# is doing, and keeps pip's and setuptools' chatter in a log that is shown only when the install fails.
$(CHAT_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Eenmalig: de chat installeren in $(VENV) (duurt even)..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e . > $(PIP_LOG) 2>&1 \
		|| { cat $(PIP_LOG); exit 1; }
	@touch $(CHAT_STAMP)

chat: $(CHAT_STAMP)
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

# Only the browser tests (the dashboard and the website widget) in Chromium (`make test` runs them too, with everything else).
browser: $(STAMP)
	$(BIN)/pytest -m browser

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis test-artifacts
