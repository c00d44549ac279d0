# The two commands of the README:
#   make run   installs what is missing, builds in Release, checks examples/ and prints the findings
#   make test  installs what is missing, builds, runs every test, then every test again under
#              AddressSanitizer + UndefinedBehaviorSanitizer, the server's threading tests under
#              ThreadSanitizer, and each fuzz target for a short while
# Also: make fuzz-long [FUZZ_SECONDS=600] fuzzes every target for that long on the whole seed
# corpus (make -j3 fuzz-long runs them side by side), growing build-fuzz/tests/fuzz/corpus/.
# Both are idempotent: a second run rebuilds nothing that did not change.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := fuzz_transport fuzz_analysis fuzz_edits
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja

.PHONY: deps build run test test-release test-asan test-tsan test-fuzz fuzz-build fuzz-seeds-full \
        fuzz-long $(addprefix fuzz-long-,$(FUZZ_TARGETS)) format-check bench bench-peers soak format \
        tidy clean

deps:
	@./scripts/install_deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

$(ASAN_BUILD)/build.ninja: | deps
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCLOSURELENS_SANITIZE=ON -DCLOSURELENS_BENCH=OFF

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run_examples.sh $(BUILD)/server/closurelens

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 1800

test-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 1800

$(TSAN_BUILD)/build.ninja: | deps
	cmake -S . -B $(TSAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCLOSURELENS_TSAN=ON -DCLOSURELENS_BENCH=OFF

$(FUZZ_BUILD)/build.ninja: | deps
	cmake -S . -B $(FUZZ_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCLOSURELENS_FUZZ=ON -DCLOSURELENS_TESTS=OFF -DCLOSURELENS_BENCH=OFF

# The server's threads under ThreadSanitizer: its unit tests (language_server_threads_test drives
# a whole server in process) and the end-to-end transcripts through the real binary. A report
# fails the run even when it came after a test had passed (log_path collects them all).
test-tsan: deps $(TSAN_BUILD)/build.ninja
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target closurelens server_unit_tests
	rm -rf $(TSAN_BUILD)/tsan-reports && mkdir -p $(TSAN_BUILD)/tsan-reports
	cd $(TSAN_BUILD) && \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 log_path=$(abspath $(TSAN_BUILD))/tsan-reports/report" \
	  ctest --output-on-failure -j $(JOBS) -R '^(server|e2e)\.' --timeout 1800
	@if ls $(TSAN_BUILD)/tsan-reports/report* >/dev/null 2>&1; then \
	  cat $(TSAN_BUILD)/tsan-reports/report*; echo "ThreadSanitizer reported the races above"; exit 1; fi

fuzz-build: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS)

test-fuzz: fuzz-build
	cd $(FUZZ_BUILD) && ctest --output-on-failure -j $(JOBS) -L fuzz

fuzz-seeds-full: fuzz-build
	python3 tests/fuzz/make_seeds.py --out $(FUZZ_BUILD)/tests/fuzz/seeds-full \
	  --transcripts tests/e2e/transcripts

fuzz-long: $(addprefix fuzz-long-,$(FUZZ_TARGETS))

$(addprefix fuzz-long-,$(FUZZ_TARGETS)): fuzz-long-%: fuzz-seeds-full
	python3 tests/fuzz/run_fuzzer.py --binary $(FUZZ_BUILD)/tests/fuzz/$* \
	  --seconds $(FUZZ_SECONDS) --seeds $(FUZZ_BUILD)/tests/fuzz/seeds-full/$* \
	  --corpus $(FUZZ_BUILD)/tests/fuzz/corpus/$* --work $(FUZZ_BUILD)/tests/fuzz/work

format-check: deps
	@bad=$$(for f in $$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c'); do \
	  clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not clang-format clean:" $$bad; exit 1; fi; \
	echo "clang-format: clean"

test: format-check test-release test-asan test-tsan test-fuzz

bench: build
	./tests/bench/run_benchmarks.sh $(BUILD)

# closurelens next to pyright, basedpyright, ruff-wasm and pylint (installed into a temporary
# folder, never dependencies); about an hour on 2 cores. Results: docs/peer_comparison.md.
bench-peers: build
	./tests/bench/peers/run_peer_benchmarks.sh $(BUILD)

# The full soak (tests/soak/; short versions of the same run in `make test`, label soak).
soak: build
	python3 tests/soak/run_soak.py $(BUILD)/server/closurelens

format:
	git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | xargs clang-format -i

tidy: build
	git ls-files 'protocol/*.cpp' 'analysis/*.cpp' 'server/*.cpp' | \
	  xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
