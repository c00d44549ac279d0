// Every place that reads or writes one closure cell, across the function that owns it and the
// inner functions that capture it: what definition, references and document highlights show.
// Pure functions of an AnalyzedDocument; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace closurelens::analysis {

struct CellIdentity {
  uint32_t owner = kNoScope; // the scope whose cell it is
  std::string name;          // as in co_cellvars
};

struct CellReference {
  ByteRange range;
  uint32_t scope = kNoScope; // the scope whose code holds the identifier
  bool write = false;        // binds, rebinds or deletes the cell
  bool binding = false;      // a binding in the owner (what "go to definition" lands on)
};

// The cell named by the identifier at `byte`, when it is a captured name or a cell variable.
std::optional<CellIdentity> cellAt(const AnalyzedDocument& doc, uint32_t byte);

// All uses of the cell in source order.
std::vector<CellReference> cellReferences(const AnalyzedDocument& doc, const CellIdentity& cell);

} // namespace closurelens::analysis
