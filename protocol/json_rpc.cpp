#include "protocol/json_rpc.hpp"

#include "protocol/utf8.hpp"

#include <exception>
#include <limits>
#include <utility>

namespace closurelens::protocol {
namespace {

using nlohmann::json;

// LSP messages are shallow; refusing deep nesting up front keeps every later recursive walk over
// the value (comparison, dumping, destruction) far from the stack limit.
constexpr int kMaxNesting = 512;

bool nestedTooDeep(std::string_view text) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

enum class IdKind { Absent, Null, Valid, Invalid };

struct ReadId {
  IdKind kind = IdKind::Absent;
  RequestId id;
};

ReadId readId(const json& message) {
  auto it = message.find("id");
  if (it == message.end()) return {};
  if (it->is_null()) return {IdKind::Null, {}};
  if (it->is_string()) return {IdKind::Valid, it->get<std::string>()};
  if (it->is_number_unsigned()) {
    auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return {IdKind::Invalid, {}};
    }
    return {IdKind::Valid, static_cast<std::int64_t>(value)};
  }
  if (it->is_number_integer()) return {IdKind::Valid, it->get<std::int64_t>()};
  return {IdKind::Invalid, {}};
}

Incoming invalid(ErrorCode code, std::string message, const ReadId& id = {},
                 std::string method = {}, bool isResponse = false) {
  InvalidMessage out;
  if (id.kind == IdKind::Valid) out.id = id.id;
  out.code = code;
  out.message = std::move(message);
  out.method = std::move(method);
  out.isResponse = isResponse;
  return Incoming{std::move(out)};
}

Incoming parseResponse(const json& message, const ReadId& id) {
  const auto result = message.find("result");
  const auto error = message.find("error");
  const bool hasResult = result != message.end();
  const bool hasError = error != message.end();
  auto bad = [&](std::string why) {
    return invalid(ErrorCode::InvalidRequest, std::move(why), id, {}, true);
  };
  if (hasResult && hasError) return bad("a response must not have both \"result\" and \"error\"");
  if (id.kind == IdKind::Invalid) return bad("\"id\" must be an integer or a string");
  if (id.kind == IdKind::Absent) return bad("a response needs an \"id\"");

  std::optional<ResponseError> responseError;
  if (hasError) {
    if (!error->is_object()) return bad("\"error\" must be an object");
    auto code = error->find("code");
    if (code == error->end() || !code->is_number_integer() ||
        code->get<std::int64_t>() < std::numeric_limits<int>::min() ||
        code->get<std::int64_t>() > std::numeric_limits<int>::max()) {
      return bad("\"error.code\" must be an integer");
    }
    auto text = error->find("message");
    if (text == error->end() || !text->is_string())
      return bad("\"error.message\" must be a string");
    ResponseError e;
    e.code = static_cast<ErrorCode>(code->get<int>());
    e.message = text->get<std::string>();
    if (auto data = error->find("data"); data != error->end()) e.data = *data;
    responseError = std::move(e);
  }
  if (id.kind == IdKind::Null) {
    // Only an error may have a null id: the peer could not tell which message it is answering.
    if (!responseError) return bad("a result needs an integer or string \"id\", not null");
    return bad("error response with a null id (" +
               std::to_string(static_cast<int>(responseError->code)) +
               "): " + responseError->message);
  }
  Response out;
  out.id = id.id;
  if (hasResult) out.result = *result;
  out.error = std::move(responseError);
  return Incoming{std::move(out)};
}

Incoming classify(const json& message) {
  if (message.is_array()) {
    return invalid(ErrorCode::InvalidRequest, "batch messages are not supported by LSP");
  }
  if (!message.is_object()) {
    return invalid(ErrorCode::InvalidRequest, "a message must be a JSON object");
  }
  const ReadId id = readId(message);
  const auto method = message.find("method");
  std::string methodName =
      method != message.end() && method->is_string() ? method->get<std::string>() : std::string();

  auto version = message.find("jsonrpc");
  if (version == message.end() || !version->is_string() || version->get<std::string>() != "2.0") {
    return invalid(ErrorCode::InvalidRequest, "\"jsonrpc\" must be \"2.0\"", id, methodName,
                   method == message.end() &&
                       (message.contains("result") || message.contains("error")));
  }
  if (method == message.end()) {
    if (message.contains("result") || message.contains("error")) return parseResponse(message, id);
    return invalid(ErrorCode::InvalidRequest,
                   "a message needs a \"method\", a \"result\" or an \"error\"", id);
  }
  if (!method->is_string()) {
    return invalid(ErrorCode::InvalidRequest, "\"method\" must be a string", id);
  }
  if (id.kind == IdKind::Invalid || id.kind == IdKind::Null) {
    return invalid(ErrorCode::InvalidRequest, "\"id\" must be an integer or a string", id,
                   methodName);
  }
  json params;
  if (auto it = message.find("params"); it != message.end()) {
    if (!it->is_object() && !it->is_array() && !it->is_null()) {
      return invalid(ErrorCode::InvalidRequest, "\"params\" must be an object or an array", id,
                     methodName);
    }
    params = *it;
  }
  if (id.kind == IdKind::Absent) {
    return Incoming{Notification{std::move(methodName), std::move(params)}};
  }
  return Incoming{Request{id.id, std::move(methodName), std::move(params)}};
}

json envelope() {
  json out = json::object();
  out["jsonrpc"] = "2.0";
  return out;
}

} // namespace

