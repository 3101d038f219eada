# The README's two commands: `make run` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell $(PYTHON) -c 'import hashlib,sys;print(hashlib.sha1(open("pyproject.toml","rb").read()).hexdigest()[:12])')
export WARTA_INDEX_DIR ?= index

.PHONY: setup run test test-fast clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# Build the index from seeds/ only when there is none (no table of contents), then serve as
# the Procfile does (an index the app cannot read answers 503 with the reason);
# gunicorn prints the address to open, and Ctrl-C stops it (and its workers) cleanly.
run: $(STAMP)
	@if ! ls "$(WARTA_INDEX_DIR)"/_MAIN_*.toc >/dev/null 2>&1; then \
		echo "No index in $(WARTA_INDEX_DIR)/: building it from seeds/"; \
		$(BIN)/warta index seeds/; \
	fi
	exec $(BIN)/gunicorn --config web/gunicorn.conf.py "web:create_app()"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

clean:
	rm -rf $(VENV) build *.egg-info
