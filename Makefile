# Quick start: `make demo` (brief the bundled example corpus) and `make test`.
# Each target creates .venv if needed and installs what it needs, pinned by constraints.txt.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test bench clean lock browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e .
	touch $@

# The demo shows named entities too, so it installs the spaCy extra.
$(VENV)/.demo: $(VENV)/.runtime
	$(PIP) install -c constraints.txt -e '.[nlp]'
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(PIP) install -c constraints.txt -e '.[test]'
	touch $@

demo: $(VENV)/.demo
	$(BIN)/newsbrief brief examples/corpus
	$(BIN)/newsbrief brief examples/corpus --format html -o build/demo.html
	@echo "HTML report: build/demo.html"

# The web app's tests drive a real headless Chromium (Debian's package; Playwright's own
# browser download is not used). Installed when missing and possible; else those tests skip.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "make: Chromium not installed; browser tests will be skipped"

test: $(VENV)/.test browser
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test
	$(BIN)/python benchmarks/bench_pipeline.py

# Re-pin every dependency after changing pyproject.toml.
lock: $(VENV)/.test
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newsbrief' > constraints.txt

clean:
	rm -rf $(VENV) build .pytest_cache
