#include "analysis/hover_query.hpp"

#include "analysis/closure_facts.hpp"
#include "analysis/external_decorators.hpp"

#include <cstring>
#include <string_view>
#include <vector>

namespace closurelens::analysis {
namespace {

// Collects one hover in markdown; the plaintext form drops the markup.
class HoverWriter {
public:
  void paragraph(std::string markdown) { blocks_.push_back(std::move(markdown)); }

  void code(std::string_view python) {
    blocks_.push_back("```python\n" + std::string(python) + "\n```");
  }

  void table(const std::vector<std::string>& headers,
             const std::vector<std::vector<std::string>>& rows) {
    std::string md = "|";
    for (const auto& h : headers)
      md += " " + h + " |";
    md += "\n|";
    for (size_t i = 0; i < headers.size(); ++i)
      md += "---|";
    for (const auto& row : rows) {
      md += "\n|";
      for (const auto& cell : row)
        md += " " + escapeCell(cell) + " |";
    }
    blocks_.push_back(std::move(md));
  }

  HoverInfo finish(ByteRange range) const {
    HoverInfo info;
    info.range = range;
    for (size_t i = 0; i < blocks_.size(); ++i) {
      if (i) info.markdown += "\n\n";
      info.markdown += blocks_[i];
    }
    info.plaintext = toPlain(info.markdown);
    return info;
  }

private:
  static std::string escapeCell(const std::string& cell) {
    std::string out;
    for (char c : cell) {
      if (c == '|') out += "\\";
      out += c;
    }
    return out;
  }

  static std::string toPlain(std::string_view md) {
    std::string out;
    bool lineStart = true;
    for (size_t i = 0; i < md.size(); ++i) {
      if (md.compare(i, 3, "```") == 0) {
        size_t eol = md.find('\n', i);
        i = eol == std::string_view::npos ? md.size() : eol;
        if (!out.empty() && out.back() != '\n') out += '\n';
        lineStart = true;
        continue;
      }
      if (lineStart && md.compare(i, 4, "|---") == 0) {
        size_t eol = md.find('\n', i);
        i = eol == std::string_view::npos ? md.size() : eol;
        lineStart = true;
        continue;
      }
      char c = md[i];
      if (c == '`' || (c == '*' && i + 1 < md.size() && md[i + 1] == '*')) {
        if (c == '*') ++i;
        continue;
      }
      if (c == '\\' && i + 1 < md.size() && md[i + 1] == '|') continue;
      if (c == '|' && (lineStart || i + 1 == md.size() || md[i + 1] == '\n')) continue;
      out += c == '|' ? ' ' : c;
      lineStart = c == '\n';
    }
    return out;
  }

