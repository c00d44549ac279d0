// The inputs the benchmarks share: the machine's standard library, loaded once into memory.
// Single-threaded use only (benchmarks run one at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace closurelens::bench {

struct SourceFile {
  std::string path;
  std::string text;
};

struct Corpus {
  std::vector<SourceFile> files;
  std::uint64_t bytes = 0;
};

// The *.py files under $CLOSURELENS_BENCH_STDLIB, or under the python3 standard library
// (without site-packages) when the variable is not set.
const Corpus& stdlibCorpus();

const std::string& pydecimalSource();
// One file of the standard library by its relative path (e.g. "json/encoder.py"), read once.
const std::string& stdlibSource(const std::string& relativePath);
// A byte offset inside a function body of _pydecimal.py, where the edit benchmarks type.
std::uint32_t pydecimalEditOffset();

} // namespace closurelens::bench
