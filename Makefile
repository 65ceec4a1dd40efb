# Idésluss: `make run` starts the platform with demo data; `make test` runs every test.
# Both create the virtual environment (.venv) when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check lint typecheck worker messages clean-data

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Start the platform on http://localhost:8000/ with demo data (embedded PostgreSQL unless DATABASE_URL).
run: $(STAMP)
	$(BIN)/python deploy/local/start.py

## Run the whole test suite against real PostgreSQL, a real Celery worker and Chromium.
test: $(STAMP)
	$(BIN)/python deploy/local/ensure_chromium.py
	$(BIN)/python deploy/local/ensure_xmlsec.py
	$(BIN)/python -m pytest

## Lint and type-check (CI runs this too).
check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy shared tenants network billing platform/config

## A Celery worker for every queue (needs CELERY_BROKER_URL).
worker: $(STAMP)
	cd platform && ../$(BIN)/celery -A config worker -Q default,mail,provisioning -l info

## Recompile the translations after editing platform/locale/*/LC_MESSAGES/django.po.
messages: $(STAMP)
	$(BIN)/python deploy/local/compile_messages.py

## Stop nothing, delete the embedded database and uploaded files (asks first).
clean-data:
	@read -p "Delete .data/ (the embedded database and uploads)? [y/N] " answer; \
	if [ "$$answer" = "y" ]; then rm -rf .data; echo "Deleted .data/"; else echo "Kept .data/"; fi
