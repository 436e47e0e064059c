# Frontdoor: `make run` to try it, `make test` to check it. Set DATABASE_URL for PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

# Agreement with the DfE's own rules (PyPI csc-validator-be-cin, which needs pandas<2 and
# numpy<2: kept in a venv of its own, made once and reused while its requirements stand).
REF_VENV := .venv-cin-reference
REF_STAMP := $(REF_VENV)/.installed

.PHONY: run test lint install install-dev browser clean cin-reference annex-a-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

# The background worker runs queued tasks (the duplicate scan) beside the web server;
# Ctrl-C stops both. In service, cron runs `frontdoor duplicates_scan` and
# `frontdoor overdue_digest` nightly.
# The installed `frontdoor` command runs production settings by default; `make run` is for
# trying it out, so it says development.
run: export DJANGO_SETTINGS_MODULE = config.settings.dev
run: $(STAMP)
	$(BIN)/frontdoor migrate --noinput
	$(BIN)/frontdoor demo
	$(BIN)/frontdoor duplicates_scan
	$(BIN)/frontdoor overdue_digest
	@echo ""
	@echo "Frontdoor is at http://127.0.0.1:8000 : sign in as csw1 (password frontdoor-demo)."
	@echo "Other demo logins (README.md lists them all): manager, hos, lmanager, locality, advisor, mashmanager, police, admin."
	$(BIN)/frontdoor db_worker & $(BIN)/frontdoor runserver 127.0.0.1:8000

# Debian's chromium drives the browser tests; install it when missing and we are allowed to.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium: browser tests will be skipped"; \
	  else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi; \
	fi

# On every core: each pytest-xdist worker gets a test database of its own.
test: $(DEV_STAMP) $(REF_STAMP) browser
	$(BIN)/python -m pytest -n auto

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .


$(REF_STAMP): tools/cin-reference-requirements.txt
	$(PYTHON) -m venv $(REF_VENV)
	$(REF_VENV)/bin/pip install --quiet -r tools/cin-reference-requirements.txt
	touch $@

cin-reference: $(STAMP) $(REF_STAMP)
	$(BIN)/python benchmarks/cin_reference.py

# Annex A read by an independent tool: liiatools 0.2.0 (in benchmarks/.venv-liiatools, made
# on first use) on the demo council's export; fails if it blanked a cell or found a required
# cell empty.
annex-a-check: $(STAMP)
	$(BIN)/python benchmarks/annex_a_liiatools.py

clean:
	rm -rf $(VENV) $(REF_VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
