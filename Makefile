# Two commands for people (see README): `make chat` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: chat test browser lint eval bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

chat: $(BIN)/.installed  ## start the chat on http://127.0.0.1:7860 (builds the store on first run)
	$(BIN)/wpqa chat

# Browser tests drive Debian's chromium (never a downloaded browser); CJK fonts so Chinese renders.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; fi; }

# One worker a core (at most 4: each loads the model and builds its own store); a module's tests stay on
# one worker, so module fixtures (the refit, the eval rows) are computed once. Modules go out in the
# collection's order, the long ones first (tests/conftest.py), not xdist's most-tests-first order, which
# left the one-test search of tests/test_choices.py to run alone at the end.
test: $(BIN)/.installed browser  ## the whole suite: real paper, real model, real Chroma, real browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 --dist loadscope --no-loadscope-reorder

eval: $(BIN)/.installed
	$(BIN)/wpqa eval --out eval/out

bench: $(BIN)/.installed
	$(BIN)/wpqa bench
