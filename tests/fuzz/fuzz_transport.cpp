// Arbitrary bytes into a whole in-process server: the framing reader, JSON-RPC parsing, the
// lifecycle and every handler (initialize, didOpen, didChange, hover, inlay hints, semantic tokens,
// code actions, ... with whatever params), over a JsonRpcTransport whose byte source is the input
// and whose sink is a buffer. After the session the output must be well formed: every message
// framed, a JSON object of JSON-RPC 2.0, responses with exactly one of result and error, ranges
// that start before they end. In the structured mode every request gets exactly one response,
// and semantic tokens come in fives.
//
// Input layout: u8 flags, then the rest.
//   bit 0 clear (raw mode): the rest is the byte stream, framing included.
//   bit 0 set (structured mode): the rest is message bodies separated by 0x1e (a byte valid JSON
//     never holds unescaped), each framed with a correct Content-Length; bit 1 puts a session
//     prologue before them (initialize, initialized, didOpen of a Python file with closures and
//     decorators) so that the bodies reach the handlers; bit 2 negotiates UTF-8 instead of
//     UTF-16; bit 3 makes the client pull diagnostics; bit 7 takes the first body as the text
//     of the prologue's document instead (any bytes: the harness writes them as a JSON string).
//   bits 4-6: the size of the chunks the byte source hands out (1 byte to 64 KiB).
#include "fuzz_check.hpp"
#include "protocol/json_rpc.hpp"
#include "protocol/message_framing.hpp"
#include "server/json_rpc_transport.hpp"
#include "server/language_server.hpp"
#include "server/logger.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace closurelens;
using nlohmann::json;

constexpr std::size_t kMaxMessageBytes = 16 << 10;
constexpr std::size_t kChunkSizes[] = {1, 2, 3, 7, 61, 256, 4096, 65536};
constexpr char kSeparator = '\x1e';

// Non-ASCII text and every kind of line break (LSP counts a lone \r as one, tree-sitter does not),
// where byte offsets, UTF-16 positions and lines are easiest to get wrong.
constexpr std::string_view kPythonFile = "# caf\xc3\xa9 \xf0\x9f\x98\x80\r\n"
                                         "label = '\xf0\x9f\x98\x80'\rother = 1\r\n"
                                         R"py(import functools

def log_calls(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper

def counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump

@log_calls
@functools.cache
def handlers(names):
    return [lambda: name for name in names]
)py";

std::vector<std::string> prologue(uint8_t flags, std::string_view text) {
  json capabilities = {{"workspace", {{"configuration", true}}}};
  if (flags & 4) capabilities["general"] = {{"positionEncodings", {"utf-8"}}};
  if (flags & 8) capabilities["textDocument"] = {{"diagnostic", json::object()}};
  json initialize = {
      {"jsonrpc", "2.0"},
      {"id", 0},
      {"method", "initialize"},
      {"params",
       {{"processId", nullptr}, {"rootUri", "file:///fuzz"}, {"capabilities", capabilities}}}};
  json initialized = {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}};
  json didOpen = {{"jsonrpc", "2.0"},
                  {"method", "textDocument/didOpen"},
                  {"params",
                   {{"textDocument",
                     {{"uri", "file:///fuzz/a.py"},
                      {"languageId", "python"},
                      {"version", 1},
                      {"text", std::string(text)}}}}}};
  return {protocol::dumpJson(initialize), protocol::dumpJson(initialized),
          protocol::dumpJson(didOpen)};
}

std::vector<std::string> splitBodies(std::string_view rest) {
  std::vector<std::string> out;
  for (;;) {
    std::size_t at = rest.find(kSeparator);
    out.emplace_back(rest.substr(0, at));
    if (at == std::string_view::npos) return out;
    rest.remove_prefix(at + 1);
  }
}

// The requests the server may answer at most once, by id (protocol::toString), counted as the
// server's own parser classifies the bodies it will read (all of them up to `exit`). An id that
// several messages share, or that a message over the size limit carries, is not checked. Work
// still queued at `exit` or end of input is skipped, but a successful `shutdown` is answered only
// after every request read before it: those must be answered exactly once.
struct ExpectedAnswers {
  std::map<std::string, int> byId;
  std::set<std::string> unchecked;
  std::map<std::string, std::string> method;     // of each request, by id
  std::map<std::string, std::size_t> readAt;     // index of the first body carrying the id
  std::map<std::string, std::size_t> shutdownAt; // shutdown requests, by id
};

