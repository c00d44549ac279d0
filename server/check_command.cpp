// `closurelens check PATH...`: the rules over files and folders, reported as text, JSON, SARIF or
// GitHub annotations, with --fix / --diff for the safe fixes. Files are analysed on a pool of
// threads (one per core) and reported in path order.
#include "server/commands.hpp"
#include "server/file_read.hpp"
#include "server/file_rewrite.hpp"
#include "server/finding_filter.hpp"
#include "server/fix_all.hpp"
#include "server/python_files.hpp"
#include "server/rule_catalog.hpp"
#include "server/rule_settings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

constexpr std::string_view kUsage = R"(usage: closurelens check [OPTIONS] PATH...

Reports closure and decorator pitfalls in the given files and folders (folders are searched for
*.py, skipping .git, __pycache__, node_modules, .tox and virtual environments).

Options:
  --format text|json|sarif|github   output format (default text)
                 text:   PATH:LINE:COLUMN: CODE message, one per line
                 json:   an array of findings with positions, severity and the fix
                 sarif:  SARIF 2.1.0, for GitHub code scanning
                 github: ::warning/::error workflow commands (annotations in a pull request)
  --select CODES      only these rules (comma list of codes, names, prefixes such as CL2, or ALL);
                      replaces `select` of [tool.closurelens]
  --ignore CODES      not these rules; replaces `ignore` of [tool.closurelens]
  --python-version 3.N
                      the Python whose scoping rules apply (default: python-version, else 3.11)
  --fix               apply every safe fix in place, then report what remains
  --diff              print the safe fixes as a unified diff; change nothing
  --quiet             print findings only: no summary, no progress
  -h, --help          this text

Lines and columns are 1-based; columns count characters (Unicode code points), not bytes.
Settings come from [tool.closurelens] in the nearest pyproject.toml above each file.
Suppress one finding with `# noqa: CL201` (or `# closurelens: ignore[CL201]`) on its line.

Exit status: 0 when nothing is reported, 1 when findings remain (with --diff: when there is a
diff), 2 on a usage error, a path that does not exist or a file that could not be written.
Files that cannot be read or are not UTF-8 are reported and skipped; they make the exit status 2
only when no file at all could be checked.
)";

enum class Format { Text, Json, Sarif, Github };

struct Options {
  Format format = Format::Text;
  RuleSettings overrides; // from the command line; win over pyproject.toml
  bool fix = false;
  bool diff = false;
  bool quiet = false;
  std::vector<std::string> paths;
};

struct Position {
  uint32_t line = 1;   // 1-based
  uint32_t column = 1; // 1-based, in code points
};

struct FileResult {
  std::string path; // as given or as the walk spelled it
  bool checked = false;
  bool ioError = false;              // a fix could not be written
  std::vector<std::string> messages; // for stderr, in order
  std::shared_ptr<const PyprojectSettings> config;
  FileAnalysis analysis; // what remains (after --fix)
  int fixed = 0;         // findings fixed (written with --fix, proposed with --diff)
  std::string diff;
};

// ---- Small helpers ------------------------------------------------------------------------

// The first byte that is not part of a well-formed UTF-8 sequence, or npos.
size_t firstInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = bytes[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (bytes[i + k] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 either.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += length;
  }
  return std::string_view::npos;
}

Position positionOf(const analysis::AnalyzedDocument& doc, uint32_t byte) {
  std::string_view source = doc.source();
  if (byte > source.size()) byte = static_cast<uint32_t>(source.size());
  const uint32_t line = doc.lines().lineOf(byte);
  const uint32_t start = doc.lines().lineStart(line);
  uint32_t column = 1;
  for (uint32_t i = start; i < byte; ++i) {
    if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++column;
  }
  return {line + 1, column};
}

std::string plural(int count, std::string_view word) {
  return std::to_string(count) + " " + std::string(word) + (count == 1 ? "" : "s");
}

