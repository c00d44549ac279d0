// Pass one of the scope analysis: walks the tree-sitter tree the way CPython 3.11's
// symtable_visit_stmt / symtable_visit_expr walk the AST, creating a scope per function, lambda,
// class and comprehension and recording every name's DEF_* flags and occurrences. Pass two lives
// in scope_resolver.cpp; this file also turns the result into the public ScopeTree.
#include "analysis/constant_arithmetic.hpp"
#include "analysis/python_grammar_ids.hpp"
#include "analysis/scope_fragment.hpp"
#include "analysis/scope_raw_facts.hpp"
#include "analysis/statement_index.hpp"
#include "analysis/syntax_tree.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

namespace closurelens::analysis {

using detail::RawScope;
using detail::RawSymbol;

namespace {

namespace flags = symbol_flags;

// Deeper nesting than this is skipped (and reported through ScopeTree::truncated) so that
// adversarial input cannot exhaust a thread's stack, also under AddressSanitizer's larger frames;
// CPython 3.11 itself refuses more than 100 indentation levels and 200 nested parentheses.
constexpr uint32_t kMaxDepth = 500;

enum class Action : uint8_t {
  Generic,
  Skip,
  Identifier,
  Statements,
  Function,
  Class,
  Decorated,
  Lambda,
  ListComp,
  SetComp,
  DictComp,
  GenExp,
  Walrus,
  Attribute,
  KeywordArgument,
  Assignment,
  AugmentedAssignment,
  For,
  AsPattern,
  ExceptClause,
  ExceptGroupClause,
  FutureImport,
  Global,
  Nonlocal,
  Delete,
  CaseClause,
  MemberType,
  Print,
  Exec,
  Constant,
  ConcatenatedString,
  NoneConstant,
  While,
  Try,
  Jump,
  If,
  Assert,
  ImportConstants,
  With,
  Slice,
  TypeAlias,
  Match,
};

std::vector<Action> buildActionTable(const PythonGrammarIds& ids) {
  std::vector<Action> table(ts_language_symbol_count(pythonLanguage()), Action::Generic);
  auto set = [&](TSSymbol symbol, Action action) {
    if (symbol < table.size()) table[symbol] = action;
  };
  set(ids.identifier, Action::Identifier);
  set(ids.module, Action::Statements);
  set(ids.block, Action::Statements);
  set(ids.functionDefinition, Action::Function);
  set(ids.classDefinition, Action::Class);
  set(ids.decoratedDefinition, Action::Decorated);
  set(ids.lambda, Action::Lambda);
  set(ids.listComprehension, Action::ListComp);
  set(ids.setComprehension, Action::SetComp);
  set(ids.dictionaryComprehension, Action::DictComp);
  set(ids.generatorExpression, Action::GenExp);
  set(ids.namedExpression, Action::Walrus);
  set(ids.attribute, Action::Attribute);
  set(ids.assignment, Action::Assignment);
  set(ids.augmentedAssignment, Action::AugmentedAssignment);
  set(ids.forStatement, Action::For);
  set(ids.asPattern, Action::AsPattern);
  set(ids.exceptClause, Action::ExceptClause);
  set(ids.exceptGroupClause, Action::ExceptGroupClause);
  set(ids.importStatement, Action::ImportConstants);
  set(ids.importFromStatement, Action::ImportConstants);
  set(ids.futureImportStatement, Action::FutureImport);
  set(ids.globalStatement, Action::Global);
  set(ids.nonlocalStatement, Action::Nonlocal);
  set(ids.deleteStatement, Action::Delete);
  set(ids.matchStatement, Action::Match);
  set(ids.caseClause, Action::CaseClause);
  set(ids.memberType, Action::MemberType);
  set(ids.printStatement, Action::Print);
  set(ids.execStatement, Action::Exec);
  for (TSSymbol leaf : {ids.stringStart, ids.stringContent, ids.stringEnd, ids.comment,
                        ids.keywordSeparator, ids.positionalSeparator}) {
    set(leaf, Action::Skip);
  }
  for (TSSymbol literal : {ids.integer, ids.floatLiteral, ids.string, ids.trueLiteral,
                           ids.falseLiteral, ids.ellipsis}) {
    set(literal, Action::Constant);
  }
  set(ids.concatenatedString, Action::ConcatenatedString);
  set(ids.keywordArgument, Action::KeywordArgument);
  set(ids.noneLiteral, Action::NoneConstant);
  set(ids.typeAliasStatement, Action::TypeAlias);
  set(ids.whileStatement, Action::While);
  set(ids.ifStatement, Action::If);
  set(ids.assertStatement, Action::Assert);
  set(ids.withStatement, Action::With);
  set(ids.slice, Action::Slice);
  set(ids.tryStatement, Action::Try);
  set(ids.returnStatement, Action::Jump);
  set(ids.breakStatement, Action::Jump);
  set(ids.continueStatement, Action::Jump);
  return table;
}

// Whether nodes of each symbol are named: one table lookup instead of ts_node_is_named per child.
std::vector<uint8_t> buildNamedTable() {
  const TSLanguage* language = pythonLanguage();
  std::vector<uint8_t> table(ts_language_symbol_count(language), 0);
  for (size_t s = 0; s < table.size(); ++s) {
    const auto symbol = static_cast<TSSymbol>(s);
    table[s] = ts_language_symbol_type(language, symbol) == TSSymbolTypeRegular ? 1 : 0;
  }
  return table;
}

ByteRange rangeOf(TSNode node) {
  return ByteRange{ts_node_start_byte(node), ts_node_end_byte(node)};
}
uint32_t lineOf(TSNode node) {
  return ts_node_start_point(node).row + 1;
}

} // namespace

std::string mangleName(std::string_view privateName, std::string_view name) {
  if (privateName.empty() || name.size() < 2 || name[0] != '_' || name[1] != '_') {
    return std::string(name);
  }
  if (name.ends_with("__") || name.find('.') != std::string_view::npos) return std::string(name);
  size_t strip = privateName.find_first_not_of('_');
  if (strip == std::string_view::npos) return std::string(name);
  std::string mangled = "_";
  mangled.append(privateName.substr(strip));
  mangled.append(name);
  return mangled;
}

class ScopeBuilder {
public:
  ScopeBuilder(std::string_view source, const AnalysisOptions& options)
      : ids_(PythonGrammarIds::get()), actions_(actionTable()), named_(namedTable()),
        source_(source), inlineComprehensions_(options.version >= PythonVersion{3, 12}),
        trimsAllUnusedConstants_(options.version >= PythonVersion{3, 12}),
        classDictCell_(options.version >= PythonVersion{3, 12}) {}

  ScopeTree run(TSNode root);
  // run() records the statements of the blocks it walks into `statements`.
  void recordStatements(StatementIndex& statements) { statementIndex_ = &statements; }
  // One statement analysed on its own (see scope_fragment.hpp).
  detail::ScopeFragment runFragment(TSNode statement, const detail::FragmentContext& context);

private:
  // Pass two and the conversion to the public tree, after the walk.
  ScopeTree finish();

  static const std::vector<Action>& actionTable() {
    static const std::vector<Action> table = buildActionTable(PythonGrammarIds::get());
    return table;
  }
  static const std::vector<uint8_t>& namedTable() {
    static const std::vector<uint8_t> table = buildNamedTable();
    return table;
  }
  // ERROR (a built-in symbol past the table) is named.
  bool isNamed(TSSymbol s) const { return s >= named_.size() || named_[s] != 0; }

  // Calls f(child, fieldId) for every named child. One child iterator per nesting level is
  // reused, so the walk allocates nothing per node and never pays ts_node_child's quadratic cost.
  template <class F> void forEachChild(TSNode node, F&& f) {
    walkChildren<true>(node, [&](TSNode child, TSSymbol, TSFieldId field) { f(child, field); });
  }
  // The same without field ids, which cost a field-map search per child.
  template <class F> void forEachNamedChild(TSNode node, F&& f) {
    walkChildren<false>(node, [&](TSNode child, TSSymbol, TSFieldId) { f(child); });
  }
  // Without `Tokens` the walk stops at the last named child: the tokens after it (`)`, `]`, `}`, a
  // trailing comma) are about a twentieth of the steps.
  // `Tokens`: anonymous children too.
  template <bool WithField, bool Tokens = false, class F> void walkChildren(TSNode node, F&& f) {
    const uint32_t named = Tokens ? ts_node_child_count(node) : ts_node_named_child_count(node);
    if (named == 0) return;
    if (iteratorDepth_ == iterators_.size())
      iterators_.push_back(std::make_unique<ChildIterator>());
    ChildIterator& children = *iterators_[iteratorDepth_];
    children.reset(node);
    ++iteratorDepth_;
    TSNode child;
    TSFieldId field = 0;
    for (uint32_t namedSeen = 0; WithField ? children.next(child, field) : children.next(child);) {
      const TSSymbol symbol = ts_node_symbol(child);
      if (Tokens || isNamed(symbol)) {
        f(child, symbol, field);
        if (!Tokens && ++namedSeen == named) break;
      }
    }
    --iteratorDepth_;
  }

  std::string_view text(TSNode node) const { return nodeText(node, source_); }

  // Only f-strings among the literals hold expressions; skipping the others' tokens is a
  // noticeable share of the walk (every docstring is one).
  bool mayHoldExpressions(TSNode literal) const {
    return symbolOf(literal) == ids_.string &&
           stringPrefix(text(literal)).find_first_of("fF") != std::string_view::npos;
  }
  // The letters before a string literal's quote (`rb`, `f`, ...).
  static std::string_view stringPrefix(std::string_view literal) {
    return literal.substr(0, literal.find_first_of("'\""));
  }
  TSSymbol symbolOf(TSNode node) const { return ts_node_symbol(node); }
  Action actionOf(TSNode node) const {
    TSSymbol s = ts_node_symbol(node);
    return s < actions_.size() ? actions_[s] : Action::Generic;
  }

  uint32_t nameId(std::string_view name) {
    if (private_.empty() || name.size() < 2 || name[0] != '_' || name[1] != '_') {
      return raw_.names.intern(name);
    }
    return raw_.names.internCopy(mangleName(private_, name));
  }

  void note(uint32_t scope, uint32_t id, uint32_t flag, TSNode node, OccurrenceKind kind) {
    noteRange(scope, id, flag, rangeOf(node), kind);
  }
  void noteRange(uint32_t scope, uint32_t id, uint32_t flag, ByteRange range, OccurrenceKind kind) {
    RawScope& in = raw_.scopes[scope];
    const uint32_t index = in.symbolIndexOf(id);
    RawSymbol& symbol = in.symbols[index];
    symbol.flags |= flag;
    ++symbol.occurrenceCount;
    if (kind == OccurrenceKind::Write) symbol.firstWrite = std::min(symbol.firstWrite, range.start);
    raw_.occurrences.push_back(detail::RawOccurrence{scope, index, Occurrence{range, kind}});
  }
  void flagOnly(uint32_t scope, uint32_t id, uint32_t flag) {
    raw_.scopes[scope].symbol(id).flags |= flag;
  }

  // --- Scopes ---------------------------------------------------------------------------------
  uint32_t newScope(ScopeKind kind, std::string_view name, TSNode node, TSNode nameNode,
                    uint32_t firstLine) {
    auto index = static_cast<uint32_t>(raw_.scopes.size());
    RawScope scope;
    scope.kind = kind;
    scope.name = name;
    scope.privateName = private_;
    scope.firstLine = firstLine;
    scope.range = rangeOf(node);
    if (!ts_node_is_null(nameNode)) scope.nameRange = rangeOf(nameNode);
    scope.parent = current_;
    scope.hasCode = noCode_ == 0 && raw_.scopes[current_].hasCode;
    const bool deadCandidate = dead_ > 0 && scope.hasCode;
    raw_.scopes.push_back(std::move(scope));
    raw_.scopes[current_].children.push_back(index);
    constants_.push_back(CodeConstants{});
    constants_[index].deadCandidate = deadCandidate;
    // The new code object is itself a constant of the enclosing one.
    noteConstant(ts_node_start_byte(node));
    return index;
  }

