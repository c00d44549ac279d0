// A module summary is made from the decorator model of the file (which already found, cheaply,
// which definitions are decorators) and the module scope's name bindings. The decorator
// definitions are copied with their strings moved into one buffer the summary owns.
#include "analysis/module_summary.hpp"

#include "analysis/decorator_analysis.hpp"
#include "analysis/decorator_syntax.hpp"
#include "analysis/module_bindings.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>

namespace closurelens::analysis {

using namespace decorator_syntax;

namespace {

// Visits every string of a definition (`text(std::string_view&)`) and every fact a user or a
// model could notice (`number(uint64_t)`), in a fixed order: used to move the strings into the
// summary and to fingerprint it. Byte ranges are left out on purpose (see `fingerprint`).
template <typename Visitor> class DefinitionWalk {
public:
  explicit DefinitionWalk(Visitor& v) : v_(v) {}

  void definition(DecoratorDefinition& d) {
    v_.text(d.name);
    v_.number(d.line);
    v_.number(d.isClass);
    v_.number(d.isAsync);
    v_.number(static_cast<uint64_t>(d.shape));
    signature(d.signature);
    docstring(d.docstring);
    v_.number(d.decorator.has_value());
    if (d.decorator) function(*d.decorator);
    v_.number(static_cast<uint64_t>(d.returnsDecorator));
    v_.number(d.classDecorator.has_value());
    if (d.classDecorator) classDecorator(*d.classDecorator);
  }

private:
  void signature(Signature& s) {
    v_.number(s.parameters.size());
    for (Parameter& p : s.parameters) {
      v_.text(p.name);
      v_.number(static_cast<uint64_t>(p.kind));
      v_.number(p.hasDefault);
    }
  }
  void docstring(std::optional<std::string_view>& doc) {
    v_.number(doc.has_value());
    if (doc) v_.text(*doc);
  }
  void wrapper(Wrapper& w) {
    v_.text(w.name);
    v_.number(w.line);
    v_.number(w.isLambda);
    v_.number(w.isAsync);
    signature(w.signature);
    docstring(w.docstring);
    v_.number(static_cast<uint64_t>(w.wraps.form));
    v_.text(w.wraps.argument);
    v_.number(static_cast<uint64_t>(w.wraps.parameterIndex) + 1);
    v_.number(w.wraps.misuses.size());
    for (const WrapsMisuse& m : w.wraps.misuses) {
      v_.number(static_cast<uint64_t>(m.kind));
      v_.number(m.called);
    }
    v_.number(static_cast<uint64_t>(w.result));
    v_.text(w.resultVariable);
    v_.number(w.forwardsVarPositional);
    v_.number(w.forwardsVarKeyword);
  }
  void function(DecoratorFunction& fn) {
    v_.text(fn.name);
    v_.number(fn.line);
    v_.number(fn.passThrough);
    signature(fn.signature);
    docstring(fn.docstring);
    v_.number(static_cast<uint64_t>(fn.wrappedParameter) + 1);
    v_.number(fn.wrapper.has_value());
    if (fn.wrapper) wrapper(*fn.wrapper);
    v_.number(static_cast<uint64_t>(fn.returnsResult));
    v_.number(fn.returnsArgumentOnSomePaths);
  }
  void classDecorator(ClassDecorator& c) {
    v_.number(c.hasCall);
    v_.number(c.hasGet);
    v_.number(c.hasInit);
    signature(c.callSignature);
    signature(c.initSignature);
    v_.number(static_cast<uint64_t>(c.initWrappedParameter) + 1);
    v_.number(c.initUpdatesWrapper);
    v_.number(c.callAsWrapper.has_value());
    if (c.callAsWrapper) wrapper(*c.callAsWrapper);
    v_.number(c.callAsDecorator.has_value());
    if (c.callAsDecorator) function(*c.callAsDecorator);
  }

  Visitor& v_;
};

template <typename Visitor> void walkDefinition(DecoratorDefinition& d, Visitor& v) {
  DefinitionWalk<Visitor>(v).definition(d);
}

// FNV-1a, 64 bits: a fingerprint, not a defence against anyone.
class Fingerprint {
public:
  void bytes(std::string_view s) {
    for (char c : s) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
  }
  void text(const std::string_view& s) {
    number(s.size());
    bytes(s);
  }
  void number(uint64_t n) {
    char raw[sizeof n];
    std::memcpy(raw, &n, sizeof n);
    bytes(std::string_view(raw, sizeof n));
  }
  uint64_t value() const { return hash_; }

private:
  uint64_t hash_ = 14695981039346656037ULL;
};

struct SizeCounter {
  size_t total = 0;
  void text(std::string_view& s) { total += s.size(); }
  void number(uint64_t) {}
};

struct StringMover {
  char* at;
  void text(std::string_view& s) {
    if (s.empty()) {
      s = {};
      return;
    }
    std::memcpy(at, s.data(), s.size());
    s = std::string_view(at, s.size());
    at += s.size();
  }
  void number(uint64_t) {}
};

// Which knowledge-base entry an expression names at module level (wraps/update_wrapper in a class
// the model did not analyse), for analyzeDecoratorDefinition.
class ModuleScopeResolver final : public StdlibResolver {
public:
  ModuleScopeResolver(const NameBindings& bindings, std::string_view source)
      : bindings_(bindings), source_(source) {}
  const StdlibDecorator* stdlibOf(TSNode expression) const override {
    std::string path;
    if (!dottedPath(unparenthesize(expression), source_, path)) return nullptr;
    size_t dot = path.find('.');
    std::string_view head = std::string_view(path).substr(0, dot);
    std::string rest = dot == std::string::npos ? std::string() : path.substr(dot + 1);
    const Binding* b = bindings_.resolve(0, head, ts_node_start_byte(expression));
    if (!b) return rest.empty() ? findStdlibDecorator("builtins", head) : nullptr;
    std::string module;
    if (b->kind == BindingKind::Import) {
      module = b->module;
    } else if (b->kind == BindingKind::ImportFrom) {
      if (rest.empty()) return findStdlibDecorator(b->module, b->member);
      module = b->module + "." + std::string(b->member);
    } else {
      return nullptr;
    }
    size_t last = rest.rfind('.');
    if (last != std::string::npos) module += "." + rest.substr(0, last);
    return findStdlibDecorator(module, last == std::string::npos ? rest : rest.substr(last + 1));
  }

private:
  const NameBindings& bindings_;
  std::string_view source_;
};

// Whether a class body defines `name` as a method of its own.
bool definesMethod(TSNode classDefinition, std::string_view name, std::string_view source) {
  const Symbols& sym = symbols();
  TSNode cls = classDefinition;
  if (isNamed(cls, sym.decoratedDefinition))
    cls = ts_node_child_by_field_id(cls, sym.fieldDefinition);
  bool found = false;
  forEachNamedChild(ts_node_child_by_field_id(cls, sym.fieldBody), [&](TSNode stmt) {
    TSNode def = isNamed(stmt, sym.decoratedDefinition)
                     ? ts_node_child_by_field_id(stmt, sym.fieldDefinition)
                     : stmt;
    found = found || (isNamed(def, sym.functionDefinition) &&
                      nodeText(ts_node_child_by_field_id(def, sym.fieldName), source) == name);
  });
  return found;
}

// Whether a definition the model kept belongs in a summary: a decorator shape, by the rule the
// model applies to definitions no layer uses (a pass-through must do more than return its
// argument, else it is an identity function), or a descriptor class.
bool summarized(const DecoratorDefinition& d, TSNode node) {
  const Symbols& sym = symbols();
  switch (d.shape) {
  case DecoratorShape::Plain:
  case DecoratorShape::Factory:
  case DecoratorShape::ClassBased:
    return true;
  case DecoratorShape::PassThrough: {
    uint32_t statements = 0;
    forEachNamedChild(ts_node_child_by_field_id(node, sym.fieldBody),
                      [&](TSNode) { ++statements; });
    if (d.docstring) --statements;
    return statements > 1 && d.decorator && d.decorator->returnsResult == PathCoverage::AllPaths;
  }
  case DecoratorShape::NotADecorator:
    return d.isClass && d.classDecorator && d.classDecorator->hasGet;
  }
  return false;
}

// Strips calls: `make_timer(1)(x)` is `make_timer` called twice.
TSNode calledThrough(TSNode value, uint32_t& calls) {
  const Symbols& sym = symbols();
  value = unparenthesize(value);
  while (isNamed(value, sym.call) && calls < 8) {
    ++calls;
    value = unparenthesize(ts_node_child_by_field_id(value, sym.fieldFunction));
  }
  return value;
}

} // namespace

const ModuleName* ModuleSummary::find(std::string_view name) const {
  auto it =
      std::lower_bound(names.begin(), names.end(), name,
                       [](const ModuleName& n, std::string_view key) { return n.name < key; });
  return it != names.end() && it->name == name ? &*it : nullptr;
}

size_t ModuleSummary::heapBytes() const {
  auto str = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() : 0; };
  auto params = [](const Signature& s) { return s.parameters.capacity() * sizeof(Parameter); };
  // Optional members live inside their owner; only vectors reach the heap.
  auto wrapper = [&](const std::optional<Wrapper>& w) -> size_t {
    return w ? params(w->signature) + w->wraps.misuses.capacity() * sizeof(WrapsMisuse) : 0;
  };
  auto function = [&](const std::optional<DecoratorFunction>& fn) -> size_t {
    return fn ? params(fn->signature) + wrapper(fn->wrapper) : 0;
  };
  size_t total = sizeof(ModuleSummary) + stringBytes_;
  total += str(location.path) + str(location.displayPath) + str(location.module) +
           str(location.importRoot) + str(location.folderModule);
  total += names.capacity() * sizeof(ModuleName);
  for (const ModuleName& n : names)
    total += str(n.name) + str(n.module) + str(n.member) + str(n.target);
  total += starImports.capacity() * sizeof(std::string);
  for (const std::string& s : starImports)
    total += str(s);
  total += decorators.capacity() * sizeof(ExternalDecorator);
  for (const ExternalDecorator& d : decorators) {
    const DecoratorDefinition& def = d.definition;
    total += params(def.signature) + function(def.decorator);
    if (def.classDecorator) {
      const ClassDecorator& c = *def.classDecorator;
      total += params(c.callSignature) + params(c.initSignature) + wrapper(c.callAsWrapper) +
               function(c.callAsDecorator);
    }
  }
  return total;
}

