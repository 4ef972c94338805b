# Two commands set up and prove everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PO := $(wildcard content/locales/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: install run test lint clean messages

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
	rm -rf $(VENV) $(MO) .pytest_cache .ruff_cache

# After changing UI strings: refresh the catalogs, then translate the new entries.
messages: install
	$(VENV)/bin/pybabel extract -k _ -k __ -k lazy_gettext --no-location --omit-header \
		-o content/locales/messages.pot bot handlers
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i content/locales/messages.pot \
		-d content/locales -D messages