// `path` relative to the current folder when it lies inside it, else absolute; '/'-separated.
std::string relativeToCwd(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (ec) return path.generic_string();
  fs::path relative = absolute.lexically_relative(cwd);
  if (relative.empty() || *relative.begin() == "..") return absolute.generic_string();
  return relative.generic_string();
}

// ---- Arguments ----------------------------------------------------------------------------

bool parseSelectorList(std::string_view option, std::string_view value,
                       std::vector<std::string>& out, std::ostream& err) {
  size_t at = 0;
  while (at <= value.size()) {
    size_t comma = value.find(',', at);
    std::string_view item =
        value.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    at = comma == std::string_view::npos ? value.size() + 1 : comma + 1;
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (item.empty()) continue;
    std::optional<std::string> selector = normalizeRuleSelector(item);
    if (!selector) {
      err << "closurelens: check: " << option << ": unknown rule '" << item
          << "' (a code such as CL201, a rule name, an alias, a prefix such as CL2, or ALL)\n";
      return false;
    }
    out.push_back(*selector);
  }
  return true;
}

// Returns the exit code to stop with, or nullopt to go on.
std::optional<int> parseArguments(const std::vector<std::string>& args, Options& options,
                                  std::ostream& out, std::ostream& err) {
  bool onlyPaths = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (onlyPaths || arg.empty() || arg[0] != '-' || arg == "-") {
      options.paths.push_back(arg);
      continue;
    }
    if (arg == "--") {
      onlyPaths = true;
      continue;
    }
    std::optional<std::string> inlineValue;
    if (size_t equals = arg.find('='); arg.starts_with("--") && equals != std::string::npos) {
      inlineValue = arg.substr(equals + 1);
      arg = arg.substr(0, equals);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inlineValue) return inlineValue;
      if (i + 1 < args.size()) return args[++i];
      err << "closurelens: check: " << arg << " needs a value\n";
      return std::nullopt;
    };
    if (arg == "-h" || arg == "--help") {
      out << kUsage;
      return 0;
    }
    if (arg == "--fix" || arg == "--diff" || arg == "--quiet" || arg == "-q") {
      if (inlineValue) {
        err << "closurelens: check: " << arg << " takes no value\n";
        return 2;
      }
      (arg == "--fix" ? options.fix : arg == "--diff" ? options.diff : options.quiet) = true;
      continue;
    }
    if (arg == "--format" || arg == "--output-format") {
      std::optional<std::string> format = value();
      if (!format) return 2;
      if (*format == "text") {
        options.format = Format::Text;
      } else if (*format == "json") {
        options.format = Format::Json;
      } else if (*format == "sarif") {
        options.format = Format::Sarif;
      } else if (*format == "github") {
        options.format = Format::Github;
      } else {
        err << "closurelens: check: --format: unknown format '" << *format
            << "' (text, json, sarif or github)\n";
        return 2;
      }
      continue;
    }
    if (arg == "--select" || arg == "--ignore") {
      std::optional<std::string> list = value();
      if (!list) return 2;
      std::vector<std::string> selectors;
      if (!parseSelectorList(arg, *list, selectors, err)) return 2;
      (arg == "--select" ? options.overrides.select : options.overrides.ignore) =
          std::move(selectors);
      continue;
    }
    if (arg == "--python-version") {
      std::optional<std::string> text = value();
      if (!text) return 2;
      options.overrides.pythonVersion = parsePythonVersion(*text);
      if (!options.overrides.pythonVersion) {
        err << "closurelens: check: --python-version wants 3.N, not '" << *text << "'\n";
        return 2;
      }
      continue;
    }
    err << "closurelens: check: unknown option '" << arg << "'\n\n" << kUsage;
    return 2;
  }
  if (options.fix && options.diff) {
    err << "closurelens: check: --fix and --diff exclude each other\n";
    return 2;
  }
  if (options.paths.empty()) {
    err << kUsage;
    return 2;
  }
  return std::nullopt;
}

// ---- One file -----------------------------------------------------------------------------

