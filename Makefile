# symc: one Makefile for a fresh Debian bookworm machine. Every target installs
# what it needs first (idempotently): system packages, .venv, the package.
#
#   make setup   install system packages, create .venv, build and install symc
#   make test    lit + pytest
#   make demo    run an example end to end
#   make bench   the BENCHMARKS.md workloads against NumPy and the peers

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := setup

VENV       := .venv
PY         := $(VENV)/bin/python
BUILD_DIR  := build/cmake
STAMPS     := build/stamps
LLVM_BIN   := /usr/lib/llvm-22/bin

# Debian packages: LLVM/MLIR 22 (FileCheck and lit come with llvm-22-tools),
# a compiler and fast linker of the same version, and the build tools.
APT_PACKAGES := llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools \
                clang-22 lld-22 ccache ninja-build cmake python3-venv python3-dev \
                libopenblas-dev graphviz

# Recursive (=), not simple (:=): make expands them when a recipe runs, so
# the first build on a fresh machine, whose apt step installs clang-22 and
# ccache, configures CMake with them and not with the system's gcc (gcc
# orders some of the lowering's ops differently and cannot build the lit
# tests' LLVM IR).
export CC  = $(shell command -v clang-22 2>/dev/null || echo cc)
export CXX = $(shell command -v clang++-22 2>/dev/null || echo c++)
export SYMC_LAUNCHER = $(shell command -v ccache 2>/dev/null || true)
export MLIR_DIR := /usr/lib/llvm-22/lib/cmake/mlir
export PATH := $(LLVM_BIN):$(PATH)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BENCH_VENV := build/bench-venv

.PHONY: setup apt venv build test test-lit test-py demo bench bench-venv clean

setup: build

# Installs only the packages that are missing, so a second run costs nothing.
apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(STAMPS)/venv: pyproject.toml | apt
	@mkdir -p $(STAMPS)
	[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# Build requirements are installed here because the editable build runs
	# without isolation (that keeps the CMake build directory incremental).
	$(PY) -m pip install -q "scikit-build-core>=0.10" "nanobind>=2.4" "numpy>=2.0" \
	  "pytest>=8" "lit>=18" "hypothesis>=6" "scipy>=1.11" "mpmath>=1.3" "scikit-learn>=1.3"
	touch $@

venv: $(STAMPS)/venv

# pip re-runs CMake/ninja in the fixed build dir: only what changed rebuilds.
build: venv
	$(PY) -m pip install -q --no-build-isolation --no-deps -e .
	@$(PY) -c "import symc" && echo "symc installed in $(VENV)"

test-lit: build
	$(VENV)/bin/lit -sv $(BUILD_DIR)/tests/lit

# Then the differential test again with every buffer before an inaccessible
# page (runtime/README.md): generated code that writes past one faults.
test-py: build
	$(PY) -m pytest -q
	SYMC_GUARD_ALLOCATIONS=1 $(PY) -m pytest -q -p no:cacheprovider tests/e2e/test_differential.py

test: test-lit test-py

# The digits MLP trained end to end (examples/mlp_digits.py; the digits ship
# with scikit-learn), then symc-opt on the IR examples.
demo: build
	$(PY) examples/mlp_digits.py
	@for f in examples/*.mlir; do \
	  echo "== symc-opt $$f --pass-pipeline='builtin.module(func.func(symc-infer-shapes,canonicalize,cse))'"; \
	  $(VENV)/bin/symc-opt $$f --pass-pipeline='builtin.module(func.func(symc-infer-shapes,canonicalize,cse))'; \
	done

# The peers live in their own environment; symc comes from .venv through a
# .pth file, so `make test` never sees them.
$(STAMPS)/bench-venv: benchmarks/requirements.txt | venv
	@mkdir -p $(STAMPS)
	[ -x $(BENCH_VENV)/bin/python ] || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --upgrade pip
	@grep -v '^\s*#' benchmarks/requirements.txt | grep -v '^\s*$$' | while read -r req; do \
	  extra=""; case "$$req" in torch*) extra="--extra-index-url https://download.pytorch.org/whl/cpu";; esac; \
	  $(BENCH_VENV)/bin/python -m pip install -q $$extra "$$req" || echo "WARNING: peer $$req not installed"; \
	done
	$(BENCH_VENV)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" > $(STAMPS)/bench-site
	echo "import site; site.addsitedir('$$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")')" \
	  > "$$(cat $(STAMPS)/bench-site)/symc-dev-env.pth"
	touch $@

bench-venv: $(STAMPS)/bench-venv

# CC/CXX are this Makefile's build compilers; the peers get the system's
# (torch.compile's C++ code does not build with clang++-22).
bench: build bench-venv
	env -u CC -u CXX $(BENCH_VENV)/bin/python benchmarks/run.py

clean:
	rm -rf build $(VENV)
