// One LSP session with one client: lifecycle, dispatch, documents and the worker threads.
// run() is the reader loop and must be called once, from one thread; the handlers run on a thread
// pool, each document's work in order on its own strand.
#pragma once

#include "analysis/editor_decorations.hpp"
#include "protocol/json_rpc.hpp"
#include "protocol/line_index.hpp"
#include "protocol/lsp_types.hpp"
#include "server/document_store.hpp"
#include "server/idle_memory_release.hpp"
#include "server/json_rpc_transport.hpp"
#include "server/logger.hpp"
#include "server/lsp_diagnostics.hpp"
#include "server/rule_settings.hpp"
#include "server/work_done_progress.hpp"
#include "server/workspace_index.hpp"

#include <asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>

namespace closurelens::server {

struct ServerOptions {
  unsigned workerThreads = 2;
  // A testing aid: every request waits this long on the pool before it runs, which makes
  // cancellation observable in end-to-end tests.
  std::chrono::milliseconds requestDelay{0};
  // Threads summarising the workspace's files after `initialized` (besides the request pool).
  unsigned indexThreads = 2;
  // How long the workspace index waits after an edit before it reads the document's text.
  std::chrono::milliseconds editorIndexDelay{300};
  // How much source the open documents that keep their syntax tree and analysis may add up to;
  // the least recently used others keep only their text (see DocumentStore). A tree and its
  // analysis take about 30 bytes per source byte, so 2 MiB of source is some 60 MB.
  std::size_t awakeSourceBytes = std::size_t{2} << 20;
  // How long the client must be silent before freed memory goes back to the operating system.
  std::chrono::milliseconds idleMemoryRelease{1000};
  // Before that release, the open documents edited this many times since their tree and analysis
  // were last built from scratch are built again (OpenDocument::rebuild says why); 0: never.
  uint32_t rebuildAfterEdits = 64;
};

// What a request handler produces: a result, or the error to answer with.
using Reply = std::variant<nlohmann::json, protocol::ResponseError>;

class LanguageServer {
public:
  LanguageServer(JsonRpcTransport& transport, Logger& logger, ServerOptions options);
  ~LanguageServer();
  LanguageServer(const LanguageServer&) = delete;
  LanguageServer& operator=(const LanguageServer&) = delete;

  // Reads and dispatches until `exit` or the end of input. Returns the process exit code:
  // 0 when `shutdown` came before, 1 otherwise.
  int run();

private:
  enum class State { Uninitialized, Running, ShutDown };
  using RequestHandler = std::function<void(const protocol::Request&)>;
  using NotificationHandler = std::function<void(const nlohmann::json& params)>;
  void registerHandlers();
  // run() without its cleanup.
  int readUntilTheEnd();
  // Registers a request about one open document: its params are parsed (InvalidParams naming the
  // JSON path on failure), then `handler` runs on the document's strand.
  template <class Params>
  void onDocumentRequest(const std::string& method,
                         protocol::ParseResult<Params> (*parse)(const nlohmann::json&),
                         std::function<Reply(OpenDocument&, const Params&)> handler);

  // Returns false when the session is over.
  bool dispatch(std::string_view body);
  void onFramingError(const protocol::FramedMessage& message);
  void onRequest(const protocol::Request& request);
  bool onNotification(const protocol::Notification& notification);

  // Runs `work` on `executor` after the configured request delay, unless cancelled meanwhile.
  template <class Executor>
  void schedule(const protocol::RequestId& id, Executor executor, std::function<void()> work);

  Reply initialize(const nlohmann::json& params);
  void didOpen(const nlohmann::json& params);
  void didChange(const nlohmann::json& params);
  void didClose(const nlohmann::json& params);
  // After the work queued for `entry`, marks it closed (it publishes nothing more) and, with
  // `clearDiagnostics`, publishes an empty list for it.
  void retire(const std::shared_ptr<OpenDocument>& entry, bool clearDiagnostics);
  void cancelRequest(const nlohmann::json& params);
  void resolveHint(const protocol::Request& request);
  analysis::InlayHintOptions inlayHintOptions();

  // Settings: the client's `closurelens` section (pulled with workspace/configuration, or pushed
  // with didChangeConfiguration) over the nearest pyproject.toml of each file.
  void initialized();
  void requestConfiguration();
  void applyClientSettings(const nlohmann::json& section);
  DocumentSettings documentSettings(const OpenDocument& document);
  // Drops every open document's findings and publishes them anew (settings or the workspace
  // index changed).
  void refreshAllDiagnostics();