void checkFile(FileResult& result, const Options& options, PyprojectLookup& pyprojects,
               const fs::path& cwd) {
  const std::string& path = result.path;
  FileStamp stamp;
  // Taken before the read: a fix is written only over the text it was made from.
  const bool stamped = options.fix && stampFile(path, stamp);
  std::string text;
  std::string error;
  if (!readWholeFile(path, text, &error)) {
    result.messages.push_back(path + ": cannot read (" + error + "), skipped");
    return;
  }
  if (size_t bad = firstInvalidUtf8(text); bad != std::string::npos) {
    result.messages.push_back(path + ": not UTF-8 (byte " + std::to_string(bad) + "), skipped");
    return;
  }
  result.config = pyprojects.settingsFor(path);
  const RuleSettings settings = mergeSettings(result.config->settings, options.overrides);
  const std::string globPath = pathForGlobs(path, *result.config, cwd);
  result.checked = true;
  if (!options.fix && !options.diff) {
    result.analysis = analyzeAndSelect(std::move(text), settings, globPath);
    return;
  }
  FixAllResult fixed = applySafeFixes(text, settings, globPath);
  if (fixed.stoppedOnSyntaxError)
    result.messages.push_back(path + ": a fix would have broken the syntax; left unapplied "
                                     "(please report this as a closurelens bug)");
  result.analysis = std::move(fixed.remaining);
  if (fixed.fixed == 0 || fixed.text == text) return;
  if (options.diff) {
    result.fixed = fixed.fixed;
    result.diff = unifiedDiff(text, fixed.text, relativeToCwd(path));
    return;
  }
  if (!stamped) {
    result.messages.push_back(path + ": cannot stat; fixes not written");
    result.ioError = true;
    result.analysis = analyzeAndSelect(std::move(text), settings, globPath);
    return;
  }
  RewriteResult written = rewriteFileIfUnchanged(path, text, stamp, fixed.text);
  if (written.status != RewriteStatus::Written) {
    result.messages.push_back(path + ": " + written.message + "; fixes not written");
    if (written.status == RewriteStatus::Failed) result.ioError = true;
    // What is reported is what the file still holds.
    result.analysis = analyzeAndSelect(std::move(text), settings, globPath);
    return;
  }
  result.fixed = fixed.fixed;
}

// ---- Output -------------------------------------------------------------------------------

json rangeJson(const analysis::AnalyzedDocument& doc, analysis::ByteRange range) {
  Position start = positionOf(doc, range.start);
  Position end = positionOf(doc, range.end);
  return json{{"line", start.line},
              {"column", start.column},
              {"endLine", end.line},
              {"endColumn", end.column}};
}

json sarifRegion(const analysis::AnalyzedDocument& doc, analysis::ByteRange range) {
  Position start = positionOf(doc, range.start);
  Position end = positionOf(doc, range.end);
  return json{{"startLine", start.line},
              {"startColumn", start.column},
              {"endLine", end.line},
              {"endColumn", end.column}};
}

// The fix to show for a finding: the one --fix would apply, else the preferred one.
const analysis::Fix* displayedFix(const analysis::Finding& finding) {
  if (const analysis::Fix* fix = safeFixOf(finding)) return fix;
  for (const analysis::Fix& fix : finding.fixes)
    if (fix.preferred) return &fix;
  return finding.fixes.empty() ? nullptr : &finding.fixes.front();
}

std::string dumpJson(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

void printText(const std::vector<FileResult>& results, std::ostream& out) {
  for (const FileResult& result : results) {
    for (const ReportedFinding& reported : result.analysis.findings) {
      Position at = positionOf(*result.analysis.doc, reported.finding.range.start);
      out << result.path << ":" << at.line << ":" << at.column << ": " << reported.finding.code
          << " " << reported.finding.message << "\n";
    }
  }
}

void printJson(const std::vector<FileResult>& results, std::ostream& out) {
  json array = json::array();
  for (const FileResult& result : results) {
    for (const ReportedFinding& reported : result.analysis.findings) {
      const analysis::AnalyzedDocument& doc = *result.analysis.doc;
      const analysis::Finding& finding = reported.finding;
      json item = {{"file", result.path},
                   {"code", finding.code},
                   {"severity", severityName(reported.severity)},
                   {"message", finding.message}};
      item.update(rangeJson(doc, finding.range));
      json fix = nullptr;
      if (const analysis::Fix* shown = displayedFix(finding)) {
        json edits = json::array();
        for (const analysis::TextEdit& edit : shown->edits) {
          json e = rangeJson(doc, edit.range);
          e["newText"] = edit.newText;
          edits.push_back(std::move(e));
        }
        fix = json{{"title", shown->title}, {"safe", shown->safe}, {"edits", std::move(edits)}};
      }
      item["fix"] = std::move(fix);
      json related = json::array();
      for (const analysis::RelatedLocation& location : finding.related) {
        json r = rangeJson(doc, location.range);
        r["message"] = location.message;
        related.push_back(std::move(r));
      }
      item["related"] = std::move(related);
      array.push_back(std::move(item));
    }
  }
  out << dumpJson(array, 2) << "\n";
}

std::string_view sarifLevel(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Information:
  case Severity::Hint:
    break;
  }
  return "note";
}

// A relative path as a URI reference: '/'-separated, reserved characters percent-encoded.
std::string uriPath(std::string_view path) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json artifactLocation(const std::string& path) {
  std::string relative = relativeToCwd(path);
  if (!relative.empty() && relative.front() == '/')
    return json{{"uri", "file://" + uriPath(relative)}};
  return json{{"uri", uriPath(relative)}, {"uriBaseId", "%SRCROOT%"}};
}

void printSarif(const std::vector<FileResult>& results, bool executionSuccessful,
                std::ostream& out) {
  json rules = json::array();
  std::map<std::string, size_t> ruleIndex;
  for (const RuleInfo& rule : allRules()) {
    ruleIndex[std::string(rule.code)] = rules.size();
    rules.push_back(
        {{"id", rule.code},
         {"name", rule.name},
         {"shortDescription", {{"text", rule.summary}}},
         {"helpUri", ruleDocumentationUrl(rule.code)},
         {"defaultConfiguration", {{"level", sarifLevel(defaultSeverity(rule.code))}}}});
  }
  json sarifResults = json::array();
  for (const FileResult& result : results) {
    for (const ReportedFinding& reported : result.analysis.findings) {
      const analysis::AnalyzedDocument& doc = *result.analysis.doc;
      const analysis::Finding& finding = reported.finding;
      json location = artifactLocation(result.path);
      json item = {{"ruleId", finding.code},
                   {"level", sarifLevel(reported.severity)},
                   {"message", {{"text", finding.message}}},
                   {"locations", json::array({{{"physicalLocation",
                                                {{"artifactLocation", location},
                                                 {"region", sarifRegion(doc, finding.range)}}}}})}};
      if (auto it = ruleIndex.find(finding.code); it != ruleIndex.end())
        item["ruleIndex"] = it->second;
      if (!finding.related.empty()) {
        json related = json::array();
        for (size_t i = 0; i < finding.related.size(); ++i) {
          related.push_back({{"id", i + 1},
                             {"message", {{"text", finding.related[i].message}}},
                             {"physicalLocation",
                              {{"artifactLocation", location},
                               {"region", sarifRegion(doc, finding.related[i].range)}}}});
        }
        item["relatedLocations"] = std::move(related);
      }
      if (const analysis::Fix* fix = displayedFix(finding); fix && !fix->edits.empty()) {
        json replacements = json::array();
        for (const analysis::TextEdit& edit : fix->edits) {
          replacements.push_back({{"deletedRegion", sarifRegion(doc, edit.range)},
                                  {"insertedContent", {{"text", edit.newText}}}});
        }
        item["fixes"] = json::array(
            {{{"description", {{"text", fix->title}}},
              {"artifactChanges", json::array({{{"artifactLocation", location},
                                                {"replacements", std::move(replacements)}}})}}});
      }
      sarifResults.push_back(std::move(item));
    }
  }
  json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array({{{"tool",
                      {{"driver",
                        {{"name", "closurelens"},
                         {"version", CLOSURELENS_VERSION},
                         {"semanticVersion", CLOSURELENS_VERSION},
                         {"informationUri", "https://github.com/closurelens/closurelens"},
                         {"rules", std::move(rules)}}}}},
                     {"invocations", json::array({{{"executionSuccessful", executionSuccessful}}})},
                     {"columnKind", "unicodeCodePoints"},
                     {"results", std::move(sarifResults)}}})}};
  out << dumpJson(sarif, 2) << "\n";
}