  // Runs `body` with `scope` as the current block, a fresh code object as far as dead-code
  // tracking is concerned.
  template <class F> void inScope(uint32_t scope, std::string_view privateName, F&& body) {
    uint32_t savedScope = current_;
    std::string_view savedPrivate = private_;
    uint32_t savedDead = dead_;
    uint32_t savedNoCode = noCode_;
    std::vector<TSNode> savedUnwind = std::move(unwind_);
    std::vector<InlinedFinally> savedInlined = std::move(inlinedFinally_);
    std::vector<uint8_t> savedLoopBreaks = std::move(loopBreaks_);
    std::vector<PendingBreak> savedPendingBreaks = std::move(pendingBreaks_);
    unwind_.clear();
    inlinedFinally_.clear();
    loopBreaks_.clear();
    pendingBreaks_.clear();
    current_ = scope;
    private_ = privateName;
    dead_ = 0;
    noCode_ = 0;
    body();
    current_ = savedScope;
    private_ = savedPrivate;
    dead_ = savedDead;
    noCode_ = savedNoCode;
    unwind_ = std::move(savedUnwind);
    inlinedFinally_ = std::move(savedInlined);
    loopBreaks_ = std::move(savedLoopBreaks);
    pendingBreaks_ = std::move(savedPendingBreaks);
  }

  // --- Walk -----------------------------------------------------------------------------------
  void visit(TSNode node) { visit(node, ts_node_symbol(node)); }
  void visit(TSNode node, TSSymbol symbol);
  void visitChildren(TSNode node) {
    walkChildren<false>(node,
                        [&](TSNode child, TSSymbol symbol, TSFieldId) { visit(child, symbol); });
  }
  // `endReachable`, when given, is set to whether control can reach the end of the list.
  void visitStatements(TSNode list, bool* endReachable = nullptr);
  // A constant of the current code object starts at `byte` (a literal, a nested code object,
  // ...). Only approximates CPython's constant table, which is all dead-code trimming needs.
  void noteConstant(uint32_t byte) {
    CodeConstants& c = constants_[current_];
    if (c.first == kNone) c.first = byte;
    for (const InlinedFinally& inlined : inlinedFinally_) {
      if (byte >= inlined.range.start && byte < inlined.range.end) byte = inlined.jump;
    }
    if (dead_ == 0 && noCode_ == 0 && (c.lastReachable == kNone || byte > c.lastReachable)) {
      c.lastReachable = byte;
    }
  }
  // A load of None at `byte`: its index is the one None got when it first entered the constants,
  // which dropTrimmedCode works out.
  void noteNone(uint32_t byte) {
    CodeConstants& c = constants_[current_];
    if (c.first == kNone) c.first = byte;
    if (c.firstNone == kNone) c.firstNone = byte;
    if (dead_ == 0 && noCode_ == 0) c.noneLoaded = true;
  }
  // The end of a code object's body at `end`, reachable or not.
  void noteBodyEnd(uint32_t end, bool reachable) {
    CodeConstants& c = constants_[current_];
    c.end = end;
    c.endReachable = reachable && dead_ == 0 && noCode_ == 0;
  }
  void dropTrimmedCode();
  // Visits a statement of a block; returns whether it ends the flow (CPython's compiler treats
  // what follows it in the block as unreachable): a return, raise, break or continue, `assert`
  // of a constant false, a loop that can only be left through an else clause that ends the flow
  // (or never, `while True:`), an if whose branches that may run all end the flow and one of
  // which is sure to run, a try whose finally ends the flow or whose body (or else clause) and
  // handlers all do, a match with an irrefutable case whose cases all end the flow. All but the
  // first are told by their own visits (flowEnds_), so no statement is walked twice to know.
  bool visitStatement(TSNode statement, TSSymbol symbol);
  // 1 or 0 for a condition the compiler folds to a constant, -1 otherwise.
  int constantTruth(TSNode condition);
  // The value CPython's AST optimizer folds an expression to (a number, None, the ellipsis, or a
  // string, bytes or tuple); empty when it does not, or folds to what this model does not hold.
  std::optional<ConstantValue> constantValue(TSNode expression);
  // 1 or 0 when the AST optimizer makes `expression` a constant (ints past BigInteger's limit
  // included), -1 otherwise. Unlike constantTruth, no jump folding: `x and 0` is not a constant
  // here.
  int foldedTruth(TSNode expression);
  static int numberTruth(std::string_view literal);
  static int stringTruth(std::string_view literal);
  void visitMaybeDead(TSNode node, bool dead) {
    if (dead) ++dead_;
    visit(node);
    if (dead) --dead_;
  }
  void visitConstantFoldedIf(TSNode node);
  // The statements of a def or class body, then its end.
  void visitBody(TSNode body) {
    bool endReachable = false;
    visitStatements(body, &endReachable);
    noteBodyEnd(ts_node_end_byte(body), endReachable);
  }
  bool hasDocstring(TSNode body);
  // `truth`: constantTruth(condition) when the caller has just asked it, else kTruthNotAsked.
  static constexpr int kTruthNotAsked = -2;
  void visitCondition(TSNode condition, int truth = kTruthNotAsked);
  // An if's or loop's else clause, visited as visit() would; `firstBlockEnds` is set to whether
  // the flow cannot reach its first block's end.
  void visitElseClause(TSNode clause, bool& firstBlockEnds);
  struct LoopFlow {
    bool body = false;          // the (first) body was met
    bool bodyBreaks = false;    // ...and a reachable break of this loop in it
    bool otherwise = false;     // an else clause was met
    bool otherwiseEnds = false; // ...and the flow cannot reach its block's end
  };
  // A loop's body; the first one's breaks are recorded in `flow`.
  void visitLoopBody(TSNode body, LoopFlow& flow) {
    loopBreaks_.push_back(0);
    visit(body);
    // A break still waiting on a finally (the walk stopped short of it) is taken to leave.
    const auto frame = static_cast<uint32_t>(loopBreaks_.size() - 1);
    std::erase_if(pendingBreaks_, [&](const PendingBreak& pending) {
      if (pending.frame != frame) return false;
      loopBreaks_.back() = 1;
      return true;
    });
    if (!std::exchange(flow.body, true)) flow.bodyBreaks = loopBreaks_.back() != 0;
    loopBreaks_.pop_back();
  }
  // `_`, a capture name, and `as`, `|` and parentheses around them: a pattern that always
  // matches (CPython's irrefutable patterns).
  bool irrefutablePattern(TSNode pattern);

  void use(TSNode identifier);
  void bind(TSNode identifier, uint32_t flag, OccurrenceKind kind);
  void visitTarget(TSNode node, OccurrenceKind kind, uint32_t extraFlags = 0);
  void visitAnnotation(TSNode annotation, bool compiled);

  // A def's or class's children the walk needs; its name bound and its scope opened.
  struct Definition {
    std::string_view name;
    uint32_t scope = 0;
    uint32_t typeScope = kNone; // PEP 695: the scope of its type parameters, between the two
    TSNode parameters{}, returns{}, superclasses{}, body{};
  };
  Definition openDefinition(ScopeKind kind, TSNode def, TSNode outer);
  // PEP 695 (CPython 3.12's symtable_enter_type_param_block and TypeVar visit).
  uint32_t openTypeParameterScope(std::string_view name, TSNode node, TSNode parameters,
                                  uint32_t firstLine, bool forClass);
  void visitTypeParameters(TSNode list);
  void visitTypeVarBound(std::string_view name, TSNode bound);
  void visitTypeAlias(TSNode node);
  TSNode firstNamedChild(TSNode node) {
    TSNode first{};
    forEachNamedChild(node, [&](TSNode child) {
      if (ts_node_is_null(first)) first = child;
    });
    return first;
  }
  // `type T` wraps the expression of a type parameter or alias.
  TSNode unwrapType(TSNode node) {
    return !ts_node_is_null(node) && symbolOf(node) == ids_.typeNode ? firstNamedChild(node) : node;
  }
  void internImplicitNames() {
    raw_.classCellId = raw_.names.intern("__class__");
    raw_.classDictId = raw_.names.intern("__classdict__");
    raw_.classDictCell = classDictCell_;
  }
  void visitFunction(TSNode def, TSNode outer);
  void visitClass(TSNode def, TSNode outer);
  void visitDecorated(TSNode node);
  void visitLambda(TSNode node);
  void visitParameters(TSNode params, uint32_t function);
  uint32_t addParameter(TSNode identifier, uint32_t function);
  void visitComprehension(TSNode node, std::string_view name);
  void visitWalrus(TSNode node);
  void visitAssignment(TSNode node);
  void visitImport(TSNode node, bool fromImport);
  void visitPattern(TSNode node);
  void capture(TSNode identifier);

  static constexpr uint32_t kNone = UINT32_MAX;
  struct CodeConstants {
    uint32_t first = kNone;         // where the first constant (reachable or not) starts
    uint32_t lastReachable = kNone; // where the last constant reachable code loads starts
    // None is constant 0 of a function without a docstring and of a lambda; elsewhere it enters
    // the constants where it is first loaded, reachable or not, or else with the implicit
    // `return None` at the end of the body, after everything else.
    uint32_t firstNone = kNone; // where None is first loaded
    bool noneLoaded = false;    // reachable code loads None
    uint32_t end = kNone;       // the end of the body, where the implicit return runs
    bool endReachable = false;  // the body's end is reachable: it returns None there
    TSNode body{};              // a def's body: whether it has a docstring, asked when needed
    bool deadCandidate = false; // this scope is defined in unreachable code
  };

