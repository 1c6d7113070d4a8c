# hipstack: the two commands of the README's Quick start are `make demo` and
# `make test`. Everything else here is a building block of those two.
JOBS ?= $(shell nproc)
# ccache (when installed) shares compiled objects between clones of the tree.
export CCACHE_BASEDIR := $(CURDIR)
FUZZ_SECONDS ?= 60

.PHONY: all deps build test test-unit test-asan fuzz demo demo-sim bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset default
	cmake --build build -j $(JOBS)

# Sanitizer build and unit tests, a bounded fuzzing run, then the full suite:
# ctest's summary of the full suite is the last thing printed.
test: deps test-asan fuzz test-unit

test-unit: build
	ctest --test-dir build -j $(JOBS) --output-on-failure

test-asan: deps
	cmake --preset asan
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan -j $(JOBS) -L unit --output-on-failure

fuzz: deps
	cmake --preset fuzz
	cmake --build build-fuzz -j $(JOBS) --target fuzz_parse_packet fuzz_esp_decap
	scripts/run-fuzz.sh build-fuzz/fuzz/fuzz_parse_packet fuzz/corpus/parse_packet $(FUZZ_SECONDS)
	scripts/run-fuzz.sh build-fuzz/fuzz/fuzz_esp_decap fuzz/corpus/esp_decap 30

# Builds only what the demos run, so a first `make demo` does not wait for the tests.
demo: deps
	cmake --preset default
	cmake --build build -j $(JOBS) --target hipd hipctl hip-sim-demo
	scripts/demo.sh

# The state machine in the deterministic simulator (no root needed).
demo-sim: deps
	cmake --preset default
	cmake --build build -j $(JOBS) --target hipctl hip-sim-demo
	scripts/demo-sim.sh

# The whole benchmark suite, then bench/results.md and bench/plots/*.svg from it
# (about 10 minutes on 2 cores after the build; the network parts need root and
# are reported as skipped without it). Knobs: scripts/run-bench.sh --help.
bench: deps
	cmake --preset bench
	cmake --build build-bench -j $(JOBS)
	scripts/run-bench.sh build-bench

clean:
	rm -rf build build-asan build-fuzz build-bench
