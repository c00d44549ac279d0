#include "server/suppression.hpp"

#include "analysis/python_grammar_ids.hpp"
#include "server/rule_catalog.hpp"
#include "server/rule_settings.hpp"

#include <algorithm>
#include <cctype>

namespace closurelens::server {
namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}
bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::string_view skipSpaces(std::string_view text) {
  while (!text.empty() && isSpace(text.front()))
    text.remove_prefix(1);
  return text;
}

// Consumes `word` at the start of `text`, compared case-insensitively.
bool consume(std::string_view& text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  }
  text.remove_prefix(word.size());
  return true;
}

// Reads a list of codes separated by commas and/or spaces, up to the first character that can be
// neither (a '#', a ']', prose punctuation); returns the tokens and leaves `text` after them.
std::vector<std::string_view> readCodeList(std::string_view& text, bool commasOnly) {
  std::vector<std::string_view> tokens;
  for (;;) {
    std::string_view rest = skipSpaces(text);
    size_t length = 0;
    while (length < rest.size() && isWordChar(rest[length]))
      ++length;
    if (length == 0) break;
    tokens.push_back(rest.substr(0, length));
    rest.remove_prefix(length);
    text = rest;
    std::string_view afterSpaces = skipSpaces(rest);
    if (!afterSpaces.empty() && afterSpaces.front() == ',') {
      text = afterSpaces.substr(1);
    } else if (commasOnly) {
      break;
    }
  }
  return tokens;
}

void addToken(CommentSuppression& out, std::string_view token, bool allowPrefix) {
  if (const RuleInfo* rule = findRule(token)) {
    out.codes.emplace_back(rule->code);
    return;
  }
  if (!allowPrefix) return;
  std::optional<std::string> selector = normalizeRuleSelector(token);
  // "ALL" normalises to "", which would suppress everything: a noqa list names codes, not ALL.
  if (selector && !selector->empty()) out.prefixes.push_back(*selector);
}

// `# noqa`, `# noqa: A1,B2`, `# noqa:A1 B2` at the start of `text` (just after a '#').
void parseNoqa(std::string_view text, CommentSuppression& out) {
  if (!consume(text, "noqa")) return;
  if (!text.empty() && isWordChar(text.front())) return; // "# noqatest" is not a directive
  if (text.empty() || text.front() != ':') {
    out.everything = true;
    return;
  }
  text.remove_prefix(1);
  std::vector<std::string_view> tokens = readCodeList(text, false);
  // flake8 reads `# noqa:` with no code as a bare noqa.
  if (tokens.empty()) out.everything = true;
  for (std::string_view token : tokens)
    addToken(out, token, true);
}

// `closurelens: ignore`, `closurelens: ignore[CL201, CL101]` just after a '#'. `fileLevel`
// selects the `ignore-file` form instead.
void parseClosurelens(std::string_view text, CommentSuppression& out, bool fileLevel) {
  if (!consume(text, "closurelens:")) return;
  text = skipSpaces(text);
  if (!consume(text, "ignore")) return;
  const bool isFile = consume(text, "-file");
  if (isFile != fileLevel) return;
  if (!text.empty() && text.front() == '[') {
    text.remove_prefix(1);
    for (std::string_view token : readCodeList(text, true))
      addToken(out, token, true);
    return;
  }
  if (text.empty() || isSpace(text.front()) || text.front() == '#') out.everything = true;
}

// pylint accepts anything between '#' and `pylint:` (`# type: ignore; pylint: disable=x`).
void parsePylint(std::string_view comment, CommentSuppression& out) {
  size_t at = 0;
  while ((at = comment.find("pylint:", at)) != std::string_view::npos) {
    bool wordStart = at == 0 || !isWordChar(comment[at - 1]);
    std::string_view text = comment.substr(at + 7);
    at += 7;
    if (!wordStart) continue;
    text = skipSpaces(text);
    if (!consume(text, "disable")) continue;
    text = skipSpaces(text);
    if (text.empty() || text.front() != '=') continue; // `disable-next=` is about another line
    text.remove_prefix(1);
    for (std::string_view token : readCodeList(text, true)) {
      std::string lower(token);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "all") {
        out.everything = true;
      } else {
        addToken(out, token, false);
      }
    }
  }
}

void merge(CommentSuppression& into, const CommentSuppression& from) {
  into.everything = into.everything || from.everything;
  into.codes.insert(into.codes.end(), from.codes.begin(), from.codes.end());
  into.prefixes.insert(into.prefixes.end(), from.prefixes.begin(), from.prefixes.end());
}

} // namespace

bool CommentSuppression::suppresses(std::string_view code) const {
  if (everything) return true;
  if (std::find(codes.begin(), codes.end(), code) != codes.end()) return true;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return code.starts_with(prefix); });
}

CommentSuppression parseSuppressionComment(std::string_view comment) {
  CommentSuppression out;
  for (size_t hash = comment.find('#'); hash != std::string_view::npos;
       hash = comment.find('#', hash + 1)) {
    std::string_view text = skipSpaces(comment.substr(hash + 1));
    parseNoqa(text, out);
    parseClosurelens(text, out, false);
  }
  parsePylint(comment, out);
  return out;
}

CommentSuppression parseFileSuppressionComment(std::string_view comment) {
  CommentSuppression out;
  for (size_t hash = comment.find('#'); hash != std::string_view::npos;
       hash = comment.find('#', hash + 1)) {
    parseClosurelens(skipSpaces(comment.substr(hash + 1)), out, true);
  }
  return out;
}

Suppressions::Suppressions(const analysis::AnalyzedDocument& doc) : doc_(doc) {
  const TSSymbol commentSymbol = analysis::PythonGrammarIds::get().comment;
  TSNode root = doc.snapshot.root();
  // Only the comments above the first statement: a file-level switch further down would be easy
  // to miss when reading the file.
  const uint32_t count = ts_node_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_child(root, i);
    if (ts_node_symbol(child) != commentSymbol) break;
    merge(fileLevel_, parseFileSuppressionComment(analysis::nodeText(child, doc.source())));
  }
}

bool Suppressions::suppressesOnLine(std::string_view code, uint32_t line) const {
  const analysis::LineTable& lines = doc_.lines();
  if (line >= lines.lineCount()) return false;
  std::string_view source = doc_.source();
  const uint32_t start = lines.lineStart(line);
  const uint32_t end = line + 1 < lines.lineCount() ? lines.lineStart(line + 1)
                                                    : static_cast<uint32_t>(source.size());
  const TSSymbol commentSymbol = analysis::PythonGrammarIds::get().comment;
  TSNode root = doc_.snapshot.root();
  for (uint32_t at = start; at < end; ++at) {
    if (source[at] != '#') continue;
    // The '#' opens a comment only if the tree says so: inside a string it is text.
    TSNode node = ts_node_descendant_for_byte_range(root, at, at + 1);
    if (ts_node_is_null(node) || ts_node_symbol(node) != commentSymbol ||
        ts_node_start_byte(node) != at)
      continue;
    // A comment runs to the end of its line: this is the line's only one.
    return parseSuppressionComment(analysis::nodeText(node, source)).suppresses(code);
  }
  return false;
}

bool Suppressions::suppresses(const analysis::Finding& finding) const {
  if (fileLevel_.suppresses(finding.code)) return true;
  return suppressesOnLine(finding.code, doc_.lines().lineOf(finding.range.start));
}

} // namespace closurelens::server
