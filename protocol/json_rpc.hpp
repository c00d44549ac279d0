// JSON-RPC 2.0 messages as LSP uses them (no batches). Everything here is a value type or a pure
// function: any thread may call it, and nothing throws.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace closurelens::protocol {

enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

// LSP ids are `integer | string`; they are compared and echoed, never interpreted.
using RequestId = std::variant<std::int64_t, std::string>;

nlohmann::json toJson(const RequestId& id);
// The id as it appears in JSON ("7", "\"abc\""), for logs.
std::string toString(const RequestId& id);

struct ResponseError {
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
  std::optional<nlohmann::json> data;
};

struct Request {
  RequestId id;
  std::string method;
  nlohmann::json params; // object or array; null when the message had none
};

struct Notification {
  std::string method;
  nlohmann::json params; // object or array; null when the message had none
};

struct Response {
  RequestId id;
  std::optional<nlohmann::json> result; // exactly one of result and error is set
  std::optional<ResponseError> error;
};

// A body that is not a JSON-RPC message; answer it with an error carrying `id` (null if absent),
// unless `isResponse`: answering a broken response (e.g. the peer's null-id error telling us it
// could not read something we sent) would only start an exchange of errors, so log those.
struct InvalidMessage {
  std::optional<RequestId> id; // set when the message had a readable id
  ErrorCode code = ErrorCode::InvalidRequest;
  std::string message;
  std::string method;      // the message's method when it had a string one, for logs
  bool isResponse = false; // no method, but a result or an error
};

struct Incoming {
  std::variant<Request, Notification, Response, InvalidMessage> message;
  // Bytes of the body that were not UTF-8 and were read as U+FFFD so that the message could
  // still be understood; the server says so in its log.
  std::size_t invalidUtf8Replaced = 0;
};

// The id of a request whose body is known only by its first bytes (a message over the size
// limit), when the top-level object names one before the cut; nullopt otherwise.
std::optional<RequestId> peekRequestId(std::string_view bodyStart);

// Classifies one message body. `params` must be an object or an array; an explicit null is taken
// as absent because some clients send it for parameterless requests such as `shutdown`.
Incoming parseMessage(std::string_view body);

// Serialisers produce one JSON text, valid UTF-8 even when the strings given are not (invalid
// bytes become U+FFFD).
std::string serializeResponse(const RequestId& id, const nlohmann::json& result);
std::string serializeError(const std::optional<RequestId>& id, ErrorCode code,
                           std::string_view message,
                           const std::optional<nlohmann::json>& data = {});
std::string serializeNotification(std::string_view method, const nlohmann::json& params);
std::string serializeRequest(const RequestId& id, std::string_view method,
                             const nlohmann::json& params);

// Dumps `value` compactly with invalid UTF-8 replaced; the one place JSON text is produced.
std::string dumpJson(const nlohmann::json& value);

} // namespace closurelens::protocol