ExpectedAnswers expectedAnswers(const std::vector<std::string>& bodies) {
  ExpectedAnswers out;
  for (std::size_t index = 0; index < bodies.size(); ++index) {
    const std::string& body = bodies[index];
    protocol::Incoming incoming = protocol::parseMessage(body);
    std::optional<protocol::RequestId> id;
    if (auto* request = std::get_if<protocol::Request>(&incoming.message)) {
      id = request->id;
      out.method[protocol::toString(request->id)] = request->method;
      if (request->method == "shutdown")
        out.shutdownAt.emplace(protocol::toString(request->id), index);
    } else if (auto* invalid = std::get_if<protocol::InvalidMessage>(&incoming.message)) {
      if (!invalid->isResponse) id = invalid->id;
    } else if (auto* notification = std::get_if<protocol::Notification>(&incoming.message)) {
      if (notification->method == "exit" && body.size() <= kMaxMessageBytes) break;
    }
    if (!id) continue;
    std::string key = protocol::toString(*id);
    out.readAt.emplace(key, index);
    if (body.size() > kMaxMessageBytes) {
      out.unchecked.insert(key);
    } else {
      ++out.byId[key];
    }
  }
  for (const auto& [key, count] : out.byId) {
    if (count > 1) out.unchecked.insert(key);
  }
  return out;
}

