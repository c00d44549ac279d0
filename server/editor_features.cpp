#include "server/editor_features.hpp"

#include "analysis/cell_references.hpp"

namespace closurelens::server {
namespace {

using nlohmann::json;

analysis::ByteRange byteRange(const protocol::LineIndex& lines, const protocol::Range& range,
                              protocol::PositionEncoding encoding) {
  return {lines.clampedOffsetOf(range.start, encoding), lines.clampedOffsetOf(range.end, encoding)};
}

std::string_view kindName(analysis::InlayHintKind kind) {
  switch (kind) {
  case analysis::InlayHintKind::Captures:
    return "captures";
  case analysis::InlayHintKind::DecoratorApplication:
    return "decoratorApplication";
  case analysis::InlayHintKind::LateBound:
    return "lateBound";
  }
  return "captures";
}

json hintJson(const analysis::InlayHintInfo& hint, const std::string& uri, int64_t version,
              const protocol::LineIndex& lines, protocol::PositionEncoding encoding) {
  json label = json::array();
  for (const auto& part : hint.parts) {
    json p = {{"value", part.value}};
    if (part.target) {
      p["location"] =
          protocol::Location{uri, lines.rangeOf(part.target->start, part.target->end, encoding)};
    }
    label.push_back(std::move(p));
  }
  return {{"position", lines.positionOf(hint.position, encoding)},
          {"label", std::move(label)},
          {"paddingLeft", true},
          {"data",
           {{"uri", uri},
            {"version", version},
            {"offset", hint.position},
            {"kind", kindName(hint.kind)}}}};
}

} // namespace

json semanticTokensLegend() {
  return {{"tokenTypes", {"variable", "parameter", "function", "decorator"}},
          {"tokenModifiers", {"freeVariable", "cellVariable", "rebound"}}};
}

json inlayHintsResult(OpenDocument& document, const protocol::Range& range,
                      const analysis::InlayHintOptions& options,
                      protocol::PositionEncoding encoding) {
  json out = json::array();
  auto analyzed = document.analyzed();
  if (!analyzed) return out;
  const protocol::LineIndex& lines = document.lineIndex();
  for (const auto& hint :
       analysis::inlayHints(*analyzed, byteRange(lines, range, encoding), options)) {
    out.push_back(hintJson(hint, document.uri, document.version, lines, encoding));
  }
  return out;
}

json resolveInlayHint(OpenDocument& document, const json& hint,
                      const analysis::InlayHintOptions& options) {
  json out = hint;
  const json* data = hint.contains("data") ? &hint["data"] : nullptr;
  auto analyzed = document.analyzed();
  // value() and not operator[]: on a const json, operator[] of a missing key reads out of bounds.
  if (!data || !data->is_object() || !analyzed || !data->contains("offset") ||
      !(*data)["offset"].is_number_unsigned() ||
      data->value("version", json()) != document.version) {
    return out; // stale or foreign: returned as it came
  }
  auto offset = (*data)["offset"].get<uint32_t>();
  json kind = data->value("kind", json());
  for (const auto& candidate : analysis::inlayHints(*analyzed, {offset, offset}, options)) {
    if (candidate.position == offset && kind == kindName(candidate.kind)) {
      out["tooltip"] = {{"kind", "markdown"}, {"value", candidate.tooltip}};
      break;
    }
  }
  return out;
}

json semanticTokensResult(OpenDocument& document, const std::optional<protocol::Range>& range,
                          protocol::PositionEncoding encoding) {
  json data = json::array();
  auto analyzed = document.analyzed();
  if (!analyzed) return {{"data", data}};
  const protocol::LineIndex& lines = document.lineIndex();
  analysis::ByteRange bytes =
      range ? byteRange(lines, *range, encoding) : analysis::ByteRange{0, lines.textSize()};
  protocol::Position previous{0, 0};
  for (const auto& token : analysis::semanticTokens(*analyzed, bytes)) {
    protocol::Position start = lines.positionOf(token.range.start, encoding);
    protocol::Position end = lines.positionOf(token.range.end, encoding);
    if (end.line != start.line) continue; // tokens may not span lines
    uint32_t deltaLine = start.line - previous.line;
    uint32_t deltaStart = deltaLine == 0 ? start.character - previous.character : start.character;
    data.push_back(deltaLine);
    data.push_back(deltaStart);
    data.push_back(end.character - start.character);
    data.push_back(static_cast<uint32_t>(token.type));
    data.push_back(token.modifiers);
    previous = start;
  }
  return {{"data", data}};
}

namespace {

// The references of the cell named at `position`, or nullopt when it names none.
std::optional<std::vector<analysis::CellReference>>
referencesAt(OpenDocument& document, protocol::Position position,
             protocol::PositionEncoding encoding) {
  auto analyzed = document.analyzed();
  if (!analyzed) return std::nullopt;
  auto cell = analysis::cellAt(*analyzed, document.lineIndex().clampedOffsetOf(position, encoding));
  if (!cell) return std::nullopt;
  return analysis::cellReferences(*analyzed, *cell);
}

} // namespace

json definitionResult(OpenDocument& document, protocol::Position position,
                      protocol::PositionEncoding encoding) {
  auto refs = referencesAt(document, position, encoding);
  if (!refs) return nullptr;
  const protocol::LineIndex& lines = document.lineIndex();
  json out = json::array();
  for (const auto& ref : *refs) {
    if (!ref.binding) continue;
    out.push_back(
        protocol::Location{document.uri, lines.rangeOf(ref.range.start, ref.range.end, encoding)});
  }
  return out.empty() ? json(nullptr) : out;
}

json referencesResult(OpenDocument& document, protocol::Position position, bool includeDeclaration,
                      protocol::PositionEncoding encoding) {
  auto refs = referencesAt(document, position, encoding);
  if (!refs) return nullptr;
  const protocol::LineIndex& lines = document.lineIndex();
  json out = json::array();
  for (const auto& ref : *refs) {
    if (ref.binding && !includeDeclaration) continue;
    out.push_back(
        protocol::Location{document.uri, lines.rangeOf(ref.range.start, ref.range.end, encoding)});
  }
  return out;
}

json documentHighlightResult(OpenDocument& document, protocol::Position position,
                             protocol::PositionEncoding encoding) {
  auto refs = referencesAt(document, position, encoding);
  if (!refs) return nullptr;
  const protocol::LineIndex& lines = document.lineIndex();
  json out = json::array();
  for (const auto& ref : *refs) {
    // DocumentHighlightKind: 2 = Read, 3 = Write.
    out.push_back({{"range", lines.rangeOf(ref.range.start, ref.range.end, encoding)},
                   {"kind", ref.write ? 3 : 2}});
  }
  return out;
}

} // namespace closurelens::server