  const PythonGrammarIds& ids_;
  const std::vector<Action>& actions_;
  const std::vector<uint8_t>& named_;
  std::string_view source_;
  detail::RawScopeTree raw_;
  std::vector<std::unique_ptr<ChildIterator>> iterators_;
  size_t iteratorDepth_ = 0;
  uint32_t depth_ = 0;
  uint32_t current_ = 0;
  std::string_view private_;
  std::vector<CodeConstants> constants_; // per scope, as a code object
  // Per code object: enclosing finally clauses (null nodes mark loops) and the finally clauses
  // already compiled in front of a return/break/continue.
  struct InlinedFinally {
    ByteRange range;
    uint32_t jump = 0;
  };
  std::vector<TSNode> unwind_;
  std::vector<InlinedFinally> inlinedFinally_;
  // While a generic def's parameters are visited: where their annotations are evaluated.
  uint32_t annotationScope_ = kNone;
  uint32_t dead_ = 0;   // > 0 while visiting unreachable statements of the current code object
  uint32_t noCode_ = 0; // > 0 while visiting code CPython will not emit
  uint32_t constantDepth_ = 0; // constantTruth's recursion, counted against kMaxDepth
  // Per loop body being visited in the current code object, innermost last: whether a break of
  // that loop was met (a break in a loop's else clause belongs to the enclosing loop).
  std::vector<uint8_t> loopBreaks_;
  // A reachable break whose way out of its loop (loopBreaks_[frame]) crosses the finally clause at
  // unwind_[finally]: it leaves the loop unless that clause, or one further out, ends the flow,
  // which is known once the clause is visited (passFinally).
  struct PendingBreak {
    uint32_t frame;
    size_t finally;
  };
  std::vector<PendingBreak> pendingBreaks_;
  // unwind_[end - 1] when it is a finally clause (not a loop's mark): the next one a jump out of
  // the innermost loop crosses.
  std::optional<size_t> finallyBelow(size_t end) const {
    if (end == 0 || ts_node_is_null(unwind_[end - 1])) return std::nullopt;
    return end - 1;
  }
  // The finally clause at unwind_[index] has been visited: the breaks waiting on it go on
  // outwards, unless it ends the flow.
  void passFinally(size_t index, bool endsFlow) {
    std::erase_if(pendingBreaks_, [&](PendingBreak& pending) {
      if (pending.finally != index) return false;
      if (endsFlow) return true;
      if (const std::optional<size_t> next = finallyBelow(index)) {
        pending.finally = *next;
        return false;
      }
      loopBreaks_[pending.frame] = 1;
      return true;
    });
  }
  // Per match statement being visited, innermost last.
  struct MatchFlow {
    bool irrefutable = false; // a case always matches (no guard, an irrefutable pattern)
    bool allEnd = true;       // every case's block ends the flow
  };
  std::vector<MatchFlow> matchFlows_;
  bool flowEnds_ = false;  // set by the visit of a compound statement or assert: it ends the flow
  bool blockEnds_ = false; // set by visitStatements: the flow cannot reach the list's end
  StatementIndex* statementIndex_ = nullptr; // what run() records, if anything
  std::vector<uint32_t> byName_;             // finish(): one scope's symbols in name order
  bool futureAnnotations_ = false;
  bool truncated_ = false;
  bool skipNextClassBody_ = false;       // a fragment of a class header: its body is analysed apart
  bool inlineComprehensions_ = false;    // PEP 709, 3.12+
  bool trimsAllUnusedConstants_ = false; // 3.12+ drops every unused constant, not just trailing
  // 3.12+: classes have a `__classdict__` cell for their annotation scopes; under 3.11 (which
  // cannot compile PEP 695 syntax) those scopes read the class's names without it.
  bool classDictCell_ = false;
};

void ScopeBuilder::use(TSNode identifier) {
  std::string_view name = text(identifier);
  if (name.empty()) return; // MISSING
  note(current_, nameId(name), flags::Use, identifier, OccurrenceKind::Read);
  // super() needs the implicit __class__ cell, whatever super is bound to.
  if (name == "super" && raw_.scopes[current_].isFunctionBlock()) {
    flagOnly(current_, raw_.classCellId, flags::Use);
  }
}

void ScopeBuilder::bind(TSNode identifier, uint32_t flag, OccurrenceKind kind) {
  std::string_view name = text(identifier);
  if (name.empty()) return;
  note(current_, nameId(name), flag, identifier, kind);
}

void ScopeBuilder::visit(TSNode node, TSSymbol symbol) {
  if (depth_ >= kMaxDepth) {
    truncated_ = true;
    return;
  }
  ++depth_;
  switch (symbol < actions_.size() ? actions_[symbol] : Action::Generic) {
  case Action::Skip:
    break;
  case Action::Identifier:
    use(node);
    break;
  case Action::Statements:
    visitStatements(node);
    break;
  case Action::Constant:
    noteConstant(ts_node_start_byte(node));
    if (mayHoldExpressions(node)) visitChildren(node); // f-string interpolations
    break;
  case Action::ConcatenatedString:
    // One constant, unless a part is an f-string with fields; the text tells without stepping
    // over the parts when there is no brace in it.
    if (!ts_node_has_error(node) && text(node).find('{') == std::string_view::npos) {
      noteConstant(ts_node_start_byte(node));
    } else {
      visitChildren(node);
    }
    break;
  case Action::NoneConstant:
    noteNone(ts_node_start_byte(node));
    break;
  case Action::ImportConstants:
    noteConstant(ts_node_start_byte(node)); // the level and the from-list
    if (symbol == ids_.importStatement) noteNone(ts_node_start_byte(node)); // no from-list
    visitImport(node, symbol == ids_.importFromStatement);
    break;
  case Action::With:
    // Leaving the block calls __exit__(None, None, None).
    visitChildren(node);
    noteNone(ts_node_end_byte(node));
    break;
  case Action::Slice: {
    // `x[a:]`, `x[:b]`, `x[:]`: a missing bound is None.
    int colons = 0;
    bool lower = false;
    bool upper = false;
    walkChildren<false, true>(node, [&](TSNode child, TSSymbol type, TSFieldId) {
      if (!isNamed(type)) {
        colons += text(child) == ":" ? 1 : 0;
        return;
      }
      if (type != ids_.comment) {
        lower = lower || colons == 0;
        upper = upper || colons == 1;
      }
      visit(child, type);
    });
    if (!lower || !upper) noteNone(ts_node_start_byte(node));
    break;
  }
  case Action::Function:
    visitFunction(node, node);
    break;
  case Action::Class:
    visitClass(node, node);
    break;
  case Action::Decorated:
    visitDecorated(node);
    break;
  case Action::Lambda:
    visitLambda(node);
    break;
  case Action::ListComp:
    visitComprehension(node, "<listcomp>");
    break;
  case Action::SetComp:
    visitComprehension(node, "<setcomp>");
    break;
  case Action::DictComp:
    visitComprehension(node, "<dictcomp>");
    break;
  case Action::GenExp:
    visitComprehension(node, "<genexpr>");
    break;
  case Action::Walrus:
    visitWalrus(node);
    break;
  case Action::Attribute:
    // `object.name`: without errors the object is the first child and the rest need no visit
    // (attributes are a tenth of all nodes).
    if (!ts_node_has_error(node)) {
      visit(ts_node_child(node, 0));
    } else {
      forEachChild(node, [&](TSNode child, TSFieldId field) {
        if (field != ids_.fieldAttribute) visit(child);
      });
    }
    break;
  case Action::KeywordArgument:
    noteConstant(ts_node_start_byte(node)); // the call's KW_NAMES tuple
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field != ids_.fieldName) visit(child);
    });
    break;
  case Action::Assignment:
    visitAssignment(node);
    break;
  case Action::AugmentedAssignment:
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldLeft) {
        visitTarget(child, OccurrenceKind::Write);
      } else {
        visit(child);
      }
    });
    break;
  case Action::For: {
    unwind_.push_back(TSNode{}); // a loop: break and continue stop unwinding here
    LoopFlow flow;
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldLeft) {
        visitTarget(child, OccurrenceKind::Write);
      } else if (field == ids_.fieldBody) {
        visitLoopBody(child, flow);
      } else if (field == ids_.fieldAlternative && !flow.otherwise) {
        flow.otherwise = true;
        visitElseClause(child, flow.otherwiseEnds);
      } else {
        visit(child);
      }
    });
    unwind_.pop_back();
    // Without a break of its own, the loop is left only through its else clause.
    flowEnds_ = !flow.bodyBreaks && flow.otherwise && flow.otherwiseEnds;
    break;
  }
  case Action::While: {
    unwind_.push_back(TSNode{});
    // CPython compiles the test before the body and again after it; folded to false, the body
    // never runs, and folded to true, the else clause never does (a break skips it).
    int truth = -1;
    LoopFlow flow;
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldCondition) {
        truth = constantTruth(child);
        visitCondition(child, truth);
      } else if (field == ids_.fieldBody) {
        if (truth == 0) ++dead_;
        visitLoopBody(child, flow);
        if (truth == 0) --dead_;
      } else if (field == ids_.fieldAlternative && !flow.otherwise) {
        flow.otherwise = true;
        if (truth == 1) ++dead_;
        visitElseClause(child, flow.otherwiseEnds);
        if (truth == 1) --dead_;
      } else {
        visitMaybeDead(child, truth == 1 && symbolOf(child) == ids_.elseClause);
      }
    });
    unwind_.pop_back();
    // `while True:` / `while 1:` without a reachable break of its own never falls through; another
    // loop without one is left only through its else clause.
    flowEnds_ = !flow.bodyBreaks && (truth == 1 ? flow.body : flow.otherwise && flow.otherwiseEnds);
    break;
  }
  case Action::If:
    visitConstantFoldedIf(node);
    break;
  case Action::Assert: {
    // `assert True, message`: the message is never run.
    bool first = true;
    bool firstNamed = true; // `assert False` always raises, unless a comment comes first
    bool alwaysTrue = false;
    bool alwaysFalse = false;
    forEachNamedChild(node, [&](TSNode child) {
      const bool comment = symbolOf(child) == ids_.comment;
      const bool leading = std::exchange(firstNamed, false);
      if (comment) return;
      if (first) {
        const int truth = constantTruth(child);
        alwaysTrue = truth == 1;
        alwaysFalse = leading && truth == 0;
        visitCondition(child, truth);
      } else {
        visitMaybeDead(child, alwaysTrue);
      }
      first = false;
    });
    flowEnds_ = alwaysFalse;
    break;
  }
  case Action::Try: {
    TSNode finally{};
    forEachNamedChild(node, [&](TSNode child) {
      if (symbolOf(child) == ids_.finallyClause) finally = child;
    });
    if (!ts_node_is_null(finally)) unwind_.push_back(finally);
    // The flow goes on after the try from the end of its body or else clause, from the end of a
    // handler, or past except* handlers; a finally clause that ends the flow ends it for them all.
    bool body = false;
    bool bodyEnds = false;
    bool otherwise = false;
    bool otherwiseEnds = false;
    bool handlersEnd = true;
    forEachNamedChild(node, [&](TSNode child) {
      const TSSymbol type = symbolOf(child);
      if (type == ids_.finallyClause) return;
      blockEnds_ = false; // each part's block, visited last in it, sets it
      visit(child, type);
      if (type == ids_.block && !std::exchange(body, true)) {
        bodyEnds = blockEnds_;
      } else if (type == ids_.exceptClause) {
        handlersEnd = handlersEnd && blockEnds_;
      } else if (type == ids_.exceptGroupClause) {
        // The exceptions an except* handler raises are gathered and raised after the last
        // one, from code CPython can also leave by falling through.
        handlersEnd = false;
      } else if (type == ids_.elseClause && !std::exchange(otherwise, true)) {
        otherwiseEnds = blockEnds_;
      }
    });
    bool finallyEnds = false;
    if (!ts_node_is_null(finally)) {
      unwind_.pop_back();
      blockEnds_ = false;
      visit(finally);
      finallyEnds = blockEnds_;
      passFinally(unwind_.size(), finallyEnds);
    }
    flowEnds_ = finallyEnds || ((bodyEnds || (otherwise && otherwiseEnds)) && handlersEnd);
    break;
  }
  case Action::Jump:
    // CPython compiles the enclosing finally blocks in place before the jump, so their
    // constants enter the table here, before anything that follows.
    if (dead_ == 0 && noCode_ == 0) {
      const bool isReturn = symbol == ids_.returnStatement;
      for (auto it = unwind_.rbegin(); it != unwind_.rend(); ++it) {
        if (ts_node_is_null(*it)) {
          if (!isReturn) break;
          continue;
        }
        inlinedFinally_.push_back(InlinedFinally{rangeOf(*it), ts_node_start_byte(node)});
      }
    }
    // Only a break that can run leaves its loop: CPython's compiler drops unreachable code.
    if (symbol == ids_.breakStatement && !loopBreaks_.empty() && dead_ == 0) {
      if (const std::optional<size_t> finally = finallyBelow(unwind_.size())) {
        pendingBreaks_.push_back({static_cast<uint32_t>(loopBreaks_.size() - 1), *finally});
      } else {
        loopBreaks_.back() = 1;
      }
    }
    if (symbol == ids_.returnStatement && ts_node_named_child_count(node) == 0)
      noteNone(ts_node_start_byte(node));
    visitChildren(node);
    break;
  case Action::AsPattern: // `with x as y`, `except E as e`
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldAlias) {
        visitTarget(child, OccurrenceKind::Write);
      } else {
        visit(child);
      }
    });
    break;
  case Action::ExceptClause: {
    bool named = false;
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldAlias) {
        named = true;
        visitTarget(child, OccurrenceKind::Write);
      } else {
        named = named || symbolOf(child) == ids_.asPattern;
        visit(child);
      }
    });
    // `except E as e:` (the grammar parses `E as e` as one as_pattern) ends with
    // `e = None; del e`.
    if (named) noteNone(ts_node_end_byte(node));
    break;
  }
  case Action::ExceptGroupClause: {
    // except* E as e: the expression after `as` is the target.
    int expressions = 0;
    forEachNamedChild(node, [&](TSNode child) {
      if (symbolOf(child) != ids_.block && expressions++ == 1) {
        visitTarget(child, OccurrenceKind::Write);
      } else {
        visit(child);
      }
    });
    if (expressions > 1) noteNone(ts_node_end_byte(node)); // `e = None; del e`
    break;
  }
  case Action::FutureImport:
    forEachNamedChild(node, [&](TSNode child) {
      TSNode name = child;
      if (symbolOf(child) == ids_.aliasedImport) {
        name = ts_node_child_by_field_id(child, ids_.fieldName);
      }
      if (!ts_node_is_null(name) && text(name) == "annotations") futureAnnotations_ = true;
    });
    visitImport(node, true);
    break;
  case Action::Global:
  case Action::Nonlocal: {
    const bool global = actionOf(node) == Action::Global;
    forEachNamedChild(node, [&](TSNode child) {
      if (symbolOf(child) != ids_.identifier) return;
      bind(child, global ? flags::DefGlobal : flags::DefNonlocal,
           global ? OccurrenceKind::GlobalDecl : OccurrenceKind::NonlocalDecl);
    });
    break;
  }
  case Action::Delete:
    forEachNamedChild(node, [&](TSNode child) { visitTarget(child, OccurrenceKind::Delete); });
    break;
  case Action::Match: {
    // The flow ends when a case always matches and every case's block ends it.
    matchFlows_.push_back(MatchFlow{});
    visitChildren(node);
    const MatchFlow flow = matchFlows_.back();
    matchFlows_.pop_back();
    flowEnds_ = flow.irrefutable && flow.allEnd;
    break;
  }
  case Action::CaseClause: {
    int patterns = 0;
    bool irrefutable = false;
    bool guarded = false;
    bool blockEnds = false;
    forEachNamedChild(node, [&](TSNode child) {
      const TSSymbol type = symbolOf(child);
      if (type == ids_.casePattern) {
        irrefutable = ++patterns == 1 && irrefutablePattern(child);
        visitPattern(child);
        return;
      }
      guarded = guarded || type == ids_.ifClause;
      blockEnds_ = false;
      visit(child, type);
      if (type == ids_.block) blockEnds = blockEnds_;
    });
    if (!matchFlows_.empty()) {
      MatchFlow& flow = matchFlows_.back();
      flow.allEnd = flow.allEnd && blockEnds;
      flow.irrefutable = flow.irrefutable || (irrefutable && patterns == 1 && !guarded);
    }
    break;
  }
  case Action::MemberType: {
    // `a.b` as a type: only `a` is a name.
    bool first = true;
    forEachNamedChild(node, [&](TSNode child) {
      if (first) visit(child);
      first = false;
    });
    break;
  }
  case Action::Print:
  case Action::Exec: {
    // Python 2 statements the grammar still knows; their keyword is a name in Python 3.
    uint32_t start = ts_node_start_byte(node);
    std::string_view keyword = actionOf(node) == Action::Print ? "print" : "exec";
    if (source_.substr(start, keyword.size()) == keyword) {
      noteRange(current_, nameId(keyword), flags::Use,
                ByteRange{start, start + static_cast<uint32_t>(keyword.size())},
                OccurrenceKind::Read);
    }
    visitChildren(node);
    break;
  }
  case Action::TypeAlias:
    visitTypeAlias(node);
    break;
  case Action::Generic:
    visitChildren(node);
    break;
  }
  --depth_;
}

