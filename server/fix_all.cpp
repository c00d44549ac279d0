#include "server/fix_all.hpp"

#include "analysis/checks.hpp"
#include "analysis/document.hpp"

#include <algorithm>
#include <utility>

namespace closurelens::server {
namespace {

using analysis::ByteRange;
using analysis::TextEdit;

bool isInsertion(const ByteRange& r) {
  return r.start == r.end;
}

// Whether applying `a` and `b` together has no single meaning: overlapping replacements, two
// different insertions at one point, or an insertion strictly inside a replaced range.
bool collide(const TextEdit& a, const TextEdit& b) {
  const ByteRange& x = a.range;
  const ByteRange& y = b.range;
  if (isInsertion(x) && isInsertion(y)) return x.start == y.start;
  if (isInsertion(x)) return y.start < x.start && x.start < y.end;
  if (isInsertion(y)) return x.start < y.start && y.start < x.end;
  return x.start < y.end && y.start < x.end;
}

bool parses(std::string_view text) {
  analysis::Document doc{std::string(text)};
  return !ts_node_has_error(ts_tree_root_node(doc.tree()));
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t newline = text.find('\n', at);
    size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

// Myers' O((N+M)D) diff of a[0..n) and b[0..m): '=' keep, '-' delete from a, '+' insert from b.
// The trace keeps only the diagonals each step can reach (O(D^2) memory); past `maxD` steps the
// middle is reported as one replacement, which is still a correct diff.
std::vector<char> diffOps(const std::vector<std::string_view>& a, size_t aBegin, size_t n,
                          const std::vector<std::string_view>& b, size_t bBegin, size_t m) {
  constexpr int kMaxD = 2000;
  const int N = static_cast<int>(n);
  const int M = static_cast<int>(m);
  const int max = std::min(N + M, kMaxD);
  std::vector<std::vector<int>> trace; // trace[d][k + d + 1]: V[k] at the start of step d
  std::vector<int> v(2 * static_cast<size_t>(max) + 3, 0);
  const int offset = max + 1;
  bool found = false;
  for (int d = 0; d <= max && !found; ++d) {
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                  ? v[offset + k + 1]
                  : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < N && y < M && a[aBegin + x] == b[bBegin + y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= N && y >= M) {
        found = true;
        break;
      }
    }
  }
  std::vector<char> ops;
  if (!found) {
    ops.assign(n, '-');
    ops.insert(ops.end(), m, '+');
    return ops;
  }
  int x = N;
  int y = M;
  for (int d = static_cast<int>(trace.size()) - 1; d >= 0; --d) {
    const std::vector<int>& vd = trace[d];
    auto at = [&](int k) { return vd[k + d + 1]; };
    int k = x - y;
    int prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    int prevX = d == 0 ? 0 : at(prevK);
    int prevY = d == 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push_back('=');
      --x;
      --y;
    }
    if (d > 0) {
      ops.push_back(x == prevX ? '+' : '-');
      x = prevX;
      y = prevY;
    }
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void appendLine(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

} // namespace

const analysis::Fix* safeFixOf(const analysis::Finding& finding) {
  const analysis::Fix* firstSafe = nullptr;
  for (const analysis::Fix& fix : finding.fixes) {
    if (!fix.safe) continue;
    if (fix.preferred) return &fix;
    if (!firstSafe) firstSafe = &fix;
  }
  return firstSafe;
}

FileAnalysis analyzeAndSelect(std::string text, const RuleSettings& settings,
                              std::string_view pathForGlobs) {
  analysis::AnalysisOptions options;
  if (settings.pythonVersion) options.version = *settings.pythonVersion;
  FileAnalysis out;
  out.doc =
      analysis::AnalyzedDocument::analyze(analysis::Document(std::move(text)).snapshot(), options);
  out.findings = selectFindings(analysis::runAllChecks(*out.doc), settings, pathForGlobs, *out.doc);
  return out;
}

FixAllResult applySafeFixes(std::string text, const RuleSettings& settings,
                            std::string_view pathForGlobs, int maxPasses) {
  FixAllResult result;
  result.remaining = analyzeAndSelect(text, settings, pathForGlobs);
  const bool parsedBefore = !ts_node_has_error(result.remaining.doc->snapshot.root());
  for (int pass = 0; pass < maxPasses; ++pass) {
    std::vector<TextEdit> taken;
    int fixedThisPass = 0;
    for (const ReportedFinding& reported : result.remaining.findings) {
      const analysis::Fix* fix = safeFixOf(reported.finding);
      if (!fix || fix->edits.empty()) continue;
      std::vector<TextEdit> fresh;
      bool blocked = false;
      for (const TextEdit& edit : fix->edits) {
        if (std::find(taken.begin(), taken.end(), edit) != taken.end()) continue;
        if (std::any_of(taken.begin(), taken.end(),
                        [&](const TextEdit& other) { return collide(edit, other); })) {
          blocked = true;
          break;
        }
        fresh.push_back(edit);
      }
      if (blocked) continue;
      taken.insert(taken.end(), fresh.begin(), fresh.end());
      ++fixedThisPass;
    }
    if (fixedThisPass == 0) break;
    std::string candidate = text;
    if (!analysis::applyEdits(candidate, taken)) break;
    if (parsedBefore && !parses(candidate)) {
      result.stoppedOnSyntaxError = true;
      break;
    }
    text = std::move(candidate);
    result.fixed += fixedThisPass;
    result.remaining = analyzeAndSelect(text, settings, pathForGlobs);
  }
  result.text = std::move(text);
  return result;
}

std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view name) {
  if (before == after) return {};
  std::vector<std::string_view> a = splitLines(before);
  std::vector<std::string_view> b = splitLines(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
    ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  std::vector<char> ops(prefix, '=');
  std::vector<char> middle =
      diffOps(a, prefix, a.size() - prefix - suffix, b, prefix, b.size() - prefix - suffix);
  ops.insert(ops.end(), middle.begin(), middle.end());
  ops.insert(ops.end(), suffix, '=');

  constexpr size_t kContext = 3;
  // An absolute name keeps a single slash after the prefix, so that `patch -p1` run from the
  // root finds the file.
  while (name.starts_with('/'))
    name.remove_prefix(1);
  std::string out = "--- a/" + std::string(name) + "\n+++ b/" + std::string(name) + "\n";
  size_t i = 0;
  size_t aLine = 0; // lines of a and b before ops[i]
  size_t bLine = 0;
  while (i < ops.size()) {
    if (ops[i] == '=') {
      ++i;
      ++aLine;
      ++bLine;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last change
    // that is at most 2*kContext unchanged lines away from the next.
    size_t lead = std::min(kContext, std::min(aLine, i));
    size_t start = i - lead;
    size_t end = i;
    for (;;) {
      while (end < ops.size() && ops[end] != '=')
        ++end;
      size_t run = end;
      while (run < ops.size() && ops[run] == '=')
        ++run;
      if (run < ops.size() && run - end <= 2 * kContext) {
        end = run;
        continue;
      }
      end = std::min(run, end + kContext);
      break;
    }
    size_t aStart = aLine - lead;
    size_t bStart = bLine - lead;
    size_t aCount = 0;
    size_t bCount = 0;
    for (size_t j = start; j < end; ++j) {
      if (ops[j] != '+') ++aCount;
      if (ops[j] != '-') ++bCount;
    }
    out += "@@ -" + std::to_string(aCount == 0 ? aStart : aStart + 1) + "," +
           std::to_string(aCount) + " +" + std::to_string(bCount == 0 ? bStart : bStart + 1) + "," +
           std::to_string(bCount) + " @@\n";
    size_t ai = aStart;
    size_t bi = bStart;
    for (size_t j = start; j < end; ++j) {
      if (ops[j] == '=') {
        appendLine(out, ' ', a[ai++]);
        ++bi;
      } else if (ops[j] == '-') {
        appendLine(out, '-', a[ai++]);
      } else {
        appendLine(out, '+', b[bi++]);
      }
    }
    aLine = ai;
    bLine = bi;
    i = end;
  }
  return out;
}

} // namespace closurelens::server
