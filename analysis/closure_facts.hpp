// Closure facts derived from a ScopeTree and its syntax tree, in the terms hover, inlay hints and
// the closure rules speak: where each captured variable lives, how the closure uses it, whether it
// is late-bound. Pure functions of an AnalyzedDocument; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace closurelens::analysis {

struct CapturedVariable {
  std::string name;                 // as in co_freevars (mangled inside classes)
  uint32_t cellIndex;               // its index in __closure__
  uint32_t owner = kNoScope;        // the scope whose cell it is
  std::vector<Occurrence> bindings; // where the owner binds it
  // How the closure itself uses it; all false when it only passes it through to inner scopes.
  bool read = false;
  bool mutatedInPlace = false;           // x.append(...), x[k] = v, x.attr = v
  std::optional<ByteRange> rebound;      // first rebinding through `nonlocal`
  std::vector<uint32_t> passedThroughTo; // inner scopes that use it, when this one does not
  // A loop of the owner, around the closure, that rebinds the name: every closure made in the
  // loop sees the last value.
  std::optional<ByteRange> lateBoundLoop;
};

// One entry per name of scope.freevars, in that order; only the one named `only` when given.
std::vector<CapturedVariable> capturedVariables(const AnalyzedDocument& doc, const Scope& scope,
                                                std::string_view only = {});

struct CellCapture {
  std::string name;                 // as in co_cellvars
  std::vector<uint32_t> capturedBy; // inner scopes that read or write it
};

// One entry per name of scope.cellvars, in that order.
std::vector<CellCapture> cellCaptures(const AnalyzedDocument& doc, const Scope& scope);

// The scope whose cell `name` (free in `scope`) is, or kNoScope.
uint32_t cellOwner(const ScopeTree& scopes, const Scope& scope, std::string_view name);

// The scope whose own occurrence list holds the identifier at `range`, and that occurrence's
// symbol.
struct NameAt {
  const Scope* scope = nullptr;
  const Symbol* symbol = nullptr;
  const Occurrence* occurrence = nullptr;
};
NameAt nameAt(const ScopeTree& scopes, ByteRange range);

} // namespace closurelens::analysis
