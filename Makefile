# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test lint format lock serve worker setup clean

# The demo runs the task worker beside the development server, so search
# indexing and reply e-mails (printed to this terminal) happen as they would live.
# Another address: make demo ADDRESS=127.0.0.1:8101 (and BASE_URL to match).
ADDRESS ?= 127.0.0.1:8000
demo: setup
	@$(MANAGE) load_demo --address $(ADDRESS)
	@echo "Serving the demo at http://$(ADDRESS)/ (Ctrl-C stops it)"
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(ADDRESS)

test: $(VENV)/.dev-installed .env
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The lock files: every package pinned with its hashes, generated from the
# ranges in pyproject.toml. Run after changing a range; commit the result.
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev-installed
	$(LOCK) --output-file requirements.lock pyproject.toml
	$(LOCK) --extra dev --output-file requirements-dev.lock pyproject.toml

# Production on one machine: settings from the environment (or .env) with
# DEBUG off, the database migrated, static files collected for WhiteNoise, then
# the task worker in the background and gunicorn in the foreground; stopping
# gunicorn (Ctrl-C) stops the worker too. deploy/ has systemd units instead.
serve worker: export DEBUG := false
serve: $(VENV)/.installed
	@mkdir -p data media
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py masthead.wsgi

# The background task worker alone: db_worker, or RQ when REDIS_URL is set.
worker: $(VENV)/.installed
	$(MANAGE) run_worker

# Install, write .env if missing, and bring the database up to date.
setup: $(VENV)/.installed .env
	@mkdir -p data media
	@$(MANAGE) migrate --noinput
	@$(MANAGE) createcachetable

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

# A development .env with a fresh secret key; never overwrites an existing one.
.env:
	@sed -e "s/^SECRET_KEY=$$/SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')/" \
	     -e "s/^DEBUG=false$$/DEBUG=true/" .env.example > .env
	@echo "Wrote .env for development (DEBUG on, a fresh SECRET_KEY)."

clean:
	rm -rf $(VENV) staticfiles
