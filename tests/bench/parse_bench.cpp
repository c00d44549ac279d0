// Parse-only baselines: what the analysis is measured against.
#include "bench/stdlib_corpus.hpp"

#include "analysis/document.hpp"

#include <benchmark/benchmark.h>

namespace closurelens::bench {
namespace {

void parseStdlib(benchmark::State& state) {
  const Corpus& corpus = stdlibCorpus();
  auto parser = analysis::makePythonParser();
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      analysis::TreePtr tree = analysis::parsePython(parser.get(), file.text);
      benchmark::DoNotOptimize(tree.get());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["files"] = static_cast<double>(corpus.files.size());
}
BENCHMARK(parseStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// One character typed inside a function of _pydecimal.py and deleted again: each iteration is
// two incremental re-parses.
void pydecimalEditReparse(benchmark::State& state) {
  analysis::Document doc(pydecimalSource());
  uint32_t at = pydecimalEditOffset();
  for (auto _ : state) {
    doc.applyEdit(at, at, "x");
    doc.applyEdit(at, at + 1, "");
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(pydecimalEditReparse)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace closurelens::bench

BENCHMARK_MAIN();
