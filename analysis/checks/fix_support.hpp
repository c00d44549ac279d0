// Pieces that several fixes need: the indentation of a line, the file's line ending, and how to
// refer to a standard-library name in the file's own import style, adding the import to the
// file's import block when it is missing. Pure functions; any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/finding.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace closurelens::analysis {

// The leading spaces and tabs of the line holding `byte`, exactly as written.
std::string_view indentationAt(std::string_view source, uint32_t byte);

// "\r\n" when the file's first line ends so, else "\n".
std::string_view lineEnding(std::string_view source);

// The indentation one level deeper than `indent`, following the file's own step (a tab, or the
// first indentation width the file uses, 4 spaces when it uses none).
std::string indentInside(std::string_view source, std::string_view indent);

// The byte at which the line holding `byte` starts.
uint32_t lineStartAt(std::string_view source, uint32_t byte);

struct ImportedName {
  std::string expression;       // what to write in code: "wraps", "functools.wraps", "ft.wraps"
  std::optional<TextEdit> edit; // the import to add, when the file has none that serves
};

// How to name `module.name` at module level of `doc`: through `from module import name [as x]`
// when the file has it, else through `import module [as m]`, else by adding `import module` to
// the import block (after the module docstring and `from __future__` imports, after the file's
// other top-level imports at the top of the file). Never duplicates an import.
ImportedName importedName(const AnalyzedDocument& doc, std::string_view module,
                          std::string_view name);

} // namespace closurelens::analysis
