# Two commands set everything up from a fresh Debian 12 / Ubuntu machine that has only python3:
#   make run    install, migrate + seed the embedded database, start the kiosk on simulated devices
#   make test   install, then run the whole suite headless
# Both are idempotent: a second run only does what is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KIOSK  := $(VENV)/bin/kiosk
STAMP  := $(VENV)/.installed
# Debian packages: venv support, Qt's runtime libraries (QtCore needs GLib; the offscreen, xcb and
# Wayland platforms), the CJK font the UI, the printer simulator and the PDFs embed, poppler (pdftoppm:
# tests look at the PDFs), Xvfb for headless runs, espeak-ng (voice guidance), Debian's chromium and its
# chromium-driver (the hall console's browser test drives them with Selenium; nothing is downloaded at
# test time), cage (the Wayland kiosk compositor the deployed kiosk runs in, deploy/kiosk.service).
# Checked on a bare Debian 12 root with ../shared/tools/fresh-debian-check (only python3, git and make there).
APT_PACKAGES := espeak-ng python3-venv python3-pip libglib2.0-0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
	libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	libxcb-randr0 libxcb-render-util0 libxcb-image0 libwayland-client0 libwayland-cursor0 libwayland-egl1 \
	fonts-wqy-microhei poppler-utils xvfb xauth cage chromium chromium-driver
SYSDEPS_STAMP := var/.sysdeps-ok

.PHONY: run test bench lint coverage setup sysdeps db tour clean help
.DEFAULT_GOAL := help

help:
	@echo "make run    - set up everything and start the kiosk on simulated devices (needs a display)"
	@echo "make test   - set up everything and run the whole test suite headless"
	@echo "make bench  - run the benchmarks (table + bench-results.json)"
	@echo "make tour   - headless tour of every flow into ./tour"
	@echo "make lint   - ruff, import contracts, type checker (mypy)"
	@echo "make coverage - branch coverage of the codecs, the flow state machines and the tax rules (>= 95 %)"

sysdeps: $(SYSDEPS_STAMP)
$(SYSDEPS_STAMP): Makefile
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
		else \
			echo "System packages are missing. Run this once, then 'make' again:"; \
			echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi
	@mkdir -p var && touch $@

$(STAMP): pyproject.toml constraints.txt | $(SYSDEPS_STAMP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,postgres]'
	@touch $@

setup: $(STAMP)

db: setup
	$(KIOSK) db upgrade
	$(KIOSK) db seed --demo --if-empty

run: db
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "No display found: the kiosk needs a screen. Use 'xvfb-run -a make run' (virtual screen) or 'make tour' (headless screenshots)."; \
		exit 1; \
	fi
	$(KIOSK) run --simulate

test: setup
	scripts/with-postgres.sh $(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Branch coverage where it is demanded in full: the device codecs, the flow state machines, the tax
# rules. The scope and the 95 % floor are in pyproject.toml ([tool.coverage.*]).
coverage: setup
	$(PY) -m pytest -q -p no:randomly tests/devices/idcard tests/devices/escpos tests/kiosk/flow \
		tests/kiosk/rules tests/kiosk/tax --cov --cov-branch --cov-report=term-missing:skip-covered

bench: setup
	$(PY) -m bench.run

tour: db
	$(KIOSK) tour --out tour

clean:
	rm -rf var tour bench-results.json .pytest_cache
