// Internal to AnalyzedDocument: reusing the previous version's decorator model after an edit.
// The model reads whole definitions and the module's bindings, so it is not composed per
// statement like the scopes; instead, when no changed statement holds anything the model keeps
// or looks up, the previous model is moved to the new text. Called on the analysing thread.
#pragma once

#include "analysis/decorator_model.hpp"
#include "analysis/scope_fragment.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace closurelens::analysis {

// Whether `statement`, one of `block`'s own statements (the module `root`, or the body of a
// top-level class when `classBody`), holds a decorated definition or a definition the model keeps
// as a decorator. Errs on the side of yes.
bool statementMayHoldDecorators(TSNode root, TSNode block, TSNode statement,
                                std::string_view source, bool classBody,
                                const ExternalDecorators* externals);

// Whether the model built from `before`'s text can be moved to `after`'s text: false when a
// statement that changed between the two may change the model (one that is or holds a decorated
// definition, a possible decorator, a class header, or a module- or class-level binding other
// than a def's own name, which the model looks up) or when statements moved around.
// `statements` are the UnitNodes of `after`, read from the tree `root`; `externals` answer as
// they did for the model.
bool decoratorModelMovable(const detail::ScopeUnitCache& before,
                           const detail::ScopeUnitCache& after, TSNode root,
                           std::span<const detail::UnitNode> statements,
                           const ExternalDecorators* externals);

// `previous`, built from `before`'s text, moved to `after`'s text (decoratorModelMovable said
// it can be), or nothing when one of its positions falls in a changed statement after all.
std::optional<DecoratorModel> moveDecoratorModel(DecoratorModel previous,
                                                 const detail::ScopeUnitCache& before,
                                                 const detail::ScopeUnitCache& after);

} // namespace closurelens::analysis
