// moveDecoratorModel: the previous decorator model, moved statement by statement to the new text.
#include "analysis/decorator_model_reuse.hpp"
#include "analysis/python_grammar_ids.hpp"

#include <algorithm>

namespace closurelens::analysis {

using detail::ScopeUnit;
using detail::ScopeUnitCache;
using detail::UnitKind;

namespace {

// The names a statement binds at its own level (module or class body), if it binds nothing there
// but the names of its defs and classes; nullopt otherwise.
std::optional<std::vector<std::string>> definedNamesOnly(const ScopeUnit& unit) {
  const auto scopes = unit.fragment->tree.scopes();
  const size_t level = unit.kind == UnitKind::ClassMember ? 1 : 0;
  if (level >= scopes.size()) return std::nullopt;
  std::vector<std::string> names;
  for (const Symbol& symbol : scopes[level].symbols) {
    for (const Occurrence& occurrence : symbol.occurrences) {
      if (occurrence.kind == OccurrenceKind::Read) continue;
      if (occurrence.kind != OccurrenceKind::Definition) return std::nullopt;
      names.push_back(symbol.name);
    }
  }
  return names;
}

} // namespace

// Moves every position of a model from the old text to the new one, statement by statement.
class DecoratorModelMover {
public:
  DecoratorModelMover(const ScopeUnitCache& before, const ScopeUnitCache& after)
      : oldText_(*before.text), newText_(*after.text) {
    for (const ScopeUnit& unit : after.units) {
      if (unit.previous < 0) continue;
      const ScopeUnit& old = before.units[static_cast<size_t>(unit.previous)];
      moves_.push_back({old.range, static_cast<int64_t>(unit.range.start) - old.range.start,
                        static_cast<int64_t>(unit.row) - old.row});
    }
  }

  std::optional<DecoratorModel> move(DecoratorModel model) {
    for (DecoratedDefinition& d : model.decorated_)
      decorated(d);
    for (DecoratorDefinition& d : model.definitions_)
      definition(d);
    if (failed_) return std::nullopt;
    return model;
  }

private:
  struct Move {
    ByteRange old;
    int64_t bytes = 0;
    int64_t rows = 0;
  };

  // The move of the reused statement holding old byte `at`.
  const Move* at(uint32_t byte) {
    auto it = std::upper_bound(moves_.begin(), moves_.end(), byte,
                               [](uint32_t b, const Move& m) { return b < m.old.start; });
    if (it == moves_.begin() || byte >= (it - 1)->old.end) {
      failed_ = true;
      return nullptr;
    }
    return &*(it - 1);
  }

  void range(ByteRange& r) {
    if (r.start == 0 && r.end == 0) return; // not set
    const Move* first = at(r.start);
    const Move* last = r.end > r.start ? at(r.end - 1) : first;
    if (first == nullptr || last == nullptr) return;
    r = {static_cast<uint32_t>(r.start + first->bytes), static_cast<uint32_t>(r.end + last->bytes)};
  }
  // A zero-based row, moved like the old byte `reference` on the same statement.
  void row(uint32_t& line, uint32_t reference) {
    if (const Move* m = at(reference)) line = static_cast<uint32_t>(line + m->rows);
  }
  void view(std::string_view& v) {
    const char* begin = oldText_.data();
    if (v.data() == nullptr || v.data() < begin || v.data() > begin + oldText_.size()) return;
    auto offset = static_cast<uint32_t>(v.data() - begin);
    ByteRange r{offset, offset + static_cast<uint32_t>(v.size())};
    if (v.empty()) {
      const Move* m = at(offset);
      if (m == nullptr) return;
      r = {static_cast<uint32_t>(offset + m->bytes), static_cast<uint32_t>(offset + m->bytes)};
    } else {
      range(r);
    }
    if (failed_ || r.end - r.start != v.size() || r.end > newText_.size()) {
      failed_ = true;
      return;
    }
    v = newText_.substr(r.start, v.size());
  }
  void view(std::optional<std::string_view>& v) {
    if (v) view(*v);
  }