json toJson(const RequestId& id) {
  return std::visit([](const auto& value) { return json(value); }, id);
}

std::string toString(const RequestId& id) {
  return dumpJson(toJson(id));
}

Incoming parseMessage(std::string_view body) {
  try {
    if (nestedTooDeep(body)) {
      return invalid(ErrorCode::ParseError,
                     "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    json message = json::parse(body);
    return classify(message);
  } catch (const json::parse_error& e) {
    std::size_t replaced = 0;
    if (auto repaired = replaceInvalidUtf8(body, &replaced)) {
      Incoming retried = parseMessage(*repaired);
      retried.invalidUtf8Replaced += replaced;
      return retried;
    }
    return invalid(ErrorCode::ParseError, std::string("invalid JSON: ") + e.what());
  } catch (const std::exception& e) {
    return invalid(ErrorCode::InternalError,
                   std::string("could not read the message: ") + e.what());
  }
}

std::optional<RequestId> peekRequestId(std::string_view text) {
  // A small scanner rather than a parser: the text is cut off, so only the top-level keys seen
  // before the cut are looked at, skipping nested values and strings.
  int depth = 0;
  bool expectKey = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      std::size_t close = i + 1;
      while (close < text.size() && text[close] != '"')
        close += text[close] == '\\' ? 2 : 1;
      if (close >= text.size()) return std::nullopt;
      bool isIdKey = depth == 1 && expectKey && text.substr(i, close - i + 1) == "\"id\"";
      i = close;
      if (!isIdKey) {
        expectKey = false;
        continue;
      }
      std::size_t v = text.find_first_not_of(" \t\r\n", i + 1);
      if (v == std::string_view::npos || text[v] != ':') return std::nullopt;
      v = text.find_first_not_of(" \t\r\n", v + 1);
      if (v == std::string_view::npos) return std::nullopt;
      std::size_t end = v;
      if (text[v] == '"') {
        ++end;
        while (end < text.size() && text[end] != '"')
          end += text[end] == '\\' ? 2 : 1;
        if (end >= text.size()) return std::nullopt;
        ++end;
      } else {
        end = text.find_first_of(",}", v);
        if (end == std::string_view::npos) return std::nullopt;
      }
      try {
        json id = json::parse(text.substr(v, end - v));
        if (id.is_number_integer()) return RequestId{id.get<std::int64_t>()};
        if (id.is_string()) return RequestId{id.get<std::string>()};
      } catch (const json::exception&) {
      }
      return std::nullopt;
    }
    if (c == '{' || c == '[') {
      ++depth;
      expectKey = c == '{' && depth == 1;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expectKey = true;
    }
  }
  return std::nullopt;
}

std::string dumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string serializeResponse(const RequestId& id, const json& result) {
  json out = envelope();
  out["id"] = toJson(id);
  out["result"] = result;
  return dumpJson(out);
}

std::string serializeError(const std::optional<RequestId>& id, ErrorCode code,
                           std::string_view message, const std::optional<json>& data) {
  json error = json::object();
  error["code"] = static_cast<int>(code);
  error["message"] = std::string(message);
  if (data) error["data"] = *data;
  json out = envelope();
  out["id"] = id ? toJson(*id) : json(nullptr);
  out["error"] = std::move(error);
  return dumpJson(out);
}

std::string serializeNotification(std::string_view method, const json& params) {
  json out = envelope();
  out["method"] = std::string(method);
  // JSON-RPC allows params to be omitted but not to be anything other than a structure.
  if (!params.is_null()) out["params"] = params;
  return dumpJson(out);
}

std::string serializeRequest(const RequestId& id, std::string_view method, const json& params) {
  json out = envelope();
  out["id"] = toJson(id);
  out["method"] = std::string(method);
  if (!params.is_null()) out["params"] = params;
  return dumpJson(out);
}

} // namespace closurelens::protocol
