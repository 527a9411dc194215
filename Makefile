# The two commands of the README's quick start: `make run` and `make test`;
# `make package` builds the standalone app into dist/undercover/.
VENV ?= .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: run test lint package icons translations

run: $(READY)
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] && [ "$$(uname)" = Linux ] && command -v xvfb-run >/dev/null; then \
		echo "No screen found: opening Undercover on a virtual screen (Xvfb)."; \
		xvfb-run -a -s "-screen 0 1280x800x24" $(VENV)/bin/undercover; \
	else \
		$(VENV)/bin/undercover; \
	fi

# pytest exits 5 when it collects no tests: fine while there are no test files,
# a failure when test files exist but nothing in them ran.
test: $(READY)
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then \
		if ls tests/test_*.py >/dev/null 2>&1; then echo "pytest collected no tests, but tests/ has test files" >&2; \
		else echo "no tests yet"; status=0; fi; \
	fi; \
	exit $$status

lint: $(READY)
	$(VENV)/bin/ruff check .

# One folder with everything the app needs, Python included: dist/undercover/undercover.
package: $(READY)
	$(PY) -m pip install --quiet -e '.[package]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/undercover.spec
	@echo "Built dist/undercover ($$(du -sh dist/undercover | cut -f1)); check it with:"
	@echo "  dist/undercover/undercover --self-test"

# The template translators start from: every self.tr() string of the app.
translations: $(READY)
	$(VENV)/bin/pyside6-lupdate undercover/ui/*.py -no-obsolete -locations none \
		-ts resources/translations/undercover.ts

# The icon's PNG sizes, after a change to resources/icons/undercover.svg.
icons: $(READY)
	$(PY) packaging/make_icons.py

$(READY): pyproject.toml
	@bash .ci/install-system-packages
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@
