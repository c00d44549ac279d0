# The two commands of the README:
#   make run   installs what is missing, builds in Release, checks examples/ and prints the findings
#   make test  installs what is missing, builds, runs every test, then the unit and end-to-end
#              tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# Both are idempotent: a second run rebuilds nothing that did not change.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja

.PHONY: deps build run test test-release test-asan format-check bench soak format tidy clean

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
	  ctest --output-on-failure -j $(JOBS) -L 'unit|e2e' --timeout 1800

format-check: deps
	@bad=$$(for f in $$(git ls-files '*.cpp' '*.hpp' '*.h'); do \
	  clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not clang-format clean:" $$bad; exit 1; fi; \
	echo "clang-format: clean"

test: format-check test-release test-asan

bench: build
	./tests/bench/run_benchmarks.sh $(BUILD)

# The full soak (tests/soak/; short versions of the same run in `make test`, label soak).
soak: build
	python3 tests/soak/run_soak.py $(BUILD)/server/closurelens

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	git ls-files 'protocol/*.cpp' 'analysis/*.cpp' 'server/*.cpp' | \
	  xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
