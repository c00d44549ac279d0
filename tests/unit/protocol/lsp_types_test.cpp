#include "protocol/lsp_types.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace closurelens::protocol {
namespace {

using nlohmann::json;

// The parsed value, copied so that callers may pass a temporary result.
template <class T> T ok(const ParseResult<T>& result) {
  if (const auto* error = std::get_if<ParamsError>(&result)) {
    ADD_FAILURE() << "unexpected error at " << error->path << ": " << error->message;
    return T{};
  }
  return std::get<T>(result);
}

// Runs one parser and reports only whether and where it failed.
using Parser = std::function<std::optional<ParamsError>(const json&)>;

template <class T> Parser parser(ParseResult<T> (*parse)(const json&)) {
  return [parse](const json& j) -> std::optional<ParamsError> {
    auto result = parse(j);
    if (auto* error = std::get_if<ParamsError>(&result)) return *error;
    return std::nullopt;
  };
}

struct BadCase {
  const char* name;
  Parser parse;
  std::string params;
  std::string path;
  std::string message;
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

void check(const BadCase& c) {
  SCOPED_TRACE(c.name);
  std::optional<ParamsError> error = c.parse(json::parse(c.params));
  ASSERT_TRUE(error) << "accepted " << c.params;
  EXPECT_EQ(error->path, c.path);
  EXPECT_EQ(error->message, c.message);
}

class BadParamsTest : public ::testing::TestWithParam<BadCase> {};
TEST_P(BadParamsTest, NamesThePath) {
  check(GetParam());
}

const Parser didOpen = parser(parseDidOpenTextDocumentParams);
const Parser didChange = parser(parseDidChangeTextDocumentParams);
const Parser didClose = parser(parseDidCloseTextDocumentParams);
const Parser didSave = parser(parseDidSaveTextDocumentParams);
const Parser position = parser(parseTextDocumentPositionParams);
const Parser initialize = parser(parseInitializeParams);
const Parser cancel = parser(parseCancelParams);
const Parser diagnostic = parser(parseDiagnostic);

const std::string kDoc = R"("textDocument":{"uri":"file:///a.py","version":1})";
std::string change(const std::string& changes) {
  return "{" + kDoc + R"(,"contentChanges":)" + changes + "}";
}
std::string range(const std::string& start, const std::string& end) {
  return R"([{"range":{"start":)" + start + R"(,"end":)" + end + R"(},"text":"x"}])";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadParamsTest,
    ::testing::Values(
        BadCase{"NotAnObject", didOpen, "[]", "/", "expected an object"},
        BadCase{"NullParams", didClose, "null", "/", "expected an object"},
        BadCase{"MissingTextDocument", didOpen, "{}", "/textDocument", "missing field"},
        BadCase{"UriNotString", didOpen,
                R"({"textDocument":{"uri":1,"languageId":"python","version":1,"text":""}})",
                "/textDocument/uri", "expected a string"},
        BadCase{"MissingLanguageId", didOpen,
                R"({"textDocument":{"uri":"u","version":1,"text":""}})", "/textDocument/languageId",
                "missing field"},
        BadCase{"VersionString", didOpen,
                R"({"textDocument":{"uri":"u","languageId":"python","version":"1","text":""}})",
                "/textDocument/version", "expected an integer"},
        BadCase{"VersionFraction", didOpen,
                R"({"textDocument":{"uri":"u","languageId":"python","version":1.5,"text":""}})",
                "/textDocument/version", "expected an integer"},
        BadCase{"MissingText", didOpen,
                R"({"textDocument":{"uri":"u","languageId":"python","version":1}})",
                "/textDocument/text", "missing field"},
        BadCase{"ChangeWithoutVersion", didChange,
                R"({"textDocument":{"uri":"u"},"contentChanges":[]})", "/textDocument/version",
                "missing field"},
        BadCase{"ChangesNotArray", didChange, change("{}"), "/contentChanges", "expected an array"},
        BadCase{"ChangesMissing", didChange, "{" + kDoc + "}", "/contentChanges", "missing field"},
        BadCase{"ChangeNotObject", didChange, change("[1]"), "/contentChanges/0",
                "expected an object"},
        BadCase{"NegativeLine", didChange,
                change(range(R"({"line":-1,"character":0})", R"({"line":0,"character":0})")),
                "/contentChanges/0/range/start/line", "expected an unsigned integer"},
        BadCase{"FractionalCharacter", didChange,
                change(range(R"({"line":0,"character":0})", R"({"line":0,"character":0.5})")),
                "/contentChanges/0/range/end/character", "expected an unsigned integer"},
        BadCase{"StringCharacter", didChange,
                change(range(R"({"line":0,"character":"3"})", R"({"line":0,"character":0})")),
                "/contentChanges/0/range/start/character", "expected an unsigned integer"},
        BadCase{"RangeMissingEnd", didChange,
                change(R"([{"text":"a"},{"range":{"start":{"line":0,"character":0}},"text":""}])"),
                "/contentChanges/1/range/end", "missing field"},
        BadCase{"RangeNull", didChange, change(R"([{"range":null,"text":""}])"),
                "/contentChanges/0/range", "expected an object"},
        BadCase{"ChangeMissingText", didChange, change(R"([{"text":"a"},{}])"),
                "/contentChanges/1/text", "missing field"},
        BadCase{"CloseUriMissing", didClose, R"({"textDocument":{}})", "/textDocument/uri",
                "missing field"},
        BadCase{"SaveTextNotString", didSave, R"({"textDocument":{"uri":"u"},"text":5})", "/text",
                "expected a string"},
        BadCase{"PositionMissing", position, R"({"textDocument":{"uri":"u"}})", "/position",
                "missing field"},
        BadCase{"PositionLineNull", position,
                R"({"textDocument":{"uri":"u"},"position":{"line":null,"character":0}})",
                "/position/line", "expected an unsigned integer"},
        BadCase{"ProcessIdString", initialize, R"({"processId":"12"})", "/processId",
                "expected an integer or null"},
        BadCase{"RootUriNumber", initialize, R"({"rootUri":5})", "/rootUri",
                "expected a string or null"},
        BadCase{"ClientInfoWithoutName", initialize, R"({"clientInfo":{"version":"1"}})",
                "/clientInfo/name", "missing field"},
        BadCase{"FolderWithoutName", initialize, R"({"workspaceFolders":[{"uri":"file:///w"}]})",
                "/workspaceFolders/0/name", "missing field"},
        BadCase{"FoldersNotArray", initialize, R"({"workspaceFolders":{}})", "/workspaceFolders",
                "expected an array"},
        BadCase{"CapabilitiesNotObject", initialize, R"({"capabilities":[]})", "/capabilities",
                "expected an object"},
        BadCase{"GeneralNotObject", initialize, R"({"capabilities":{"general":5}})",
                "/capabilities/general", "expected an object"},
        BadCase{"EncodingNotString", initialize,
                R"({"capabilities":{"general":{"positionEncodings":["utf-8",16]}}})",
                "/capabilities/general/positionEncodings/1", "expected a string"},
        BadCase{"ContentFormatNotArray", initialize,
                R"({"capabilities":{"textDocument":{"hover":{"contentFormat":"markdown"}}}})",
                "/capabilities/textDocument/hover/contentFormat", "expected an array"},
        BadCase{"HoverNotObject", initialize, R"({"capabilities":{"textDocument":{"hover":true}}})",
                "/capabilities/textDocument/hover", "expected an object"},
        BadCase{"UnknownTrace", initialize, R"({"trace":"loud"})", "/trace",
                "expected \"off\", \"messages\" or \"verbose\""},
        BadCase{"CancelIdMissing", cancel, "{}", "/id", "missing field"},
        BadCase{"CancelIdFraction", cancel, R"({"id":1.5})", "/id",
                "expected an integer or a string"},
        BadCase{"CancelIdNull", cancel, R"({"id":null})", "/id", "expected an integer or a string"},
        BadCase{"CancelIdTooLarge", cancel, R"({"id":18446744073709551615})", "/id",
                "integer out of range"},
        BadCase{
            "DiagnosticSeverity", diagnostic,
            R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"severity":7,"message":"m"})",
            "/severity", "expected a severity from 1 to 4"},
        BadCase{"DiagnosticMissingMessage", diagnostic,
                R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}})",
                "/message", "missing field"},
        BadCase{
            "DiagnosticTagString", diagnostic,
            R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","tags":["x"]})",
            "/tags/0", "expected an integer"},
        BadCase{
            "DiagnosticRelatedRange", diagnostic,
            R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","relatedInformation":[{"location":{"uri":"u"},"message":"r"}]})",
            "/relatedInformation/0/location/range", "missing field"},
        BadCase{
            "DiagnosticCodeDescription", diagnostic,
            R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","codeDescription":{}})",
            "/codeDescription/href", "missing field"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ParseParams, DidOpen) {
  auto parsed = parseDidOpenTextDocumentParams(json::parse(
      R"({"textDocument":{"uri":"file:///a.py","languageId":"python","version":3,"text":"x = 1\n"}})"));
  const auto item = ok(parsed).textDocument;
  EXPECT_EQ(item.uri, "file:///a.py");
  EXPECT_EQ(item.languageId, "python");
  EXPECT_EQ(item.version, 3);
  EXPECT_EQ(item.text, "x = 1\n");
}

TEST(ParseParams, DidChangeWithRangesAndFullText) {
  auto parsed = parseDidChangeTextDocumentParams(json::parse(change(
      R"([{"range":{"start":{"line":1,"character":2},"end":{"line":3,"character":4}},"rangeLength":9,"text":"new"},{"text":"all"}])")));
  const auto p = ok(parsed);
  EXPECT_EQ(p.textDocument.uri, "file:///a.py");
  EXPECT_EQ(p.textDocument.version, 1);
  ASSERT_EQ(p.contentChanges.size(), 2u);
  ASSERT_TRUE(p.contentChanges[0].range);
  EXPECT_EQ(*p.contentChanges[0].range, (Range{{1, 2}, {3, 4}}));
  EXPECT_EQ(p.contentChanges[0].text, "new");
  EXPECT_FALSE(p.contentChanges[1].range);
  EXPECT_EQ(p.contentChanges[1].text, "all");
}

TEST(ParseParams, LargePositionsAreClampedNotRejected) {
  auto parsed = parseTextDocumentPositionParams(json::parse(
      R"({"textDocument":{"uri":"u"},"position":{"line":99999999999,"character":4294967295}})"));
  EXPECT_EQ(ok(parsed).position, (Position{UINT32_MAX, UINT32_MAX}));
}

TEST(ParseParams, PositionFromSignedJsonValue) {
  // Values built in code rather than parsed are signed integers; non-negative ones are fine.
  json params = {{"textDocument", {{"uri", "u"}}}, {"position", {{"line", 2}, {"character", 0}}}};
  EXPECT_EQ(ok(parseTextDocumentPositionParams(params)).position, (Position{2, 0}));
}

TEST(ParseParams, DidCloseAndDidSave) {
  EXPECT_EQ(ok(parseDidCloseTextDocumentParams(json::parse(R"({"textDocument":{"uri":"u"}})")))
                .textDocument.uri,
            "u");
  auto withText =
      ok(parseDidSaveTextDocumentParams(json::parse(R"({"textDocument":{"uri":"u"},"text":"t"})")));
  EXPECT_EQ(withText.text, std::optional<std::string>("t"));
  auto without = ok(parseDidSaveTextDocumentParams(json::parse(R"({"textDocument":{"uri":"u"}})")));
  EXPECT_FALSE(without.text);
}

TEST(ParseParams, CancelIds) {
  EXPECT_EQ(ok(parseCancelParams(json::parse(R"({"id":7})"))).id, RequestId(std::int64_t{7}));
  EXPECT_EQ(ok(parseCancelParams(json::parse(R"({"id":"x"})"))).id, RequestId(std::string("x")));
}

TEST(ParseParams, InitializeFull) {
  auto parsed = parseInitializeParams(json::parse(R"({
    "processId": 1234,
    "clientInfo": {"name": "vscode", "version": "1.90"},
    "rootUri": "file:///w",
    "workspaceFolders": [{"uri": "file:///w", "name": "w"}],
    "capabilities": {
      "general": {"positionEncodings": ["utf-8", "utf-16"]},
      "textDocument": {"hover": {"contentFormat": ["markdown", "asciidoc", "plaintext"]}}
    },
    "initializationOptions": {"pythonVersion": "3.11"},
    "trace": "verbose"
  })"));
  const auto p = ok(parsed);
  EXPECT_EQ(p.processId, std::optional<std::int64_t>(1234));
  ASSERT_TRUE(p.clientInfo);
  EXPECT_EQ(p.clientInfo->name, "vscode");
  EXPECT_EQ(p.clientInfo->version, std::optional<std::string>("1.90"));
  EXPECT_EQ(p.rootUri, std::optional<std::string>("file:///w"));
  ASSERT_TRUE(p.workspaceFolders);
  ASSERT_EQ(p.workspaceFolders->size(), 1u);
  EXPECT_EQ((*p.workspaceFolders)[0].name, "w");
  EXPECT_EQ(p.positionEncodings, (std::vector<std::string>{"utf-8", "utf-16"}));
  EXPECT_EQ(p.hoverContentFormat,
            (std::vector<MarkupKind>{MarkupKind::Markdown, MarkupKind::PlainText}));
  EXPECT_EQ(p.initializationOptions, json({{"pythonVersion", "3.11"}}));
  EXPECT_EQ(p.trace, TraceValue::Verbose);
  EXPECT_EQ(p.capabilities["general"]["positionEncodings"][0], "utf-8");
}

TEST(ParseParams, InitializeNullsAndAbsences) {
  const auto nulls = ok(parseInitializeParams(json::parse(
      R"({"processId":null,"rootUri":null,"workspaceFolders":null,"capabilities":{},"trace":null})")));
  EXPECT_FALSE(nulls.processId);
  EXPECT_FALSE(nulls.rootUri);
  EXPECT_FALSE(nulls.workspaceFolders);
  EXPECT_TRUE(nulls.positionEncodings.empty());
  EXPECT_EQ(nulls.trace, TraceValue::Off);

  const auto empty = ok(parseInitializeParams(json::object()));
  EXPECT_FALSE(empty.processId);
  EXPECT_FALSE(empty.clientInfo);
  EXPECT_TRUE(empty.capabilities.is_object());
  EXPECT_TRUE(empty.initializationOptions.is_null());
  EXPECT_TRUE(empty.hoverContentFormat.empty());
}

TEST(ParseParams, GenericEntryPoint) {
  auto parsed = parseParams<CancelParams>(json::parse(R"({"id":"q"})"));
  EXPECT_EQ(ok(parsed).id, RequestId(std::string("q")));
  auto bad = parseParams<Range>(json::parse(R"({"start":{"line":0,"character":0}})"));
  ASSERT_TRUE(std::holds_alternative<ParamsError>(bad));
  EXPECT_EQ(std::get<ParamsError>(bad).path, "/end");
}

TEST(ParseParams, NeverThrowsOnOddValues) {
  const json odd[] = {nullptr,
                      1,
                      -1,
                      1.5,
                      "s",
                      true,
                      json::array(),
                      json::object(),
                      json::parse(R"({"textDocument":[],"position":"x","id":{}})")};
  for (const json& j : odd) {
    EXPECT_NO_THROW({
      parseDidOpenTextDocumentParams(j);
      parseDidChangeTextDocumentParams(j);
      parseDidCloseTextDocumentParams(j);
      parseDidSaveTextDocumentParams(j);
      parseTextDocumentPositionParams(j);
      parseInitializeParams(j);
      parseCancelParams(j);
      parseDiagnostic(j);
      parseLocation(j);
    }) << j.dump();
  }
}

// Serialisation: each type against the JSON the spec describes.
void check(const json& actual, const char* expected) {
  EXPECT_EQ(actual, json::parse(expected)) << actual.dump();
}

TEST(ToJson, PositionsRangesLocations) {
  check(Position{1, 2}, R"({"line":1,"character":2})");
  check(Range{{0, 1}, {2, 3}},
        R"({"start":{"line":0,"character":1},"end":{"line":2,"character":3}})");
  check(
      Location{"file:///a.py", {{0, 0}, {0, 1}}},
      R"({"uri":"file:///a.py","range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}})");
}

TEST(ToJson, DiagnosticMinimalAndFull) {
  Diagnostic minimal;
  minimal.range = {{0, 0}, {0, 1}};
  minimal.message = "m";
  check(
      minimal,
      R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m"})");

  Diagnostic full = minimal;
  full.severity = DiagnosticSeverity::Warning;
  full.code = "CL201";
  full.codeDescriptionHref = "https://example.invalid/CL201";
  full.source = "closurelens";
  full.tags = {DiagnosticTag::Unnecessary};
  DiagnosticRelatedInformation related;
  related.location.uri = "file:///b.py";
  related.location.range = {{1, 0}, {1, 2}};
  related.message = "defined here";
  full.relatedInformation.push_back(related);
  full.data = json{{"fix", 1}};
  check(full, R"({
    "range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},
    "severity":2,"code":"CL201","codeDescription":{"href":"https://example.invalid/CL201"},
    "source":"closurelens","message":"m","tags":[1],
    "relatedInformation":[{"location":{"uri":"file:///b.py",
      "range":{"start":{"line":1,"character":0},"end":{"line":1,"character":2}}},
      "message":"defined here"}],
    "data":{"fix":1}})");

  // What we publish comes back unchanged in codeAction's context.
  auto back = parseDiagnostic(json(full));
  const auto d = ok(back);
  EXPECT_EQ(d.severity, full.severity);
  EXPECT_EQ(d.code, full.code);
  EXPECT_EQ(d.codeDescriptionHref, full.codeDescriptionHref);
  EXPECT_EQ(d.source, full.source);
  EXPECT_EQ(d.tags, full.tags);
  ASSERT_EQ(d.relatedInformation.size(), 1u);
  EXPECT_EQ(d.relatedInformation[0].location.range, full.relatedInformation[0].location.range);
  EXPECT_EQ(d.data, full.data);
}

TEST(ToJson, DiagnosticIntegerCodeReadsAsText) {
  auto parsed = parseDiagnostic(json::parse(
      R"({"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"message":"m","code":42,"tags":[2,99]})"));
  EXPECT_EQ(ok(parsed).code, std::optional<std::string>("42"));
  EXPECT_EQ(ok(parsed).tags, std::vector<DiagnosticTag>{DiagnosticTag::Deprecated});
}

TEST(ToJson, PublishDiagnostics) {
  check(PublishDiagnosticsParams{"file:///a.py", 4, {}},
        R"({"uri":"file:///a.py","version":4,"diagnostics":[]})");
  check(PublishDiagnosticsParams{"file:///a.py", std::nullopt, {}},
        R"({"uri":"file:///a.py","diagnostics":[]})");
}

TEST(ToJson, HoverAndMarkup) {
  check(MarkupContent{MarkupKind::Markdown, "**x**"}, R"({"kind":"markdown","value":"**x**"})");
  check(Hover{{MarkupKind::PlainText, "x"}, std::nullopt},
        R"({"contents":{"kind":"plaintext","value":"x"}})");
  check(Hover{{MarkupKind::Markdown, "y"}, Range{{1, 0}, {1, 3}}},
        R"({"contents":{"kind":"markdown","value":"y"},
            "range":{"start":{"line":1,"character":0},"end":{"line":1,"character":3}}})");
}

TEST(ToJson, LogMessageAndDocuments) {
  check(LogMessageParams{MessageType::Warning, "careful"}, R"({"type":2,"message":"careful"})");
  check(TextDocumentIdentifier{"u"}, R"({"uri":"u"})");
  check(VersionedTextDocumentIdentifier{"u", 5}, R"({"uri":"u","version":5})");
  check(TextDocumentItem{"u", "python", 1, "x"},
        R"({"uri":"u","languageId":"python","version":1,"text":"x"})");
  check(TextDocumentContentChangeEvent{std::nullopt, "all"}, R"({"text":"all"})");
}

} // namespace
} // namespace closurelens::protocol
