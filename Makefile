# Two commands on a fresh machine: `make site` then `make test` (see README).
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := true

.PHONY: site test test-wheel handbook-shots serve bench lint format schema golden clean test-deps province province-base

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## site: install into .venv and build the reference site with PDFs and offline audio
site: $(STAMP)
	$(BIN)/outreach build --engine espeak

## province: build the example province (a base catalogue and three communes) in parallel
province: $(STAMP)
	$(BIN)/outreach batch examples/province/communes/* --engine espeak \
	  --cache-dir .cache/province

## province-base: re-derive the example province's base from the reference procedures.yaml
province-base: $(STAMP)
	$(BIN)/python scripts/sync_province_base.py

## test: run the test suite (browser/PDF-image tests skip with a reason without chromium/poppler)
test: $(STAMP)
	$(BIN)/python -m pytest

## test-wheel: build the wheel, install it (not editable) in a fresh venv, build a project
test-wheel: $(STAMP)
	$(BIN)/python -m pytest -m wheel tests/test_wheel.py

## handbook-shots: retake the handbook's screenshots (chromium) into the package scaffold
handbook-shots: $(STAMP)
	$(BIN)/python -m pytest -m handbook_shots tests/browser/test_handbook_shots.py

## serve: live preview at http://127.0.0.1:8000 (reloads on procedures.yaml/announcements edits)
serve: $(STAMP)
	$(BIN)/outreach serve

## bench: build-speed, size, memory, print and audio benchmarks (prints ratios)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

## lint: ruff + mypy
lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format scripts tests

## schema: JSON Schema files for editor autocompletion
schema: $(STAMP)
	$(BIN)/outreach schema -o schema

## test-deps: Debian packages the browser and PDF-image tests use (needs root)
test-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils libreoffice-writer-nogui

clean:
	rm -rf site .cache
