# Two commands for a new user: `make run` (set up and start) and `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# `make run` installs only what running needs (RUN_STAMP); `make test`, lint and the
# packaging targets add the test, PostgreSQL, PyInstaller and lint tools (STAMP).
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test setup test-setup translations messages bench package deb clean lint

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(PIP_INSTALL) -e '.[test,postgres,package,dev]'
	touch $(STAMP)

setup: $(RUN_STAMP) translations

test-setup: $(STAMP) translations

run: setup
	$(PY) -m desktop_crm

# The window tests run in a process of their own (one QApplication, offscreen; the rest need
# no display), with faulthandler so a crash prints its stack. They used to crash now and then
# under load: PySide6 6.12's emit costs Python's True a reference (ui/pyside_fixes.py), and a
# runner was freed from a worker thread (ui/operations.py). No rerun any more: a crash fails.
UI_TESTS := QT_QPA_PLATFORM=offscreen $(PY) -X faulthandler -m pytest -q tests/ui
test: test-setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q --ignore=tests/ui
	$(UI_TESTS)

bench: test-setup
	$(PY) -m pip install --quiet sqlite-utils
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run
	$(PY) -m bench.sync_bench

package: test-setup
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

translations: $(RUN_STAMP)
	$(PYBABEL) -q compile -d $(LOCALE) -D desktop_crm

messages: $(STAMP)
	$(PYBABEL) -q extract $(BABEL_EXTRACT) \
		--version="$$($(PY) -c 'import desktop_crm; print(desktop_crm.__version__)')" -o $(POT) .
	$(PYBABEL) -q update $(BABEL_UPDATE) -l nl
	# English is the source language: fuzzy guesses there would only be noise.
	$(PYBABEL) -q update $(BABEL_UPDATE) -l en --no-fuzzy-matching
	$(PY) -m desktop_crm.i18n.catalogs check

# dist/desktop-crm_<version>_<arch>.deb from the bundle in dist/desktop-crm/.
deb: package
	$(PY) packaging/deb.py

LINT_PATHS := desktop_crm tests bench scripts packaging

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist
