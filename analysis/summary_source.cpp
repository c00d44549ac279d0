// Works on lines, not on a tree (parsing is what this saves): one pass marks the physical lines
// that start a logical line, with Python's tokenizer rules for strings, brackets, comments and
// backslash continuations, then the blocks of top-level defs and classes are found by
// indentation. When in doubt (broken code, unbalanced brackets), nothing is blanked.
#include "analysis/summary_source.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace closurelens::analysis {

namespace {

struct Line {
  size_t start = 0;     // first byte
  size_t end = 0;       // the '\n' ending it, or the end of the source
  bool logical = false; // starts a logical line: not inside a string or brackets, not continued
  bool code = false;    // logical and not blank or only a comment
  size_t indent = 0;    // bytes of leading whitespace, for logical lines
};

std::vector<Line> splitLines(std::string_view s) {
  std::vector<Line> lines;
  char quote = 0;
  bool triple = false;
  int depth = 0;
  bool continued = false;
  size_t i = 0;
  for (;;) {
    Line line;
    line.start = i;
    line.logical = quote == 0 && depth == 0 && !continued;
    continued = false;
    if (line.logical) {
      size_t j = i;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\f'))
        ++j;
      line.indent = j - i;
      line.code = j < s.size() && s[j] != '\n' && s[j] != '\r' && s[j] != '#';
    }
    size_t k = i;
    for (; k < s.size() && s[k] != '\n'; ++k) {
      char c = s[k];
      if (quote != 0) {
        if (c == '\\') {
          // An escaped character; an escaped newline keeps the string open on the next line.
          if (k + 1 < s.size() && s[k + 1] != '\n') ++k;
        } else if (c == quote) {
          if (!triple) {
            quote = 0;
          } else if (k + 2 < s.size() && s[k + 1] == quote && s[k + 2] == quote) {
            quote = 0;
            k += 2;
          }
        }
        continue;
      }
      if (c == '#') {
        while (k < s.size() && s[k] != '\n')
          ++k;
        break;
      }
      if (c == '"' || c == '\'') {
        quote = c;
        triple = k + 2 < s.size() && s[k + 1] == c && s[k + 2] == c;
        if (triple) k += 2;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = std::max(0, depth - 1);
      } else if (c == '\\') {
        continued = k + 1 == s.size() || s[k + 1] == '\n' ||
                    (s[k + 1] == '\r' && k + 2 < s.size() && s[k + 2] == '\n');
      }
    }
    // A newline ends a string that is not triple-quoted (an error Python reports; resynchronise).
    if (quote != 0 && !triple && !(k > i && s[k - 1] == '\\')) quote = 0;
    line.end = k;
    lines.push_back(line);
    if (k >= s.size()) break;
    i = k + 1;
  }
  return lines;
}

bool isWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Calls `visit(word, offset)` for every identifier-like word of `text`.
template <typename Visit> void forEachWord(std::string_view text, Visit&& visit) {
  size_t i = 0;
  while (i < text.size()) {
    if (!isWordByte(text[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && isWordByte(text[i]))
      ++i;
    visit(text.substr(start, i - start), start);
  }
}

class Reducer {
public:
  explicit Reducer(std::string_view source) : s_(source), lines_(splitLines(source)) {}

  bool run(std::string& out);

private:
  std::string_view text(size_t line) const {
    const Line& l = lines_[line];
    return s_.substr(l.start + l.indent, l.end - l.start - l.indent);
  }
  // The name of the function a line defines (`def name`, `async def name`), or empty.
  std::string_view defName(size_t line) const {
    std::string_view t = text(line);
    if (t.starts_with("async") && t.size() > 5 && !isWordByte(t[5])) {
      t.remove_prefix(5);
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
        t.remove_prefix(1);
    }
    if (!t.starts_with("def") || t.size() <= 3 || isWordByte(t[3])) return {};
    t.remove_prefix(3);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
      t.remove_prefix(1);
    size_t n = 0;
    while (n < t.size() && isWordByte(t[n]))
      ++n;
    return t.substr(0, n);
  }
  bool isClass(size_t line) const {
    std::string_view t = text(line);
    return t.starts_with("class") && t.size() > 5 && !isWordByte(t[5]);
  }
  // The last physical line of the logical line starting at `line`.
  size_t logicalEnd(size_t line) const {
    size_t last = line;
    while (last + 1 < lines_.size() && !lines_[last + 1].logical)
      ++last;
    return last;
  }
  // The first line from `from` on that holds code indented no deeper than `indent`.
  size_t blockEnd(size_t from, size_t indent) const {
    size_t k = from;
    while (k < lines_.size() && !(lines_[k].code && lines_[k].indent <= indent))
      ++k;
    return k;
  }
  // Whether the top-level function with header lines [header, body) and body lines
  // [body, end) can be a decorator, by the model's own criteria (decorator_stack.cpp, noteReturn).
  bool mayBeDecorator(size_t header, size_t body, size_t end) const;
  void blank(size_t from, size_t to) {
    if (from < to) blanks_.emplace_back(from, to);
  }

  std::string_view s_;
  std::vector<Line> lines_;
  std::vector<std::pair<size_t, size_t>> blanks_; // [from, to) line ranges, ascending
};

bool Reducer::mayBeDecorator(size_t header, size_t body, size_t end) const {
  std::string_view headerText =
      s_.substr(lines_[header].start, lines_[body].start - lines_[header].start);
  std::string_view bodyText =
      s_.substr(lines_[body].start, lines_[end - 1].end - lines_[body].start);
  bool nested = false;
  forEachWord(bodyText, [&](std::string_view word, size_t) {
    nested = nested || word == "def" || word == "class" || word == "lambda";
  });
  if (nested) return true;
  // A pass-through returns what it received: a name of its header after a `return`.
  std::vector<std::string_view> headerWords;
  forEachWord(headerText, [&](std::string_view word, size_t) { headerWords.push_back(word); });
  bool returnsHeaderName = false;
  forEachWord(bodyText, [&](std::string_view word, size_t at) {
    if (returnsHeaderName || word != "return") return;
    size_t lineEnd = bodyText.find('\n', at);
    std::string_view rest = bodyText.substr(at + word.size(), lineEnd == std::string_view::npos
                                                                  ? std::string_view::npos
                                                                  : lineEnd - at - word.size());
    forEachWord(rest, [&](std::string_view returned, size_t) {
      returnsHeaderName = returnsHeaderName || std::find(headerWords.begin(), headerWords.end(),
                                                         returned) != headerWords.end();
    });
  });
  return returnsHeaderName;
}

bool Reducer::run(std::string& out) {
  static constexpr std::array<std::string_view, 3> kKeptMethods = {"__init__", "__call__",
                                                                   "__get__"};
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (!lines_[i].code || lines_[i].indent != 0) continue;
    bool function = !defName(i).empty();
    if (!function && !isClass(i)) continue;
    size_t body = logicalEnd(i) + 1;
    size_t end = blockEnd(body, 0);
    if (function) {
      if (body < end && !mayBeDecorator(i, body, end)) blank(body, end);
    } else {
      // Methods: those of a class body's own indentation.
      size_t first = body;
      while (first < end && !lines_[first].code)
        ++first;
      size_t indent = first < end ? lines_[first].indent : 0;
      for (size_t j = first; j < end && indent > 0; ++j) {
        if (!lines_[j].code || lines_[j].indent != indent) continue;
        std::string_view name = defName(j);
        if (name.empty()) continue;
        size_t methodBody = logicalEnd(j) + 1;
        size_t methodEnd = std::min(blockEnd(methodBody, indent), end);
        if (std::find(kKeptMethods.begin(), kKeptMethods.end(), name) == kKeptMethods.end())
          blank(methodBody, methodEnd);
        j = methodEnd - 1;
      }
    }
    i = end - 1;
  }
  if (blanks_.empty()) return false;

  out.clear();
  out.reserve(s_.size());
  size_t copied = 0; // bytes of the source written so far
  for (auto [from, to] : blanks_) {
    size_t first = from;
    while (first < to && !lines_[first].code)
      ++first;
    if (first == to) continue;
    out.append(s_.substr(copied, lines_[from].start - copied));
    for (size_t k = from; k < to; ++k) {
      const Line& l = lines_[k];
      if (k == first) {
        out.append(s_.substr(l.start, l.indent));
        out += "pass";
      }
      // Keep the line ending (a '\r' before the '\n' included).
      if (l.end > l.start && s_[l.end - 1] == '\r') out += '\r';
      if (l.end < s_.size()) out += '\n';
    }
    copied = lines_[to - 1].end < s_.size() ? lines_[to - 1].end + 1 : s_.size();
  }
  out.append(s_.substr(copied));
  return true;
}

} // namespace

bool reduceForSummary(std::string_view source, std::string& out) {
  return Reducer(source).run(out);
}

} // namespace closurelens::analysis