// Splits what the server wrote into bodies, checking the framing frameMessage() promises.
std::vector<std::string_view> framedBodies(std::string_view out) {
  std::vector<std::string_view> bodies;
  constexpr std::string_view kHeader = "Content-Length: ";
  while (!out.empty()) {
    FUZZ_CHECK(out.substr(0, kHeader.size()) == kHeader, "output message starts with its header");
    out.remove_prefix(kHeader.size());
    std::size_t end = out.find("\r\n\r\n");
    FUZZ_CHECK(end != std::string_view::npos && end > 0 && end < 12, "output header ends");
    std::size_t length = 0;
    for (char c : out.substr(0, end)) {
      FUZZ_CHECK(c >= '0' && c <= '9', "output Content-Length is a number");
      length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    out.remove_prefix(end + 4);
    FUZZ_CHECK(length <= out.size(), "output body as long as its header says");
    bodies.push_back(out.substr(0, length));
    out.remove_prefix(length);
  }
  return bodies;
}

bool isPosition(const json& value) {
  return value.is_object() && value.size() == 2 && value.contains("line") &&
         value["line"].is_number_unsigned() && value.contains("character") &&
         value["character"].is_number_unsigned();
}

// Every LSP range the server computed starts before it ends. Inlay hints (objects with a label)
// are skipped: inlayHint/resolve echoes whatever hint the client sent.
void checkRanges(const json& value, int depth) {
  if (depth > 64) return;
  if (value.is_object()) {
    if (value.contains("label")) return;
    if (value.contains("start") && value.contains("end") && isPosition(value["start"]) &&
        isPosition(value["end"])) {
      auto start = std::make_pair(value["start"]["line"].get<uint64_t>(),
                                  value["start"]["character"].get<uint64_t>());
      auto end = std::make_pair(value["end"]["line"].get<uint64_t>(),
                                value["end"]["character"].get<uint64_t>());
      FUZZ_CHECK(start <= end, "a range in the output starts before it ends");
    }
    for (const auto& [key, item] : value.items())
      checkRanges(item, depth + 1);
  } else if (value.is_array()) {
    for (const json& item : value)
      checkRanges(item, depth + 1);
  }
}

void checkOutput(std::string_view out, const ExpectedAnswers* expected) {
  std::map<std::string, int> answered;
  std::set<std::string> shutdownsAnswered; // ids answered with a result; filtered below
  for (std::string_view body : framedBodies(out)) {
    json message = json::parse(body, nullptr, false);
    FUZZ_CHECK(!message.is_discarded(), "output body is JSON (and UTF-8)");
    FUZZ_CHECK(message.is_object() && message.value("jsonrpc", "") == "2.0",
               "output is a JSON-RPC 2.0 object");
    checkRanges(message, 0);
    if (message.contains("method")) {
      FUZZ_CHECK(message["method"].is_string(), "output method is a string");
      continue;
    }

    FUZZ_CHECK(message.contains("id"), "a response has an id");
    FUZZ_CHECK(message.contains("result") != message.contains("error"),
               "a response has exactly one of result and error");
    if (message.contains("error")) {
      const json& error = message["error"];
      FUZZ_CHECK(error.is_object() && error.contains("code") && error["code"].is_number_integer() &&
                     error.contains("message") && error["message"].is_string(),
                 "an error has an integer code and a message");
    }
    const json& id = message["id"];
    FUZZ_CHECK(id.is_null() || id.is_string() || id.is_number_integer(),
               "a response id is null, a string or an integer");
    if (id.is_null()) continue;
    std::string key = id.dump();
    ++answered[key];
    if (message.contains("result")) shutdownsAnswered.insert(key);
    if (expected && !expected->unchecked.count(key) && message.contains("result")) {
      auto method = expected->method.find(key);
      if (method != expected->method.end() &&
          method->second.rfind("textDocument/semanticTokens/", 0) == 0) {
        const json& result = message["result"];
        FUZZ_CHECK(result.is_object() && result.contains("data") && result["data"].is_array() &&
                       result["data"].size() % 5 == 0,
                   "semantic tokens come in fives");
      }
    }
  }
  if (!expected) return;
  std::size_t answeredBefore = 0; // requests read before this index must have been answered
  for (const auto& [key, at] : expected->shutdownAt) {
    if (shutdownsAnswered.count(key) && !expected->unchecked.count(key))
      answeredBefore = std::max(answeredBefore, at);
  }
  for (const auto& [key, count] : expected->byId) {
    if (expected->unchecked.count(key)) continue;
    auto it = answered.find(key);
    int got = it == answered.end() ? 0 : it->second;
    bool required = expected->readAt.at(key) < answeredBefore;
    if (got > 1 || (required && got == 0))
      std::fprintf(stderr, "request %s answered %d times\n", key.c_str(), got);
    FUZZ_CHECK(got <= 1, "no request is answered twice");
    FUZZ_CHECK(!required || got == 1, "every request read before an answered shutdown is answered");
  }
  for (const auto& [key, count] : answered) {
    if (!expected->unchecked.count(key) && !expected->byId.count(key)) {
      std::fprintf(stderr, "response to %s, which no message carried\n", key.c_str());
      FUZZ_CHECK(false, "no response to an id that was never sent");
    }
  }
}

// A byte source over `input` handing out at most `chunk` bytes per read, then end of input.
server::JsonRpcTransport::ReadFn chunkedSource(const std::string& input, std::size_t chunk) {
  return [&input, chunk, pos = std::size_t{0}](char* buffer, std::size_t capacity) mutable {
    std::size_t n = std::min({chunk, capacity, input.size() - pos});
    std::memcpy(buffer, input.data() + pos, n);
    pos += n;
    return n;
  };
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool structured = flags & 1;

  std::string input;
  std::optional<ExpectedAnswers> expected;
  if (structured) {
    std::vector<std::string> bodies;
    std::vector<std::string> parts = splitBodies(rest);
    auto part = parts.begin();
    if (flags & 2) {
      std::string_view text = kPythonFile;
      if (flags & 0x80) text = *part++;
      bodies = prologue(flags, text);
    }
    for (; part != parts.end(); ++part)
      bodies.push_back(std::move(*part));
    for (const std::string& body : bodies)
      input += protocol::frameMessage(body);
    expected = expectedAnswers(bodies);
  } else {
    input = rest;
  }

  std::string output;
  std::ostream discard(nullptr);
  server::Logger logger(server::LogLevel::Debug, discard);
  server::ServerOptions options;
  options.workerThreads = 1;
  server::TransportLimits limits;
  limits.maxMessageBytes = kMaxMessageBytes;
  {
    server::JsonRpcTransport transport(
        chunkedSource(input, kChunkSizes[(flags >> 4) & 7]),
        [&output](std::string_view bytes, const std::atomic<bool>&) {
          output.append(bytes);
          return true;
        },
        limits, logger);
    {
      server::LanguageServer server(transport, logger, options);
      server.run();
    }
    transport.close();
  }
  checkOutput(output, expected ? &*expected : nullptr);
  return 0;
}
