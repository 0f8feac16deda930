# Two commands for a new user: `make run` (set up and start) and `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup translations bench package clean lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,postgres,package,dev]'
	touch $(STAMP)

setup: $(STAMP) translations

run: setup
	$(PY) -m desktop_crm

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: setup
	$(PY) -m pip install --quiet sqlite-utils
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run

package: setup
	$(PY) packaging/build.py --check

translations: $(STAMP)
	$(PY) -m desktop_crm.i18n.catalogs compile

LINT_PATHS := desktop_crm tests bench scripts packaging

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist
