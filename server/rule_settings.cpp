#include "server/rule_settings.hpp"

#include "server/file_read.hpp"
#include "server/rule_catalog.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <sstream>
#include <system_error>
#include <utility>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kSelectorHint =
    "expected a rule code (CL201), name (missing-wraps), alias (B023), code prefix (CL2) or ALL";
constexpr std::string_view kSeverityHint = "expected error, warning, information, hint or off";

std::string upperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// A severity as written in settings: `known` is false for a word that is none of them, and
// `severity` is empty for "off".
struct SeverityName {
  bool known = false;
  std::optional<Severity> severity;
};

SeverityName parseSeverityName(std::string_view text) {
  std::string lower(trim(text));
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "error") return {true, Severity::Error};
  if (lower == "warning") return {true, Severity::Warning};
  if (lower == "information" || lower == "info") return {true, Severity::Information};
  if (lower == "hint") return {true, Severity::Hint};
  if (lower == "off") return {true, std::nullopt};
  return {};
}

// The length of the longest selector in `selectors` that matches `code`, -1 when none does.
int bestMatch(const std::vector<std::string>& selectors, std::string_view code) {
  int best = -1;
  for (const std::string& selector : selectors) {
    if (code.starts_with(selector)) best = std::max(best, static_cast<int>(selector.size()));
  }
  return best;
}

std::string normalizePath(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '\\', '/');
  while (out.starts_with("./"))
    out.erase(0, 2);
  return out;
}

