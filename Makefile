# The two commands a fresh machine needs: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

.PHONY: demo test lint bench syscheck nodedeps clean messages

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

syscheck: $(STAMP)
	@$(PY) .ci/syscheck.py

demo: syscheck
	$(VENV)/bin/audit-engine demo --serve

lint: $(STAMP)
	$(VENV)/bin/ruff check audit_engine tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The browser tests' Node packages (axe-core, oidc-provider), pinned by their lock files; without
# npm the tests that need them say so.
nodedeps:
	@if command -v npm >/dev/null; then for d in tests/web/axe tests/web/oidc; do \
	  [ -d $$d/node_modules ] || npm ci --prefix $$d --no-audit --no-fund >/dev/null || exit 1; done; fi

test: lint syscheck nodedeps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: syscheck
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Marked text -> messages.pot -> each language's messages.po (new entries empty, to translate;
# `tests/languages` fails until they are). Read at run time: nothing to compile.
LOCALE := audit_engine/languages/locale
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k said --add-location=file \
	  --sort-output --no-wrap --project=audit-engine -o $(LOCALE)/messages.pot \
	  --ignore-dirs=".* ._ var tests bench" .
	$(VENV)/bin/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching \
	  --no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
