// Internal to the decorator model: pieces of the shape analysis (decorator_definition.cpp) that the
// model builder (decorator_stack.cpp) reuses to describe a definition, or to tell that a def cannot
// be a decorator, without analysing it. Stateless; any thread may call these.
#pragma once

#include "analysis/decorator_model.hpp"

#include <cstdint>
#include <string_view>

namespace closurelens::analysis::decorator_analysis {

// The parameters of a def or lambda, as Signature reports them.
Signature parseSignature(TSNode parameters, std::string_view source);
// The same into `out`, reusing its storage, up to the first `limit` parameters (a `/` after them
// then leaves their kinds as they were).
void parseSignature(TSNode parameters, std::string_view source, Signature& out,
                    size_t limit = SIZE_MAX);

// Whether the def starts with `async`.
bool isAsyncDef(TSNode def);

// The value of a return statement, parentheses removed; null for a bare `return`.
TSNode returnValue(TSNode returnStatement);

// The `index`th positional argument of a call, parentheses removed, or null.
TSNode positionalArgument(TSNode call, int index);

// Whether `node` (parentheses removed) is the identifier `name`.
bool isIdentifier(TSNode node, std::string_view name, std::string_view source);

} // namespace closurelens::analysis::decorator_analysis
