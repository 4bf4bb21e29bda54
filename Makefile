# lessonpack: `make` sets up and builds every pack; `make test` sets up and runs all tests.
# Works on a fresh Debian machine: system libraries come from apt, Python packages into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
# HarfBuzz's subsetter makes WeasyPrint ~8x faster at writing PDFs; poppler-utils is for
# previews; the font packages are where the bundled metric fonts came from. chromium runs the
# site's browser and accessibility tests (Playwright drives it; Playwright's own browser
# download is not used).
APT_PACKAGES := libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium

.PHONY: all build site themes test check lint coverage bench bench-batch bench-incremental clean distclean setup check-pdfs translations

all: build

setup: $(STAMP)

$(SYSTEM_STAMP):
	@mkdir -p $(VENV)
	@if ! ldconfig -p | grep -q libharfbuzz-subset.so.0 || ! command -v pdftoppm >/dev/null || ! test -x /usr/bin/chromium; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing system packages: $(APT_PACKAGES)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi
	@touch $@

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# Every pack: validate and lint, build the default packs and the example school, the
# curriculum coverage report, and the catalogue sites (build/site/ and the school's).
build: $(STAMP)
	$(BIN)/lessonpack check
	$(BIN)/lessonpack lint
	$(BIN)/lessonpack build
	$(BIN)/lessonpack build --school schools/example-primary.yaml
	$(BIN)/lessonpack coverage
	$(BIN)/lessonpack site
	$(BIN)/lessonpack site --school schools/example-primary.yaml

site: $(STAMP)
	$(BIN)/lessonpack site

# The packs in every other theme, into build/themes/<name>/.
themes: $(STAMP)
	for theme in dyslexia-friendly large-print campaign-example; do $(BIN)/lessonpack build --theme $$theme || exit 1; done

check: $(STAMP)
	$(BIN)/lessonpack check

lint: $(STAMP)
	$(BIN)/lessonpack lint

coverage: $(STAMP)
	$(BIN)/lessonpack coverage

test: $(STAMP)
	$(BIN)/python -m pytest

# After changing the letters' wording: refresh locale/letters.pot and merge it into every language's
# .po file (new wording arrives untranslated, changed wording fuzzy: `lessonpack check` lists both).
translations: $(STAMP)
	$(BIN)/python -m generator.translations.catalogue

# Audit every PDF of a full build for PDF/UA-1 (the pdfua checker and our structure-tree checks).
check-pdfs: build
	$(BIN)/python -m generator.pdf.audit build

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Campaign batches against the naive way (one document per letter); add ARGS="--recipients 10000".
bench-batch: $(STAMP)
	$(BIN)/python bench/bench_batch.py $(ARGS)

# A full build, a one-lesson edit and a no-op build, each the whole command timed from the shell.
bench-incremental: $(STAMP)
	$(BIN)/python bench/incremental.py

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache
