#include "protocol/lsp_types.hpp"

#include <algorithm>
#include <exception>
#include <initializer_list>
#include <limits>
#include <utility>

namespace closurelens::protocol {
namespace {

using nlohmann::json;

// JSON pointer (RFC 6901) building. The params value itself is "" in RFC terms; errors show it
// as "/" so that a message like "invalid params at /: expected an object" still reads.
std::string child(const std::string& path, std::string_view key) {
  std::string out = path + "/";
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child(const std::string& path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

// Collects the first problem; readers return false once one is found so callers stop early.
class Reader {
public:
  bool fail(const std::string& path, std::string message) {
    if (!error_) error_ = ParamsError{path.empty() ? "/" : path, std::move(message)};
    return false;
  }
  ParamsError take() { return std::move(*error_); }

private:
  std::optional<ParamsError> error_;
};

const json* field(const json& object, std::string_view key) {
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

bool expectObject(Reader& r, const json& value, const std::string& path) {
  return value.is_object() || r.fail(path, "expected an object");
}

bool readString(Reader& r, const json& value, const std::string& path, std::string& out) {
  if (!value.is_string()) return r.fail(path, "expected a string");
  out = value.get_ref<const std::string&>();
  return true;
}

bool readInteger(Reader& r, const json& value, const std::string& path, std::int64_t& out) {
  if (value.is_number_unsigned()) {
    auto v = value.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return r.fail(path, "integer out of range");
    }
    out = static_cast<std::int64_t>(v);
    return true;
  }
  if (value.is_number_integer()) {
    out = value.get<std::int64_t>();
    return true;
  }
  return r.fail(path, "expected an integer");
}

// LSP `uinteger`. Values past 2^32 - 1 are clamped: positions beyond any text are legal and
// LineIndex clamps them further.
bool readUnsigned(Reader& r, const json& value, const std::string& path, std::uint32_t& out) {
  std::uint64_t v = 0;
  if (value.is_number_unsigned()) {
    v = value.get<std::uint64_t>();
  } else if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    v = static_cast<std::uint64_t>(value.get<std::int64_t>());
  } else {
    return r.fail(path, "expected an unsigned integer");
  }
  out = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(v, std::numeric_limits<std::uint32_t>::max()));
  return true;
}

// Reads object[key], which must be present.
template <class T, class F>
bool required(Reader& r, const json& object, const std::string& path, std::string_view key, T& out,
              F read) {
  const json* value = field(object, key);
  if (!value) return r.fail(child(path, key), "missing field");
  return read(r, *value, child(path, key), out);
}

// Reads object[key] when present; absent leaves `out` as it is.
template <class T, class F>
bool optional(Reader& r, const json& object, const std::string& path, std::string_view key,
              std::optional<T>& out, F read) {
  const json* value = field(object, key);
  if (!value) return true;
  T parsed{};
  if (!read(r, *value, child(path, key), parsed)) return false;
  out = std::move(parsed);
  return true;
}

// Reads object[key] when present and not null.
template <class T, class F>
bool nullable(Reader& r, const json& object, const std::string& path, std::string_view key,
              std::optional<T>& out, F read) {
  const json* value = field(object, key);
  if (!value || value->is_null()) return true;
  T parsed{};
  if (!read(r, *value, child(path, key), parsed)) return false;
  out = std::move(parsed);
  return true;
}

template <class T, class F>
bool readArray(Reader& r, const json& value, const std::string& path, std::vector<T>& out, F read) {
  if (!value.is_array()) return r.fail(path, "expected an array");
  out.clear();
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    T element{};
    if (!read(r, value[i], child(path, i), element)) return false;
    out.push_back(std::move(element));
  }
  return true;
}

template <class T, class F> auto arrayOf(F read) {
  return [read](Reader& r, const json& value, const std::string& path, std::vector<T>& out) {
    return readArray(r, value, path, out, read);
  };
}

bool readPosition(Reader& r, const json& value, const std::string& path, Position& out) {
  return expectObject(r, value, path) && required(r, value, path, "line", out.line, readUnsigned) &&
         required(r, value, path, "character", out.character, readUnsigned);
}

bool readRange(Reader& r, const json& value, const std::string& path, Range& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "start", out.start, readPosition) &&
         required(r, value, path, "end", out.end, readPosition);
}

bool readLocation(Reader& r, const json& value, const std::string& path, Location& out) {
  return expectObject(r, value, path) && required(r, value, path, "uri", out.uri, readString) &&
         required(r, value, path, "range", out.range, readRange);
}

bool readIdentifier(Reader& r, const json& value, const std::string& path,
                    TextDocumentIdentifier& out) {
  return expectObject(r, value, path) && required(r, value, path, "uri", out.uri, readString);
}

bool readVersionedIdentifier(Reader& r, const json& value, const std::string& path,
                             VersionedTextDocumentIdentifier& out) {
  return expectObject(r, value, path) && required(r, value, path, "uri", out.uri, readString) &&
         required(r, value, path, "version", out.version, readInteger);
}

bool readItem(Reader& r, const json& value, const std::string& path, TextDocumentItem& out) {
  return expectObject(r, value, path) && required(r, value, path, "uri", out.uri, readString) &&
         required(r, value, path, "languageId", out.languageId, readString) &&
         required(r, value, path, "version", out.version, readInteger) &&
         required(r, value, path, "text", out.text, readString);
}

bool readChange(Reader& r, const json& value, const std::string& path,
                TextDocumentContentChangeEvent& out) {
  return expectObject(r, value, path) && optional(r, value, path, "range", out.range, readRange) &&
         required(r, value, path, "text", out.text, readString);
}

bool readRequestId(Reader& r, const json& value, const std::string& path, RequestId& out) {
  if (value.is_string()) {
    out = value.get<std::string>();
    return true;
  }
  std::int64_t number = 0;
  if (!value.is_number_integer()) return r.fail(path, "expected an integer or a string");
  if (!readInteger(r, value, path, number)) return false;
  out = number;
  return true;
}

bool readSeverity(Reader& r, const json& value, const std::string& path, DiagnosticSeverity& out) {
  std::int64_t number = 0;
  if (!value.is_number_integer() || !readInteger(r, value, path, number) || number < 1 ||
      number > 4) {
    return r.fail(path, "expected a severity from 1 to 4");
  }
  out = static_cast<DiagnosticSeverity>(number);
  return true;
}

// Diagnostic codes are `integer | string`; closurelens only compares them, so both become text.
bool readCode(Reader& r, const json& value, const std::string& path, std::string& out) {
  if (value.is_string()) return readString(r, value, path, out);
  std::int64_t number = 0;
  if (!value.is_number_integer()) return r.fail(path, "expected an integer or a string");
  if (!readInteger(r, value, path, number)) return false;
  out = std::to_string(number);
  return true;
}

// Unknown tags are dropped, as the spec asks of receivers, rather than rejected.
bool readTags(Reader& r, const json& value, const std::string& path,
              std::vector<DiagnosticTag>& out) {
  std::vector<std::int64_t> numbers;
  if (!readArray(r, value, path, numbers, readInteger)) return false;
  out.clear();
  for (std::int64_t n : numbers) {
    if (n == 1 || n == 2) out.push_back(static_cast<DiagnosticTag>(n));
  }
  return true;
}

bool readRelated(Reader& r, const json& value, const std::string& path,
                 DiagnosticRelatedInformation& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "location", out.location, readLocation) &&
         required(r, value, path, "message", out.message, readString);
}

bool readDiagnostic(Reader& r, const json& value, const std::string& path, Diagnostic& out) {
  if (!expectObject(r, value, path) || !required(r, value, path, "range", out.range, readRange) ||
      !optional(r, value, path, "severity", out.severity, readSeverity) ||
      !optional(r, value, path, "code", out.code, readCode)) {
    return false;
  }
  if (const json* description = field(value, "codeDescription")) {
    std::string descriptionPath = child(path, "codeDescription");
    std::string href;
    if (!expectObject(r, *description, descriptionPath) ||
        !required(r, *description, descriptionPath, "href", href, readString)) {
      return false;
    }
    out.codeDescriptionHref = std::move(href);
  }
  if (!optional(r, value, path, "source", out.source, readString) ||
      !required(r, value, path, "message", out.message, readString)) {
    return false;
  }
  if (const json* tags = field(value, "tags")) {
    if (!readTags(r, *tags, child(path, "tags"), out.tags)) return false;
  }
  if (const json* related = field(value, "relatedInformation")) {
    if (!readArray(r, *related, child(path, "relatedInformation"), out.relatedInformation,
                   readRelated)) {
      return false;
    }
  }
  if (const json* data = field(value, "data")) out.data = *data;
  return true;
}

bool readClientInfo(Reader& r, const json& value, const std::string& path, ClientInfo& out) {
  return expectObject(r, value, path) && required(r, value, path, "name", out.name, readString) &&
         optional(r, value, path, "version", out.version, readString);
}

bool readWorkspaceFolder(Reader& r, const json& value, const std::string& path,
                         WorkspaceFolder& out) {
  return expectObject(r, value, path) && required(r, value, path, "uri", out.uri, readString) &&
         required(r, value, path, "name", out.name, readString);
}

bool readTrace(Reader& r, const json& value, const std::string& path, TraceValue& out) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "off") out = TraceValue::Off;
    if (text == "messages") out = TraceValue::Messages;
    if (text == "verbose") out = TraceValue::Verbose;
    if (text == "off" || text == "messages" || text == "verbose") return true;
  }
  return r.fail(path, "expected \"off\", \"messages\" or \"verbose\"");
}

// Walks down object keys that must each hold an object when present. `out` is null when a key is
// absent; false means one was present but not an object.
bool descend(Reader& r, const json& root, std::string& path,
             std::initializer_list<std::string_view> keys, const json*& out) {
  out = &root;
  for (std::string_view key : keys) {
    const json* next = field(*out, key);
    if (!next) {
      out = nullptr;
      return true;
    }
    path = child(path, key);
    if (!expectObject(r, *next, path)) return false;
    out = next;
  }
  return true;
}

bool readCapabilities(Reader& r, const json& capabilities, const std::string& path,
                      InitializeParams& out) {
  if (!expectObject(r, capabilities, path)) return false;
  out.capabilities = capabilities;

  std::string generalPath = path;
  const json* general = nullptr;
  if (!descend(r, capabilities, generalPath, {"general"}, general)) return false;
  if (general) {
    if (const json* encodings = field(*general, "positionEncodings")) {
      if (!readArray(r, *encodings, child(generalPath, "positionEncodings"), out.positionEncodings,
                     readString)) {
        return false;
      }
    }
  }
  std::string hoverPath = path;
  const json* hover = nullptr;
  if (!descend(r, capabilities, hoverPath, {"textDocument", "hover"}, hover)) return false;
  if (hover) {
    if (const json* formats = field(*hover, "contentFormat")) {
      std::vector<std::string> names;
      if (!readArray(r, *formats, child(hoverPath, "contentFormat"), names, readString)) {
        return false;
      }
      for (const std::string& name : names) {
        if (name == "plaintext") out.hoverContentFormat.push_back(MarkupKind::PlainText);
        if (name == "markdown") out.hoverContentFormat.push_back(MarkupKind::Markdown);
      }
    }
  }
  return true;
}

bool readInitialize(Reader& r, const json& value, const std::string& path, InitializeParams& out) {
  if (!expectObject(r, value, path)) return false;
  if (const json* pid = field(value, "processId"); pid && !pid->is_null()) {
    std::int64_t number = 0;
    if (!pid->is_number_integer())
      return r.fail(child(path, "processId"), "expected an integer or null");
    if (!readInteger(r, *pid, child(path, "processId"), number)) return false;
    out.processId = number;
  }
  if (!optional(r, value, path, "clientInfo", out.clientInfo, readClientInfo)) return false;
  if (const json* root = field(value, "rootUri"); root && !root->is_null()) {
    if (!root->is_string()) return r.fail(child(path, "rootUri"), "expected a string or null");
    out.rootUri = root->get<std::string>();
  }
  if (!nullable(r, value, path, "workspaceFolders", out.workspaceFolders,
                arrayOf<WorkspaceFolder>(readWorkspaceFolder))) {
    return false;
  }
  if (const json* capabilities = field(value, "capabilities")) {
    if (!readCapabilities(r, *capabilities, child(path, "capabilities"), out)) return false;
  }
  if (const json* options = field(value, "initializationOptions"))
    out.initializationOptions = *options;
  if (const json* trace = field(value, "trace"); trace && !trace->is_null()) {
    if (!readTrace(r, *trace, child(path, "trace"), out.trace)) return false;
  }
  return true;
}

bool readDidOpen(Reader& r, const json& value, const std::string& path,
                 DidOpenTextDocumentParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readItem);
}

bool readDidChange(Reader& r, const json& value, const std::string& path,
                   DidChangeTextDocumentParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readVersionedIdentifier) &&
         required(r, value, path, "contentChanges", out.contentChanges,
                  arrayOf<TextDocumentContentChangeEvent>(readChange));
}

bool readDidClose(Reader& r, const json& value, const std::string& path,
                  DidCloseTextDocumentParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier);
}

bool readDidSave(Reader& r, const json& value, const std::string& path,
                 DidSaveTextDocumentParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
         optional(r, value, path, "text", out.text, readString);
}

bool readTextDocumentPosition(Reader& r, const json& value, const std::string& path,
                              TextDocumentPositionParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
         required(r, value, path, "position", out.position, readPosition);
}

bool readCancel(Reader& r, const json& value, const std::string& path, CancelParams& out) {
  return expectObject(r, value, path) && required(r, value, path, "id", out.id, readRequestId);
}

bool readTextDocumentParams(Reader& r, const json& value, const std::string& path,
                            TextDocumentParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier);
}

bool readCodeActionContext(Reader& r, const json& value, const std::string& path,
                           std::vector<std::string>& only) {
  std::optional<std::vector<std::string>> kinds;
  if (!expectObject(r, value, path) ||
      !optional(r, value, path, "only", kinds, arrayOf<std::string>(readString))) {
    return false;
  }
  if (kinds) only = std::move(*kinds);
  return true;
}

bool readCodeAction(Reader& r, const json& value, const std::string& path, CodeActionParams& out) {
  std::optional<std::vector<std::string>> only;
  bool ok = expectObject(r, value, path) &&
            required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
            required(r, value, path, "range", out.range, readRange) &&
            optional(r, value, path, "context", only, readCodeActionContext);
  if (ok && only) out.only = std::move(*only);
  return ok;
}

bool readTextDocumentRange(Reader& r, const json& value, const std::string& path,
                           TextDocumentRangeParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
         required(r, value, path, "range", out.range, readRange);
}

bool readBoolean(Reader& r, const json& value, const std::string& path, bool& out) {
  if (!value.is_boolean()) return r.fail(path, "expected a boolean");
  out = value.get<bool>();
  return true;
}

bool readReferenceContext(Reader& r, const json& value, const std::string& path, bool& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "includeDeclaration", out, readBoolean);
}

bool readReference(Reader& r, const json& value, const std::string& path, ReferenceParams& out) {
  std::optional<bool> include;
  bool ok = expectObject(r, value, path) &&
            required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
            required(r, value, path, "position", out.position, readPosition) &&
            optional(r, value, path, "context", include, readReferenceContext);
  if (ok && include) out.includeDeclaration = *include;
  return ok;
}

bool readDocumentDiagnostic(Reader& r, const json& value, const std::string& path,
                            DocumentDiagnosticParams& out) {
  return expectObject(r, value, path) &&
         required(r, value, path, "textDocument", out.textDocument, readIdentifier) &&
         nullable(r, value, path, "previousResultId", out.previousResultId, readString);
}

template <class T, class F> ParseResult<T> parseWith(const json& params, F read) {
  try {
    Reader reader;
    T out{};
    if (!read(reader, params, std::string(), out)) return reader.take();
    return out;
  } catch (const std::exception& e) {
    // Only allocation can throw here; report it rather than let it escape a handler.
    return ParamsError{"/", std::string("could not read the params: ") + e.what()};
  }
}

} // namespace

std::string_view markupKindName(MarkupKind kind) {
  return kind == MarkupKind::Markdown ? "markdown" : "plaintext";
}

ParseResult<Position> parsePosition(const json& params) {
  return parseWith<Position>(params, readPosition);
}
ParseResult<Range> parseRange(const json& params) {
  return parseWith<Range>(params, readRange);
}
ParseResult<Location> parseLocation(const json& params) {
  return parseWith<Location>(params, readLocation);
}
ParseResult<Diagnostic> parseDiagnostic(const json& params) {
  return parseWith<Diagnostic>(params, readDiagnostic);
}
ParseResult<DidOpenTextDocumentParams> parseDidOpenTextDocumentParams(const json& params) {
  return parseWith<DidOpenTextDocumentParams>(params, readDidOpen);
}
ParseResult<DidChangeTextDocumentParams> parseDidChangeTextDocumentParams(const json& params) {
  return parseWith<DidChangeTextDocumentParams>(params, readDidChange);
}
ParseResult<DidCloseTextDocumentParams> parseDidCloseTextDocumentParams(const json& params) {
  return parseWith<DidCloseTextDocumentParams>(params, readDidClose);
}
ParseResult<DidSaveTextDocumentParams> parseDidSaveTextDocumentParams(const json& params) {
  return parseWith<DidSaveTextDocumentParams>(params, readDidSave);
}
ParseResult<TextDocumentPositionParams> parseTextDocumentPositionParams(const json& params) {
  return parseWith<TextDocumentPositionParams>(params, readTextDocumentPosition);
}
ParseResult<InitializeParams> parseInitializeParams(const json& params) {
  return parseWith<InitializeParams>(params, readInitialize);
}
ParseResult<CancelParams> parseCancelParams(const json& params) {
  return parseWith<CancelParams>(params, readCancel);
}
ParseResult<TextDocumentParams> parseTextDocumentParams(const json& params) {
  return parseWith<TextDocumentParams>(params, readTextDocumentParams);
}
ParseResult<CodeActionParams> parseCodeActionParams(const json& params) {
  return parseWith<CodeActionParams>(params, readCodeAction);
}
ParseResult<TextDocumentRangeParams> parseTextDocumentRangeParams(const json& params) {
  return parseWith<TextDocumentRangeParams>(params, readTextDocumentRange);
}
ParseResult<ReferenceParams> parseReferenceParams(const json& params) {
  return parseWith<ReferenceParams>(params, readReference);
}
ParseResult<DocumentDiagnosticParams> parseDocumentDiagnosticParams(const json& params) {
  return parseWith<DocumentDiagnosticParams>(params, readDocumentDiagnostic);
}

void to_json(json& out, const Position& value) {
  out = json{{"line", value.line}, {"character", value.character}};
}

void to_json(json& out, const Range& value) {
  out = json::object();
  out["start"] = value.start;
  out["end"] = value.end;
}

void to_json(json& out, const Location& value) {
  out = json::object();
  out["uri"] = value.uri;
  out["range"] = value.range;
}

void to_json(json& out, const TextDocumentIdentifier& value) {
  out = json::object();
  out["uri"] = value.uri;
}

void to_json(json& out, const VersionedTextDocumentIdentifier& value) {
  out = json::object();
  out["uri"] = value.uri;
  out["version"] = value.version;
}

void to_json(json& out, const TextDocumentItem& value) {
  out = json::object();
  out["uri"] = value.uri;
  out["languageId"] = value.languageId;
  out["version"] = value.version;
  out["text"] = value.text;
}

void to_json(json& out, const TextDocumentContentChangeEvent& value) {
  out = json::object();
  if (value.range) out["range"] = *value.range;
  out["text"] = value.text;
}

void to_json(json& out, const DiagnosticRelatedInformation& value) {
  out = json::object();
  out["location"] = value.location;
  out["message"] = value.message;
}

void to_json(json& out, const Diagnostic& value) {
  out = json::object();
  out["range"] = value.range;
  if (value.severity) out["severity"] = static_cast<int>(*value.severity);
  if (value.code) out["code"] = *value.code;
  if (value.codeDescriptionHref) out["codeDescription"] = {{"href", *value.codeDescriptionHref}};
  if (value.source) out["source"] = *value.source;
  out["message"] = value.message;
  if (!value.tags.empty()) {
    json tags = json::array();
    for (DiagnosticTag tag : value.tags)
      tags.push_back(static_cast<int>(tag));
    out["tags"] = std::move(tags);
  }
  if (!value.relatedInformation.empty()) out["relatedInformation"] = value.relatedInformation;
  if (!value.data.is_null()) out["data"] = value.data;
}

void to_json(json& out, const PublishDiagnosticsParams& value) {
  out = json::object();
  out["uri"] = value.uri;
  if (value.version) out["version"] = *value.version;
  out["diagnostics"] = value.diagnostics.empty() ? json::array() : json(value.diagnostics);
}

void to_json(json& out, const MarkupContent& value) {
  out = json::object();
  out["kind"] = std::string(markupKindName(value.kind));
  out["value"] = value.value;
}

void to_json(json& out, const Hover& value) {
  out = json::object();
  out["contents"] = value.contents;
  if (value.range) out["range"] = *value.range;
}

void to_json(json& out, const LogMessageParams& value) {
  out = json::object();
  out["type"] = static_cast<int>(value.type);
  out["message"] = value.message;
}

} // namespace closurelens::protocol