bool globMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with one backtrack point: `*` can only ever need to grow.
  size_t p = 0;
  size_t t = 0;
  size_t starP = std::string_view::npos;
  size_t starT = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*')
        ++p;
      starP = p;
      starT = t;
      continue;
    }
    bool matched = false;
    size_t next = p + 1;
    if (p < pattern.size()) {
      if (pattern[p] == '?') {
        matched = true;
      } else if (pattern[p] == '[') {
        size_t q = p + 1;
        bool negate = q < pattern.size() && (pattern[q] == '!' || pattern[q] == '^');
        if (negate) ++q;
        bool inClass = false;
        size_t first = q;
        while (q < pattern.size() && (pattern[q] != ']' || q == first)) {
          if (q + 2 < pattern.size() && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
            if (pattern[q] <= text[t] && text[t] <= pattern[q + 2]) inClass = true;
            q += 3;
          } else {
            if (pattern[q] == text[t]) inClass = true;
            ++q;
          }
        }
        if (q < pattern.size()) {
          matched = inClass != negate;
          next = q + 1;
        } else {
          matched = pattern[p] == text[t]; // an unclosed '[' is a literal
        }
      } else {
        matched = pattern[p] == text[t];
      }
    }
    if (matched) {
      p = next;
      ++t;
    } else if (starP != std::string_view::npos) {
      p = starP;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

// ---- Validation shared by the TOML and the JSON readers ------------------------------------
// `report` receives a location suffix ("[1]", ".CL105") and a message.
using Report = std::function<void(const std::string& where, const std::string& message)>;

std::optional<std::string> checkSelector(std::string_view text, const std::string& where,
                                         const Report& report) {
  std::optional<std::string> selector = normalizeRuleSelector(text);
  if (!selector)
    report(where, "unknown rule '" + std::string(text) + "' (" + std::string(kSelectorHint) + ")");
  return selector;
}

// ---- TOML -----------------------------------------------------------------------------------

struct TomlReader {
  std::string file;
  std::vector<ConfigProblem>& problems;

  void problemAt(const toml::source_region& where, std::string message) {
    problems.push_back({file, static_cast<uint32_t>(where.begin.line),
                        static_cast<uint32_t>(where.begin.column), std::move(message)});
  }

  // "[tool.closurelens] WHERE: MESSAGE; ignored", at `where`.
  void ignoredAt(const toml::source_region& region, std::string_view where,
                 std::string_view message) {
    std::string text = "[tool.closurelens] ";
    text.append(where).append(": ").append(message).append("; ignored");
    problemAt(region, std::move(text));
  }

  static std::string typeName(const toml::node& node) {
    std::ostringstream out;
    out << node.type();
    return out.str();
  }

  std::optional<std::vector<std::string>> selectorList(const toml::node& node,
                                                       const std::string& key) {
    const toml::array* array = node.as_array();
    if (!array) {
      problemAt(node.source(), "[tool.closurelens] " + key +
                                   ": expected an array of strings, found " + typeName(node) +
                                   "; ignored");
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      std::string where = key + "[" + std::to_string(i) + "]";
      const toml::value<std::string>* text = element.as_string();
      if (!text) {
        problemAt(element.source(), "[tool.closurelens] " + where + ": expected a string, found " +
                                        typeName(element) + "; ignored");
        continue;
      }
      Report report = [&](const std::string& at, const std::string& message) {
        ignoredAt(element.source(), at, message);
      };
      if (auto selector = checkSelector(text->get(), where, report)) out.push_back(*selector);
    }
    return out;
  }

  void read(const toml::table& section, RuleSettings& settings) {
    for (const auto& [key, node] : section) {
      const std::string name(key.str());
      if (name == "select") {
        settings.select = selectorList(node, name);
      } else if (name == "ignore") {
        settings.ignore = selectorList(node, name);
      } else if (name == "severity") {
        const toml::table* table = node.as_table();
        if (!table) {
          problemAt(node.source(), "[tool.closurelens] severity: expected a table such as "
                                   "{ CL105 = \"off\" }, found " +
                                       typeName(node) + "; ignored");
          continue;
        }
        std::map<std::string, std::optional<Severity>> out;
        for (const auto& [ruleKey, value] : *table) {
          std::string where = "severity." + std::string(ruleKey.str());
          // A copy: lambdas cannot capture structured bindings before C++20 as clang reads it.
          const toml::source_region keyRegion = ruleKey.source();
          Report report = [&](const std::string& at, const std::string& message) {
            ignoredAt(keyRegion, at, message);
          };
          std::optional<std::string> selector = checkSelector(ruleKey.str(), where, report);
          const toml::value<std::string>* text = value.as_string();
          if (!text) {
            problemAt(value.source(), "[tool.closurelens] " + where + ": expected a string (" +
                                          std::string(kSeverityHint) + "), found " +
                                          typeName(value) + "; ignored");
            continue;
          }
          SeverityName severity = parseSeverityName(text->get());
          if (!severity.known) {
            problemAt(value.source(), "[tool.closurelens] " + where + ": unknown severity '" +
                                          text->get() + "' (" + std::string(kSeverityHint) +
                                          "); ignored");
            continue;
          }
          if (selector) out[*selector] = severity.severity;
        }
        settings.severity = std::move(out);
      } else if (name == "per-file-ignores") {
        const toml::table* table = node.as_table();
        if (!table) {
          problemAt(node.source(), "[tool.closurelens] per-file-ignores: expected a table such "
                                   "as { \"tests/*\" = [\"CL101\"] }, found " +
                                       typeName(node) + "; ignored");
          continue;
        }
        std::vector<PerFileIgnore> out;
        for (const auto& [pattern, value] : *table) {
          std::string where = "per-file-ignores.\"" + std::string(pattern.str()) + "\"";
          if (auto selectors = selectorList(value, where))
            out.push_back({std::string(pattern.str()), std::move(*selectors)});
        }
        settings.perFileIgnores = std::move(out);
      } else if (name == "python-version") {
        const toml::value<std::string>* text = node.as_string();
        std::optional<analysis::PythonVersion> version;
        if (text) version = parsePythonVersion(text->get());
        if (!version) {
          problemAt(node.source(),
                    "[tool.closurelens] python-version: expected a string such as \"3.11\", "
                    "found " +
                        (text ? "'" + text->get() + "'" : typeName(node)) + "; ignored");
          continue;
        }
        settings.pythonVersion = version;
      } else {
        problemAt(key.source(), "[tool.closurelens] unknown key '" + name +
                                    "' (known: select, ignore, severity, per-file-ignores, "
                                    "python-version); ignored");
      }
    }
  }
};

// ---- JSON -----------------------------------------------------------------------------------

struct JsonReader {
  std::vector<std::string>* problems;

  void problem(const std::string& where, const std::string& message) {
    if (problems) problems->push_back("closurelens." + where + ": " + message);
  }

  std::optional<std::vector<std::string>> selectorList(const json& value, const std::string& key) {
    if (!value.is_array()) {
      problem(key, std::string("expected an array of strings, found ") + value.type_name());
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < value.size(); ++i) {
      std::string where = key + "[" + std::to_string(i) + "]";
      if (!value[i].is_string()) {
        problem(where, std::string("expected a string, found ") + value[i].type_name());
        continue;
      }
      Report report = [&](const std::string& at, const std::string& message) {
        problem(at, message);
      };
      if (auto selector = checkSelector(value[i].get_ref<const std::string&>(), where, report))
        out.push_back(*selector);
    }
    return out;
  }

  RuleSettings read(const json& section) {
    RuleSettings settings;
    if (section.is_null()) return settings;
    if (!section.is_object()) {
      if (problems)
        problems->push_back(std::string("closurelens: expected an object, found ") +
                            section.type_name());
      return settings;
    }
    auto field = [&](const char* name) -> const json* {
      auto it = section.find(name);
      return it == section.end() || it->is_null() ? nullptr : &*it;
    };
    if (const json* value = field("select")) settings.select = selectorList(*value, "select");
    if (const json* value = field("ignore")) settings.ignore = selectorList(*value, "ignore");
    if (const json* value = field("severity")) {
      if (!value->is_object()) {
        problem("severity", std::string("expected an object such as {\"CL105\": \"off\"}, found ") +
                                value->type_name());
      } else {
        std::map<std::string, std::optional<Severity>> out;
        for (const auto& [key, level] : value->items()) {
          std::string where = "severity." + key;
          Report report = [&](const std::string& at, const std::string& message) {
            problem(at, message);
          };
          std::optional<std::string> selector = checkSelector(key, where, report);
          SeverityName severity;
          if (level.is_string()) severity = parseSeverityName(level.get_ref<const std::string&>());
          if (!severity.known) {
            problem(where,
                    "unknown severity " + level.dump() + " (" + std::string(kSeverityHint) + ")");
            continue;
          }
          if (selector) out[*selector] = severity.severity;
        }
        settings.severity = std::move(out);
      }
    }
    if (const json* value = field("perFileIgnores")) {
      if (!value->is_object()) {
        problem("perFileIgnores",
                std::string("expected an object such as {\"tests/*\": [\"CL101\"]}, found ") +
                    value->type_name());
      } else {
        std::vector<PerFileIgnore> out;
        for (const auto& [pattern, codes] : value->items()) {
          if (auto selectors = selectorList(codes, "perFileIgnores." + pattern))
            out.push_back({pattern, std::move(*selectors)});
        }
        settings.perFileIgnores = std::move(out);
      }
    }
    if (const json* value = field("pythonVersion")) {
      std::optional<analysis::PythonVersion> version;
      if (value->is_string()) version = parsePythonVersion(value->get_ref<const std::string&>());
      if (version) {
        settings.pythonVersion = version;
      } else {
        problem("pythonVersion", "expected a string such as \"3.11\", found " + value->dump());
      }
    }
    return settings;
  }
};

} // namespace