// What CPython's compiler sees as a constant test: what its AST optimizer folds into a constant
// (literals, `__debug__`, `not`, tuples of constants, arithmetic: constantValue), and `and`/`or`
// and `x if c else y` whose jumps its control-flow optimizer folds (a constant operand decides the
// jump it feeds).
int ScopeBuilder::constantTruth(TSNode condition) {
  if (ts_node_is_null(condition) || depth_ + constantDepth_ >= kMaxDepth) return -1;
  const TSSymbol s = symbolOf(condition);
  if (s == ids_.trueLiteral || s == ids_.ellipsis) return 1;
  if (s == ids_.falseLiteral || s == ids_.noneLiteral) return 0;
  if (s == ids_.integer || s == ids_.floatLiteral) return numberTruth(text(condition));
  if (s == ids_.string) return stringTruth(text(condition));
  if (s == ids_.concatenatedString) {
    // Folded into one constant when every piece is one: false when every piece is empty.
    int truth = 0;
    forEachNamedChild(condition, [&](TSNode piece) {
      if (symbolOf(piece) == ids_.comment) return;
      const int pieceTruth = symbolOf(piece) == ids_.string ? stringTruth(text(piece)) : -1;
      truth = truth < 0 || pieceTruth < 0 ? -1 : std::max(truth, pieceTruth);
    });
    return truth;
  }
  if (s == ids_.identifier) return text(condition) == "__debug__" ? 1 : -1;
  ++constantDepth_;
  int truth = -1;
  if (s == ids_.notOperator) {
    const int argument = constantTruth(ts_node_named_child(condition, 0));
    truth = argument < 0 ? -1 : 1 - argument;
  } else if (s == ids_.unaryOperator) {
    if (const std::optional<ConstantValue> value = constantValue(condition)) {
      truth = value->truth() ? 1 : 0;
    } else {
      // A literal past this model's ints: signs leave it as true as it is, and `~n` of one n >= 0
      // is -(n + 1), never zero. Walked down once (constantValue already went all the way).
      auto operatorOf = [&](TSNode node) {
        return text(ts_node_child_by_field_id(node, ids_.fieldOperator));
      };
      TSNode inner = ts_node_named_child(condition, 0);
      if (operatorOf(condition) == "~") {
        const std::string_view literal =
            ts_node_is_null(inner) || symbolOf(inner) != ids_.integer ? "" : text(inner);
        if (!literal.empty() && literal.find_first_of("jJ") == std::string_view::npos) truth = 1;
      } else {
        while (!ts_node_is_null(inner) && symbolOf(inner) == ids_.unaryOperator &&
               operatorOf(inner) != "~")
          inner = ts_node_named_child(inner, 0);
        const TSSymbol type = ts_node_is_null(inner) ? 0 : symbolOf(inner);
        if (type == ids_.integer || type == ids_.floatLiteral) truth = numberTruth(text(inner));
      }
    }
  } else if (s == ids_.binaryOperator || s == ids_.subscript) {
    if (const std::optional<ConstantValue> value = constantValue(condition))
      truth = value->truth() ? 1 : 0;
  } else if (s == ids_.conditionalExpression) {
    // `a if c else b`: compiled as jumps, c's first; a constant c leaves one arm, and arms alike
    // decide whatever c is.
    int parts[3] = {-1, -1, -1};
    int count = 0;
    forEachNamedChild(condition, [&](TSNode part) {
      if (symbolOf(part) != ids_.comment && count < 3) parts[count++] = constantTruth(part);
    });
    if (count == 3 && !ts_node_has_error(condition)) {
      const int body = parts[0], test = parts[1], orElse = parts[2];
      if (test >= 0) {
        truth = test == 1 ? body : orElse;
      } else if (body >= 0 && body == orElse) {
        truth = body;
      }
    }
  } else if (s == ids_.booleanOperator) {
    // Kleene logic: `x and False` never runs the branch, `x or True` always does.
    const bool isOr =
        text(ts_node_child_by_field_id(condition, ids_.fieldOperator)) == std::string_view("or");
    const int left = constantTruth(ts_node_child_by_field_id(condition, ids_.fieldLeft));
    const int right = constantTruth(ts_node_child_by_field_id(condition, ids_.fieldRight));
    const int decisive = isOr ? 1 : 0;
    if (left == decisive || right == decisive) {
      truth = decisive;
    } else if (left >= 0 && right >= 0) {
      truth = 1 - decisive;
    }
  } else if (s == ids_.parenthesizedExpression && ts_node_named_child_count(condition) == 1) {
    truth = constantTruth(ts_node_named_child(condition, 0));
  } else if (s == ids_.tuple) {
    truth = foldedTruth(condition); // a tuple of constants is one; only `()` is false
  }
  --constantDepth_;
  return truth;
}

std::optional<ConstantValue> ScopeBuilder::constantValue(TSNode expression) {
  if (ts_node_is_null(expression) || depth_ + constantDepth_ >= kMaxDepth) return std::nullopt;
  const TSSymbol s = symbolOf(expression);
  if (s == ids_.integer || s == ids_.floatLiteral) return numberLiteral(text(expression));
  if (s == ids_.trueLiteral) return ConstantValue::ofInt(1);
  if (s == ids_.falseLiteral) return ConstantValue::ofInt(0);
  if (s == ids_.identifier && text(expression) == "__debug__") return ConstantValue::ofInt(1);
  if (s == ids_.string) return stringLiteral(text(expression));
  if (s == ids_.noneLiteral) return ConstantValue::ofNone();
  if (s == ids_.ellipsis) return ConstantValue::ofEllipsis();
  std::optional<ConstantValue> value;
  ++constantDepth_;
  if (s == ids_.concatenatedString && !ts_node_has_error(expression)) {
    // One constant when no part is an f-string (a JoinedStr is not a constant to the optimizer).
    bool constant = true;
    std::vector<ConstantValue> pieces;
    forEachNamedChild(expression, [&](TSNode part) {
      if (!constant || symbolOf(part) == ids_.comment) return;
      std::optional<ConstantValue> piece =
          symbolOf(part) == ids_.string ? stringLiteral(text(part)) : std::nullopt;
      constant = piece.has_value();
      if (piece) pieces.push_back(std::move(*piece));
    });
    if (constant) value = joinLiterals(pieces);
  } else if (s == ids_.tuple && !ts_node_has_error(expression)) {
    // fold_tuple: a tuple of constants is a constant; its items count towards the size limits.
    bool constant = true;
    std::vector<ConstantValue> items;
    uint64_t truthOnly = 0; // items past this model's ints: their truth is known, not their value
    forEachNamedChild(expression, [&](TSNode element) {
      if (!constant || symbolOf(element) == ids_.comment) return;
      if (std::optional<ConstantValue> item = constantValue(element)) {
        items.push_back(std::move(*item));
      } else if (symbolOf(element) == ids_.integer) {
        // Not foldedTruth: it would evaluate the item again, at every level of nested tuples.
        ++truthOnly;
      } else {
        constant = false;
      }
    });
    if (constant) {
      value = ConstantValue::ofTuple(std::move(items));
      if (truthOnly != 0) {
        value->length += truthOnly;
        value->nested += truthOnly;
        value->items.reset(); // not subscripted
      }
    }
  } else if (s == ids_.notOperator) {
    // `not x` folds to a bool whatever constant x is.
    const int operand = foldedTruth(ts_node_named_child(expression, 0));
    if (operand >= 0) value = ConstantValue::ofInt(1 - operand);
  } else if (s == ids_.parenthesizedExpression && ts_node_named_child_count(expression) == 1) {
    value = constantValue(ts_node_named_child(expression, 0));
  } else if (s == ids_.unaryOperator) {
    const std::string_view op = text(ts_node_child_by_field_id(expression, ids_.fieldOperator));
    if (op.size() == 1) {
      if (std::optional<ConstantValue> operand = constantValue(ts_node_named_child(expression, 0)))
        value = foldUnary(op[0], *operand);
    }
  } else if (s == ids_.subscript && !ts_node_has_error(expression)) {
    // fold_subscr: a constant indexed by one constant (`x[1,]` indexes by a tuple, `x[1:]` by a
    // slice, neither folded).
    std::optional<ConstantValue> sequence =
        constantValue(ts_node_child_by_field_id(expression, ids_.fieldValue));
    if (sequence && sequence->isSequence()) {
      TSNode index{};
      int parts = 0;
      bool comma = false;
      walkChildren<false, true>(expression, [&](TSNode child, TSSymbol type, TSFieldId) {
        if (type == ids_.comment) return;
        if (!isNamed(type)) {
          comma = comma || text(child) == ",";
        } else if (++parts == 2) {
          index = child;
        }
      });
      std::optional<ConstantValue> at;
      if (parts == 2 && !comma) at = constantValue(index);
      if (at) value = foldSubscript(*sequence, *at);
    }
  } else if (s == ids_.binaryOperator && !ts_node_has_error(expression)) {
    const std::optional<ArithmeticOperator> op =
        arithmeticOperator(text(ts_node_child_by_field_id(expression, ids_.fieldOperator)));
    std::optional<ConstantValue> left;
    if (op) left = constantValue(ts_node_child_by_field_id(expression, ids_.fieldLeft));
    std::optional<ConstantValue> right;
    if (left) right = constantValue(ts_node_child_by_field_id(expression, ids_.fieldRight));
    if (right) value = foldBinary(*op, *left, *right);
  }
  --constantDepth_;
  return value;
}