std::optional<std::string> absoluteModule(std::string_view written, std::string_view importer,
                                          bool importerIsPackage) {
  size_t dots = 0;
  while (dots < written.size() && written[dots] == '.')
    ++dots;
  if (dots == 0) return written.empty() ? std::nullopt : std::optional<std::string>(written);
  std::string_view rest = written.substr(dots);
  auto parent = [](std::string_view module) {
    size_t at = module.rfind('.');
    return at == std::string_view::npos ? std::string_view() : module.substr(0, at);
  };
  std::string_view base = importerIsPackage ? importer : parent(importer);
  for (size_t i = 1; i < dots && !base.empty(); ++i)
    base = parent(base);
  if (base.empty()) return rest.empty() ? std::nullopt : std::optional<std::string>(rest);
  std::string out(base);
  if (!rest.empty()) {
    out += '.';
    out += rest;
  }
  return out;
}

std::shared_ptr<const ModuleSummary> summarizeModule(ModuleLocation location, TSNode root,
                                                     std::string_view source,
                                                     const DecoratorModel& model) {
  auto summary = std::make_shared<ModuleSummary>();
  summary->location = std::move(location);
  const ModuleLocation& where = summary->location;
  auto absolute = [&](std::string_view module) {
    return absoluteModule(module, where.module, where.isPackage);
  };

  NameBindings bindings;
  if (!ts_node_is_null(root)) bindings.recordBlock(0, root, source, 0);
  std::unordered_map<uint32_t, const DecoratorDefinition*> byStart;
  for (const DecoratorDefinition& d : model.definitions())
    byStart.emplace(d.range.start, &d);

  // The last binding of each name wins; names bound to anything else are dropped.
  struct Entry {
    ModuleName name;
    const DecoratorDefinition* definition = nullptr;
  };
  std::map<std::string_view, Entry> names;
  std::deque<DecoratorDefinition> analysedHere; // classes the model had no reason to analyse
  ModuleScopeResolver resolver(bindings, source);
  const Symbols& sym = symbols();
  for (const Binding& b : bindings.bindingsOf(0)) {
    Entry entry;
    entry.name.name = std::string(b.name);
    switch (b.kind) {
    case BindingKind::Function:
    case BindingKind::Class: {
      auto it = byStart.find(b.site.start);
      const DecoratorDefinition* d = it == byStart.end() ? nullptr : it->second;
      // The model also keeps what this very file applies as a decorator; a summary must not
      // depend on that (nor on function bodies the index may not parse): the same rules for all.
      if (d && !summarized(*d, b.node)) d = nullptr;
      if (!d && b.kind == BindingKind::Class && definesMethod(b.node, "__get__", source)) {
        // A descriptor class, `@cached` elsewhere: without __call__, no candidate for the model.
        d = &analysedHere.emplace_back(analyzeDecoratorDefinition(b.statement, source, resolver));
      }
      if (!d) {
        names.erase(b.name);
        continue;
      }
      entry.name.kind = ModuleNameKind::Decorator;
      entry.definition = d;
      break;
    }
    case BindingKind::Import:
      entry.name.kind = ModuleNameKind::Module;
      entry.name.module = b.module;
      break;
    case BindingKind::ImportFrom: {
      std::optional<std::string> from = absolute(b.module);
      if (!from) {
        names.erase(b.name);
        continue;
      }
      if (b.name == "*") {
        if (std::find(summary->starImports.begin(), summary->starImports.end(), *from) ==
            summary->starImports.end())
          summary->starImports.push_back(*from);
        continue;
      }
      entry.name.kind = ModuleNameKind::Imported;
      entry.name.module = std::move(*from);
      entry.name.member = std::string(b.member);
      break;
    }
    case BindingKind::Assignment: {
      uint32_t calls = 0;
      TSNode value = calledThrough(b.node, calls);
      std::string target;
      if (ts_node_is_null(value) ||
          !(isNamed(value, sym.identifier) || isNamed(value, sym.attribute)) ||
          !dottedPath(value, source, target)) {
        names.erase(b.name);
        continue;
      }
      entry.name.kind = ModuleNameKind::Alias;
      entry.name.target = std::move(target);
      entry.name.calls = calls;
      break;
    }
    case BindingKind::Global:
    case BindingKind::Nonlocal:
      continue;
    default:
      names.erase(b.name);
      continue;
    }
    names.insert_or_assign(b.name, std::move(entry));
  }

  // An alias is kept only when its head is a name of the module or a builtin decorator: the
  // others (`SEP = os.sep` aside) are constants.
  for (auto it = names.begin(); it != names.end();) {
    const ModuleName& n = it->second.name;
    if (n.kind == ModuleNameKind::Alias) {
      std::string_view head = std::string_view(n.target).substr(0, n.target.find('.'));
      bool known =
          names.count(head) != 0 || (head == n.target && findStdlibDecorator("builtins", head));
      if (!known && summary->starImports.empty()) {
        it = names.erase(it);
        continue;
      }
    }
    ++it;
  }

  // Copy the definitions; then move every string they point at into one buffer.
  std::vector<DecoratorDefinition> definitions;
  std::vector<uint32_t> textMentions;
  for (auto& [key, entry] : names) {
    if (entry.name.kind != ModuleNameKind::Decorator) continue;
    entry.name.decorator = static_cast<int>(definitions.size());
    definitions.push_back(*entry.definition);
    // Only functions' words are read (CL206 on plain decorators and factories); a class's other
    // methods may not even be in the text the index parsed (summary_source.hpp).
    const ByteRange& r = entry.definition->range;
    textMentions.push_back(r.end <= source.size() && !entry.definition->isClass
                               ? mentions::inText(source.substr(r.start, r.end - r.start))
                               : 0);
  }
  SizeCounter size;
  size.total = where.module.size() + where.displayPath.size();
  for (DecoratorDefinition& d : definitions)
    walkDefinition(d, size);
  summary->stringBytes_ = size.total;
  summary->strings_ = std::make_unique<char[]>(std::max<size_t>(size.total, 1));
  StringMover mover{summary->strings_.get()};
  std::string_view module = where.module, file = where.displayPath;
  mover.text(module);
  mover.text(file);
  summary->decorators.reserve(definitions.size());
  for (size_t i = 0; i < definitions.size(); ++i) {
    walkDefinition(definitions[i], mover);
    summary->decorators.push_back(
        ExternalDecorator{std::move(definitions[i]), module, file, textMentions[i]});
  }

  summary->names.reserve(names.size());
  for (auto& [key, entry] : names)
    summary->names.push_back(std::move(entry.name));

  Fingerprint print;
  print.text(where.path);
  print.text(where.displayPath);
  print.text(where.module);
  print.number(where.isPackage);
  print.text(where.importRoot);
  print.text(where.folderModule);
  for (const ModuleName& n : summary->names) {
    print.text(n.name);
    print.number(static_cast<uint64_t>(n.kind));
    print.number(static_cast<uint64_t>(n.decorator) + 1);
    print.text(n.module);
    print.text(n.member);
    print.text(n.target);
    print.number(n.calls);
  }
  for (const std::string& star : summary->starImports)
    print.text(star);
  for (ExternalDecorator& d : summary->decorators) {
    walkDefinition(d.definition, print);
    print.number(d.mentions);
  }
  summary->fingerprint = print.value();
  return summary;
}

} // namespace closurelens::analysis