  std::vector<std::string> blocks_;
};

std::string pyTuple(const std::vector<std::string>& names) {
  if (names.empty()) return "()";
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += "'" + names[i] + "'";
  }
  if (names.size() == 1) out += ",";
  return out + ")";
}

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

std::string scopeLabel(const Scope& scope) {
  switch (scope.kind) {
  case ScopeKind::Module:
    return "the module";
  case ScopeKind::Lambda:
    return code(scope.qualname);
  default:
    return code(scope.name);
  }
}

std::string_view bindingWord(OccurrenceKind kind) {
  switch (kind) {
  case OccurrenceKind::Parameter:
    return "parameter";
  case OccurrenceKind::Import:
    return "import";
  case OccurrenceKind::Definition:
    return "def/class";
  default:
    return "assignment";
  }
}

std::string boundIn(const AnalyzedDocument& doc, const CapturedVariable& v) {
  if (v.owner == kNoScope) return "?";
  const Scope& owner = doc.scopes.scope(v.owner);
  if (owner.kind == ScopeKind::Class && v.name == "__class__") {
    return "implicit cell of class " + code(owner.name) + " (made by `super()`/`__class__`)";
  }
  std::string out = scopeLabel(owner);
  if (!v.bindings.empty()) {
    const Occurrence& first = v.bindings.front();
    out += ", line " + std::to_string(doc.lineNumber(first.range.start)) + " (" +
           std::string(bindingWord(first.kind)) + ")";
    if (v.bindings.size() > 1) {
      out += ", rebound at line";
      out += v.bindings.size() > 2 ? "s " : " ";
      for (size_t i = 1; i < v.bindings.size(); ++i) {
        if (i > 1) out += ", ";
        out += std::to_string(doc.lineNumber(v.bindings[i].range.start));
      }
    }
  }
  return out;
}

std::string useHere(const AnalyzedDocument& doc, const CapturedVariable& v) {
  std::vector<std::string> uses;
  if (v.rebound) {
    uses.push_back("rebound via `nonlocal` at line " +
                   std::to_string(doc.lineNumber(v.rebound->start)));
  }
  if (v.mutatedInPlace) uses.emplace_back("mutated in place");
  if (v.read && uses.empty()) uses.emplace_back("read");
  if (uses.empty() && !v.passedThroughTo.empty()) {
    std::string names;
    for (size_t i = 0; i < v.passedThroughTo.size(); ++i) {
      if (i) names += ", ";
      names += scopeLabel(doc.scopes.scope(v.passedThroughTo[i]));
    }
    uses.push_back("only passed through to " + names);
  }
  std::string out;
  for (size_t i = 0; i < uses.size(); ++i)
    out += (i ? "; " : "") + uses[i];
  if (v.lateBoundLoop) {
    out += "; **late-bound**: the loop at line " +
           std::to_string(doc.lineNumber(v.lateBoundLoop->start)) +
           " rebinds it, calls made later see its last value";
  }
  return out.empty() ? "—" : out;
}

void writeClosure(HoverWriter& w, const AnalyzedDocument& doc, const Scope& scope) {
  std::string subject = scope.kind == ScopeKind::Lambda ? "" : std::string(scope.name) + ".";
  if (scope.freevars.empty()) {
    w.paragraph("**" + std::string(scopeKindName(scope.kind)) + "** " + code(scope.qualname) +
                " is not a closure: " + code(subject + "__code__.co_freevars == ()"));
  } else {
    w.paragraph("**closure** " + code(scope.qualname));
    w.paragraph(code(subject + "__code__.co_freevars == " + pyTuple(scope.freevars)));
    std::vector<std::vector<std::string>> rows;
    for (const CapturedVariable& v : capturedVariables(doc, scope)) {
      rows.push_back({code("__closure__[" + std::to_string(v.cellIndex) + "]"), code(v.name),
                      boundIn(doc, v), useHere(doc, v)});
    }
    w.table({"cell", "name", "bound in", "use here"}, rows);
  }
  if (!scope.cellvars.empty()) {
    w.paragraph(code(subject + "__code__.co_cellvars == " + pyTuple(scope.cellvars)));
    std::vector<std::vector<std::string>> rows;
    for (const CellCapture& cell : cellCaptures(doc, scope)) {
      std::string by;
      for (size_t i = 0; i < cell.capturedBy.size(); ++i) {
        if (i) by += ", ";
        by += scopeLabel(doc.scopes.scope(cell.capturedBy[i]));
      }
      rows.push_back({code(cell.name), by.empty() ? "—" : by});
    }
    w.table({"cell variable", "captured by"}, rows);
  }
}

std::string metadataText(const MetadataValue& value) {
  switch (value.state) {
  case MetadataValue::State::Text:
    return code("'" + value.text + "'");
  case MetadataValue::State::None:
    return "`None`";
  case MetadataValue::State::Absent:
    return "absent (AttributeError)";
  case MetadataValue::State::Generated:
    return "generated at run time";
  case MetadataValue::State::Unknown:
    break;
  }
  return "unknown";
}

std::string layerWhat(const DecoratorModel& model, const DecoratorLayer& layer) {
  const StdlibDecorator* stdlib = layer.resolution.stdlib;
  switch (layer.role) {
  case LayerRole::Plain:
  case LayerRole::Factory: {
    std::string out = layer.role == LayerRole::Plain ? "decorator" : "decorator factory";
    if (const DecoratorFunction* fn = model.appliedDecorator(layer); fn && fn->wrapper) {
      out += " returning wrapper " + code(fn->wrapper->name);
    }
    return out;
  }
  case LayerRole::ClassInstance:
  case LayerRole::ClassFactory: {
    std::string out = "class-based decorator";
    if (const DecoratorDefinition* def = model.layerDefinition(layer); def && def->classDecorator) {
      out += def->classDecorator->hasGet ? " (with `__get__`)" : " (no `__get__`)";
    }
    return out;
  }
  case LayerRole::PassThrough:
    return "pass-through: returns the function itself";
  case LayerRole::Descriptor:
  case LayerRole::Stdlib:
    if (stdlib)
      return code(std::string(stdlib->module) + "." + std::string(stdlib->name)) + ": " +
             std::string(stdlib->effect);
    return "descriptor";
  case LayerRole::Unknown:
    break;
  }
  return "unknown";
}

std::string layerWhere(const AnalyzedDocument& doc, const DecoratorLayer& layer) {
  const LayerResolution& r = layer.resolution;
  switch (r.kind) {
  case ResolutionKind::SameFileFunction:
  case ResolutionKind::SameFileClass:
    if (const DecoratorDefinition* def = doc.decorators.definitionOf(layer)) {
      return "line " + std::to_string(def->line + 1);
    }
    return "this file";
  case ResolutionKind::Import:
    if (const ExternalDecorator* external = doc.decorators.externalOf(layer)) {
      return code(external->file) + " line " + std::to_string(external->definition.line + 1) +
             " (module " + code(external->module) + ")";
    }
    return "imported from " + code(r.module);
  case ResolutionKind::Stdlib:
    return "standard library";
  case ResolutionKind::Parameter:
    return "a parameter of the enclosing function";
  case ResolutionKind::Unknown:
    break;
  }
  return "not found";
}

std::string layerForwards(const DecoratorModel& model, const DecoratorLayer& layer) {
  if (layer.role == LayerRole::PassThrough) return "n/a (no wrapper)";
  if (layer.role == LayerRole::Stdlib || layer.role == LayerRole::Descriptor) return "yes";
  const DecoratorFunction* fn = model.appliedDecorator(layer);
  if (!fn || !fn->wrapper) return "?";
  switch (fn->wrapper->result) {
  case ResultFlow::ReturnedDirectly:
  case ResultFlow::StoredThenReturned:
    return "yes";
  case ResultFlow::ReturnedTransformed:
    return "transformed";
  case ResultFlow::SomePathsFallOff:
    return "not on every path";
  case ResultFlow::DiscardedCall:
  case ResultFlow::StoredNeverReturned:
    return "**no**: returns `None`";
  case ResultFlow::NotCalled:
    return "never calls it";
  }
  return "?";
}

void writeDecorated(HoverWriter& w, const AnalyzedDocument& doc, const DecoratedDefinition& def) {
  w.paragraph("**decorated " + std::string(def.isClass ? "class" : "function") + "** " +
              code(def.name));
  w.code(def.application);
  if (def.layers.size() > 1) {
    std::string order = "At run time ";
    for (size_t i = 0; i < def.applicationOrder.size(); ++i) {
      const DecoratorLayer& layer = def.layers[def.applicationOrder[i]];
      order += i == 0 ? "" : (i + 1 == def.applicationOrder.size() ? ", and last " : ", then ");
      order += code("@" + std::string(layer.expression));
      if (i == 0) order += " is applied first";
    }
    w.paragraph(order + ".");
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < def.layers.size(); ++i) {
    const DecoratorLayer& layer = def.layers[i];
    const MetadataValue& before =
        i + 1 < def.layers.size() ? def.layers[i + 1].after.name : def.original.name;
    std::string keeps = layer.after.name.state == MetadataValue::State::Unknown ? "?"
                        : layer.after.name == before                            ? "yes"
                                                                                : "**no**";
    rows.push_back({code("@" + std::string(layer.expression)), layerWhat(doc.decorators, layer),
                    layerWhere(doc, layer), keeps, layerForwards(doc.decorators, layer)});
  }
  w.table({"layer", "what", "defined", "keeps metadata", "forwards result"}, rows);
  std::string result =
      code(std::string(def.name) + ".__name__") + ": " + metadataText(def.result.name);
  if (def.result.name.changedBy >= 0) {
    result +=
        " (set by " +
        code("@" +
             std::string(def.layers[static_cast<size_t>(def.result.name.changedBy)].expression)) +
        ")";
  }
  result += "; " + code(std::string(def.name) + ".__doc__") + ": " + metadataText(def.result.doc);
  w.paragraph(result);
}

void writeLayer(HoverWriter& w, const AnalyzedDocument& doc, const DecoratorLayer& layer) {
  w.paragraph("**decorator** " + code("@" + std::string(layer.expression)));
  w.paragraph(layerWhat(doc.decorators, layer) + "; defined: " + layerWhere(doc, layer) + ".");
  if (const DecoratorFunction* fn = doc.decorators.appliedDecorator(layer); fn && fn->wrapper) {
    const Wrapper& wrapper = *fn->wrapper;
    std::string wraps = wrapper.wraps.form == WrapsForm::None
                            ? "does **not** use `functools.wraps`: the decorated function's "
                              "`__name__` becomes " +
                                  code("'" + std::string(wrapper.name) + "'")
                            : "keeps the decorated function's metadata (`functools.wraps`)";
    w.paragraph("The wrapper " + code(wrapper.name) + " " + wraps +
                "; forwards the result: " + layerForwards(doc.decorators, layer) + ".");
  }
}

const Scope* scopeNamed(const ScopeTree& scopes, ByteRange nameRange) {
  for (const Scope& scope : scopes.scopes()) {
    if (scope.nameRange == nameRange && scope.kind != ScopeKind::Module) return &scope;
  }
  return nullptr;
}

// The def a name refers to when it names a nested function of its binding scope.
const Scope* definitionOfName(const AnalyzedDocument& doc, const NameAt& at) {
  const Scope* binder = at.scope;
  if (at.symbol->scope == SymbolScope::Free) {
    uint32_t owner = cellOwner(doc.scopes, *at.scope, at.symbol->name);
    if (owner == kNoScope) return nullptr;
    binder = &doc.scopes.scope(owner);
  }
  const Symbol* symbol = binder->find(at.symbol->name);
  if (!symbol) return nullptr;
  for (const Occurrence& occ : symbol->occurrences) {
    if (occ.kind != OccurrenceKind::Definition) continue;
    const Scope* def = scopeNamed(doc.scopes, occ.range);
    if (def && def->kind == ScopeKind::Function) return def;
  }
  return nullptr;
}

void writeCapturedName(HoverWriter& w, const AnalyzedDocument& doc, const NameAt& at) {
  const Scope& scope = *at.scope;
  if (at.symbol->scope == SymbolScope::Free) {
    for (const CapturedVariable& v : capturedVariables(doc, scope, at.symbol->name)) {
      w.paragraph("**captured variable** " + code(v.name) + " of " + code(scope.qualname) +
                  ": cell " + code("__closure__[" + std::to_string(v.cellIndex) + "]"));
      w.paragraph("Bound in " + boundIn(doc, v) + ". Here: " + useHere(doc, v) + ".");
      return;
    }
  }
  std::string by;
  for (const CellCapture& cell : cellCaptures(doc, scope)) {
    if (cell.name != at.symbol->name) continue;
    for (size_t i = 0; i < cell.capturedBy.size(); ++i) {
      if (i) by += ", ";
      by += scopeLabel(doc.scopes.scope(cell.capturedBy[i]));
    }
  }
  w.paragraph("**cell variable** " + code(at.symbol->name) + " of " + code(scope.qualname) +
              (by.empty() ? "" : ", captured by " + by));
}

} // namespace

