// Shared by the decorator checks (wrapper_checks.cpp, decorator_use_check.cpp): where each
// decorator definition of a file is applied, the syntax nodes behind the model's byte ranges, and
// the line-level edits their fixes are made of. Pure functions over an immutable AnalyzedDocument;
// any thread may call them.
#pragma once

#include "analysis/analyzed_document.hpp"
#include "analysis/checks/fix_support.hpp"
#include "analysis/finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace closurelens::analysis::decorator_fixes {

// One application of a same-file decorator definition: `decorated.layers[layer]` resolves to it.
struct DecoratorUse {
  const DecoratedDefinition* decorated = nullptr;
  size_t layer = 0;
};

// For each entry of doc.decorators.definitions(), the layers that resolve to it, in file order.
std::vector<std::vector<DecoratorUse>> usesByDefinition(const AnalyzedDocument& doc);

// Index of `definition` in doc.decorators.definitions().
size_t indexOf(const AnalyzedDocument& doc, const DecoratorDefinition& definition);

std::string_view textOf(std::string_view source, ByteRange range);

// `range` without trailing spaces, tabs and line breaks (a decorator node ends with its newline).
ByteRange trimmed(std::string_view source, ByteRange range);

// The smallest node spanning `range`: for the range of a def with its decorators, the
// decorated_definition; for a bare def, the function_definition.
TSNode nodeAt(const AnalyzedDocument& doc, ByteRange range);

// The nodes from `from` down to the deepest one spanning `range`, `from` first. Walks down with a
// cursor: ts_node_parent in tree-sitter 0.20 walks from the root on every call.
std::vector<TSNode> pathTo(TSNode from, ByteRange range);

// The function_definition/class_definition inside a decorated_definition, or `node` itself.
TSNode definitionOf(TSNode node);

// The body block of a def or class (through a decorated_definition), or a null node.
TSNode bodyOf(TSNode node);

// The named, non-comment statements of a block.
std::vector<TSNode> statementsOf(TSNode block);

// `return` statements running in the frame of `def` (not in nested functions or classes).
std::vector<TSNode> ownReturns(TSNode def);
// Whether `def`'s own frame yields (a generator: falling off the end is normal).
bool ownFrameYields(TSNode def);

// The returned expression of a return statement, without parentheses, or a null node.
TSNode returnedValue(TSNode returnStatement);

// Whether the identifier `name` occurs in `node` other than inside `except`.
bool mentions(TSNode node, std::string_view source, std::string_view name, ByteRange except = {});

// The byte just past the line break ending the line that holds `byte` (the text size on the last
// line).
uint32_t nextLineStart(std::string_view source, uint32_t byte);

// An edit that appends `statement` as the new last statement of `block`, on its own line with the
// indentation of the block's statements. Empty when the block shares its line with its header
// (`def f(): pass`), where there is no indentation to follow.
std::optional<TextEdit> appendToBlock(const AnalyzedDocument& doc, TSNode block,
                                      std::string_view statement);

// An edit that inserts `line` (without indentation or line break) as a line of its own above the
// line holding `byte`, with that line's indentation.
TextEdit insertLineAbove(const AnalyzedDocument& doc, uint32_t byte, std::string_view line);

// An edit that deletes the whole line(s) of `range`, when nothing but blanks and a comment
// shares them.
std::optional<TextEdit> deleteLines(std::string_view source, ByteRange range);

// importedName(), computed once per check run: it scans the module's statements, and a file can
// hold thousands of findings that each need the same name.
class ImportedNames {
public:
  explicit ImportedNames(const AnalyzedDocument& doc) : doc_(doc) {}
  const ImportedName& get(std::string_view module, std::string_view name);

private:
  const AnalyzedDocument& doc_;
  std::vector<std::pair<std::string, ImportedName>> cache_;
};

// "`fetch` (line 17)".
std::string nameAndLine(const AnalyzedDocument& doc, std::string_view name, uint32_t byte);

} // namespace closurelens::analysis::decorator_fixes
