// The LSP 3.17 types closurelens uses, with hand-written conversions. Values own their strings;
// parsing and serialising are pure functions that any thread may call and that never throw.
// Parsing reports the first problem as a ParamsError whose `path` is a JSON pointer into the
// params ("/contentChanges/0/range/start/line"; "/" for the params value itself).
#pragma once

#include "protocol/json_rpc.hpp"
#include "protocol/line_index.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace closurelens::protocol {

struct ParamsError {
  std::string path;
  std::string message;
};

template <class T> using ParseResult = std::variant<T, ParamsError>;

struct TextDocumentIdentifier {
  std::string uri;
};

struct VersionedTextDocumentIdentifier {
  std::string uri;
  std::int64_t version = 0;
};

struct TextDocumentItem {
  std::string uri;
  std::string languageId;
  std::int64_t version = 0;
  std::string text;
};

// Without a range the event replaces the whole text; the deprecated `rangeLength` is ignored.
struct TextDocumentContentChangeEvent {
  std::optional<Range> range;
  std::string text;
};

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> text; // only when the client was asked to include it
};

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};

enum class MarkupKind { PlainText, Markdown };
std::string_view markupKindName(MarkupKind kind); // "plaintext", "markdown"

enum class TraceValue { Off, Messages, Verbose };

struct ClientInfo {
  std::string name;
  std::optional<std::string> version;
};

struct WorkspaceFolder {
  std::string uri;
  std::string name;
};

// The part of `initialize` closurelens reads. The spec marks processId, rootUri and capabilities
// as required but nullable; a client that leaves one out is treated as if it had sent null (or
// no capabilities), since nothing is gained by refusing to start.
struct InitializeParams {
  std::optional<std::int64_t> processId;
  std::optional<ClientInfo> clientInfo;
  std::optional<std::string> rootUri;
  std::optional<std::vector<WorkspaceFolder>> workspaceFolders; // absent and null alike
  // capabilities.general.positionEncodings, in the client's order of preference.
  std::vector<std::string> positionEncodings;
  // capabilities.textDocument.hover.contentFormat; kinds we do not know are dropped.
  std::vector<MarkupKind> hoverContentFormat;
  nlohmann::json capabilities = nlohmann::json::object(); // all of it, for later lookups
  nlohmann::json initializationOptions;                   // null when absent
  TraceValue trace = TraceValue::Off;
};

struct CancelParams {
  RequestId id;
};

// The `textDocument` every document request carries, read before the request is routed.
struct TextDocumentParams {
  TextDocumentIdentifier textDocument;
};

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  std::vector<std::string> only; // context.only; empty when absent
};

// inlayHint, semanticTokens/range: a document and a range of it.
struct TextDocumentRangeParams {
  TextDocumentIdentifier textDocument;
  Range range;
};

struct ReferenceParams {
  TextDocumentIdentifier textDocument;
  Position position;
  bool includeDeclaration = true; // context.includeDeclaration
};

struct DocumentDiagnosticParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> previousResultId;
};

struct Location {
  std::string uri;
  Range range;
};

enum class DiagnosticSeverity { Error = 1, Warning = 2, Information = 3, Hint = 4 };
enum class DiagnosticTag { Unnecessary = 1, Deprecated = 2 };

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};

struct Diagnostic {
  Range range;
  std::optional<DiagnosticSeverity> severity;
  std::optional<std::string> code; // closurelens codes are strings ("CL201")
  std::optional<std::string> codeDescriptionHref;
  std::optional<std::string> source;
  std::string message;
  std::vector<DiagnosticTag> tags;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
  nlohmann::json data; // null when absent; kept from publish to codeAction
};

struct PublishDiagnosticsParams {
  std::string uri;
  std::optional<std::int64_t> version;
  std::vector<Diagnostic> diagnostics;
};

struct MarkupContent {
  MarkupKind kind = MarkupKind::PlainText;
  std::string value;
};

struct Hover {
  MarkupContent contents;
  std::optional<Range> range;
};

enum class MessageType { Error = 1, Warning = 2, Info = 3, Log = 4, Debug = 5 };

struct LogMessageParams {
  MessageType type = MessageType::Log;
  std::string message;
};

// Parsers, one per params type the server reads.
ParseResult<Position> parsePosition(const nlohmann::json& params);
ParseResult<Range> parseRange(const nlohmann::json& params);
ParseResult<Location> parseLocation(const nlohmann::json& params);
ParseResult<Diagnostic> parseDiagnostic(const nlohmann::json& params);
ParseResult<DidOpenTextDocumentParams> parseDidOpenTextDocumentParams(const nlohmann::json& params);
ParseResult<DidChangeTextDocumentParams>
parseDidChangeTextDocumentParams(const nlohmann::json& params);
ParseResult<DidCloseTextDocumentParams>
parseDidCloseTextDocumentParams(const nlohmann::json& params);
ParseResult<DidSaveTextDocumentParams> parseDidSaveTextDocumentParams(const nlohmann::json& params);
ParseResult<TextDocumentPositionParams>
parseTextDocumentPositionParams(const nlohmann::json& params);
ParseResult<InitializeParams> parseInitializeParams(const nlohmann::json& params);
ParseResult<CancelParams> parseCancelParams(const nlohmann::json& params);
ParseResult<TextDocumentParams> parseTextDocumentParams(const nlohmann::json& params);
ParseResult<CodeActionParams> parseCodeActionParams(const nlohmann::json& params);
ParseResult<TextDocumentRangeParams> parseTextDocumentRangeParams(const nlohmann::json& params);
ParseResult<ReferenceParams> parseReferenceParams(const nlohmann::json& params);
ParseResult<DocumentDiagnosticParams> parseDocumentDiagnosticParams(const nlohmann::json& params);

// The same parsers by type, for generic handler code: parseParams<DidOpenTextDocumentParams>(j).
template <class T> ParseResult<T> parseParams(const nlohmann::json& params);
template <> inline ParseResult<Position> parseParams<Position>(const nlohmann::json& p) {
  return parsePosition(p);
}
template <> inline ParseResult<Range> parseParams<Range>(const nlohmann::json& p) {
  return parseRange(p);
}
template <> inline ParseResult<Location> parseParams<Location>(const nlohmann::json& p) {
  return parseLocation(p);
}
template <> inline ParseResult<Diagnostic> parseParams<Diagnostic>(const nlohmann::json& p) {
  return parseDiagnostic(p);
}
template <>
inline ParseResult<DidOpenTextDocumentParams>
parseParams<DidOpenTextDocumentParams>(const nlohmann::json& p) {
  return parseDidOpenTextDocumentParams(p);
}
template <>
inline ParseResult<DidChangeTextDocumentParams>
parseParams<DidChangeTextDocumentParams>(const nlohmann::json& p) {
  return parseDidChangeTextDocumentParams(p);
}
template <>
inline ParseResult<DidCloseTextDocumentParams>
parseParams<DidCloseTextDocumentParams>(const nlohmann::json& p) {
  return parseDidCloseTextDocumentParams(p);
}
template <>
inline ParseResult<DidSaveTextDocumentParams>
parseParams<DidSaveTextDocumentParams>(const nlohmann::json& p) {
  return parseDidSaveTextDocumentParams(p);
}
template <>
inline ParseResult<TextDocumentPositionParams>
parseParams<TextDocumentPositionParams>(const nlohmann::json& p) {
  return parseTextDocumentPositionParams(p);
}
template <>
inline ParseResult<InitializeParams> parseParams<InitializeParams>(const nlohmann::json& p) {
  return parseInitializeParams(p);
}
template <> inline ParseResult<CancelParams> parseParams<CancelParams>(const nlohmann::json& p) {
  return parseCancelParams(p);
}

// Serialisers, found by nlohmann through ADL: `nlohmann::json j = hover;`.
void to_json(nlohmann::json& out, const Position& value);
void to_json(nlohmann::json& out, const Range& value);
void to_json(nlohmann::json& out, const Location& value);
void to_json(nlohmann::json& out, const TextDocumentIdentifier& value);
void to_json(nlohmann::json& out, const VersionedTextDocumentIdentifier& value);
void to_json(nlohmann::json& out, const TextDocumentItem& value);
void to_json(nlohmann::json& out, const TextDocumentContentChangeEvent& value);
void to_json(nlohmann::json& out, const DiagnosticRelatedInformation& value);
void to_json(nlohmann::json& out, const Diagnostic& value);
void to_json(nlohmann::json& out, const PublishDiagnosticsParams& value);
void to_json(nlohmann::json& out, const MarkupContent& value);
void to_json(nlohmann::json& out, const Hover& value);
void to_json(nlohmann::json& out, const LogMessageParams& value);

} // namespace closurelens::protocol