std::string_view severityName(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Information:
    return "information";
  case Severity::Hint:
    return "hint";
  }
  return "warning";
}

Severity defaultSeverity(std::string_view code) {
  const RuleInfo* rule = findRule(code);
  if (!rule) return Severity::Warning;
  return parseSeverityName(rule->defaultSeverity).severity.value_or(Severity::Warning);
}

std::optional<std::string> normalizeRuleSelector(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::string upper = upperAscii(text);
  if (upper == "ALL") return std::string();
  if (const RuleInfo* rule = findRule(text)) return std::string(rule->code);
  // A prefix of codes ("CL", "CL1", "CL20") names the rules whose codes start with it.
  if (upper.size() < 2 || upper.size() > 4 || !upper.starts_with("CL")) return std::nullopt;
  if (!std::all_of(upper.begin() + 2, upper.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  for (const RuleInfo& rule : allRules()) {
    if (rule.code.starts_with(upper)) return upper;
  }
  return std::nullopt;
}

RuleSettings mergeSettings(const RuleSettings& base, const RuleSettings& override_) {
  RuleSettings out = base;
  if (override_.select) out.select = override_.select;
  if (override_.ignore) out.ignore = override_.ignore;
  if (override_.severity) {
    if (!out.severity) out.severity.emplace();
    for (const auto& [selector, severity] : *override_.severity)
      (*out.severity)[selector] = severity;
  }
  if (override_.perFileIgnores) {
    if (!out.perFileIgnores) out.perFileIgnores.emplace();
    for (const PerFileIgnore& entry : *override_.perFileIgnores) {
      auto same = std::find_if(out.perFileIgnores->begin(), out.perFileIgnores->end(),
                               [&](const PerFileIgnore& e) { return e.pattern == entry.pattern; });
      if (same != out.perFileIgnores->end()) {
        *same = entry;
      } else {
        out.perFileIgnores->push_back(entry);
      }
    }
  }
  if (override_.pythonVersion) out.pythonVersion = override_.pythonVersion;
  return out;
}

bool ruleSelected(const RuleSettings& settings, std::string_view code) {
  int selected = settings.select ? bestMatch(*settings.select, code) : 0;
  int ignored = settings.ignore ? bestMatch(*settings.ignore, code) : -1;
  return selected >= 0 && selected > ignored;
}

std::optional<Severity> ruleSeverity(const RuleSettings& settings, std::string_view code) {
  if (settings.severity) {
    int best = -1;
    const std::optional<Severity>* chosen = nullptr;
    for (const auto& [selector, severity] : *settings.severity) {
      if (code.starts_with(selector) && static_cast<int>(selector.size()) > best) {
        best = static_cast<int>(selector.size());
        chosen = &severity;
      }
    }
    if (chosen) return *chosen;
  }
  return defaultSeverity(code);
}

bool pathMatchesGlob(std::string_view pattern, std::string_view path) {
  std::string normalizedPattern = normalizePath(pattern);
  std::string normalizedPath = normalizePath(path);
  if (globMatch(normalizedPattern, normalizedPath)) return true;
  if (normalizedPattern.find('/') == std::string::npos) {
    size_t slash = normalizedPath.rfind('/');
    if (slash != std::string::npos)
      return globMatch(normalizedPattern, std::string_view(normalizedPath).substr(slash + 1));
  }
  return false;
}

bool ignoredForFile(const RuleSettings& settings, std::string_view code,
                    std::string_view pathForGlobs) {
  if (!settings.perFileIgnores) return false;
  for (const PerFileIgnore& entry : *settings.perFileIgnores) {
    std::string_view pattern = entry.pattern;
    bool negate = pattern.starts_with('!');
    if (negate) pattern.remove_prefix(1);
    if (pathMatchesGlob(pattern, pathForGlobs) == negate) continue;
    if (bestMatch(entry.selectors, code) >= 0) return true;
  }
  return false;
}

std::optional<analysis::PythonVersion> parsePythonVersion(std::string_view text) {
  text = trim(text);
  auto number = [](std::string_view digits) -> std::optional<int> {
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    int value = 0;
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  };
  if (text.starts_with("py") && text.size() >= 4 && text[2] == '3') {
    if (auto minor = number(text.substr(3))) return analysis::PythonVersion{3, *minor};
    return std::nullopt;
  }
  if (!text.starts_with("3.")) return std::nullopt;
  if (auto minor = number(text.substr(2))) return analysis::PythonVersion{3, *minor};
  return std::nullopt;
}

std::string pathForGlobs(const fs::path& file, const PyprojectSettings& config,
                         const fs::path& fallbackRoot) {
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec).lexically_normal();
  fs::path root = config.file.empty() ? fs::absolute(fallbackRoot, ec).lexically_normal()
                                      : config.file.parent_path();
  fs::path relative = absolute.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return absolute.generic_string();
  return relative.generic_string();
}

PyprojectSettings parsePyproject(std::string_view text, const std::string& fileForProblems) {
  PyprojectSettings out;
  toml::table document;
  // The Debian build of toml++ reports syntax errors by throwing; nothing may escape from here.
  try {
    document = toml::parse(text, fileForProblems);
  } catch (const toml::parse_error& error) {
    out.problems.push_back(
        {fileForProblems, static_cast<uint32_t>(error.source().begin.line),
         static_cast<uint32_t>(error.source().begin.column),
         "not valid TOML: " + std::string(error.description()) + "; using the default settings"});
    return out;
  } catch (const std::exception& error) {
    out.problems.push_back(
        {fileForProblems, 0, 0,
         std::string("cannot parse: ") + error.what() + "; using the default settings"});
    return out;
  }
  const toml::node* tool = document.get("tool");
  if (!tool || !tool->is_table()) return out;
  const toml::node* section = tool->as_table()->get("closurelens");
  if (!section) return out;
  out.hasToolSection = true;
  if (!section->is_table()) {
    out.problems.push_back({fileForProblems, static_cast<uint32_t>(section->source().begin.line),
                            static_cast<uint32_t>(section->source().begin.column),
                            "[tool.closurelens]: expected a table; using the default settings"});
    return out;
  }
  TomlReader reader{fileForProblems, out.problems};
  reader.read(*section->as_table(), out.settings);
  // toml++ iterates keys in sorted order; the reader wants them in the order of the file.
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const ConfigProblem& a, const ConfigProblem& b) {
                     return a.line != b.line ? a.line < b.line : a.column < b.column;
                   });
  return out;
}

RuleSettings parseLspSettings(const nlohmann::json& closurelensSection,
                              std::vector<std::string>* problems) {
  JsonReader reader{problems};
  return reader.read(closurelensSection);
}

std::shared_ptr<const PyprojectSettings> PyprojectLoader::load(const fs::path& pyproject) {
  std::error_code ec;
  fs::file_time_type mtime = fs::last_write_time(pyproject, ec);
  uintmax_t size = ec ? 0 : fs::file_size(pyproject, ec);
  const std::string key = pyproject.string();
  if (!ec) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.mtime == mtime && it->second.size == size)
      return it->second.parsed;
  }
  auto parsed = std::make_shared<PyprojectSettings>();
  std::string text;
  if (ec || !readWholeFile(pyproject.string(), text)) {
    parsed->file = pyproject;
    parsed->problems.push_back({key, 0, 0,
                                "cannot read: " + (ec ? ec.message() : std::string("read failed")) +
                                    "; using the default settings"});
    return parsed;
  }
  *parsed = parsePyproject(text, key);
  parsed->file = pyproject;
  std::lock_guard lock(mutex_);
  cache_[key] = CacheEntry{mtime, size, parsed};
  return parsed;
}

std::shared_ptr<const PyprojectSettings> PyprojectLoader::configuring(const fs::path& folder) {
  std::error_code ec;
  fs::path candidate = folder / "pyproject.toml";
  if (!fs::is_regular_file(candidate, ec)) return nullptr;
  std::shared_ptr<const PyprojectSettings> loaded = load(candidate);
  if (loaded->hasToolSection || !loaded->problems.empty()) return loaded;
  return nullptr;
}

