# Two commands for a new user: `make run` (set up and start) and `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup translations messages bench package clean lint

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

# The catalogs are pybabel's: `make messages` after adding strings (then fill the Dutch msgstr
# entries), `make translations` compiles them. File locations without line numbers, so a
# catalog only changes where a message does.
PYBABEL := $(VENV)/bin/pybabel
LOCALE := resources/locale
POT := $(LOCALE)/desktop_crm.pot
BABEL_EXTRACT := -F babel.cfg -c Translators: -s --add-location=file -w 100 \
	--project="Desktop CRM" --copyright-holder="Desktop CRM" \
	--msgid-bugs-address=https://github.com/example/desktop-crm/issues \
	--last-translator="Desktop CRM team"
BABEL_UPDATE := -i $(POT) -d $(LOCALE) -D desktop_crm -w 100 --ignore-obsolete

translations: $(STAMP)
	$(PYBABEL) -q compile -d $(LOCALE) -D desktop_crm

messages: $(STAMP)
	$(PYBABEL) -q extract $(BABEL_EXTRACT) \
		--version="$$($(PY) -c 'import desktop_crm; print(desktop_crm.__version__)')" -o $(POT) .
	$(PYBABEL) -q update $(BABEL_UPDATE) -l nl
	# English is the source language: fuzzy guesses there would only be noise.
	$(PYBABEL) -q update $(BABEL_UPDATE) -l en --no-fuzzy-matching
	$(PY) -m desktop_crm.i18n.catalogs check

LINT_PATHS := desktop_crm tests bench scripts packaging

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist
