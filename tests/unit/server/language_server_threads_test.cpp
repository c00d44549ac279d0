// The server's threads at work in one process: the reader, two pool workers with a strand per
// document, the transport's writer. A client pipelines edits, requests, cancellations, closes and
// settings changes over many documents without waiting; every request must be answered exactly
// once, each document's answers must come in the order of its requests, and each document's last
// published diagnostics must be for its last version. Under ThreadSanitizer (make test-tsan) these
// tests are the server's race detector.
#include "protocol/json_rpc.hpp"
#include "protocol/message_framing.hpp"
#include "server/json_rpc_transport.hpp"
#include "server/language_server.hpp"
#include "server/logger.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace closurelens::server {
namespace {

using nlohmann::json;

// Bytes from the client to the server; read() blocks like a pipe until bytes or the end arrive.
class ClientPipe {
public:
  void write(const json& message) {
    std::lock_guard lock(mutex_);
    buffer_ += protocol::frameMessage(message.dump());
    ready_.notify_one();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }
  std::size_t read(char* out, std::size_t capacity) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || pos_ < buffer_.size(); });
    std::size_t n = std::min(capacity, buffer_.size() - pos_);
    std::memcpy(out, buffer_.data() + pos_, n);
    pos_ += n;
    return n;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::string buffer_;
  std::size_t pos_ = 0;
  bool closed_ = false;
};

// One server on its own thread, the way serve() runs it, with everything it writes collected.
class InProcessServer {
public:
  explicit InProcessServer(unsigned workers, ServerOptions options = {}) : options_(options) {
    options_.workerThreads = workers;
    thread_ = std::thread([this] {
      JsonRpcTransport transport([this](char* b, std::size_t n) { return pipe_.read(b, n); },
                                 [this](std::string_view bytes, const std::atomic<bool>&) {
                                   std::lock_guard lock(mutex_);
                                   written_ += bytes;
                                   return true;
                                 },
                                 TransportLimits{}, logger_);
      {
        LanguageServer server(transport, logger_, options_);
        exitCode_ = server.run();
      }
      transport.close();
    });
  }
  ~InProcessServer() {
    pipe_.close();
    if (thread_.joinable()) thread_.join();
  }

  void send(json message) {
    message["jsonrpc"] = "2.0";
    pipe_.write(message);
  }