int ScopeBuilder::foldedTruth(TSNode expression) {
  if (const std::optional<ConstantValue> value = constantValue(expression))
    return value->truth() ? 1 : 0;
  if (ts_node_is_null(expression) || symbolOf(expression) != ids_.integer) return -1;
  return numberTruth(text(expression));
}

int ScopeBuilder::numberTruth(std::string_view literal) {
  // Python spells zero `0`, `0_0`, `0x0`, `0o0`, `0b0`, `0.0`, `0e5`, `0j`, ...; a float literal
  // too small for a double (`1e-400`) is zero as well.
  std::string digits;
  digits.reserve(literal.size());
  for (char c : literal)
    if (c != '_') digits.push_back(c);
  while (!digits.empty() && std::strchr("jJlL", digits.back()) != nullptr)
    digits.pop_back();
  if (digits.size() > 1 && digits[0] == '0' && std::strchr("xXoObB", digits[1]) != nullptr)
    return digits.find_first_not_of('0', 2) != std::string::npos ? 1 : 0;
  if (digits.find_first_of(".eE") == std::string::npos)
    return digits.find_first_not_of('0') != std::string::npos ? 1 : 0;
  return std::strtod(digits.c_str(), nullptr) != 0.0 ? 1 : 0;
}

int ScopeBuilder::stringTruth(std::string_view literal) {
  // `''`, `b""`, `r''''''` are false. An f-string is a constant only without replacement fields
  // (`f'{{'` is one), and then not when it is empty (the compiler builds an empty string).
  const std::optional<StringParts> parts = stringParts(literal);
  if (!parts) return -1;
  if (parts->prefix.find_first_of("fF") != std::string_view::npos) {
    const std::string_view body = parts->body;
    if (body.empty()) return -1;
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '{') continue;
      if (i + 1 == body.size() || body[i + 1] != '{') return -1; // a replacement field
      ++i;
    }
    return 1;
  }
  // Escapes decide: a string of a backslash-newline alone is empty.
  const std::optional<ConstantValue> value = stringLiteral(literal);
  return value ? (value->truth() ? 1 : 0) : -1;
}

void ScopeBuilder::visitConstantFoldedIf(TSNode node) {
  // Once a branch's condition is constantly true the later branches are unreachable; a branch
  // whose condition is constantly false never runs.
  bool taken = false;
  int truth = -1;
  // Whether the if ends the flow, worked out as its parts go by: some branch is sure to run (an
  // else, or a condition folded to true) and every branch that may run up to it ends the flow
  // (the flow cannot reach its block's end). Read in document order as CPython's compiler does: an
  // if's or elif's first part is its condition, its first block the branch.
  struct Flow {
    bool sure = false; // a branch sure to run exists
    bool all = true;   // every branch that may run so far ends the flow
    bool done = false; // a branch sure to run was reached: later ones never run
    int truth = -1;    // of the condition the next block belongs to
    void condition(int t) {
      truth = t;
      sure = sure || t == 1;
    }
    void block(bool ends) {
      if (!all || done) return;
      if (truth != 0) all = ends;
      done = truth == 1;
    }
    void elseIf(int t, bool ends) {
      sure = sure || t == 1;
      if (!all || done) return;
      truth = t;
      if (t != 0) all = ends;
      done = t == 1;
    }
    void otherwise(bool ends) {
      sure = true;
      if (!all || done) return;
      all = ends;
      done = true;
    }
  } flow;
  bool first = true;
  // Parts of an if or elif: its condition, then its block (and whatever else parsed there).
  auto part = [&](TSNode child, bool& sawCondition) {
    if (!sawCondition) {
      sawCondition = true;
      truth = constantTruth(child);
      if (taken) ++dead_;
      visitCondition(child, truth);
      if (taken) --dead_;
    } else {
      visitMaybeDead(child, taken || truth == 0);
    }
  };
  bool sawCondition = false;
  forEachNamedChild(node, [&](TSNode child) {
    const TSSymbol type = symbolOf(child);
    if (type == ids_.comment) return;
    const bool firstPart = std::exchange(first, false);
    if (firstPart && (type == ids_.elifClause || type == ids_.elseClause))
      flow.condition(constantTruth(child)); // broken code: what stands first is the condition
    if (type == ids_.elifClause) {
      bool sawElifCondition = false;
      int elifTruth = -1;
      bool sawBlock = false;
      bool blockEnds = false;
      forEachNamedChild(child, [&](TSNode elifPart) {
        const TSSymbol partType = symbolOf(elifPart);
        if (partType == ids_.comment) return;
        const bool condition = !sawElifCondition;
        blockEnds_ = false;
        part(elifPart, sawElifCondition);
        if (condition) elifTruth = truth;
        if (partType == ids_.block && !std::exchange(sawBlock, true)) blockEnds = blockEnds_;
      });
      if (!firstPart) flow.elseIf(elifTruth, blockEnds);
      if (truth == 1) taken = true;
    } else if (type == ids_.elseClause) {
      bool blockEnds = false;
      if (taken) ++dead_;
      visitElseClause(child, blockEnds);
      if (taken) --dead_;
      if (!firstPart) flow.otherwise(blockEnds);
    } else {
      blockEnds_ = false;
      part(child, sawCondition);
      if (firstPart) {
        flow.condition(truth);
      } else if (type == ids_.block) {
        flow.block(blockEnds_);
      }
      if (type == ids_.block && truth == 1) taken = true;
    }
  });
  flowEnds_ = flow.sure && flow.all;
}

bool ScopeBuilder::irrefutablePattern(TSNode pattern) {
  const TSSymbol type = symbolOf(pattern);
  if (type == ids_.dottedName) return ts_node_named_child_count(pattern) == 1; // a capture
  // A case's pattern, `p as name`, `p | q` and `(p)` (a tuple pattern without a comma: a group).
  if (type != ids_.casePattern && type != ids_.asPattern && type != ids_.unionPattern &&
      type != ids_.tuplePattern) {
    return false;
  }
  TSNode first{};
  int parts = 0;
  bool wildcard = false; // `_` is a token, not a named node
  bool comma = false;
  bool alternative = false; // an irrefutable alternative of `p | q`
  walkChildren<false, true>(pattern, [&](TSNode child, TSSymbol symbol, TSFieldId) {
    if (!isNamed(symbol)) {
      const std::string_view token = text(child);
      wildcard = wildcard || token == "_";
      comma = comma || token == ",";
      return;
    }
    if (symbol == ids_.comment) return;
    if (++parts == 1) first = child;
    if (type == ids_.unionPattern && !alternative) alternative = irrefutablePattern(child);
  });
  if (type == ids_.unionPattern) return wildcard || alternative;
  if (type == ids_.casePattern && parts == 0) return wildcard;
  if (type == ids_.asPattern) return parts > 0 && irrefutablePattern(first);
  return parts == 1 && !comma && irrefutablePattern(first);
}

void ScopeBuilder::visitElseClause(TSNode clause, bool& firstBlockEnds) {
  if (depth_ >= kMaxDepth) {
    truncated_ = true;
    return;
  }
  ++depth_;
  bool sawBlock = false;
  walkChildren<false>(clause, [&](TSNode part, TSSymbol symbol, TSFieldId) {
    blockEnds_ = false;
    visit(part, symbol);
    if (symbol == ids_.block && !std::exchange(sawBlock, true)) firstBlockEnds = blockEnds_;
  });
  --depth_;
}

// A test's constants feed jumps the compiler folds away, so they load nothing (which matters to
// 3.11: it trims unused constants only after the last one loaded); `and`, `or` and `not` pass
// the test on to their operands.
void ScopeBuilder::visitCondition(TSNode condition, int truth) {
  const TSSymbol s = symbolOf(condition);
  if (s == ids_.booleanOperator || s == ids_.notOperator || s == ids_.conditionalExpression ||
      (s == ids_.parenthesizedExpression && ts_node_named_child_count(condition) == 1)) {
    if (depth_ >= kMaxDepth) {
      truncated_ = true;
      return;
    }
    ++depth_;
    forEachNamedChild(condition, [&](TSNode operand) { visitCondition(operand); });
    --depth_;
    return;
  }
  if (truth == kTruthNotAsked) truth = constantTruth(condition);
  const bool folded = truth >= 0;
  if (folded) ++noCode_;
  visit(condition);
  if (folded) --noCode_;
}

void ScopeBuilder::visitStatements(TSNode list, bool* endReachable) {
  // Statements after a return/raise/break/continue are unreachable. CPython 3.11 still builds
  // their code objects but then trims only *trailing* unused constants, so such a def loses its
  // code object only when no reachable code after it loads a new constant (dropTrimmedCode).
  bool dead = false;
  bool previousEnds = false;
  const uint32_t recorded =
      statementIndex_ != nullptr ? statementIndex_->open(list) : StatementIndex::kNone;
  walkChildren<false>(list, [&](TSNode child, TSSymbol symbol, TSFieldId) {
    if (symbol == ids_.comment) return;
    if (recorded != StatementIndex::kNone) statementIndex_->add(recorded, child);
    if (!dead && previousEnds) {
      dead = true;
      ++dead_;
    }
    previousEnds = visitStatement(child, symbol);
  });
  if (recorded != StatementIndex::kNone) statementIndex_->close(recorded);
  if (dead) --dead_;
  blockEnds_ = dead || previousEnds;
  if (endReachable != nullptr) *endReachable = !blockEnds_;
}

bool ScopeBuilder::visitStatement(TSNode statement, TSSymbol symbol) {
  flowEnds_ = false; // stays so when the visit stops short (kMaxDepth)
  visit(statement, symbol);
  if (symbol == ids_.returnStatement || symbol == ids_.raiseStatement ||
      symbol == ids_.continueStatement || symbol == ids_.breakStatement) {
    return true;
  }
  return (symbol == ids_.ifStatement || symbol == ids_.whileStatement ||
          symbol == ids_.forStatement || symbol == ids_.tryStatement ||
          symbol == ids_.matchStatement || symbol == ids_.assertStatement) &&
         flowEnds_;
}

