// The analysis measured against the parse it starts from (see parse_bench.cpp for parse alone).
#include "bench/stdlib_corpus.hpp"

#include "analysis/analyzed_document.hpp"
#include "analysis/checks.hpp"

#include <benchmark/benchmark.h>

#include <chrono>

namespace closurelens::bench {
namespace {

// A document opened and dropped, nothing analysed: the baseline the analysis adds to.
void openDocumentStdlib(benchmark::State& state) {
  const Corpus& corpus = stdlibCorpus();
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      analysis::Document doc(file.text);
      auto snapshot = doc.snapshot();
      benchmark::DoNotOptimize(snapshot.tree.get());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(openDocumentStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

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

// Parse and analysis of each file timed apart in the same loop, so that both see the same
// machine: the counter `analysis_over_parse` is the share the analysis adds to the parse
// (issue 3's target: at most 0.25), which separate benchmarks minutes apart measure less surely.
void analysisOverParseStdlib(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const Corpus& corpus = stdlibCorpus();
  Clock::duration parsing{}, analysing{};
  for (auto _ : state) {
    for (const auto& file : corpus.files) {
      auto start = Clock::now();
      analysis::Document doc(file.text);
      auto parsed = Clock::now();
      auto analyzed = analysis::AnalyzedDocument::analyze(doc.snapshot());
      benchmark::DoNotOptimize(analyzed.get());
      auto done = Clock::now();
      parsing += parsed - start;
      analysing += done - parsed;
    }
  }
  auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  state.counters["parse_s"] = seconds(parsing) / static_cast<double>(state.iterations());
  state.counters["analysis_s"] = seconds(analysing) / static_cast<double>(state.iterations());
  state.counters["analysis_over_parse"] = seconds(analysing) / seconds(parsing);
}
BENCHMARK(analysisOverParseStdlib)->Unit(benchmark::kMillisecond)->MinTime(2.0);

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

using AnalysisPtr = std::shared_ptr<const analysis::AnalyzedDocument>;

// One character typed in a function of _pydecimal.py and deleted again (two edits per
// iteration), each edit followed by `reanalyze(snapshot, previous analysis)`, which the server
// does before answering. With `parseUntimed` the clock stops while the edits are parsed.
template <class Reanalyze>
void pydecimalEdits(benchmark::State& state, bool parseUntimed, Reanalyze reanalyze) {
  analysis::Document doc(pydecimalSource());
  const uint32_t at = pydecimalEditOffset();
  AnalysisPtr previous = analysis::AnalyzedDocument::analyze(doc.snapshot(), {}, nullptr, nullptr,
                                                             analysis::AnalysisPurpose::Editing);
  auto edit = [&](uint32_t end, std::string_view text) {
    if (parseUntimed) state.PauseTiming();
    doc.applyEdit(at, end, text);
    if (parseUntimed) state.ResumeTiming();
    previous = reanalyze(doc.snapshot(), std::move(previous));
  };
  for (auto _ : state) {
    edit(at, "x");
    edit(at + 1, "");
    benchmark::DoNotOptimize(previous.get());
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

// The previous analysis handed over, as the server hands it: it gives up the statements the
// edit did not touch.
AnalysisPtr takeOver(analysis::Snapshot snapshot, AnalysisPtr previous) {
  return analysis::AnalyzedDocument::analyzeAfter(std::move(snapshot), std::move(previous));
}

void pydecimalEditReparseAndReanalyze(benchmark::State& state) {
  pydecimalEdits(state, false, takeOver);
}

// The re-analysis alone. Compare with pydecimalEditReparse (parse_bench.cpp).
void pydecimalEditReanalyzeOnly(benchmark::State& state) {
  pydecimalEdits(state, true, takeOver);
}

// The previous analysis only read from (as when a request still holds it).
void pydecimalEditReparseAndReanalyzeShared(benchmark::State& state) {
  pydecimalEdits(state, false, [](analysis::Snapshot snapshot, const AnalysisPtr& previous) {
    return analysis::AnalyzedDocument::analyze(std::move(snapshot), {}, previous.get());
  });
}

// Every statement analysed again, as before incremental analysis.
void pydecimalEditReparseAndFullAnalysis(benchmark::State& state) {
  pydecimalEdits(state, false, [](analysis::Snapshot snapshot, const AnalysisPtr&) {
    return analysis::AnalyzedDocument::analyze(std::move(snapshot));
  });
}
BENCHMARK(pydecimalEditReparseAndReanalyze)->Unit(benchmark::kMicrosecond);
BENCHMARK(pydecimalEditReanalyzeOnly)->Unit(benchmark::kMicrosecond);
BENCHMARK(pydecimalEditReparseAndReanalyzeShared)->Unit(benchmark::kMicrosecond);
BENCHMARK(pydecimalEditReparseAndFullAnalysis)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace closurelens::bench
