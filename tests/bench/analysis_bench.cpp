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

// One analysis step alone, on a tree parsed just before (untimed), as the server runs it: a tree
// parsed long ago and walked cold from memory costs several times more.
template <class Step> void stepOnStdlib(benchmark::State& state, Step step) {
  const Corpus& corpus = stdlibCorpus();
  auto parser = analysis::makePythonParser();
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      state.PauseTiming();
      analysis::TreePtr tree = analysis::parsePython(parser.get(), file.text);
      state.ResumeTiming();
      step(ts_tree_root_node(tree.get()), file.text);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}

void scopesOnlyStdlib(benchmark::State& state) {
  stepOnStdlib(state, [](TSNode root, std::string_view text) {
    auto scopes = analysis::ScopeTree::build(root, text);
    benchmark::DoNotOptimize(scopes.scopes().data());
  });
}
BENCHMARK(scopesOnlyStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void decoratorsOnlyStdlib(benchmark::State& state) {
  stepOnStdlib(state, [](TSNode root, std::string_view text) {
    auto model = analysis::DecoratorModel::build(root, text);
    benchmark::DoNotOptimize(model.decorated().data());
  });
}
BENCHMARK(decoratorsOnlyStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// One character typed in a function of _pydecimal.py and deleted again, each followed by the
// re-analysis the server does before answering (two edits per iteration): the analysis of the
// previous version, handed over as the server hands it, gives up the statements the edit did not
// touch.
void pydecimalEditReparseAndReanalyze(benchmark::State& state) {
  analysis::Document doc(pydecimalSource());
  uint32_t at = pydecimalEditOffset();
  auto previous = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr,
                                                      analysis::AnalysisPurpose::Editing);
  for (auto _ : state) {
    doc.applyEdit(at, at, "x");
    auto first = analysis::AnalyzedDocument::analyzeAfter(doc.snapshot(), std::move(previous));
    doc.applyEdit(at, at + 1, "");
    previous = analysis::AnalyzedDocument::analyzeAfter(doc.snapshot(), std::move(first));
    benchmark::DoNotOptimize(previous.get());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

// The re-analysis alone: the same edits, with the clock stopped while they are parsed. Compare
// with pydecimalEditReparse (parse_bench.cpp).
void pydecimalEditReanalyzeOnly(benchmark::State& state) {
  analysis::Document doc(pydecimalSource());
  uint32_t at = pydecimalEditOffset();
  auto previous = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr,
                                                      analysis::AnalysisPurpose::Editing);
  for (auto _ : state) {
    state.PauseTiming();
    doc.applyEdit(at, at, "x");
    state.ResumeTiming();
    auto first = analysis::AnalyzedDocument::analyzeAfter(doc.snapshot(), std::move(previous));
    state.PauseTiming();
    doc.applyEdit(at, at + 1, "");
    state.ResumeTiming();
    previous = analysis::AnalyzedDocument::analyzeAfter(doc.snapshot(), std::move(first));
    benchmark::DoNotOptimize(previous.get());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

// The same, the previous analysis only read from (another thread still holds it).
void pydecimalEditReparseAndReanalyzeShared(benchmark::State& state) {
  analysis::Document doc(pydecimalSource());
  uint32_t at = pydecimalEditOffset();
  auto previous = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr,
                                                      analysis::AnalysisPurpose::Editing);
  for (auto _ : state) {
    doc.applyEdit(at, at, "x");
    auto first = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, previous.get());
    doc.applyEdit(at, at + 1, "");
    previous = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, first.get());
    benchmark::DoNotOptimize(previous.get());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

// The same with every statement analysed again, as before incremental analysis.
void pydecimalEditReparseAndFullAnalysis(benchmark::State& state) {
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
BENCHMARK(pydecimalEditReanalyzeOnly)->Unit(benchmark::kMicrosecond);
BENCHMARK(pydecimalEditReparseAndReanalyzeShared)->Unit(benchmark::kMicrosecond);
BENCHMARK(pydecimalEditReparseAndFullAnalysis)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace closurelens::bench
