// Server-side cost of the editor requests on _pydecimal.py, as the request handlers run them
// (analysis query plus conversion to the LSP result), on an analysis already made:
// hover at every function name and at every use of a captured name (p50 and p99 of single
// requests as counters), inlay hints and semantic tokens for the whole file. The same on
// json/encoder.py, whose _make_iterencode captures 29 names used hundreds of times: the
// closure-heavy case.
#include "bench/stdlib_corpus.hpp"

#include "analysis/closure_facts.hpp"
#include "server/document_store.hpp"
#include "server/editor_features.hpp"
#include "server/hover_handler.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>

namespace closurelens::bench {
namespace {

using protocol::PositionEncoding;

struct OpenFile {
  asio::thread_pool pool{1};
  std::shared_ptr<server::OpenDocument> entry;
  std::vector<protocol::Position> functionNames;
  std::vector<protocol::Position> capturedUses;

  explicit OpenFile(const std::string& relativePath) {
    entry = std::make_shared<server::OpenDocument>("file:///bench/" + relativePath,
                                                   asio::make_strand(pool.get_executor()));
    entry->document.emplace(stdlibSource(relativePath));
    auto analyzed = entry->analyzed();
    const protocol::LineIndex& lines = entry->lineIndex();
    auto at = [&](uint32_t byte) { return lines.positionOf(byte, PositionEncoding::Utf16); };
    for (const analysis::Scope& scope : analyzed->scopes.scopes()) {
      if (scope.kind == analysis::ScopeKind::Function && scope.nameRange.end != 0)
        functionNames.push_back(at(scope.nameRange.start));
      for (const analysis::Symbol& symbol : scope.symbols) {
        if (symbol.scope != analysis::SymbolScope::Free) continue;
        for (const analysis::Occurrence& occurrence : symbol.occurrences)
          capturedUses.push_back(at(occurrence.range.start));
      }
    }
  }
};

OpenFile& pydecimal() {
  static OpenFile open("_pydecimal.py");
  return open;
}

OpenFile& jsonEncoder() {
  static OpenFile open("json/encoder.py");
  return open;
}

// Every position once per iteration; the single requests' times give the percentiles.
void hoverAt(benchmark::State& state, OpenFile& open,
             const std::vector<protocol::Position>& positions) {
  std::vector<double> micros;
  for (auto _ : state) {
    for (const protocol::Position& position : positions) {
      auto start = std::chrono::steady_clock::now();
      nlohmann::json result = server::hoverResult(*open.entry, position, PositionEncoding::Utf16,
                                                  protocol::MarkupKind::Markdown);
      auto end = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(result);
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  auto percentile = [&](double p) {
    return micros.empty() ? 0.0 : micros[static_cast<size_t>(p * (micros.size() - 1))];
  };
  state.counters["positions"] = static_cast<double>(positions.size());
  state.counters["p50_us"] = percentile(0.50);
  state.counters["p99_us"] = percentile(0.99);
  state.counters["max_us"] = micros.empty() ? 0.0 : micros.back();
}

void hoverFunctionNames(benchmark::State& state) {
  hoverAt(state, pydecimal(), pydecimal().functionNames);
}
BENCHMARK(hoverFunctionNames)->Unit(benchmark::kMillisecond);

void hoverCapturedNames(benchmark::State& state) {
  hoverAt(state, pydecimal(), pydecimal().capturedUses);
}
BENCHMARK(hoverCapturedNames)->Unit(benchmark::kMillisecond);

void hoverCapturedNamesClosureHeavy(benchmark::State& state) {
  hoverAt(state, jsonEncoder(), jsonEncoder().capturedUses);
}
BENCHMARK(hoverCapturedNamesClosureHeavy)->Unit(benchmark::kMillisecond);

protocol::Range wholeFile(server::OpenDocument& entry) {
  const protocol::LineIndex& lines = entry.lineIndex();
  return {protocol::Position{0, 0},
          lines.positionOf(static_cast<uint32_t>(entry.document->text().size()),
                           PositionEncoding::Utf16)};
}

void inlayHintsOf(benchmark::State& state, OpenFile& open) {
  const protocol::Range range = wholeFile(*open.entry);
  for (auto _ : state) {
    nlohmann::json hints = server::inlayHintsResult(
        *open.entry, range, analysis::InlayHintOptions{}, PositionEncoding::Utf16);
    benchmark::DoNotOptimize(hints);
  }
}

void inlayHintsWholeFile(benchmark::State& state) {
  inlayHintsOf(state, pydecimal());
}
BENCHMARK(inlayHintsWholeFile)->Unit(benchmark::kMicrosecond);

void inlayHintsWholeFileClosureHeavy(benchmark::State& state) {
  inlayHintsOf(state, jsonEncoder());
}
BENCHMARK(inlayHintsWholeFileClosureHeavy)->Unit(benchmark::kMicrosecond);

void semanticTokensWholeFile(benchmark::State& state) {
  OpenFile& open = pydecimal();
  for (auto _ : state) {
    nlohmann::json tokens =
        server::semanticTokensResult(*open.entry, std::nullopt, PositionEncoding::Utf16);
    benchmark::DoNotOptimize(tokens);
  }
}
BENCHMARK(semanticTokensWholeFile)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace closurelens::bench
