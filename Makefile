# Two commands set up and prove everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PO := $(wildcard content/locales/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: install run test lint clean messages audit

install: $(STAMP) $(MO)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# Translations are compiled from the committed .po catalogs; .mo files are never committed.
%.mo: %.po $(STAMP)
	@$(VENV)/bin/pybabel compile --statistics -i $< -o $@ 2>&1 | sed 's/^/  /'

run: install
	$(PY) -m bot

lint: install
	$(VENV)/bin/ruff check .

test: install lint
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) $(VENV)-audit $(MO) .pytest_cache .ruff_cache

# Known vulnerabilities in the pinned dependencies (needs access to PyPI's JSON API or OSV).
# pip-audit lives in its own venv so it never changes the project's.
audit: install
	@test -x $(VENV)-audit/bin/pip-audit || ($(PYTHON) -m venv $(VENV)-audit && \
		$(VENV)-audit/bin/pip install --quiet --disable-pip-version-check pip-audit==2.10.1)
	$(VENV)/bin/pip freeze --exclude-editable > $(VENV)/requirements.lock
	$(VENV)-audit/bin/pip-audit --disable-pip --no-deps -r $(VENV)/requirements.lock

# After changing UI strings: refresh the catalogs, then translate the new entries.
messages: install
	$(VENV)/bin/pybabel extract -k _ -k __ -k lazy_gettext --no-location --omit-header \
		-w 99 -o content/locales/messages.pot bot handlers
	$(VENV)/bin/pybabel update -w 99 --no-fuzzy-matching -i content/locales/messages.pot \
		-d content/locales -D messages
