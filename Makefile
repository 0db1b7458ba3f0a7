# Two commands on a fresh machine: `make site` then `make test` (see README).
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
LOCK    := requirements/lock.txt
BENCH_LOCK  := requirements/bench-lock.txt
BENCH_STAMP := $(VENV)/.installed-bench
UV      := uv==0.13.9
export NO_MKDOCS_2_WARNING := true

.PHONY: site test test-wheel serve bench lint format schema golden clean test-deps province province-base handbook-shots lock lock-upgrade

# Exact versions with hashes from the lock, then outreach itself (editable, no resolving).
# `pip check` catches a lock older than pyproject.toml's ranges: run `make lock`.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check || { echo "$(LOCK) does not satisfy pyproject.toml: run 'make lock'"; exit 1; }
	touch $(STAMP)

# The benchmarks' speech recognisers (the bench extra), from their own lock: the same pins as
# $(LOCK) plus theirs. Only `make bench` needs them.
$(BENCH_STAMP): $(STAMP) $(BENCH_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(BENCH_LOCK)
	$(BIN)/python -m pip check || { echo "$(BENCH_LOCK) does not satisfy pyproject.toml: run 'make lock'"; exit 1; }
	touch $(BENCH_STAMP)

## lock: refresh requirements/lock.txt from pyproject.toml (keeps current pins; adds what is new)
# One lock for every platform and Python >= 3.11, with the hashes of every file of each version.
# uv resolves against the default package index, never the pip configuration of this machine.
LOCK_ARGS := pyproject.toml requirements/build.in --extra test --universal --python-version 3.11 \
	--generate-hashes --no-config --custom-compile-command "make lock" --quiet
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(UV)"
	$(BIN)/uv pip compile $(LOCK_ARGS) -o $(LOCK)
	$(BIN)/uv pip compile $(LOCK_ARGS) --extra bench -o $(BENCH_LOCK)

## lock-upgrade: the newest versions pyproject.toml's ranges allow, then `make site test`
lock-upgrade:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(UV)"
	$(BIN)/uv pip compile $(LOCK_ARGS) --upgrade -o $(LOCK)
	$(BIN)/uv pip compile $(LOCK_ARGS) --extra bench -o $(BENCH_LOCK)

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
bench: $(BENCH_STAMP)
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

## test-deps: Debian packages the browser and PDF-image tests use, and HarfBuzz's font subsetter
## (each PDF about three times faster than with fontTools) (needs root)
test-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils libreoffice-writer-nogui \
	  libharfbuzz-subset0

clean:
	rm -rf site .cache