  // The workspace index (workspace_index.hpp): started on `initialized`, fed by file events and
  // by the text of open documents.
  WorkspaceIndex::Events indexEvents();
  void startIndexing();
  void registerFileWatchers();
  void didChangeWatchedFiles(const nlohmann::json& params);
  void didSave(const nlohmann::json& params);
  // Strand of `entry` only: hands the document's current text to the index, now or debounced.
  void indexEditorText(const std::shared_ptr<OpenDocument>& entry);
  void scheduleIndexEditorText(const std::shared_ptr<OpenDocument>& entry);

  // Requests of ours to the client; `onResult` runs on the reader thread with the result. When
  // the client answers with an error, `onError` runs instead if given, else `onResult` with null.
  void sendRequest(std::string_view method, const nlohmann::json& params,
                   std::function<void(const nlohmann::json&)> onResult,
                   std::function<void()> onError = nullptr);
  // Strand of `entry` only. Locks the document's useMutex for the caller and readies the document
  // (OpenDocument::wake); the lock comes back empty when the document is not there to use. Puts to
  // rest the documents this use pushes out of the awake budget.
  std::unique_lock<std::mutex> useDocument(const std::shared_ptr<OpenDocument>& entry);
  // Strand of the document only. Pushes the diagnostics of the current text unless the client
  // pulls them, or, with `coalesce`, unless a newer edit of the document is already queued (that
  // edit publishes instead, so a burst of edits is analysed once, at its end).
  void publishDiagnostics(OpenDocument& document, bool coalesce);

  // What IdleMemoryRelease runs once the session is quiet (and now and then while it never is):
  // rebuilds the documents edited enough since their last rebuild, each on its strand, then gives
  // the freed memory back and logs (at debug level) what the allocator holds.
  void releaseMemory();

  // Answers a pending request exactly once; a second answer (after a cancel) is dropped.
  void respond(const protocol::RequestId& id, Reply reply);
  bool isPending(const protocol::RequestId& id);
  void notify(std::string_view method, const nlohmann::json& params);

  JsonRpcTransport& transport_;
  Logger& logger_;
  ServerOptions options_;
  // Before the pool and the documents, which refer to it; stopped first in the destructor.
  std::unique_ptr<WorkspaceIndex> index_;
  asio::thread_pool pool_;
  IdleMemoryRelease memoryRelease_;
  DocumentStore documents_;

  std::atomic<State> state_{State::Uninitialized};
  std::atomic<protocol::PositionEncoding> encoding_{protocol::PositionEncoding::Utf16};
  std::atomic<protocol::MarkupKind> hoverFormat_{protocol::MarkupKind::Markdown};
  std::atomic<bool> pullDiagnostics_{false};

  std::mutex settingsMutex_;
  analysis::InlayHintOptions inlayHints_;
  RuleSettings clientRules_;
  std::optional<std::filesystem::path> workspaceRoot_;
  // From initialize, read on the reader thread only.
  std::vector<std::filesystem::path> workspaceFolders_;
  bool clientShowsProgress_ = false;     // window.workDoneProgress
  bool clientRegistersWatchers_ = false; // workspace.didChangeWatchedFiles.dynamicRegistration
  bool indexEnabled_ = true;             // closurelens.index.enabled
  WorkspaceScanOptions indexScan_;       // closurelens.index.maxFileBytes / maxFiles
  std::mutex progressMutex_;
  std::shared_ptr<WorkDoneProgress> indexProgress_; // null unless the client shows progress
  std::atomic<uint64_t> settingsGeneration_{0};
  bool clientPullsConfiguration_ = false; // reader thread only
  PyprojectLoader pyproject_;
  std::mutex reportedProblemsMutex_;
  std::set<std::string> reportedProblems_; // pyproject problems already shown to the user

  struct Outgoing {
    std::function<void(const nlohmann::json&)> onResult;
    std::function<void()> onError;
  };
  std::mutex outgoingMutex_;
  int64_t nextOutgoingId_ = 1;
  std::map<std::string, Outgoing> outgoing_;
  int exitCode_ = 1;

  std::unordered_map<std::string, RequestHandler> requests_;
  std::unordered_map<std::string, NotificationHandler> notifications_;

  std::mutex pendingMutex_;
  std::map<protocol::RequestId, std::string> pending_; // id -> method, for the log
  // A shutdown that arrived while other requests were pending: it is answered after the last of
  // them, so that a client waiting for it has every earlier answer.
  std::optional<protocol::RequestId> deferredShutdown_;
};

} // namespace closurelens::server