bool ScopeBuilder::hasDocstring(TSNode body) {
  // A first statement that is a str literal alone (not bytes, not an f-string).
  TSNode first{};
  const uint32_t count = ts_node_named_child_count(body);
  for (uint32_t i = 0; i < count && ts_node_is_null(first); ++i) {
    const TSNode child = ts_node_named_child(body, i);
    if (symbolOf(child) != ids_.comment) first = child;
  }
  if (ts_node_is_null(first) || symbolOf(first) != ids_.expressionStatement ||
      ts_node_named_child_count(first) != 1)
    return false;
  const TSNode value = ts_node_named_child(first, 0);
  auto plain = [&](TSNode piece) {
    if (symbolOf(piece) != ids_.string) return false;
    return stringPrefix(text(piece)).find_first_of("fFbB") == std::string_view::npos;
  };
  if (symbolOf(value) == ids_.string) return plain(value);
  if (symbolOf(value) != ids_.concatenatedString) return false;
  bool all = true;
  forEachNamedChild(value, [&](TSNode piece) {
    if (symbolOf(piece) != ids_.comment) all = all && plain(piece);
  });
  return all;
}

void ScopeBuilder::dropTrimmedCode() {
  // Runs after pass two, which tells the classes whose body ends by returning their __class__
  // cell instead of None.
  auto lastLoaded = [&](uint32_t scope) {
    const CodeConstants& c = constants_[scope];
    uint32_t last = c.lastReachable;
    const RawScope& raw = raw_.scopes[scope];
    const bool returnsNone =
        c.endReachable && !(raw.kind == ScopeKind::Class && raw.needsClassClosure);
    if (!c.noneLoaded && !returnsNone) return last;
    uint32_t none = c.firstNone != kNone ? c.firstNone : c.end;
    if (raw.kind == ScopeKind::Lambda || raw.kind == ScopeKind::Comprehension ||
        (raw.kind == ScopeKind::Function && (ts_node_is_null(c.body) || !hasDocstring(c.body))))
      none = raw.range.start; // constant 0
    if (none != kNone && (last == kNone || none > last)) last = none;
    return last;
  };
  for (uint32_t i = 1; i < raw_.scopes.size(); ++i) {
    if (!constants_[i].deadCandidate) continue;
    RawScope& scope = raw_.scopes[i];
    const CodeConstants& parent = constants_[scope.parent];
    const uint32_t start = scope.range.start;
    // A module's constant 0 is kept even when unused.
    const bool firstOfModule =
        raw_.scopes[scope.parent].kind == ScopeKind::Module && parent.first == start;
    const uint32_t last = lastLoaded(scope.parent);
    const bool trailing = trimsAllUnusedConstants_ || last == kNone || last < start;
    if (trailing && !firstOfModule) scope.hasCode = false;
  }
}

void ScopeBuilder::visitTarget(TSNode node, OccurrenceKind kind, uint32_t extraFlags) {
  if (depth_ >= kMaxDepth) {
    truncated_ = true;
    return;
  }
  TSSymbol s = symbolOf(node);
  if (s == ids_.identifier) {
    bind(node, flags::DefLocal | extraFlags, kind);
    return;
  }
  if (s == ids_.tuple || s == ids_.list || s == ids_.tuplePattern || s == ids_.listPattern ||
      s == ids_.patternList || s == ids_.expressionList || s == ids_.parenthesizedExpression ||
      s == ids_.listSplatPattern || s == ids_.listSplat || s == ids_.asPatternTarget) {
    ++depth_;
    forEachNamedChild(node, [&](TSNode child) { visitTarget(child, kind, extraFlags); });
    --depth_;
    return;
  }
  visit(node); // attribute, subscript: their parts are read
}

void ScopeBuilder::visitAnnotation(TSNode annotation, bool compiled) {
  // Under `from __future__ import annotations` CPython 3.11 keeps annotations out of every
  // enclosing scope (they go to a separate annotation block that never yields a closure).
  if (futureAnnotations_) return;
  if (annotationScope_ != kNone) {
    const uint32_t scope = std::exchange(annotationScope_, kNone);
    inScope(scope, private_, [&] { visitAnnotation(annotation, compiled); });
    annotationScope_ = scope;
    return;
  }
  if (!compiled) ++noCode_;
  visit(annotation);
  if (!compiled) --noCode_;
}

void ScopeBuilder::visitDecorated(TSNode node) {
  forEachChild(node, [&](TSNode child, TSFieldId field) {
    if (field == ids_.fieldDefinition) {
      if (symbolOf(child) == ids_.functionDefinition) {
        visitFunction(child, node);
      } else if (symbolOf(child) == ids_.classDefinition) {
        visitClass(child, node);
      } else {
        visit(child);
      }
    } else {
      visit(child); // decorators are evaluated in the enclosing scope
    }
  });
}

ScopeBuilder::Definition ScopeBuilder::openDefinition(ScopeKind kind, TSNode def, TSNode outer) {
  Definition d;
  TSNode nameNode{};
  TSNode typeParameters{};
  StatementIndex::DefinitionParts firstParts; // for the decorator model
  auto keepFirst = [](TSNode& kept, TSNode child) {
    if (ts_node_is_null(kept)) kept = child;
  };
  forEachChild(def, [&](TSNode child, TSFieldId field) {
    if (field == ids_.fieldName) {
      nameNode = child;
      keepFirst(firstParts.name, child);
    } else if (field == ids_.fieldParameters) {
      d.parameters = child;
      keepFirst(firstParts.parameters, child);
    } else if (field == ids_.fieldReturnType) {
      d.returns = child;
    } else if (field == ids_.fieldSuperclasses) {
      d.superclasses = child;
    } else if (field == ids_.fieldBody) {
      d.body = child;
      keepFirst(firstParts.body, child);
    } else if (field == ids_.fieldTypeParameters) {
      typeParameters = child;
    }
  });
  if (statementIndex_ != nullptr) statementIndex_->addDefinition(def, firstParts);
  d.name = ts_node_is_null(nameNode) ? std::string_view{} : text(nameNode);
  // The name is bound in the enclosing scope, before the new one opens.
  if (!d.name.empty()) bind(nameNode, flags::DefLocal, OccurrenceKind::Definition);
  const uint32_t firstLine = lineOf(outer);
  if (ts_node_is_null(typeParameters)) {
    d.scope = newScope(kind, d.name, def, nameNode, firstLine);
    return d;
  }
  const bool forClass = kind == ScopeKind::Class;
  d.typeScope = openTypeParameterScope(d.name, def, typeParameters, firstLine, forClass);
  inScope(d.typeScope, forClass ? d.name : private_,
          [&] { d.scope = newScope(kind, d.name, def, nameNode, firstLine); });
  return d;
}

uint32_t ScopeBuilder::openTypeParameterScope(std::string_view name, TSNode node, TSNode parameters,
                                              uint32_t firstLine, bool forClass) {
  const bool inClass = raw_.scopes[current_].kind == ScopeKind::Class;
  const uint32_t label = raw_.names.internCopy("<generic parameters of " + std::string(name) + ">");
  const uint32_t scope =
      newScope(ScopeKind::Function, raw_.names.name(label), node, TSNode{}, firstLine);
  raw_.scopes[scope].typeParameters = true;
  raw_.scopes[scope].annotationScope = true;
  raw_.scopes[scope].seesClassScope = inClass;
  inScope(scope, forClass ? name : private_, [&] {
    if (inClass && classDictCell_) flagOnly(scope, raw_.classDictId, flags::Use);
    if (forClass) {
      // Set when the parameters' tuple is built and read for the class's bases.
      for (std::string_view hidden : {".type_params", ".generic_base"})
        flagOnly(scope, raw_.names.intern(hidden), flags::DefLocal | flags::Use);
    }
    visitTypeParameters(parameters);
  });
  return scope;
}

void ScopeBuilder::visitTypeParameters(TSNode list) {
  forEachNamedChild(list, [&](TSNode parameter) {
    TSNode inner = unwrapType(parameter);
    const TSSymbol s = ts_node_is_null(inner) ? TSSymbol{0} : symbolOf(inner);
    if (s == ids_.identifier) { // T
      bind(inner, flags::DefLocal, OccurrenceKind::Definition);
    } else if (s == ids_.splatType) { // *Ts, **P
      TSNode name = firstNamedChild(inner);
      if (!ts_node_is_null(name) && symbolOf(name) == ids_.identifier)
        bind(name, flags::DefLocal, OccurrenceKind::Definition);
    } else if (s == ids_.constrainedType) { // T: bound, T: (constraints)
      TSNode name{};
      TSNode bound{};
      forEachNamedChild(inner, [&](TSNode part) {
        if (ts_node_is_null(name)) {
          name = unwrapType(part);
        } else if (ts_node_is_null(bound)) {
          bound = part;
        }
      });
      const bool named = !ts_node_is_null(name) && symbolOf(name) == ids_.identifier;
      if (named) bind(name, flags::DefLocal, OccurrenceKind::Definition);
      if (!ts_node_is_null(bound)) visitTypeVarBound(named ? text(name) : "", bound);
    } else {
      visit(parameter);
    }
  });
}

void ScopeBuilder::visitTypeVarBound(std::string_view name, TSNode bound) {
  // The bound is evaluated lazily, in a scope of its own.
  const bool seesClass = raw_.scopes[current_].seesClassScope;
  const uint32_t scope = newScope(ScopeKind::Function, name, bound, TSNode{}, lineOf(bound));
  raw_.scopes[scope].typeParameters = true;
  raw_.scopes[scope].annotationScope = true;
  raw_.scopes[scope].seesClassScope = seesClass;
  inScope(scope, private_, [&] {
    if (seesClass && classDictCell_) flagOnly(scope, raw_.classDictId, flags::Use);
    visit(bound);
  });
}

void ScopeBuilder::visitTypeAlias(TSNode node) {
  TSNode left = unwrapType(ts_node_child_by_field_id(node, ids_.fieldLeft));
  TSNode value = ts_node_child_by_field_id(node, ids_.fieldRight);
  TSNode nameNode{};
  TSNode parameters{};
  if (!ts_node_is_null(left) && symbolOf(left) == ids_.identifier) {
    nameNode = left;
  } else if (!ts_node_is_null(left) && symbolOf(left) == ids_.genericType) { // type A[T] = ...
    forEachNamedChild(left, [&](TSNode part) {
      if (ts_node_is_null(nameNode) && symbolOf(part) == ids_.identifier) {
        nameNode = part;
      } else if (symbolOf(part) == ids_.typeParameter) {
        parameters = part;
      }
    });
  }
  if (ts_node_is_null(nameNode)) {
    // The grammar also reads `type(x).attribute = value` as an alias: an assignment to an
    // attribute, whose parts are all read.
    visitChildren(node);
    return;
  }
  const std::string_view name = text(nameNode);
  if (!name.empty()) bind(nameNode, flags::DefLocal, OccurrenceKind::Write);
  const bool inClass = raw_.scopes[current_].kind == ScopeKind::Class;
  const uint32_t firstLine = lineOf(node);
  // The value is evaluated lazily, in a function-like scope of its own.
  auto visitValue = [&] {
    const uint32_t scope = newScope(ScopeKind::Function, name, node, TSNode{}, firstLine);
    raw_.scopes[scope].seesClassScope = inClass;
    raw_.scopes[scope].annotationScope = true;
    inScope(scope, private_, [&] {
      if (inClass && classDictCell_) flagOnly(scope, raw_.classDictId, flags::Use);
      if (!ts_node_is_null(value)) visit(value);
    });
  };
  if (ts_node_is_null(parameters)) {
    visitValue();
    return;
  }
  const uint32_t typeScope = openTypeParameterScope(name, node, parameters, firstLine, false);
  inScope(typeScope, private_, visitValue);
}

void ScopeBuilder::visitFunction(TSNode def, TSNode outer) {
  Definition d = openDefinition(ScopeKind::Function, def, outer);
  // Defaults are evaluated in the enclosing scope, a generic's annotations in its type scope.
  annotationScope_ = d.typeScope;
  if (!ts_node_is_null(d.parameters)) visitParameters(d.parameters, d.scope);
  if (!ts_node_is_null(d.returns)) visitAnnotation(d.returns, true);
  annotationScope_ = kNone;
  if (ts_node_is_null(d.body)) return;
  constants_[d.scope].body = d.body;
  inScope(d.scope, private_, [&] { visitBody(d.body); });
}