  // Waits until the server has answered `requests` requests (at most a minute), then ends the
  // input and waits for the server to finish; returns every message it wrote. A client that
  // closes its end earlier gets no more answers: the server skips the work still queued.
  std::vector<json> finish(std::size_t requests) {
    awaitAnswers(requests);
    pipe_.close();
    thread_.join();
    return messages();
  }
  int exitCode() const { return exitCode_; }
  // Waits (at most a minute) until the server has answered `requests` requests.
  void awaitAnswers(std::size_t requests) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (answered() < requests && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  // Waits (at most a minute) until the server has written a message for which `found` holds.
  bool awaitMessage(const std::function<bool(const json&)>& found) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    while (std::chrono::steady_clock::now() < deadline) {
      for (const json& message : messages())
        if (found(message)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

private:
  std::size_t answered() {
    std::size_t count = 0;
    for (const json& message : messages())
      count += message.contains("id") && !message.contains("method") ? 1 : 0;
    return count;
  }
  std::vector<json> messages() {
    std::string written;
    {
      std::lock_guard lock(mutex_);
      written = written_;
    }
    std::vector<json> out;
    std::size_t pos = 0;
    protocol::MessageReader reader([&](char* b, std::size_t n) {
      std::size_t count = std::min(n, written.size() - pos);
      std::memcpy(b, written.data() + pos, count);
      pos += count;
      return count;
    });
    for (;;) {
      protocol::FramedMessage message = reader.next();
      if (message.kind != protocol::FramedMessage::Kind::Message) break;
      out.push_back(json::parse(message.body));
    }
    return out;
  }

  ClientPipe pipe_;
  std::ostream discard_{nullptr};
  Logger logger_{LogLevel::Debug, discard_};
  ServerOptions options_;
  std::mutex mutex_;
  std::string written_;
  int exitCode_ = -1;
  std::thread thread_;
};

json position(int line, int character) {
  return {{"line", line}, {"character", character}};
}

std::string uriOf(int doc) {
  return "file:///threads/m" + std::to_string(doc) + ".py";
}

constexpr const char* kSource = "import functools\n"
                                "def deco(fn):\n"
                                "    def wrapper(*args):\n"
                                "        fn(*args)\n"
                                "    return wrapper\n"
                                "def make():\n"
                                "    count = 0\n"
                                "    handlers = [lambda: i for i in range(3)]\n"
                                "    def bump():\n"
                                "        count += 1\n"
                                "    return bump, handlers\n";

// What a client sent and what it expects back.
struct Script {
  // id -> the open document (one didOpen of one URI) the request is about: answers about one open
  // document come in order, since its work runs on its strand.
  std::map<int64_t, int> requestDocument;
  std::map<int, int64_t> lastVersion; // by document number
  // Cancelled requests may be answered by the reader thread, ahead of their document's queue.
  std::set<int64_t> cancelled;
  int64_t nextId = 1;
};

void sendRequest(InProcessServer& server, Script& script, int doc, int opened,
                 const std::string& method, json params) {
  params["textDocument"] = {{"uri", uriOf(doc)}};
  int64_t id = script.nextId++;
  script.requestDocument[id] = opened;
  server.send({{"id", id}, {"method", method}, {"params", params}});
}

void initialize(InProcessServer& server, Script& script) {
  server.send({{"id", script.nextId++},
               {"method", "initialize"},
               {"params", {{"processId", nullptr}, {"capabilities", json::object()}}}});
  server.send({{"method", "initialized"}, {"params", json::object()}});
}

// Opens documents 0 .. count-1 with kSource at version 1.
void openDocuments(InProcessServer& server, Script& script, int count) {
  for (int doc = 0; doc < count; ++doc) {
    server.send(
        {{"method", "textDocument/didOpen"},
         {"params",
          {{"textDocument",
            {{"uri", uriOf(doc)}, {"languageId", "python"}, {"version", 1}, {"text", kSource}}}}}});
    script.lastVersion[doc] = 1;
  }
}

// Toggles `count += 1` and `count += 2` in one document: the findings stay, the text changes.
void toggleIncrement(InProcessServer& server, Script& script, int doc) {
  int64_t version = ++script.lastVersion[doc];
  server.send({{"method", "textDocument/didChange"},
               {"params",
                {{"textDocument", {{"uri", uriOf(doc)}, {"version", version}}},
                 {"contentChanges",
                  {{{"range", {{"start", position(9, 17)}, {"end", position(9, 18)}}},
                    {"text", std::to_string(1 + version % 2)}}}}}}});
}

// Every request answered once; those not cancelled with a result, each document's in the order
// of its requests.
void expectAnswersInOrder(const std::vector<json>& messages, const Script& script) {
  std::map<int64_t, int> answers;
  std::map<int, int64_t> lastAnswered;
  for (const json& message : messages) {
    if (message.contains("method") || !message["id"].is_number_integer()) continue;
    int64_t id = message["id"].get<int64_t>();
    ++answers[id];
    auto doc = script.requestDocument.find(id);
    if (doc == script.requestDocument.end() || script.cancelled.count(id)) continue;
    EXPECT_TRUE(message.contains("result")) << message.dump();
    EXPECT_GT(id, lastAnswered[doc->second])
        << "open document " << doc->second << " answered " << id << " after a later request";
    lastAnswered[doc->second] = id;
  }
  for (const auto& [id, doc] : script.requestDocument)
    EXPECT_EQ(answers[id], 1) << "request " << id << " on document " << doc;
}

// The last diagnostics published for each document are those of its last version.
void expectFinalDiagnostics(const std::vector<json>& messages, const Script& script) {
  std::map<std::string, int64_t> lastPublished;
  for (const json& message : messages) {
    if (message.value("method", "") != "textDocument/publishDiagnostics") continue;
    const json& params = message["params"];
    lastPublished[params["uri"]] = params.value("version", int64_t{-1});
  }
  for (const auto& [doc, version] : script.lastVersion)
    EXPECT_EQ(lastPublished[uriOf(doc)], version) << "document " << doc;
}

TEST(LanguageServerThreads, PipelinedEditsAndRequestsOnManyDocuments) {
  InProcessServer server(2);
  Script script;
  initialize(server, script);
  constexpr int kDocuments = 12;
  constexpr int kRounds = 15;
  openDocuments(server, script, kDocuments);
  json whole = {{"start", position(0, 0)}, {"end", position(11, 0)}};
  for (int round = 0; round < kRounds; ++round) {
    for (int doc = 0; doc < kDocuments; ++doc) {
      toggleIncrement(server, script, doc);
      sendRequest(server, script, doc, doc, "textDocument/hover", {{"position", position(8, 9)}});
      sendRequest(server, script, doc, doc, "textDocument/inlayHint", {{"range", whole}});
      sendRequest(server, script, doc, doc, "textDocument/semanticTokens/full", json::object());
      sendRequest(server, script, doc, doc, "textDocument/codeAction",
                  {{"range", whole}, {"context", {{"diagnostics", json::array()}}}});
      sendRequest(server, script, doc, doc, "textDocument/references",
                  {{"position", position(6, 4)}, {"context", {{"includeDeclaration", true}}}});
      if (round % 3 == 0) {
        script.cancelled.insert(script.nextId - 2);
        server.send({{"method", "$/cancelRequest"}, {"params", {{"id", script.nextId - 2}}}});
      }
    }
    if (round == kRounds / 2) {
      server.send({{"method", "workspace/didChangeConfiguration"},
                   {"params", {{"settings", {{"closurelens", {{"ignore", {"CL105"}}}}}}}}});
    }
  }
  server.send({{"id", script.nextId++}, {"method", "shutdown"}});
  // As clients do: exit once everything, shutdown included, is answered (after exit the server
  // skips what is still queued).
  server.awaitAnswers(static_cast<std::size_t>(script.nextId - 1));
  server.send({{"method", "exit"}});
  std::vector<json> messages = server.finish(static_cast<std::size_t>(script.nextId - 1));
  EXPECT_EQ(server.exitCode(), 0);
  expectAnswersInOrder(messages, script);
  expectFinalDiagnostics(messages, script);
}

// The document rebuilds of the idle memory release (OpenDocument::rebuild), queued on the strands
// between pipelined edits and requests: answers stay complete and in order.
TEST(LanguageServerThreads, MemoryReleasesRebuildDocumentsBetweenEditsAndRequests) {
  ServerOptions options;
  options.idleMemoryRelease = std::chrono::milliseconds(1);
  options.rebuildAfterEdits = 1;
  InProcessServer server(2, options);
  Script script;
  initialize(server, script);
  constexpr int kDocuments = 4;
  openDocuments(server, script, kDocuments);
  json whole = {{"start", position(0, 0)}, {"end", position(11, 0)}};
  for (int round = 0; round < 40; ++round) {
    int doc = round % kDocuments;
    toggleIncrement(server, script, doc);
    sendRequest(server, script, doc, doc, "textDocument/semanticTokens/full", json::object());
    sendRequest(server, script, doc, doc, "textDocument/inlayHint", {{"range", whole}});
    // Now and then a pause long enough for a release to come in between.
    if (round % 5 == 4) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server.awaitAnswers(static_cast<std::size_t>(script.nextId - 1));
  auto rebuilt = [](const json& message) {
    if (message.value("method", "") != "window/logMessage") return false;
    std::string text = message["params"].value("message", "");
    return text.rfind("memory released after ", 0) == 0 &&
           text.rfind("memory released after 0 ", 0) != 0;
  };
  EXPECT_TRUE(server.awaitMessage(rebuilt));
  std::vector<json> messages = server.finish(static_cast<std::size_t>(script.nextId - 1));
  expectAnswersInOrder(messages, script);
  expectFinalDiagnostics(messages, script);
}

TEST(LanguageServerThreads, CloseAndReopenWhileRequestsAreQueued) {
  InProcessServer server(2);
  Script script;
  initialize(server, script);
  for (int round = 0; round < 40; ++round) {
    int doc = round % 4;
    server.send({{"method", "textDocument/didOpen"},
                 {"params",
                  {{"textDocument",
                    {{"uri", uriOf(doc)},
                     {"languageId", "python"},
                     {"version", round},
                     {"text", kSource}}}}}});
    sendRequest(server, script, doc, round, "textDocument/hover", {{"position", position(2, 9)}});
    sendRequest(server, script, doc, round, "textDocument/documentHighlight",
                {{"position", position(6, 4)}});
    sendRequest(server, script, doc, round, "textDocument/diagnostic", json::object());
    server.send({{"method", "textDocument/didClose"},
                 {"params", {{"textDocument", {{"uri", uriOf(doc)}}}}}});
  }
  std::vector<json> messages = server.finish(static_cast<std::size_t>(script.nextId - 1));
  EXPECT_EQ(server.exitCode(), 1); // the input ended without shutdown
  expectAnswersInOrder(messages, script);
}

} // namespace
} // namespace closurelens::server
