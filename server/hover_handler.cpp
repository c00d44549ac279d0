#include "server/hover_handler.hpp"

#include "analysis/hover_query.hpp"

namespace closurelens::server {

nlohmann::json hoverResult(OpenDocument& document, protocol::Position position,
                           protocol::PositionEncoding encoding, protocol::MarkupKind format) {
  const protocol::LineIndex& lines = document.lineIndex();
  auto analyzed = document.analyzed();
  if (!analyzed) return nullptr;
  uint32_t offset = lines.clampedOffsetOf(position, encoding);
  auto info = analysis::hoverAt(*analyzed, offset);
  if (!info) return nullptr;
  protocol::Hover hover;
  hover.contents.kind = format;
  hover.contents.value = format == protocol::MarkupKind::Markdown ? std::move(info->markdown)
                                                                  : std::move(info->plaintext);
  hover.range = lines.rangeOf(info->range.start, info->range.end, encoding);
  return hover;
}

} // namespace closurelens::server
