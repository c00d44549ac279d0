#include "protocol/json_rpc.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::protocol {
namespace {

using nlohmann::json;

// What parseMessage() made of a body, flattened so one table can describe every outcome.
struct Parsed {
  std::string kind; // "request", "notification", "response", "invalid"
  std::optional<json> id;
  std::string method;
  json params;
  std::optional<ErrorCode> code; // invalid messages and error responses
  std::string message;           // invalid messages and error responses
  bool isResponse = false;       // invalid messages
};

Parsed flatten(const Incoming& in) {
  Parsed out;
  if (auto* r = std::get_if<Request>(&in.message)) {
    out.kind = "request";
    out.id = toJson(r->id);
    out.method = r->method;
    out.params = r->params;
  } else if (auto* n = std::get_if<Notification>(&in.message)) {
    out.kind = "notification";
    out.method = n->method;
    out.params = n->params;
  } else if (auto* resp = std::get_if<Response>(&in.message)) {
    out.kind = "response";
    out.id = toJson(resp->id);
    if (resp->result) out.params = *resp->result;
    if (resp->error) {
      out.code = resp->error->code;
      out.message = resp->error->message;
    }
  } else {
    const auto& bad = std::get<InvalidMessage>(in.message);
    out.kind = "invalid";
    if (bad.id) out.id = toJson(*bad.id);
    out.code = bad.code;
    out.message = bad.message;
    out.method = bad.method;
    out.isResponse = bad.isResponse;
  }
  return out;
}

struct ParseCase {
  const char* name;
  std::string body;
  std::string kind;
  std::optional<json> id = std::nullopt;
  std::optional<ErrorCode> code = std::nullopt;
  std::string messageContains = {};
  std::string method = {};
  json params = nullptr;
  bool isResponse = false;
};

void PrintTo(const ParseCase& c, std::ostream* os) {
  *os << c.name;
}

void check(const ParseCase& c) {
  SCOPED_TRACE(c.name);
  Parsed p = flatten(parseMessage(c.body));
  EXPECT_EQ(p.kind, c.kind);
  EXPECT_EQ(p.id, c.id);
  EXPECT_EQ(p.code, c.code);
  EXPECT_NE(p.message.find(c.messageContains), std::string::npos) << p.message;
  EXPECT_EQ(p.method, c.method);
  if (c.kind != "invalid") {
    EXPECT_EQ(p.params, c.params);
  }
  EXPECT_EQ(p.isResponse, c.isResponse);
}

class ParseMessageTest : public ::testing::TestWithParam<ParseCase> {};
TEST_P(ParseMessageTest, Classifies) {
  check(GetParam());
}

constexpr ErrorCode kParse = ErrorCode::ParseError;
constexpr ErrorCode kInvalid = ErrorCode::InvalidRequest;

INSTANTIATE_TEST_SUITE_P(
    Valid, ParseMessageTest,
    ::testing::Values(
        ParseCase{"RequestIntId",
                  R"({"jsonrpc":"2.0","id":1,"method":"shutdown"})",
                  "request",
                  json(1),
                  {},
                  {},
                  "shutdown"},
        ParseCase{"RequestNegativeId",
                  R"({"jsonrpc":"2.0","id":-5,"method":"m","params":{}})",
                  "request",
                  json(-5),
                  {},
                  {},
                  "m",
                  json::object()},
        ParseCase{"RequestStringId",
                  R"({"jsonrpc":"2.0","id":"a-1","method":"m","params":[1]})",
                  "request",
                  json("a-1"),
                  {},
                  {},
                  "m",
                  json::array({1})},
        ParseCase{"RequestLargestId",
                  R"({"jsonrpc":"2.0","id":9223372036854775807,"method":"m"})",
                  "request",
                  json(INT64_MAX),
                  {},
                  {},
                  "m"},
        ParseCase{"RequestNullParams",
                  R"({"jsonrpc":"2.0","id":2,"method":"m","params":null})",
                  "request",
                  json(2),
                  {},
                  {},
                  "m"},
        ParseCase{"InvalidUtf8ReadAsReplacementCharacter",
                  "{\"jsonrpc\":\"2.0\",\"method\":\"m\xff\"}",
                  "notification",
                  {},
                  {},
                  {},
                  "m\xEF\xBF\xBD"},
        ParseCase{"Notification",
                  R"({"jsonrpc":"2.0","method":"exit"})",
                  "notification",
                  {},
                  {},
                  {},
                  "exit"},
        ParseCase{"NotificationWithParams",
                  R"({"method":"$/cancelRequest","params":{"id":3},"jsonrpc":"2.0"})",
                  "notification",
                  {},
                  {},
                  {},
                  "$/cancelRequest",
                  json{{"id", 3}}},
        ParseCase{"ResponseResult",
                  R"({"jsonrpc":"2.0","id":4,"result":{"a":1}})",
                  "response",
                  json(4),
                  {},
                  {},
                  {},
                  json{{"a", 1}}},
        ParseCase{"ResponseNullResult", R"({"jsonrpc":"2.0","id":"x","result":null})", "response",
                  json("x")},
        ParseCase{"ResponseError",
                  R"({"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"nope"}})",
                  "response", json(5), ErrorCode::MethodNotFound, "nope"},
        ParseCase{"ResponseErrorUnknownCode",
                  R"({"jsonrpc":"2.0","id":5,"error":{"code":7,"message":"odd","data":[1]}})",
                  "response", json(5), static_cast<ErrorCode>(7), "odd"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Invalid, ParseMessageTest,
    ::testing::Values(
        ParseCase{"NotJson", "{not json", "invalid", {}, kParse, "invalid JSON"},
        ParseCase{"EmptyBody", "", "invalid", {}, kParse, "invalid JSON"},
        ParseCase{"TrailingGarbage", R"({"jsonrpc":"2.0","method":"m"} x)", "invalid", {}, kParse},
        ParseCase{"TooDeep",
                  std::string(600, '[') + std::string(600, ']'),
                  "invalid",
                  {},
                  kParse,
                  "nested deeper than 512"},
        ParseCase{"Batch", R"([{"jsonrpc":"2.0","method":"m"}])", "invalid", {}, kInvalid, "batch"},
        ParseCase{"EmptyBatch", "[]", "invalid", {}, kInvalid, "batch"},
        ParseCase{"Scalar", "42", "invalid", {}, kInvalid, "must be a JSON object"},
        ParseCase{"MissingVersion", R"({"id":1,"method":"m"})", "invalid", json(1), kInvalid,
                  "\"jsonrpc\" must be \"2.0\"", "m"},
        ParseCase{"WrongVersion", R"({"jsonrpc":"1.0","id":"s","method":"m"})", "invalid",
                  json("s"), kInvalid, "\"jsonrpc\"", "m"},
        ParseCase{"NumericVersion", R"({"jsonrpc":2.0,"id":1,"method":"m"})", "invalid", json(1),
                  kInvalid, "\"jsonrpc\"", "m"},
        ParseCase{"MethodNotString", R"({"jsonrpc":"2.0","id":1,"method":3})", "invalid", json(1),
                  kInvalid, "\"method\" must be a string"},
        ParseCase{"FractionalId",
                  R"({"jsonrpc":"2.0","id":1.5,"method":"m"})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\" must be an integer or a string",
                  "m"},
        ParseCase{"BoolId",
                  R"({"jsonrpc":"2.0","id":true,"method":"m"})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\"",
                  "m"},
        ParseCase{"ObjectId",
                  R"({"jsonrpc":"2.0","id":{},"method":"m"})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\"",
                  "m"},
        ParseCase{"NullIdRequest",
                  R"({"jsonrpc":"2.0","id":null,"method":"m"})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\"",
                  "m"},
        ParseCase{"IdTooLarge",
                  R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"m"})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\"",
                  "m"},
        ParseCase{"ParamsString", R"({"jsonrpc":"2.0","id":1,"method":"m","params":"x"})",
                  "invalid", json(1), kInvalid, "\"params\" must be an object or an array", "m"},
        ParseCase{"ParamsNumberInNotification",
                  R"({"jsonrpc":"2.0","method":"m","params":1})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"params\"",
                  "m"},
        ParseCase{"NoMethodNoResult", R"({"jsonrpc":"2.0","id":1})", "invalid", json(1), kInvalid,
                  "needs a \"method\""},
        ParseCase{"ResultAndError",
                  R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "both",
                  {},
                  nullptr,
                  true},
        ParseCase{"ResponseWithoutId",
                  R"({"jsonrpc":"2.0","result":1})",
                  "invalid",
                  {},
                  kInvalid,
                  "needs an \"id\"",
                  {},
                  nullptr,
                  true},
        ParseCase{"ResponseBadId",
                  R"({"jsonrpc":"2.0","id":[1],"result":1})",
                  "invalid",
                  {},
                  kInvalid,
                  "\"id\"",
                  {},
                  nullptr,
                  true},
        ParseCase{"ResultWithNullId",
                  R"({"jsonrpc":"2.0","id":null,"result":1})",
                  "invalid",
                  {},
                  kInvalid,
                  "not null",
                  {},
                  nullptr,
                  true},
        ParseCase{"ErrorWithNullId",
                  R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}})",
                  "invalid",
                  {},
                  kInvalid,
                  "error response with a null id (-32700): bad",
                  {},
                  nullptr,
                  true},
        ParseCase{"ErrorNotObject",
                  R"({"jsonrpc":"2.0","id":1,"error":"bad"})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "\"error\" must be an object",
                  {},
                  nullptr,
                  true},
        ParseCase{"ErrorWithoutCode",
                  R"({"jsonrpc":"2.0","id":1,"error":{"message":"x"}})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "\"error.code\"",
                  {},
                  nullptr,
                  true},
        ParseCase{"ErrorCodeTooLarge",
                  R"({"jsonrpc":"2.0","id":1,"error":{"code":4294967296,"message":"x"}})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "\"error.code\"",
                  {},
                  nullptr,
                  true},
        ParseCase{"ErrorWithoutMessage",
                  R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "\"error.message\"",
                  {},
                  nullptr,
                  true},
        ParseCase{"ResponseWrongVersion",
                  R"({"jsonrpc":"1.0","id":1,"result":1})",
                  "invalid",
                  json(1),
                  kInvalid,
                  "\"jsonrpc\"",
                  {},
                  nullptr,
                  true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ParseMessage, ErrorResponseKeepsData) {
  auto in =
      parseMessage(R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"m","data":{"k":2}}})");
  const auto& r = std::get<Response>(in.message);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->data, json({{"k", 2}}));
  EXPECT_FALSE(r.result);
}

TEST(ParseMessage, NeverThrowsOnTruncations) {
  const std::string body =
      R"({"jsonrpc":"2.0","id":"\u00e9x","method":"m","params":{"a":[1,2.5,null,true]}})";
  for (std::size_t n = 0; n <= body.size(); ++n) {
    EXPECT_NO_THROW(parseMessage(std::string_view(body).substr(0, n))) << n;
  }
  EXPECT_EQ(std::get<Request>(parseMessage(body).message).id, RequestId(std::string("\xc3\xa9x")));
}

// Serialisation: each output is checked by parsing it back with nlohmann, which rejects invalid
// UTF-8, and comparing the value.
void check(const std::string& serialised, const json& expected) {
  SCOPED_TRACE(serialised);
  json parsed = json::parse(serialised, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed, expected);
}

TEST(Serialize, Response) {
  check(serializeResponse(RequestId(std::int64_t{3}), json{{"a", 1}}),
        json{{"jsonrpc", "2.0"}, {"id", 3}, {"result", {{"a", 1}}}});
  check(serializeResponse(RequestId(std::string("s")), nullptr),
        json{{"jsonrpc", "2.0"}, {"id", "s"}, {"result", nullptr}});
}

TEST(Serialize, Error) {
  check(serializeError(RequestId(std::int64_t{-1}), ErrorCode::RequestCancelled, "cancelled"),
        json{{"jsonrpc", "2.0"},
             {"id", -1},
             {"error", {{"code", -32800}, {"message", "cancelled"}}}});
  check(serializeError(std::nullopt, ErrorCode::ParseError, "bad", json{{"at", 3}}),
        json{{"jsonrpc", "2.0"},
             {"id", nullptr},
             {"error", {{"code", -32700}, {"message", "bad"}, {"data", {{"at", 3}}}}}});
}

TEST(Serialize, NotificationAndRequest) {
  check(serializeNotification("window/logMessage", json{{"type", 3}}),
        json{{"jsonrpc", "2.0"}, {"method", "window/logMessage"}, {"params", {{"type", 3}}}});
  check(serializeNotification("exit", nullptr), json{{"jsonrpc", "2.0"}, {"method", "exit"}});
  check(serializeRequest(RequestId(std::string("r1")), "workspace/configuration",
                         json{{"items", json::array()}}),
        json{{"jsonrpc", "2.0"},
             {"id", "r1"},
             {"method", "workspace/configuration"},
             {"params", {{"items", json::array()}}}});
}

TEST(Serialize, InvalidUtf8BecomesReplacementCharacters) {
  const std::string broken = "caf\xc3 \xff\xfe end";
  std::string out =
      serializeError(std::nullopt, ErrorCode::InternalError, broken, json{{"text", broken}});
  json parsed = json::parse(out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << out;
  const std::string message = parsed["error"]["message"];
  EXPECT_EQ(message.rfind("caf\xef\xbf\xbd", 0), 0u) << message; // U+FFFD
  EXPECT_NE(message.find(" end"), std::string::npos);
  EXPECT_FALSE(
      json::parse(serializeNotification("m", json{{"x", broken}}), nullptr, false).is_discarded());
  EXPECT_FALSE(
      json::parse(serializeResponse(RequestId(broken), broken), nullptr, false).is_discarded());
}

TEST(Serialize, RoundTripsThroughParse) {
  auto request = parseMessage(serializeRequest(RequestId(std::int64_t{9}), "m", json{{"k", "v"}}));
  const auto& r = std::get<Request>(request.message);
  EXPECT_EQ(r.id, RequestId(std::int64_t{9}));
  EXPECT_EQ(r.method, "m");
  EXPECT_EQ(r.params, json({{"k", "v"}}));

  auto error = parseMessage(
      serializeError(RequestId(std::string("e")), ErrorCode::ContentModified, "stale"));
  const auto& e = std::get<Response>(error.message);
  EXPECT_EQ(e.id, RequestId(std::string("e")));
  ASSERT_TRUE(e.error);
  EXPECT_EQ(e.error->code, ErrorCode::ContentModified);
}

TEST(RequestIds, ToJsonAndToString) {
  EXPECT_EQ(toJson(RequestId(std::int64_t{42})), json(42));
  EXPECT_EQ(toJson(RequestId(std::string("42"))), json("42"));
  EXPECT_EQ(toString(RequestId(std::int64_t{42})), "42");
  EXPECT_EQ(toString(RequestId(std::string("42"))), "\"42\"");
  // An integer id and a string id with the same digits are different requests.
  EXPECT_NE(RequestId(std::int64_t{42}), RequestId(std::string("42")));
}

TEST(ErrorCodes, MatchTheSpec) {
  EXPECT_EQ(static_cast<int>(ErrorCode::ParseError), -32700);
  EXPECT_EQ(static_cast<int>(ErrorCode::InvalidRequest), -32600);
  EXPECT_EQ(static_cast<int>(ErrorCode::MethodNotFound), -32601);
  EXPECT_EQ(static_cast<int>(ErrorCode::InvalidParams), -32602);
  EXPECT_EQ(static_cast<int>(ErrorCode::InternalError), -32603);
  EXPECT_EQ(static_cast<int>(ErrorCode::ServerNotInitialized), -32002);
  EXPECT_EQ(static_cast<int>(ErrorCode::UnknownErrorCode), -32001);
  EXPECT_EQ(static_cast<int>(ErrorCode::RequestFailed), -32803);
  EXPECT_EQ(static_cast<int>(ErrorCode::ServerCancelled), -32802);
  EXPECT_EQ(static_cast<int>(ErrorCode::ContentModified), -32801);
  EXPECT_EQ(static_cast<int>(ErrorCode::RequestCancelled), -32800);
}

} // namespace
TEST(ParseMessageUtf8, CountsTheBytesItReplaced) {
  Incoming in =
      parseMessage("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"t\":\"\xff\xfe\"}}");
  ASSERT_TRUE(std::holds_alternative<Notification>(in.message));
  EXPECT_EQ(in.invalidUtf8Replaced, 2u);
  EXPECT_EQ(std::get<Notification>(in.message).params["t"], "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(parseMessage(R"({"jsonrpc":"2.0","method":"m"})").invalidUtf8Replaced, 0u);
}

struct PeekCase {
  const char* name;
  std::string head;
  std::optional<RequestId> expected;
};

class PeekRequestIdTest : public ::testing::TestWithParam<PeekCase> {};

TEST_P(PeekRequestIdTest, FindsTheTopLevelId) {
  EXPECT_EQ(peekRequestId(GetParam().head), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Heads, PeekRequestIdTest,
    ::testing::Values(
        PeekCase{"IntAfterJsonrpc", R"({"jsonrpc":"2.0","id":7,"method":"m","params":{"pad":"xx)",
                 RequestId{std::int64_t{7}}},
        PeekCase{"StringId", R"({ "id" : "a\"b,}", "method":"m")",
                 RequestId{std::string("a\"b,}")}},
        PeekCase{"NestedIdIgnored", R"({"params":{"id":3},"id":4,)", RequestId{std::int64_t{4}}},
        PeekCase{"IdAsValueIgnored", R"({"method":"id","params":{"x":"xxxx)", std::nullopt},
        PeekCase{"CutInsideId", R"({"jsonrpc":"2.0","id":12)", std::nullopt},
        PeekCase{"NoId", R"({"jsonrpc":"2.0","method":"m","params":{"pad":"xxx)", std::nullopt},
        PeekCase{"NotAnObject", "xxxxxxxx", std::nullopt}),
    [](const auto& info) { return info.param.name; });

} // namespace closurelens::protocol