void ScopeBuilder::visitClass(TSNode def, TSNode outer) {
  Definition d = openDefinition(ScopeKind::Class, def, outer);
  raw_.scopes[d.scope].privateName = d.name;
  if (d.typeScope == kNone) {
    if (!ts_node_is_null(d.superclasses)) visit(d.superclasses);
  } else {
    // A generic class's bases are evaluated among its type parameters; the body reads them.
    if (!ts_node_is_null(d.superclasses))
      inScope(d.typeScope, d.name, [&] { visit(d.superclasses); });
    flagOnly(d.scope, raw_.names.intern("__type_params__"), flags::DefLocal);
    flagOnly(d.scope, raw_.names.intern(".type_params"), flags::Use);
  }
  if (skipNextClassBody_) {
    skipNextClassBody_ = false;
    return;
  }
  if (!ts_node_is_null(d.body)) inScope(d.scope, d.name, [&] { visitBody(d.body); });
}

void ScopeBuilder::visitLambda(TSNode node) {
  TSNode params{};
  TSNode body{};
  forEachChild(node, [&](TSNode child, TSFieldId field) {
    if (field == ids_.fieldParameters) {
      params = child;
    } else if (field == ids_.fieldBody) {
      body = child;
    }
  });
  uint32_t scope = newScope(ScopeKind::Lambda, "<lambda>", node, TSNode{}, lineOf(node));
  if (!ts_node_is_null(params)) visitParameters(params, scope);
  if (!ts_node_is_null(body)) inScope(scope, private_, [&] { visit(body); });
}

uint32_t ScopeBuilder::addParameter(TSNode identifier, uint32_t function) {
  std::string_view name = text(identifier);
  if (name.empty()) return UINT32_MAX;
  uint32_t id = nameId(name);
  note(function, id, flags::DefParam, identifier, OccurrenceKind::Parameter);
  return id;
}

void ScopeBuilder::visitParameters(TSNode params, uint32_t function) {
  // co_varnames order: positional-only and regular, keyword-only, then *args, then **kwargs.
  std::vector<uint32_t> positional;
  std::vector<uint32_t> keywordOnly;
  uint32_t varargs = UINT32_MAX;
  uint32_t kwargs = UINT32_MAX;
  bool afterStar = false;
  auto plain = [&](TSNode identifier) {
    uint32_t id = addParameter(identifier, function);
    if (id != UINT32_MAX) (afterStar ? keywordOnly : positional).push_back(id);
  };
  auto splatName = [&](TSNode splat) {
    TSNode found{};
    forEachNamedChild(splat, [&](TSNode child) {
      if (ts_node_is_null(found) && symbolOf(child) == ids_.identifier) found = child;
    });
    return found;
  };
  auto starred = [&](TSNode node) {
    TSSymbol s = symbolOf(node);
    if (s == ids_.identifier) {
      plain(node);
    } else if (s == ids_.listSplatPattern) {
      TSNode id = splatName(node);
      if (!ts_node_is_null(id)) varargs = addParameter(id, function);
      afterStar = true;
    } else if (s == ids_.dictionarySplatPattern) {
      TSNode id = splatName(node);
      if (!ts_node_is_null(id)) kwargs = addParameter(id, function);
    }
  };
  forEachNamedChild(params, [&](TSNode param) {
    TSSymbol s = symbolOf(param);
    if (s == ids_.identifier || s == ids_.listSplatPattern || s == ids_.dictionarySplatPattern) {
      starred(param);
    } else if (s == ids_.keywordSeparator) {
      afterStar = true;
    } else if (s == ids_.defaultParameter || s == ids_.typedDefaultParameter ||
               s == ids_.typedParameter) {
      // Defaults and annotations are evaluated in the enclosing scope, names bound in the new one.
      bool named = false;
      forEachChild(param, [&](TSNode child, TSFieldId field) {
        if (field == ids_.fieldValue) {
          visit(child);
        } else if (field == ids_.fieldType) {
          visitAnnotation(child, true);
        } else if (!named) {
          named = true;
          starred(child);
        }
      });
    }
  });
  std::vector<uint32_t>& order = raw_.scopes[function].parameters;
  order = std::move(positional);
  order.insert(order.end(), keywordOnly.begin(), keywordOnly.end());
  if (varargs != UINT32_MAX) order.push_back(varargs);
  if (kwargs != UINT32_MAX) order.push_back(kwargs);
}

void ScopeBuilder::visitComprehension(TSNode node, std::string_view name) {
  uint32_t scope = newScope(ScopeKind::Comprehension, name, node, TSNode{}, lineOf(node));
  // PEP 709: from 3.12 on, list, set and dict comprehensions have no code object of their own.
  raw_.scopes[scope].inlined = inlineComprehensions_ && name != "<genexpr>";
  // The first iterable is evaluated in the enclosing scope; everything else in the new one.
  bool firstClause = true;
  forEachNamedChild(node, [&](TSNode child) {
    if (!firstClause || symbolOf(child) != ids_.forInClause) return;
    firstClause = false;
    forEachChild(child, [&](TSNode part, TSFieldId field) {
      if (field == ids_.fieldRight) visit(part);
    });
  });
  inScope(scope, private_, [&] {
    bool first = true;
    forEachNamedChild(node, [&](TSNode child) {
      if (symbolOf(child) != ids_.forInClause) {
        visit(child);
        return;
      }
      const bool outermost = first;
      first = false;
      forEachChild(child, [&](TSNode part, TSFieldId field) {
        if (field == ids_.fieldLeft) {
          visitTarget(part, OccurrenceKind::Write, flags::DefCompIter);
        } else if (field != ids_.fieldRight || !outermost) {
          visit(part);
        }
      });
    });
  });
}

void ScopeBuilder::visitWalrus(TSNode node) {
  TSNode target{};
  forEachChild(node, [&](TSNode child, TSFieldId field) {
    if (field == ids_.fieldName) {
      target = child;
    } else {
      visit(child);
    }
  });
  if (ts_node_is_null(target) || text(target).empty()) return;
  uint32_t id = nameId(text(target));
  if (raw_.scopes[current_].kind == ScopeKind::Comprehension) {
    // A walrus in a comprehension binds in the nearest enclosing function (or the module).
    uint32_t owner = raw_.scopes[current_].parent;
    while (owner != kNoScope && raw_.scopes[owner].kind == ScopeKind::Comprehension) {
      owner = raw_.scopes[owner].parent;
    }
    if (owner != kNoScope) {
      RawScope& ownerScope = raw_.scopes[owner];
      if (ownerScope.isFunctionBlock()) {
        const RawSymbol* existing = ownerScope.findSymbol(id);
        bool global = existing != nullptr && (existing->flags & flags::DefGlobal) != 0;
        flagOnly(current_, id, global ? flags::DefGlobal : flags::DefNonlocal);
        flagOnly(owner, id, flags::DefLocal);
      } else if (ownerScope.kind == ScopeKind::Module) {
        flagOnly(current_, id, flags::DefGlobal);
        flagOnly(owner, id, flags::DefGlobal);
      }
    }
  }
  note(current_, id, flags::DefLocal, target, OccurrenceKind::Write);
}

void ScopeBuilder::visitAssignment(TSNode node) {
  TSNode left{};
  TSNode annotation{};
  forEachChild(node, [&](TSNode child, TSFieldId field) {
    if (field == ids_.fieldLeft) {
      left = child;
    } else if (field == ids_.fieldType) {
      annotation = child;
    } else {
      visit(child);
    }
  });
  if (!ts_node_is_null(left)) {
    if (!ts_node_is_null(annotation) && symbolOf(left) == ids_.identifier) {
      // `x: T` binds x even without a value.
      bind(left, flags::DefLocal | flags::DefAnnot, OccurrenceKind::Write);
    } else {
      visitTarget(left, OccurrenceKind::Write);
    }
  }
  if (!ts_node_is_null(annotation)) {
    // Only module and class bodies evaluate variable annotations; symtable sees them anyway.
    ScopeKind kind = raw_.scopes[current_].kind;
    visitAnnotation(annotation, kind == ScopeKind::Module || kind == ScopeKind::Class);
  }
}

void ScopeBuilder::visitImport(TSNode node, bool fromImport) {
  auto bindFirst = [&](TSNode dotted) {
    // `import a.b` binds `a`.
    TSNode first{};
    forEachNamedChild(dotted, [&](TSNode child) {
      if (ts_node_is_null(first) && symbolOf(child) == ids_.identifier) first = child;
    });
    if (!ts_node_is_null(first)) bind(first, flags::DefImport, OccurrenceKind::Import);
  };
  forEachChild(node, [&](TSNode child, TSFieldId field) {
    if (fromImport && field == ids_.fieldModuleName) return;
    TSSymbol s = symbolOf(child);
    if (s == ids_.dottedName) {
      bindFirst(child);
    } else if (s == ids_.aliasedImport) {
      TSNode alias = ts_node_child_by_field_id(child, ids_.fieldAlias);
      if (!ts_node_is_null(alias)) bind(alias, flags::DefImport, OccurrenceKind::Import);
    }
  });
}

void ScopeBuilder::capture(TSNode identifier) {
  if (text(identifier) == "_") return; // the wildcard binds nothing
  bind(identifier, flags::DefLocal, OccurrenceKind::Write);
}

void ScopeBuilder::visitPattern(TSNode node) {
  if (depth_ >= kMaxDepth) {
    truncated_ = true;
    return;
  }
  ++depth_;
  TSSymbol s = symbolOf(node);
  auto firstIdentifier = [&](TSNode dotted) {
    TSNode first{};
    uint32_t count = 0;
    forEachNamedChild(dotted, [&](TSNode child) {
      if (symbolOf(child) != ids_.identifier) return;
      if (count++ == 0) first = child;
    });
    return std::pair{first, count};
  };
  if (s == ids_.dottedName) {
    auto [first, count] = firstIdentifier(node);
    if (!ts_node_is_null(first)) {
      if (count == 1) {
        capture(first);
      } else {
        use(first); // a value pattern: `Color.RED`
      }
    }
  } else if (s == ids_.identifier || s == ids_.splatPattern) {
    if (s == ids_.identifier) {
      capture(node);
    } else {
      forEachNamedChild(node, [&](TSNode child) {
        if (symbolOf(child) == ids_.identifier) capture(child);
      });
    }
  } else if (s == ids_.classPattern) {
    bool first = true;
    forEachNamedChild(node, [&](TSNode child) {
      if (first && symbolOf(child) == ids_.dottedName) {
        auto [id, count] = firstIdentifier(child);
        if (!ts_node_is_null(id)) use(id);
      } else {
        visitPattern(child);
      }
      first = false;
    });
  } else if (s == ids_.keywordPattern) {
    bool first = true;
    forEachNamedChild(node, [&](TSNode child) {
      if (!first) visitPattern(child); // the keyword itself is an attribute name
      first = false;
    });
  } else if (s == ids_.dictPattern) {
    forEachChild(node, [&](TSNode child, TSFieldId field) {
      if (field == ids_.fieldKey) {
        if (symbolOf(child) == ids_.dottedName) {
          auto [id, count] = firstIdentifier(child);
          if (!ts_node_is_null(id)) use(id);
        } else {
          visit(child);
        }
      } else {
        visitPattern(child);
      }
    });
  } else if (s == ids_.casePattern || s == ids_.asPattern || s == ids_.listPattern ||
             s == ids_.tuplePattern || actionOf(node) == Action::Generic) {
    // case_pattern, union_pattern, list/tuple patterns, `p as name` (the name is an identifier
    // child, a capture).
    forEachNamedChild(node, [&](TSNode child) { visitPattern(child); });
  } else {
    visit(node);
  }
  --depth_;
}

