// Inlay hints and semantic tokens: closure facts painted onto the code. Plain structs in byte
// offsets, converted to LSP by the server. Pure functions of an AnalyzedDocument; any thread.
#pragma once

#include "analysis/analyzed_document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace closurelens::analysis {

enum class InlayHintKind { Captures, DecoratorApplication, LateBound };

struct InlayHintOptions {
  bool captures = true;
  bool decoratorApplication = true;
  bool lateBound = true;
  uint32_t maxLength = 60; // the application expression is shortened with `…` past this
};

struct InlayHintPart {
  std::string value;
  std::optional<ByteRange> target; // where the part links to (a captured name's binding)
};

struct InlayHintInfo {
  uint32_t position = 0; // the hint is shown before this byte
  InlayHintKind kind = InlayHintKind::Captures;
  std::vector<InlayHintPart> parts;
  std::string tooltip; // markdown
};

// The hints whose position lies in [range.start, range.end].
std::vector<InlayHintInfo> inlayHints(const AnalyzedDocument& doc, ByteRange range,
                                      const InlayHintOptions& options);

enum class TokenType : uint32_t { Variable, Parameter, Function, Decorator };
namespace token_modifier {
inline constexpr uint32_t FreeVariable = 1U << 0;
inline constexpr uint32_t CellVariable = 1U << 1;
inline constexpr uint32_t Rebound = 1U << 2;
} // namespace token_modifier

struct SemanticToken {
  ByteRange range; // never spans lines
  TokenType type = TokenType::Variable;
  uint32_t modifiers = 0;
};

// Tokens for captured names, cell variables and decorator names, sorted by position, limited to
// those starting in `range`.
std::vector<SemanticToken> semanticTokens(const AnalyzedDocument& doc, ByteRange range);

} // namespace closurelens::analysis