  void signature(Signature& s) {
    for (Parameter& p : s.parameters) {
      view(p.name);
      range(p.range);
    }
  }
  void wraps(WrapsUse& w) {
    view(w.argument);
    range(w.range);
    for (WrapsMisuse& m : w.misuses)
      range(m.range);
  }
  void wrapper(Wrapper& w) {
    row(w.line, w.range.start);
    view(w.name);
    range(w.range);
    range(w.nameRange);
    signature(w.signature);
    view(w.docstring);
    wraps(w.wraps);
    range(w.wrappedCall);
    view(w.resultVariable);
  }
  void function(DecoratorFunction& f) {
    row(f.line, f.range.start);
    view(f.name);
    range(f.range);
    range(f.nameRange);
    signature(f.signature);
    view(f.docstring);
    if (f.wrapper) wrapper(*f.wrapper);
  }
  void definition(DecoratorDefinition& d) {
    row(d.line, d.range.start);
    view(d.name);
    range(d.range);
    range(d.nameRange);
    signature(d.signature);
    view(d.docstring);
    if (d.decorator) function(*d.decorator);
    if (d.classDecorator) {
      ClassDecorator& c = *d.classDecorator;
      signature(c.callSignature);
      signature(c.initSignature);
      if (c.callAsWrapper) wrapper(*c.callAsWrapper);
      if (c.callAsDecorator) function(*c.callAsDecorator);
    }
  }
  void decorated(DecoratedDefinition& d) {
    row(d.line, d.definitionRange.start);
    row(d.firstLine, d.range.start);
    view(d.name);
    range(d.range);
    range(d.definitionRange);
    range(d.nameRange);
    signature(d.signature);
    view(d.enclosingClass);
    view(d.enclosingFunction);
    for (DecoratorLayer& layer : d.layers) {
      row(layer.line, layer.range.start);
      view(layer.expression);
      range(layer.range);
      range(layer.decoratorRange);
      range(layer.headRange);
      range(layer.arguments);
      range(layer.resolution.bindingSite);
    }
  }

  std::string_view oldText_;
  std::string_view newText_;
  std::vector<Move> moves_; // by old position: statements keep their order (checked before)
  bool failed_ = false;
};

bool decoratorModelMovable(const ScopeUnitCache& before, const ScopeUnitCache& after, TSNode root,
                           std::span<const detail::UnitNode> nodes,
                           const ExternalDecorators* externals) {
  if (!before.text || !after.text) return false;
  std::vector<bool> reused(before.units.size(), false);
  int32_t last = -1;
  for (const ScopeUnit& unit : after.units) {
    if (unit.previous < 0) continue;
    if (unit.previous <= last) return false; // statements moved around
    last = unit.previous;
    reused[static_cast<size_t>(unit.previous)] = true;
  }

  std::vector<std::string> removedNames;
  for (size_t i = 0; i < before.units.size(); ++i) {
    if (reused[i]) continue;
    const ScopeUnit& unit = before.units[i];
    if (unit.kind == UnitKind::ClassHeader) return false;
    auto names = definedNamesOnly(unit);
    if (!names) return false;
    removedNames.insert(removedNames.end(), names->begin(), names->end());
  }

  std::vector<std::string> addedNames;
  if (nodes.size() != after.units.size()) return false;
  const PythonGrammarIds& ids = PythonGrammarIds::get();
  for (size_t i = 0; i < after.units.size(); ++i) {
    const ScopeUnit& unit = after.units[i];
    if (unit.previous >= 0) continue;
    if (unit.kind == UnitKind::ClassHeader || unit.hasError) return false;
    const std::string_view text =
        std::string_view(*after.text).substr(unit.range.start, unit.range.end - unit.range.start);
    if (text.find('@') != std::string_view::npos) return false;
    auto names = definedNamesOnly(unit);
    if (!names) return false;
    addedNames.insert(addedNames.end(), names->begin(), names->end());
    const bool member = unit.kind == UnitKind::ClassMember;
    TSNode block = member ? ts_node_child_by_field_id(nodes[i].classNode, ids.fieldBody) : root;
    if (statementMayHoldDecorators(root, block, nodes[i].node, *after.text, member, externals))
      return false;
  }
  std::sort(removedNames.begin(), removedNames.end());
  std::sort(addedNames.begin(), addedNames.end());
  return removedNames == addedNames;
}

std::optional<DecoratorModel> moveDecoratorModel(DecoratorModel previous,
                                                 const ScopeUnitCache& before,
                                                 const ScopeUnitCache& after) {
  return DecoratorModelMover(before, after).move(std::move(previous));
}

} // namespace closurelens::analysis