ScopeTree ScopeBuilder::run(TSNode root) {
  internImplicitNames();
  RawScope module;
  module.kind = ScopeKind::Module;
  module.name = "<module>";
  module.range = rangeOf(root);
  raw_.scopes.push_back(std::move(module));
  current_ = 0;
  constants_.assign(1, CodeConstants{});
  // The standard library logs one name per 34 bytes (median of its modules; one per 24 in the
  // densest tenth of its large ones): most logs then never grow, instead of a dozen times.
  raw_.occurrences.reserve(source_.size() / 24);
  if (!ts_node_is_null(root)) {
    ++depth_;
    bool endReachable = false;
    visitStatements(root, &endReachable);
    noteBodyEnd(ts_node_end_byte(root), endReachable);
    --depth_;
  }
  return finish();
}

detail::ScopeFragment ScopeBuilder::runFragment(TSNode statement,
                                                const detail::FragmentContext& context) {
  internImplicitNames();
  RawScope module;
  module.kind = ScopeKind::Module;
  module.name = "<module>";
  module.range = rangeOf(statement);
  raw_.scopes.push_back(std::move(module));
  constants_.assign(1, CodeConstants{});
  futureAnnotations_ = context.futureAnnotations;
  skipNextClassBody_ = context.classHeader;
  // The depth the whole-module walk has when it reaches this statement.
  depth_ = 1;
  if (!context.className.empty()) {
    // A stand-in for the top-level class whose body holds the statement.
    RawScope klass;
    klass.kind = ScopeKind::Class;
    klass.name = context.className;
    klass.privateName = context.className;
    klass.parent = 0;
    raw_.scopes.push_back(std::move(klass));
    raw_.scopes[0].children.push_back(1);
    constants_.push_back(CodeConstants{});
    current_ = 1;
    private_ = context.className;
    depth_ = 2;
  }
  const uint32_t container = current_;

  detail::ScopeFragment fragment;
  fragment.range = rangeOf(statement);
  fragment.row = ts_node_start_point(statement).row;
  fragment.terminates = visitStatement(statement, symbolOf(statement));
  // Dead code at the level of the module or class body is decided by the statements around it.
  for (uint32_t i = 1; i < raw_.scopes.size(); ++i) {
    if (constants_[i].deadCandidate && raw_.scopes[i].parent == container) {
      fragment.standalone = false;
    }
  }
  fragment.setsFutureAnnotations = futureAnnotations_ && !context.futureAnnotations;
  fragment.tree = finish();
  return fragment;
}

ScopeTree ScopeBuilder::finish() {
  detail::resolveScopes(raw_);
  dropTrimmedCode();

  ScopeTree tree;
  tree.futureAnnotations_ = futureAnnotations_;
  tree.truncated_ = truncated_;
  tree.scopes_.resize(raw_.scopes.size());
  // The walk's log of occurrences, grouped by symbol (scope by scope, symbol by symbol) in one
  // array the symbols view; never reallocated below.
  std::vector<uint32_t> firstSymbol(raw_.scopes.size());
  uint32_t symbolCount = 0;
  for (uint32_t i = 0; i < raw_.scopes.size(); ++i) {
    firstSymbol[i] = symbolCount;
    symbolCount += static_cast<uint32_t>(raw_.scopes[i].symbols.size());
  }
  std::vector<uint32_t> occurrenceStart(symbolCount);
  uint32_t occurrenceCount = 0;
  for (const RawScope& scope : raw_.scopes) {
    for (const RawSymbol& symbol : scope.symbols) {
      occurrenceStart[&symbol - scope.symbols.data() + firstSymbol[&scope - raw_.scopes.data()]] =
          occurrenceCount;
      occurrenceCount += symbol.occurrenceCount;
    }
  }
  tree.occurrences_.resize(occurrenceCount);
  {
    std::vector<uint32_t> fill = occurrenceStart;
    for (const detail::RawOccurrence& o : raw_.occurrences)
      tree.occurrences_[fill[firstSymbol[o.scope] + o.symbol]++] = o.occurrence;
  }
  auto byName = [](const std::string& a, const std::string& b) { return a < b; };
  // What the compiler makes a cell: CELL, or a cell of a comprehension inlined here (3.12).
  auto isCell = [](const RawSymbol& symbol) {
    return symbol.scope == SymbolScope::Cell || (symbol.flags & flags::DefCompCell) != 0;
  };
  for (uint32_t i = 0; i < raw_.scopes.size(); ++i) {
    RawScope& in = raw_.scopes[i];
    Scope& out = tree.scopes_[i];
    out.kind = in.kind;
    out.name = std::string(in.name);
    out.firstLine = in.firstLine;
    out.range = in.range;
    out.nameRange = in.nameRange;
    out.index = i;
    out.parent = in.parent;
    out.children = std::move(in.children);
    // By where they start: a generic def's bounds are walked before the def's own scope opens.
    auto byStart = [&](uint32_t a, uint32_t b) {
      return raw_.scopes[a].range.start < raw_.scopes[b].range.start;
    };
    if (!std::is_sorted(out.children.begin(), out.children.end(), byStart))
      std::stable_sort(out.children.begin(), out.children.end(), byStart);
    out.privateName = std::string(in.privateName);
    out.needsClassClosure = in.needsClassClosure;
    out.needsClassDict = in.needsClassDict;
    out.annotationScope = in.annotationScope;
    // The code object that holds this one as a constant: inlined comprehensions hold nothing.
    uint32_t codeParent = in.parent;
    while (codeParent != kNoScope && raw_.scopes[codeParent].inlined) {
      codeParent = raw_.scopes[codeParent].parent;
    }
    out.hasCode =
        !in.inlined && in.hasCode && (codeParent == kNoScope || tree.scopes_[codeParent].hasCode);

    // Symbols are built in name order: sorting the indices moves 4 bytes where sorting the
    // Symbols would move a string and a span each.
    byName_.resize(in.symbols.size());
    std::iota(byName_.begin(), byName_.end(), 0U);
    std::sort(byName_.begin(), byName_.end(), [&](uint32_t a, uint32_t b) {
      return raw_.names.name(in.symbols[a].nameId) < raw_.names.name(in.symbols[b].nameId);
    });
    out.symbols.reserve(in.symbols.size());
    for (uint32_t j : byName_) {
      const RawSymbol& symbol = in.symbols[j];
      Symbol converted;
      converted.name = std::string(raw_.names.name(symbol.nameId));
      converted.flags = symbol.flags;
      converted.scope = symbol.scope;
      std::span<Occurrence> occurrences =
          std::span(tree.occurrences_)
              .subspan(occurrenceStart[firstSymbol[i] + j], symbol.occurrenceCount);
      // The walk visits an assignment's value before its targets (as CPython does).
      auto byStart = [](const Occurrence& a, const Occurrence& b) {
        return a.range.start < b.range.start;
      };
      if (!std::is_sorted(occurrences.begin(), occurrences.end(), byStart))
        std::stable_sort(occurrences.begin(), occurrences.end(), byStart);
      converted.occurrences = occurrences;
      if (symbol.scope == SymbolScope::Free || (symbol.flags & flags::DefFreeClass) != 0) {
        out.freevars.push_back(converted.name);
      }
      out.symbols.push_back(std::move(converted));
    }

    for (uint32_t id : in.parameters)
      out.parameters.emplace_back(raw_.names.name(id));
    if (in.kind == ScopeKind::Class) {
      // Only 3.12's inlined comprehensions give a class cells of its own; __class__ comes last.
      for (const RawSymbol& symbol : in.symbols) {
        if (isCell(symbol)) out.cellvars.emplace_back(raw_.names.name(symbol.nameId));
      }
      std::sort(out.cellvars.begin(), out.cellvars.end(), byName);
      if (in.needsClassClosure) out.cellvars.emplace_back("__class__");
      if (in.needsClassDict) out.cellvars.emplace_back("__classdict__");
    } else if (in.isFunctionBlock()) {
      // Cells that are also in co_varnames come first, in co_varnames order: parameters, then
      // (3.12+) locals of inlined comprehensions; then the other cells, sorted.
      std::vector<uint32_t> inVarnames = in.parameters;
      inVarnames.insert(inVarnames.end(), in.inlinedLocals.begin(), in.inlinedLocals.end());
      std::vector<std::string> others;
      for (const RawSymbol& symbol : in.symbols) {
        if (!isCell(symbol)) continue;
        if (std::find(inVarnames.begin(), inVarnames.end(), symbol.nameId) == inVarnames.end()) {
          others.emplace_back(raw_.names.name(symbol.nameId));
        }
      }
      for (uint32_t id : inVarnames) {
        const RawSymbol* symbol = in.findSymbol(id);
        if (symbol != nullptr && isCell(*symbol) &&
            std::find(out.cellvars.begin(), out.cellvars.end(), raw_.names.name(id)) ==
                out.cellvars.end()) {
          out.cellvars.emplace_back(raw_.names.name(id));
        }
      }
      std::sort(others.begin(), others.end(), byName);
      out.cellvars.insert(out.cellvars.end(), std::make_move_iterator(others.begin()),
                          std::make_move_iterator(others.end()));
    }

    // CPython's compiler_set_qualname.
    if (codeParent == kNoScope) {
      out.qualname = out.name;
      continue;
    }
    // Type-parameter scopes are skipped: a generic's names qualify as if they were not there.
    if (raw_.scopes[codeParent].typeParameters) {
      codeParent = raw_.scopes[codeParent].parent;
      if (codeParent == kNoScope || raw_.scopes[codeParent].kind == ScopeKind::Module) {
        out.qualname = out.name;
        continue;
      }
    }
    const RawScope& parentRaw = raw_.scopes[codeParent];
    const Scope& parent = tree.scopes_[codeParent];
    bool forceGlobal = false;
    if ((in.kind == ScopeKind::Function && !in.typeParameters) || in.kind == ScopeKind::Class) {
      std::string mangled = mangleName(parentRaw.privateName, in.name);
      const Symbol* symbol = parent.find(mangled);
      forceGlobal = symbol != nullptr && symbol->scope == SymbolScope::GlobalExplicit;
    }
    if (forceGlobal || parent.kind == ScopeKind::Module) {
      out.qualname = out.name;
    } else if ((parent.kind == ScopeKind::Function && !parentRaw.typeParameters) ||
               parent.kind == ScopeKind::Lambda) {
      out.qualname = parent.qualname + ".<locals>." + out.name;
    } else {
      out.qualname = parent.qualname + "." + out.name;
    }
  }
  return tree;
}

detail::ScopeFragment detail::buildFragment(TSNode statement, std::string_view source,
                                            const AnalysisOptions& options,
                                            const FragmentContext& context) {
  return ScopeBuilder(source, options).runFragment(statement, context);
}

ScopeTree ScopeTree::outOfMemory() {
  ScopeTree empty;
  empty.scopes_.resize(1);
  empty.truncated_ = true;
  return empty;
}

ScopeTree ScopeTree::build(TSNode root, std::string_view source, const AnalysisOptions& options) {
  try {
    return ScopeBuilder(source, options).run(root);
  } catch (const std::bad_alloc&) {
    return outOfMemory();
  }
}

ScopeTree ScopeTree::build(TSNode root, std::string_view source, const AnalysisOptions& options,
                           StatementIndex& statements) {
  try {
    ScopeBuilder builder(source, options);
    builder.recordStatements(statements);
    ScopeTree tree = builder.run(root);
    // A truncated walk left blocks out: the decorator model walks the tree itself.
    if (!tree.truncated()) statements.finish();
    return tree;
  } catch (const std::bad_alloc&) {
    statements = StatementIndex{}; // blocks left half recorded
    return outOfMemory();
  }
}

} // namespace closurelens::analysis