std::optional<HoverInfo> hoverAt(const AnalyzedDocument& doc, uint32_t byte) {
  TSNode root = doc.snapshot.root();
  TSNode node = ts_node_descendant_for_byte_range(root, byte, byte);
  if (ts_node_is_null(node)) return std::nullopt;
  ByteRange nodeRange{ts_node_start_byte(node), ts_node_end_byte(node)};
  HoverWriter w;

  if (const DecoratedDefinition* def = doc.decorators.at(byte)) {
    for (const DecoratorLayer& layer : def->layers) {
      if (byte >= layer.decoratorRange.start && byte < layer.decoratorRange.end) {
        writeLayer(w, doc, layer);
        return w.finish(layer.range);
      }
    }
    if (def->nameRange == nodeRange) {
      writeDecorated(w, doc, *def);
      if (const Scope* scope = scopeNamed(doc.scopes, nodeRange);
          scope && scope->kind == ScopeKind::Function) {
        writeClosure(w, doc, *scope);
      }
      return w.finish(nodeRange);
    }
  }

  if (typeIs(node, "lambda")) {
    for (const Scope& scope : doc.scopes.scopes()) {
      if (scope.kind == ScopeKind::Lambda && scope.range.start == nodeRange.start) {
        writeClosure(w, doc, scope);
        return w.finish(nodeRange);
      }
    }
  }
  if (!typeIs(node, "identifier")) return std::nullopt;

  if (const Scope* scope = scopeNamed(doc.scopes, nodeRange)) {
    writeClosure(w, doc, *scope);
    return w.finish(nodeRange);
  }
  NameAt at = nameAt(doc.scopes, nodeRange);
  if (!at.symbol) return std::nullopt;
  TSNode parent = ts_node_parent(node);
  bool called = !ts_node_is_null(parent) && typeIs(parent, "call") &&
                ts_node_eq(ts_node_child_by_field_name(parent, "function", 8), node);
  if (called || at.symbol->scope == SymbolScope::Local) {
    if (const Scope* def = definitionOfName(doc, at)) {
      writeClosure(w, doc, *def);
      return w.finish(nodeRange);
    }
  }
  if (at.symbol->scope == SymbolScope::Free || at.symbol->scope == SymbolScope::Cell) {
    writeCapturedName(w, doc, at);
    return w.finish(nodeRange);
  }
  return std::nullopt;
}

} // namespace closurelens::analysis
