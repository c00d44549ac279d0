#include "analysis/document.hpp"

#include <cstdlib>
#include <limits>

namespace closurelens::analysis {
namespace {

struct CopiedTreeDeleter {
  void operator()(const TSTree* tree) const noexcept { ts_tree_delete(const_cast<TSTree*>(tree)); }
};

TSPoint advance(TSPoint point, std::string_view text) {
  for (char c : text) {
    if (c == '\n') {
      ++point.row;
      point.column = 0;
    } else {
      ++point.column;
    }
  }
  return point;
}

} // namespace

Document::Document(std::string text)
    : parser_(makePythonParser()), text_(std::make_shared<const std::string>(std::move(text))) {
  tree_ = parsePython(parser_.get(), *text_);
  lines_ = std::make_shared<const LineTable>(*text_);
}

Snapshot Document::snapshot() const {
  return Snapshot{
      text_, std::shared_ptr<const TSTree>(ts_tree_copy(tree_.get()), CopiedTreeDeleter{}), lines_};
}

bool Document::applyEdit(uint32_t startByte, uint32_t oldEndByte, std::string_view newText,
                         std::vector<ByteRange>* changed) {
  const std::string& old = *text_;
  if (startByte > oldEndByte || oldEndByte > old.size()) return false;
  if (old.size() - (oldEndByte - startByte) + newText.size() >
      std::numeric_limits<uint32_t>::max()) {
    return false;
  }

  TSInputEdit edit{};
  edit.start_byte = startByte;
  edit.old_end_byte = oldEndByte;
  edit.new_end_byte = startByte + static_cast<uint32_t>(newText.size());
  edit.start_point = pointAt(startByte);
  edit.old_end_point = pointAt(oldEndByte);
  edit.new_end_point = advance(edit.start_point, newText);

  std::string next;
  next.reserve(old.size() - (oldEndByte - startByte) + newText.size());
  next.append(old, 0, startByte);
  next.append(newText);
  next.append(old, oldEndByte, std::string::npos);
  text_ = std::make_shared<const std::string>(std::move(next));

  ts_tree_edit(tree_.get(), &edit);
  TreePtr fresh = parsePython(parser_.get(), *text_, tree_.get());
  if (changed) {
    changed->clear();
    uint32_t count = 0;
    TSRange* ranges = ts_tree_get_changed_ranges(tree_.get(), fresh.get(), &count);
    for (uint32_t i = 0; i < count; ++i)
      changed->push_back({ranges[i].start_byte, ranges[i].end_byte});
    std::free(ranges);
    changed->push_back({edit.start_byte, edit.new_end_byte});
  }
  tree_ = std::move(fresh);
  lines_ = std::make_shared<const LineTable>(*text_);
  return true;
}

void Document::replaceAll(std::string text) {
  text_ = std::make_shared<const std::string>(std::move(text));
  tree_ = parsePython(parser_.get(), *text_);
  lines_ = std::make_shared<const LineTable>(*text_);
}

} // namespace closurelens::analysis