// GitHub workflow commands: '%', CR and LF are escaped in the message; ':' and ',' too in the
// properties, where they would end the value.
std::string githubEscape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    case ':':
      out += property ? "%3A" : ":";
      break;
    case ',':
      out += property ? "%2C" : ",";
      break;
    default:
      out += c;
    }
  }
  return out;
}

void printGithub(const std::vector<FileResult>& results, std::ostream& out) {
  for (const FileResult& result : results) {
    for (const ReportedFinding& reported : result.analysis.findings) {
      const analysis::AnalyzedDocument& doc = *result.analysis.doc;
      Position start = positionOf(doc, reported.finding.range.start);
      Position end = positionOf(doc, reported.finding.range.end);
      std::string_view command = reported.severity == Severity::Error     ? "error"
                                 : reported.severity == Severity::Warning ? "warning"
                                                                          : "notice";
      out << "::" << command << " file=" << githubEscape(relativeToCwd(result.path), true)
          << ",line=" << start.line << ",col=" << start.column << ",endLine=" << end.line
          << ",endColumn=" << end.column << ",title=" << githubEscape(reported.finding.code, true)
          << "::" << githubEscape(reported.finding.message, false) << "\n";
    }
  }
}

// ---- The run ------------------------------------------------------------------------------

// Runs checkFile over `results` on a pool of threads; while it runs long on a terminal, shows
// "checked N/M files" on stderr.
void checkAll(std::vector<FileResult>& results, const Options& options, std::ostream& err) {
  PyprojectLoader loader;
  PyprojectLookup pyprojects(loader);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
  const size_t total = results.size();
  auto worker = [&] {
    for (;;) {
      size_t index = next.fetch_add(1);
      if (index >= total) break;
      // Nothing may escape a thread: a failure becomes a message about that one file.
      try {
        checkFile(results[index], options, pyprojects, cwd);
        // Only files with findings need their analysis for printing; the others would hold every
        // tree of the run in memory at once.
        if (results[index].analysis.findings.empty()) results[index].analysis.doc.reset();
      } catch (const std::exception& error) {
        results[index].messages.push_back(results[index].path + ": internal error (" +
                                          error.what() + "), skipped");
        results[index].checked = false;
      }
      if (done.fetch_add(1) + 1 == total) {
        std::lock_guard lock(mutex);
        finished.notify_all();
      }
    }
  };
  size_t threadCount = std::max(1u, std::thread::hardware_concurrency());
  threadCount = std::min(threadCount, std::max<size_t>(total, 1));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < threadCount; ++i)
    threads.emplace_back(worker);

  const bool showProgress = !options.quiet && &err == &std::cerr && ::isatty(STDERR_FILENO);
  if (showProgress && total > 0) {
    // The main thread reports progress instead of checking files, so the line stays current.
    const auto started = std::chrono::steady_clock::now();
    bool shown = false;
    threads.emplace_back(worker);
    std::unique_lock lock(mutex);
    while (done.load() < total) {
      finished.wait_for(lock, std::chrono::milliseconds(250));
      if (std::chrono::steady_clock::now() - started > std::chrono::seconds(1) &&
          done.load() < total) {
        err << "\rchecked " << done.load() << "/" << total << " files" << std::flush;
        shown = true;
      }
    }
    if (shown) err << "\r\033[K" << std::flush;
  } else {
    worker();
  }
  for (std::thread& thread : threads)
    thread.join();
}

} // namespace

int runCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options options;
  if (std::optional<int> exit = parseArguments(args, options, out, err)) return *exit;

  bool ioError = false;
  std::vector<FileResult> results;
  std::set<std::string> seen;
  auto add = [&](std::string file) {
    // The same file named twice (`a.py ./a.py`) is checked, and fixed, once.
    std::error_code ec;
    if (!seen.insert(fs::absolute(file, ec).lexically_normal().string()).second) return;
    FileResult result;
    result.path = std::move(file);
    results.push_back(std::move(result));
  };
  for (const std::string& path : options.paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      err << "closurelens: check: " << path << ": no such file or directory\n";
      ioError = true;
      continue;
    }
    if (!fs::is_directory(status)) {
      add(path); // named explicitly: checked whatever its extension
      continue;
    }
    std::vector<std::string> files;
    std::vector<PythonFileWalkProblem> problems;
    collectPythonFiles(path, PythonFileWalkOptions{true, true}, files, problems);
    for (const PythonFileWalkProblem& problem : problems) {
      err << "closurelens: check: cannot list " << problem.path << ": " << problem.message << "\n";
      ioError = true;
    }
    // Path order: a folder's files are reported sorted by their whole path.
    std::sort(files.begin(), files.end());
    for (std::string& file : files)
      add(std::move(file));
  }

  checkAll(results, options, err);

  int checked = 0;
  int skipped = 0;
  int remaining = 0;
  int fixable = 0;
  int fixed = 0;
  int filesWithDiff = 0;
  std::set<const PyprojectSettings*> configsReported;
  for (const FileResult& result : results) {
    if (result.config && !result.config->problems.empty() &&
        configsReported.insert(result.config.get()).second) {
      for (const ConfigProblem& problem : result.config->problems) {
        err << relativeToCwd(problem.file);
        if (problem.line > 0) err << ":" << problem.line << ":" << problem.column;
        err << ": " << problem.message << "\n";
      }
    }
    for (const std::string& message : result.messages)
      err << message << "\n";
    ioError = ioError || result.ioError;
    if (!result.checked) {
      ++skipped;
      continue;
    }
    ++checked;
    remaining += static_cast<int>(result.analysis.findings.size());
    for (const ReportedFinding& reported : result.analysis.findings)
      if (safeFixOf(reported.finding)) ++fixable;
    fixed += result.fixed;
    if (!result.diff.empty()) ++filesWithDiff;
    if (options.fix && result.fixed > 0 && !options.quiet)
      err << "Fixed " << plural(result.fixed, "problem") << " in " << result.path << "\n";
  }
  std::erase_if(results, [](const FileResult& result) { return !result.checked; });

  if (options.diff) {
    for (const FileResult& result : results)
      out << result.diff;
  } else {
    switch (options.format) {
    case Format::Text:
      printText(results, out);
      break;
    case Format::Json:
      printJson(results, out);
      break;
    case Format::Sarif:
      printSarif(results, !ioError, out);
      break;
    case Format::Github:
      printGithub(results, out);
      break;
    }
  }
  out.flush();

  if (!options.quiet) {
    if (checked == 0 && skipped == 0 && !ioError) {
      err << "closurelens: check: no Python files found\n";
    } else if (options.diff) {
      if (fixed > 0) {
        err << "Would fix " << plural(fixed, "problem") << " in " << plural(filesWithDiff, "file")
            << " (run with --fix to apply).\n";
      } else {
        err << "No safe fixes to apply.\n";
      }
    } else if (fixed > 0) {
      err << "Found " << plural(fixed + remaining, "problem") << " (" << fixed << " fixed, "
          << remaining << " remaining).\n";
    } else if (remaining == 0) {
      err << "All checks passed.\n";
    } else {
      err << "Found " << plural(remaining, "problem");
      if (fixable > 0) err << " (" << fixable << " fixable with --fix)";
      err << ".\n";
    }
  }
  err.flush();

  if (ioError || (checked == 0 && skipped > 0)) return 2;
  if (options.diff) return filesWithDiff > 0 ? 1 : 0;
  return remaining > 0 ? 1 : 0;
}

} // namespace closurelens::server
