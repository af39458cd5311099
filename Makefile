# Two commands: `make run` (install into .venv, start the web app) and `make test` (install, lint, run
# tests); `make test-fast` runs the unit layer only, `make lint` the checks alone.
# Re-running either when nothing changed installs nothing: the venv is rebuilt only when pyproject.toml is.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A CPU-only torch. On the project's machines this version is a local CPU wheel; elsewhere set
# TORCH_INDEX to PyTorch's CPU wheel index (see README) so pip never pulls a multi-GB CUDA build.
TORCH       ?= torch==2.13.0
TORCH_INDEX ?=
CHROMIUM    ?= /usr/bin/chromium

export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

TESSERACT   ?= /usr/bin/tesseract
SOFFICE     ?= /usr/bin/soffice

.PHONY: run test test-fast lint install browser ocr office clean screenshots reader-carry

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "$(TORCH)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test,lint,cluster,mcp]"
	touch $(STAMP)

# Browser tests drive Debian's chromium (playwright cannot download its own browsers offline).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found at $(CHROMIUM): browser tests will be skipped"; fi; }

# Scans and images are read by Debian's Tesseract 5 with its English data (nothing downloads at run time).
ocr:
	@test -x $(TESSERACT) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null; \
	  else echo "tesseract not found at $(TESSERACT): scans will be skipped and OCR tests fail; apt-get install tesseract-ocr"; fi; }

# Word and PowerPoint 97-2003 files (.doc, .ppt) are converted by Debian's LibreOffice, run headless.
office:
	@test -x $(SOFFICE) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-writer-nogui libreoffice-impress-nogui >/dev/null; \
	  else echo "LibreOffice not found at $(SOFFICE): .doc and .ppt files will be skipped; apt-get install libreoffice-writer-nogui libreoffice-impress-nogui"; fi; }

run: $(STAMP) ocr office
	$(BIN)/python app.py

test: lint browser ocr office
	$(BIN)/python -m pytest -q

# ruff (lint and format, rules in pyproject.toml) over the code and tests, mypy over qa/: zero findings.
lint: $(STAMP)
	$(BIN)/ruff check qa tests app.py
	$(BIN)/ruff format --check qa tests app.py
	$(BIN)/mypy

# The unit layer: a deterministic fake embedder, no model, server, browser or subprocess (~15 s).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not integration"

# The README's screenshots of the web page, retaken by the browser tests that reach each state.
screenshots: $(STAMP) browser
	QA_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/integration/test_web.py tests/integration/test_daily.py tests/integration/test_signin.py

# What a lent GPU needs to train the reader (qa/train/gpu.sh): the base weights rounded to int8 (23 MB, so the
# working tree that travels stays under 64 MiB), its config and tokenizer, and the two SQuAD files.
reader-carry: $(STAMP)
	$(BIN)/python -m qa.train.reader x --transit .carry/base/weights.int8.pt
	$(BIN)/python -m qa.train.student x --init qa/read/model --carry .carry/teacher
	mkdir -p .carry/data
	cp ../shared/eval/squad2-train-part.json ../shared/eval/squad2-train-more.json.gz .carry/data/

clean:
	rm -rf $(VENV) index/CURRENT index/gen-* index/.tmp-* index/.lock
