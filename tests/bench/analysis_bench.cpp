// The analysis measured against the parse it starts from (see parse_bench.cpp for parse alone).
#include "bench/stdlib_corpus.hpp"

#include "analysis/analyzed_document.hpp"
#include "analysis/checks.hpp"

#include <benchmark/benchmark.h>

namespace closurelens::bench {
namespace {

// Parse, then build scopes and the decorator model: what every file costs the server.
void parseAndAnalyzeStdlib(benchmark::State& state) {
  const Corpus& corpus = stdlibCorpus();
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      analysis::Document doc(file.text);
      auto analyzed = analysis::AnalyzedDocument::analyze(doc.snapshot());
      benchmark::DoNotOptimize(analyzed.get());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(parseAndAnalyzeStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The same, plus every rule check.
void parseAnalyzeAndCheckStdlib(benchmark::State& state) {
  const Corpus& corpus = stdlibCorpus();
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      analysis::Document doc(file.text);
      auto analyzed = analysis::AnalyzedDocument::analyze(doc.snapshot());
      auto findings = analysis::runAllChecks(*analyzed);
      benchmark::DoNotOptimize(findings.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(parseAnalyzeAndCheckStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The standard library parsed once, for the benchmarks that time one analysis step alone.
const std::vector<analysis::Document>& parsedStdlib() {
  static const std::vector<analysis::Document> docs = [] {
    std::vector<analysis::Document> out;
    out.reserve(stdlibCorpus().files.size());
    for (const auto& file : stdlibCorpus().files)
      out.emplace_back(file.text);
    return out;
  }();
  return docs;
}

void scopesOnlyStdlib(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& doc : parsedStdlib()) {
      auto scopes = analysis::ScopeTree::build(ts_tree_root_node(doc.tree()), doc.text());
      benchmark::DoNotOptimize(scopes.scopes().data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stdlibCorpus().bytes));
}
BENCHMARK(scopesOnlyStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void decoratorsOnlyStdlib(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& doc : parsedStdlib()) {
      auto model = analysis::DecoratorModel::build(ts_tree_root_node(doc.tree()), doc.text());
      benchmark::DoNotOptimize(model.decorated().data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stdlibCorpus().bytes));
}
BENCHMARK(decoratorsOnlyStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// One character typed in a function of _pydecimal.py and deleted again, each followed by the
// re-analysis the server does before answering (two edits per iteration).
void pydecimalEditReparseAndReanalyze(benchmark::State& state) {
  analysis::Document doc(pydecimalSource());
  uint32_t at = pydecimalEditOffset();
  for (auto _ : state) {
    doc.applyEdit(at, at, "x");
    auto first = analysis::AnalyzedDocument::analyze(doc.snapshot());
    benchmark::DoNotOptimize(first.get());
    doc.applyEdit(at, at + 1, "");
    auto second = analysis::AnalyzedDocument::analyze(doc.snapshot());
    benchmark::DoNotOptimize(second.get());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(pydecimalEditReparseAndReanalyze)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace closurelens::bench