namespace {

fs::path folderOf(const fs::path& pythonFile) {
  std::error_code ec;
  fs::path absolute = fs::absolute(pythonFile, ec);
  return ec ? fs::path() : absolute.lexically_normal().parent_path();
}

} // namespace

std::shared_ptr<const PyprojectSettings> PyprojectLoader::settingsFor(const fs::path& pythonFile) {
  fs::path dir = folderOf(pythonFile);
  if (dir.empty()) return std::make_shared<PyprojectSettings>();
  for (;;) {
    if (std::shared_ptr<const PyprojectSettings> found = configuring(dir)) return found;
    fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) break;
    dir = std::move(parent);
  }
  return std::make_shared<PyprojectSettings>();
}

std::shared_ptr<const PyprojectSettings> PyprojectLookup::settingsFor(const fs::path& pythonFile) {
  fs::path dir = folderOf(pythonFile);
  if (dir.empty()) return std::make_shared<PyprojectSettings>();
  // The folders searched before an answer is found: each gets the same answer.
  std::vector<std::string> searched;
  std::shared_ptr<const PyprojectSettings> found;
  for (;;) {
    std::string key = dir.string();
    {
      std::lock_guard lock(mutex_);
      if (auto it = byFolder_.find(key); it != byFolder_.end()) {
        found = it->second;
        break;
      }
    }
    searched.push_back(std::move(key));
    if ((found = loader_.configuring(dir))) break;
    fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) break;
    dir = std::move(parent);
  }
  if (!found) found = std::make_shared<PyprojectSettings>();
  std::lock_guard lock(mutex_);
  for (std::string& folder : searched)
    byFolder_.emplace(std::move(folder), found);
  return found;
}

} // namespace closurelens::server
