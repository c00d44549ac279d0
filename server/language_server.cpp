#include "server/language_server.hpp"

#include "protocol/lsp_types.hpp"
#include "server/content_changes.hpp"
#include "server/editor_features.hpp"
#include "server/file_uri.hpp"
#include "server/hover_handler.hpp"
#include "server/lsp_diagnostics.hpp"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <cstdio>
#include <initializer_list>

namespace closurelens::server {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ResponseError;

ResponseError makeError(ErrorCode code, std::string message) {
  return ResponseError{code, std::move(message), std::nullopt};
}

std::string idText(const protocol::RequestId& id) {
  return protocol::toJson(id).dump();
}

json initializeResult(protocol::PositionEncoding encoding) {
  return {
      {"capabilities",
       {
           {"positionEncoding", std::string(protocol::encodingName(encoding))},
           {"textDocumentSync",
            {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"hoverProvider", true},
           {"inlayHintProvider", {{"resolveProvider", true}}},
           {"semanticTokensProvider",
            {{"legend", semanticTokensLegend()}, {"full", true}, {"range", true}}},
           {"definitionProvider", true},
           {"referencesProvider", true},
           {"documentHighlightProvider", true},
           {"codeActionProvider",
            {{"codeActionKinds", {"quickfix", "refactor.rewrite", "source.fixAll.closurelens"}}}},
           {"diagnosticProvider",
            {{"interFileDependencies", false}, {"workspaceDiagnostics", false}}},
       }},
      {"serverInfo", {{"name", "closurelens"}, {"version", CLOSURELENS_VERSION}}},
  };
}

} // namespace

LanguageServer::LanguageServer(JsonRpcTransport& transport, Logger& logger, ServerOptions options)
    : transport_(transport), logger_(logger), options_(options),
      index_(std::make_unique<WorkspaceIndex>(WorkspaceIndexOptions{options.indexThreads},
                                              indexEvents())),
      pool_(std::max(1u, options.workerThreads)),
      memoryRelease_(pool_.get_executor(), options.idleMemoryRelease, [this] { releaseMemory(); }),
      documents_(pool_, options.awakeSourceBytes, index_.get()) {
  registerHandlers();
}

LanguageServer::~LanguageServer() {
  // The index's threads post to the pool and write to the client: they go first.
  index_->stop();
  logger_.setClientSink(nullptr);
  memoryRelease_.stop();
  pool_.join();
}

int LanguageServer::run() {
  int code = readUntilTheEnd();
  // Nobody waits for the answers any more: the work still queued is skipped (schedule() runs only
  // pending requests), so that the pool joins without computing a backlog first.
  std::lock_guard lock(pendingMutex_);
  pending_.clear();
  return code;
}

int LanguageServer::readUntilTheEnd() {
  for (;;) {
    protocol::FramedMessage message = transport_.read();
    memoryRelease_.activity();
    switch (message.kind) {
    case protocol::FramedMessage::Kind::Eof:
      if (!message.error.empty()) logger_.warning("input ended: " + message.error);
      logger_.info(state_ == State::ShutDown ? "input closed after shutdown"
                                             : "input closed without shutdown; exiting");
      return state_ == State::ShutDown ? 0 : 1;
    case protocol::FramedMessage::Kind::FramingError:
      onFramingError(message);
      continue;
    case protocol::FramedMessage::Kind::Message:
      if (!dispatch(message.body)) return exitCode_;
      continue;
    }
  }
}

void LanguageServer::onFramingError(const protocol::FramedMessage& message) {
  logger_.error("framing: " + message.error);
  // A message over the size limit that was a request still gets its answer, by its id.
  std::optional<protocol::RequestId> id;
  if (!message.body.empty()) id = protocol::peekRequestId(message.body);
  if (id) {
    transport_.send(protocol::serializeError(id, ErrorCode::InvalidRequest, message.error));
  } else {
    transport_.send(protocol::serializeError(std::nullopt, ErrorCode::ParseError, message.error));
  }
}

bool LanguageServer::dispatch(std::string_view body) {
  protocol::Incoming incoming = protocol::parseMessage(body);
  if (incoming.invalidUtf8Replaced > 0) {
    logger_.warning("a message held " + std::to_string(incoming.invalidUtf8Replaced) +
                    " bytes that are not UTF-8; they were read as U+FFFD");
  }
  if (auto* request = std::get_if<protocol::Request>(&incoming.message)) {
    onRequest(*request);
    return true;
  }
  if (auto* notification = std::get_if<protocol::Notification>(&incoming.message)) {
    return onNotification(*notification);
  }
  if (auto* invalid = std::get_if<protocol::InvalidMessage>(&incoming.message)) {
    logger_.error("invalid message: " + invalid->message);
    // A broken response from the client is not answered: that would start an exchange of errors.
    if (invalid->isResponse) return true;
    transport_.send(protocol::serializeError(invalid->id, invalid->code, invalid->message));
    return true;
  }
  if (auto* response = std::get_if<protocol::Response>(&incoming.message)) {
    std::optional<Outgoing> request;
    {
      std::lock_guard lock(outgoingMutex_);
      auto it = outgoing_.find(protocol::toString(response->id));
      if (it != outgoing_.end()) {
        request = std::move(it->second);
        outgoing_.erase(it);
      }
    }
    if (!request) {
      logger_.debug("response to " + idText(response->id) +
                    " ignored: no request of ours awaits it");
    } else if (response->error) {
      logger_.warning("the client answered our request " + idText(response->id) +
                      " with an error: " + response->error->message);
      if (request->onError)
        request->onError();
      else if (request->onResult)
        request->onResult(json(nullptr));
    } else if (request->onResult) {
      request->onResult(response->result.value_or(json(nullptr)));
    }
  }
  return true;
}

void LanguageServer::onRequest(const protocol::Request& request) {
  State state = state_;
  if (request.method == "initialize") {
    if (state != State::Uninitialized) {
      transport_.send(protocol::serializeError(request.id, ErrorCode::InvalidRequest,
                                               "initialize was already received"));
      return;
    }
    Reply reply = initialize(request.params);
    if (auto* result = std::get_if<json>(&reply)) {
      transport_.send(protocol::serializeResponse(request.id, *result));
    } else {
      const auto& error = std::get<ResponseError>(reply);
      transport_.send(protocol::serializeError(request.id, error.code, error.message, error.data));
    }
    return;
  }
  if (state == State::Uninitialized) {
    transport_.send(protocol::serializeError(request.id, ErrorCode::ServerNotInitialized,
                                             "'" + request.method +
                                                 "' before initialize: the server is not "
                                                 "initialized yet"));
    return;
  }
  if (state == State::ShutDown) {
    transport_.send(protocol::serializeError(request.id, ErrorCode::InvalidRequest,
                                             "'" + request.method + "' after shutdown"));
    return;
  }
  auto handler = requests_.find(request.method);
  if (handler == requests_.end()) {
    transport_.send(protocol::serializeError(request.id, ErrorCode::MethodNotFound,
                                             "unknown method '" + request.method + "'"));
    return;
  }
  {
    std::lock_guard lock(pendingMutex_);
    if (!pending_.emplace(request.id, request.method).second) {
      logger_.warning("request id " + idText(request.id) +
                      " is already in use; answering the "
                      "new request with an error");
      transport_.send(protocol::serializeError(request.id, ErrorCode::InvalidRequest,
                                               "request id " + idText(request.id) +
                                                   " is already in use by a pending request"));
      return;
    }
  }
  handler->second(request);
}

bool LanguageServer::onNotification(const protocol::Notification& notification) {
  if (notification.method == "exit") {
    exitCode_ = state_ == State::ShutDown ? 0 : 1;
    return false;
  }
  if (state_ != State::Running) {
    logger_.debug("notification '" + notification.method + "' dropped: " +
                  (state_ == State::Uninitialized ? "not initialized" : "after shutdown"));
    return true;
  }
  auto handler = notifications_.find(notification.method);
  if (handler == notifications_.end()) {
    logger_.debug("notification '" + notification.method + "' ignored");
    return true;
  }
  handler->second(notification.params);
  return true;
}

void LanguageServer::registerHandlers() {
  requests_["shutdown"] = [this](const protocol::Request& request) {
    state_ = State::ShutDown;
    {
      std::lock_guard lock(pendingMutex_);
      if (pending_.size() > 1) {
        deferredShutdown_ = request.id;
        return;
      }
    }
    respond(request.id, json(nullptr));
  };
  notifications_["initialized"] = [this](const json&) { initialized(); };
  notifications_["workspace/didChangeConfiguration"] = [this](const json& params) {
    if (clientPullsConfiguration_) {
      requestConfiguration();
    } else if (params.is_object() && params.contains("settings") &&
               params["settings"].is_object() && params["settings"].contains("closurelens")) {
      applyClientSettings(params["settings"]["closurelens"]);
    }
  };
  notifications_["workspace/didChangeWatchedFiles"] = [this](const json& params) {
    didChangeWatchedFiles(params);
  };
  notifications_["$/cancelRequest"] = [this](const json& params) { cancelRequest(params); };
  notifications_["textDocument/didOpen"] = [this](const json& params) { didOpen(params); };
  notifications_["textDocument/didChange"] = [this](const json& params) { didChange(params); };
  notifications_["textDocument/didClose"] = [this](const json& params) { didClose(params); };
  notifications_["textDocument/didSave"] = [this](const json& params) { didSave(params); };

  onDocumentRequest<protocol::TextDocumentPositionParams>(
      "textDocument/hover", protocol::parseTextDocumentPositionParams,
      [this](OpenDocument& document, const protocol::TextDocumentPositionParams& params) {
        return Reply(hoverResult(document, params.position, encoding_, hoverFormat_));
      });
  onDocumentRequest<protocol::TextDocumentRangeParams>(
      "textDocument/inlayHint", protocol::parseTextDocumentRangeParams,
      [this](OpenDocument& document, const protocol::TextDocumentRangeParams& params) {
        return Reply(inlayHintsResult(document, params.range, inlayHintOptions(), encoding_));
      });
  requests_["inlayHint/resolve"] = [this](const protocol::Request& request) {
    resolveHint(request);
  };
  onDocumentRequest<protocol::TextDocumentParams>(
      "textDocument/semanticTokens/full", protocol::parseTextDocumentParams,
      [this](OpenDocument& document, const protocol::TextDocumentParams&) {
        return Reply(semanticTokensResult(document, std::nullopt, encoding_));
      });
  onDocumentRequest<protocol::TextDocumentRangeParams>(
      "textDocument/semanticTokens/range", protocol::parseTextDocumentRangeParams,
      [this](OpenDocument& document, const protocol::TextDocumentRangeParams& params) {
        return Reply(semanticTokensResult(document, params.range, encoding_));
      });
  onDocumentRequest<protocol::TextDocumentPositionParams>(
      "textDocument/definition", protocol::parseTextDocumentPositionParams,
      [this](OpenDocument& document, const protocol::TextDocumentPositionParams& params) {
        return Reply(definitionResult(document, params.position, encoding_));
      });
  onDocumentRequest<protocol::ReferenceParams>(
      "textDocument/references", protocol::parseReferenceParams,
      [this](OpenDocument& document, const protocol::ReferenceParams& params) {
        return Reply(
            referencesResult(document, params.position, params.includeDeclaration, encoding_));
      });
  onDocumentRequest<protocol::TextDocumentPositionParams>(
      "textDocument/documentHighlight", protocol::parseTextDocumentPositionParams,
      [this](OpenDocument& document, const protocol::TextDocumentPositionParams& params) {
        return Reply(documentHighlightResult(document, params.position, encoding_));
      });
  onDocumentRequest<protocol::CodeActionParams>(
      "textDocument/codeAction", protocol::parseCodeActionParams,
      [this](OpenDocument& document, const protocol::CodeActionParams& params) {
        return Reply(codeActions(document, documentSettings(document), params.range, params.only,
                                 encoding_));
      });
  onDocumentRequest<protocol::DocumentDiagnosticParams>(
      "textDocument/diagnostic", protocol::parseDocumentDiagnosticParams,
      [this](OpenDocument& document, const protocol::DocumentDiagnosticParams& params) {
        std::string resultId =
            std::to_string(document.version) + "." + std::to_string(settingsGeneration_.load());
        // After the workspace index changed what this document imports.
        if (document.indexRefreshes > 0) resultId += "." + std::to_string(document.indexRefreshes);
        if (params.previousResultId == resultId && document.findings) {
          return Reply(json{{"kind", "unchanged"}, {"resultId", resultId}});
        }
        return Reply(
            json{{"kind", "full"},
                 {"resultId", resultId},
                 {"items", documentDiagnostics(document, documentSettings(document), encoding_)}});
      });
}

template <class Params>
void LanguageServer::onDocumentRequest(const std::string& method,
                                       protocol::ParseResult<Params> (*parse)(const json&),
                                       std::function<Reply(OpenDocument&, const Params&)> handler) {
  requests_[method] = [this, parse, handler](const protocol::Request& request) {
    auto parsed = parse(request.params);
    if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
      respond(request.id, makeError(ErrorCode::InvalidParams,
                                    "invalid params at " + error->path + ": " + error->message));
      return;
    }
    auto params = std::make_shared<const Params>(std::get<Params>(std::move(parsed)));
    const std::string& uri = params->textDocument.uri;
    std::shared_ptr<OpenDocument> entry = documents_.find(uri);
    if (!entry) {
      respond(request.id,
              makeError(ErrorCode::InvalidParams,
                        "invalid params at /textDocument/uri: document not open: " + uri));
      return;
    }
    schedule(request.id, entry->strand, [this, entry, handler, params, id = request.id] {
      std::unique_lock use = useDocument(entry);
      if (!use) {
        respond(id, makeError(ErrorCode::RequestFailed,
                              entry->outOfSyncReason.empty()
                                  ? "document " + entry->uri + " is not open"
                                  : "document " + entry->uri + " is out of sync (" +
                                        entry->outOfSyncReason + "); close and reopen it"));
        return;
      }
      respond(id, handler(*entry, *params));
    });
  };
}

template <class Executor>
void LanguageServer::schedule(const protocol::RequestId& id, Executor executor,
                              std::function<void()> work) {
  auto guarded = [this, id, work = std::move(work)] {
    if (isPending(id)) work();
  };
  if (options_.requestDelay.count() == 0) {
    asio::post(executor, std::move(guarded));
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(pool_.get_executor(), options_.requestDelay);
  timer->async_wait([timer, executor, guarded = std::move(guarded)](const std::error_code&) {
    asio::post(executor, guarded);
  });
}

Reply LanguageServer::initialize(const json& params) {
  auto parsed = protocol::parseInitializeParams(params);
  if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
    return makeError(ErrorCode::InvalidParams,
                     "invalid params at " + error->path + ": " + error->message);
  }
  const auto& init = std::get<protocol::InitializeParams>(parsed);
  protocol::PositionEncoding encoding = protocol::negotiateEncoding(init.positionEncodings);
  encoding_ = encoding;
  const json& workspaceCaps =
      init.capabilities.contains("workspace") && init.capabilities["workspace"].is_object()
          ? init.capabilities["workspace"]
          : json::object();
  clientPullsConfiguration_ =
      workspaceCaps.contains("configuration") && workspaceCaps["configuration"] == true;
  std::optional<std::string> rootUri = init.rootUri;
  if (init.workspaceFolders && !init.workspaceFolders->empty()) {
    rootUri = init.workspaceFolders->front().uri;
    for (const protocol::WorkspaceFolder& folder : *init.workspaceFolders) {
      if (std::optional<std::filesystem::path> path = pathFromUri(folder.uri))
        workspaceFolders_.push_back(std::move(*path));
    }
  } else if (rootUri) {
    if (std::optional<std::filesystem::path> path = pathFromUri(*rootUri))
      workspaceFolders_.push_back(std::move(*path));
  }
  if (rootUri) {
    std::lock_guard lock(settingsMutex_);
    workspaceRoot_ = pathFromUri(*rootUri);
  }
  auto flagAt = [&](std::initializer_list<const char*> path) {
    const json* at = &init.capabilities;
    for (const char* key : path) {
      if (!at->is_object() || !at->contains(key)) return false;
      at = &(*at)[key];
    }
    return at->is_boolean() && at->get<bool>();
  };
  clientShowsProgress_ = flagAt({"window", "workDoneProgress"});
  clientRegistersWatchers_ = flagAt({"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  if (init.initializationOptions.is_object() &&
      init.initializationOptions.contains("closurelens")) {
    const json& section = init.initializationOptions["closurelens"];
    applyClientSettings(section);
    // Read once: the index starts on `initialized`, before any workspace/configuration answer.
    if (section.is_object() && section.contains("index") && section["index"].is_object()) {
      const json& index = section["index"];
      if (index.contains("enabled") && index["enabled"].is_boolean())
        indexEnabled_ = index["enabled"].get<bool>();
      if (index.contains("maxFileBytes") && index["maxFileBytes"].is_number_unsigned())
        indexScan_.maxFileBytes = index["maxFileBytes"].get<uint64_t>();
      if (index.contains("maxFiles") && index["maxFiles"].is_number_unsigned())
        indexScan_.maxFiles = index["maxFiles"].get<size_t>();
    }
  }
  // A client that pulls diagnostics would show pushed ones a second time.
  pullDiagnostics_ = init.capabilities.contains("textDocument") &&
                     init.capabilities["textDocument"].is_object() &&
                     init.capabilities["textDocument"].contains("diagnostic");
  // Markdown unless the client lists what it renders and markdown is not among them.
  const auto& formats = init.hoverContentFormat;
  hoverFormat_ = formats.empty() || std::find(formats.begin(), formats.end(),
                                              protocol::MarkupKind::Markdown) != formats.end()
                     ? protocol::MarkupKind::Markdown
                     : protocol::MarkupKind::PlainText;
  state_ = State::Running;
  logger_.setClientSink([this](LogLevel level, const std::string& message) {
    notify("window/logMessage", {{"type", static_cast<int>(level)}, {"message", message}});
  });
  logger_.info(std::string("initialized; position encoding ") +
               std::string(protocol::encodingName(encoding)));
  return initializeResult(encoding);
}

void LanguageServer::didOpen(const json& params) {
  auto parsed = protocol::parseDidOpenTextDocumentParams(params);
  if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
    logger_.error("textDocument/didOpen: invalid params at " + error->path + ": " + error->message);
    return;
  }
  auto item = std::get<protocol::DidOpenTextDocumentParams>(std::move(parsed)).textDocument;
  if (auto previous = documents_.close(item.uri)) {
    logger_.warning("textDocument/didOpen: " + item.uri + " was already open; replacing it");
    retire(previous, false); // the new entry's first diagnostics replace the old ones
  }
  auto entry = documents_.open(item.uri);
  asio::post(entry->strand, [this, entry, item = std::move(item)]() mutable {
    {
      std::lock_guard lock(entry->useMutex);
      entry->document.emplace(std::move(item.text));
      entry->version = item.version;
    }
    std::unique_lock use = useDocument(entry);
    publishDiagnostics(*entry, false);
    indexEditorText(entry);
  });
}

void LanguageServer::didChange(const json& params) {
  auto parsed = protocol::parseDidChangeTextDocumentParams(params);
  if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
    logger_.error("textDocument/didChange: invalid params at " + error->path + ": " +
                  error->message);
    return;
  }
  auto change = std::get<protocol::DidChangeTextDocumentParams>(std::move(parsed));
  auto entry = documents_.find(change.textDocument.uri);
  if (!entry) {
    logger_.error("textDocument/didChange: " + change.textDocument.uri +
                  " is not open; change ignored");
    return;
  }
  protocol::PositionEncoding encoding = encoding_;
  ++entry->queuedEdits;
  asio::post(entry->strand, [this, entry, change = std::move(change), encoding] {
    --entry->queuedEdits;
    std::unique_lock use = useDocument(entry);
    if (!use) {
      logger_.error("textDocument/didChange: " + entry->uri +
                    " is out of sync; change ignored until it is reopened");
      return;
    }
    ChangeOutcome outcome = applyContentChanges(*entry->document, change.contentChanges, encoding);
    entry->textChanged();
    if (!outcome.ok) {
      entry->outOfSyncReason = outcome.error;
      entry->document.reset();
      logger_.error("textDocument/didChange: " + entry->uri + " version " +
                    std::to_string(change.textDocument.version) + ": " + outcome.error +
                    "; the document is dropped until the client reopens it");
      return;
    }
    entry->version = change.textDocument.version;
    publishDiagnostics(*entry, true);
    scheduleIndexEditorText(entry);
  });
}

void LanguageServer::didClose(const json& params) {
  auto parsed = protocol::parseDidCloseTextDocumentParams(params);
  if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
    logger_.error("textDocument/didClose: invalid params at " + error->path + ": " +
                  error->message);
    return;
  }
  const auto& uri = std::get<protocol::DidCloseTextDocumentParams>(parsed).textDocument.uri;
  std::shared_ptr<OpenDocument> entry = documents_.close(uri);
  if (!entry) {
    logger_.warning("textDocument/didClose: " + uri + " was not open");
    return;
  }
  // After whatever the document's strand still has queued: the file is the disk's again.
  if (std::optional<std::filesystem::path> path = pathFromUri(uri)) {
    asio::post(entry->strand, [this, entry, path = *path] {
      entry->indexTimer.reset();
      index_->editorClosed(path);
    });
  }
  // Diagnostics of a closed file would linger in the client's problem list.
  retire(entry, !pullDiagnostics_);
}

void LanguageServer::retire(const std::shared_ptr<OpenDocument>& entry, bool clearDiagnostics) {
  // On the strand: a publication queued before the close (after an edit, or the first one after
  // didOpen) would otherwise arrive after the empty list and stay.
  asio::post(entry->strand, [this, entry, clearDiagnostics] {
    entry->closed = true;
    if (clearDiagnostics) {
      notify("textDocument/publishDiagnostics",
             {{"uri", entry->uri}, {"diagnostics", json::array()}});
    }
  });
}

void LanguageServer::cancelRequest(const json& params) {
  auto parsed = protocol::parseCancelParams(params);
  if (auto* error = std::get_if<protocol::ParamsError>(&parsed)) {
    logger_.error("$/cancelRequest: invalid params at " + error->path + ": " + error->message);
    return;
  }
  const auto& id = std::get<protocol::CancelParams>(parsed).id;
  respond(id, makeError(ErrorCode::RequestCancelled, "request " + idText(id) + " was cancelled"));
}

void LanguageServer::initialized() {
  if (clientPullsConfiguration_) requestConfiguration();
  if (clientRegistersWatchers_) registerFileWatchers();
  startIndexing();
}

WorkspaceIndex::Events LanguageServer::indexEvents() {
  auto progress = [this] {
    std::lock_guard lock(progressMutex_);
    return indexProgress_;
  };
  WorkspaceIndex::Events events;
  events.started = [this, progress](size_t files) {
    logger_.info("workspace index: " + std::to_string(files) + " Python files to summarise");
    if (auto p = progress()) p->begin(std::to_string(files) + " files");
  };
  events.progress = [progress](size_t done, size_t files) {
    if (auto p = progress()) {
      p->report(std::to_string(done) + "/" + std::to_string(files) + " files",
                static_cast<unsigned>(files == 0 ? 100 : done * 100 / files));
    }
  };
  events.finished = [this, progress](const WorkspaceIndexStatistics& stats) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", stats.seconds);
    std::string summary = std::to_string(stats.files) + " files, " +
                          std::to_string(stats.decorators) + " decorators in " + seconds + " s";
    std::string skipped;
    if (stats.skippedLarge > 0)
      skipped += ", " + std::to_string(stats.skippedLarge) + " over the size limit";
    if (stats.skippedLinks > 0)
      skipped += ", " + std::to_string(stats.skippedLinks) + " links not followed";
    if (stats.unreadable > 0) skipped += ", " + std::to_string(stats.unreadable) + " unreadable";
    if (stats.truncated) skipped += ", stopped at the file limit";
    logger_.info("workspace index: " + summary + skipped);
    if (auto p = progress()) p->end(summary);
  };
  events.changed = [this](const ChangedModules& modules) {
    for (const std::shared_ptr<OpenDocument>& entry : documents_.all()) {
      asio::post(entry->strand, [this, entry, modules] {
        // A resting document (see useDocument) has no analysis to drop.
        std::lock_guard use(entry->useMutex);
        if (!entry->indexChanged(modules)) return;
        entry->publishedVersion = -1;
        if (entry->document) publishDiagnostics(*entry, false);
      });
    }
  };
  events.warning = [this](const std::string& message) { logger_.warning(message); };
  return events;
}

void LanguageServer::startIndexing() {
  if (!indexEnabled_) {
    logger_.info("workspace index: disabled (closurelens.index.enabled)");
    return;
  }
  if (workspaceFolders_.empty()) {
    logger_.info("workspace index: no workspace folder; only open documents are summarised");
    return;
  }
  if (clientShowsProgress_) {
    auto progress = std::make_shared<WorkDoneProgress>(
        "closurelens/indexing", "closurelens: indexing",
        [this](const json& params) { notify("$/progress", params); });
    {
      std::lock_guard lock(progressMutex_);
      indexProgress_ = progress;
    }
    sendRequest(
        "window/workDoneProgress/create", {{"token", progress->token()}},
        [progress](const json&) { progress->created(); }, [progress] { progress->refused(); });
  }
  index_->start(workspaceFolders_, indexScan_);
}

void LanguageServer::registerFileWatchers() {
  json watchers =
      json::array({{{"globPattern", "**/*.py"}}, {{"globPattern", "**/pyproject.toml"}}});
  sendRequest("client/registerCapability",
              {{"registrations",
                {{{"id", "closurelens-watched-files"},
                  {"method", "workspace/didChangeWatchedFiles"},
                  {"registerOptions", {{"watchers", watchers}}}}}}},
              [](const json&) {});
}

void LanguageServer::didChangeWatchedFiles(const json& params) {
  // Python files go to the index, which refreshes diagnostics when a summary changed; anything
  // else (a pyproject.toml) is read again when findings are computed anew.
  bool others = !params.is_object() || !params.contains("changes") || !params["changes"].is_array();
  if (!others) {
    for (const json& change : params["changes"]) {
      if (!change.is_object() || !change.contains("uri") || !change["uri"].is_string()) continue;
      std::optional<std::filesystem::path> path = pathFromUri(change["uri"].get<std::string>());
      if (!path) continue;
      int type = change.contains("type") && change["type"].is_number_integer()
                     ? change["type"].get<int>()
                     : 2;
      bool python = path->extension() == ".py";
      if (type == 3)
        index_->fileDeleted(*path); // a file, or a folder and all below it
      else if (python || type == 1)
        index_->fileChanged(*path); // a created folder is read whole
      others = others || !python;
    }
  }
  if (others) refreshAllDiagnostics();
}

void LanguageServer::didSave(const json& params) {
  if (!params.is_object() || !params.contains("textDocument") ||
      !params["textDocument"].is_object() || !params["textDocument"].contains("uri") ||
      !params["textDocument"]["uri"].is_string()) {
    logger_.error("textDocument/didSave: invalid params: expected textDocument.uri");
    return;
  }
  std::string uri = params["textDocument"]["uri"].get<std::string>();
  // The saved text is what the open document holds; a document we do not hold is read from disk.
  if (std::shared_ptr<OpenDocument> entry = documents_.find(uri)) {
    asio::post(entry->strand, [this, entry] {
      entry->indexTimer.reset();
      std::lock_guard use(entry->useMutex);
      indexEditorText(entry);
    });
  } else if (std::optional<std::filesystem::path> path = pathFromUri(uri)) {
    index_->fileChanged(*path);
  }
}

void LanguageServer::indexEditorText(const std::shared_ptr<OpenDocument>& entry) {
  // With useMutex held; a resting document's text is left to the index's own reading.
  if (!entry->document || documents_.find(entry->uri) != entry) return;
  std::optional<std::filesystem::path> path = pathFromUri(entry->uri);
  if (!path || path->extension() != ".py") return;
  if (auto analyzed = entry->analyzed()) index_->useEditorText(*path, *analyzed);
}

void LanguageServer::scheduleIndexEditorText(const std::shared_ptr<OpenDocument>& entry) {
  if (!entry->indexTimer) entry->indexTimer.emplace(entry->strand);
  entry->indexTimer->expires_after(options_.editorIndexDelay);
  entry->indexTimer->async_wait(
      [this, weak = std::weak_ptr<OpenDocument>(entry)](const std::error_code& ec) {
        auto document = weak.lock();
        if (ec || !document) return;
        std::lock_guard use(document->useMutex);
        indexEditorText(document);
      });
}

void LanguageServer::requestConfiguration() {
  sendRequest("workspace/configuration", {{"items", {{{"section", "closurelens"}}}}},
              [this](const json& result) {
                if (result.is_array() && !result.empty()) applyClientSettings(result[0]);
              });
}

void LanguageServer::applyClientSettings(const json& section) {
  std::vector<std::string> problems;
  RuleSettings rules = section.is_object() ? parseLspSettings(section, &problems) : RuleSettings{};
  analysis::InlayHintOptions hints;
  if (section.is_object() && section.contains("inlayHints") && section["inlayHints"].is_object()) {
    const json& h = section["inlayHints"];
    auto flag = [&](const char* key, bool& out) {
      if (!h.contains(key)) return;
      if (h[key].is_boolean()) {
        out = h[key].get<bool>();
      } else {
        problems.push_back(std::string("closurelens.inlayHints.") + key + ": expected a boolean");
      }
    };
    flag("captures", hints.captures);
    flag("decoratorApplication", hints.decoratorApplication);
    flag("lateBound", hints.lateBound);
    if (h.contains("maxLength")) {
      if (h["maxLength"].is_number_unsigned()) {
        hints.maxLength = h["maxLength"].get<uint32_t>();
      } else {
        problems.emplace_back("closurelens.inlayHints.maxLength: expected a positive integer");
      }
    }
  }
  for (const std::string& problem : problems)
    logger_.warning("settings: " + problem);
  {
    std::lock_guard lock(settingsMutex_);
    clientRules_ = std::move(rules);
    inlayHints_ = hints;
  }
  refreshAllDiagnostics();
}

DocumentSettings LanguageServer::documentSettings(const OpenDocument& document) {
  RuleSettings client;
  std::optional<std::filesystem::path> root;
  {
    std::lock_guard lock(settingsMutex_);
    client = clientRules_;
    root = workspaceRoot_;
  }
  std::optional<std::filesystem::path> path = pathFromUri(document.uri);
  if (!path) return {client, document.uri};
  std::shared_ptr<const PyprojectSettings> project = pyproject_.settingsFor(*path);
  if (!project->problems.empty()) {
    std::lock_guard lock(reportedProblemsMutex_);
    for (const ConfigProblem& problem : project->problems) {
      std::string text = problem.file + ":" + std::to_string(problem.line) + ":" +
                         std::to_string(problem.column) + ": " + problem.message;
      if (!reportedProblems_.insert(text).second) continue;
      logger_.error("configuration: " + text + " (defaults are used for this part)");
      notify("window/showMessage",
             {{"type", 2}, {"message", "closurelens: " + text + " (defaults are used)"}});
    }
  }
  return {mergeSettings(project->settings, client),
          pathForGlobs(*path, *project, root.value_or(path->parent_path()))};
}

void LanguageServer::refreshAllDiagnostics() {
  ++settingsGeneration_;
  for (const std::shared_ptr<OpenDocument>& entry : documents_.all()) {
    asio::post(entry->strand, [this, entry] {
      std::unique_lock use = pullDiagnostics_ ? std::unique_lock<std::mutex>() : useDocument(entry);
      entry->findings.reset();
      entry->publishedVersion = -1;
      if (use) publishDiagnostics(*entry, false);
    });
  }
}

void LanguageServer::sendRequest(std::string_view method, const json& params,
                                 std::function<void(const json&)> onResult,
                                 std::function<void()> onError) {
  protocol::RequestId id;
  {
    std::lock_guard lock(outgoingMutex_);
    id = "closurelens-" + std::to_string(nextOutgoingId_++);
    outgoing_[protocol::toString(id)] = Outgoing{std::move(onResult), std::move(onError)};
  }
  transport_.send(protocol::serializeRequest(id, method, params));
}

analysis::InlayHintOptions LanguageServer::inlayHintOptions() {
  std::lock_guard lock(settingsMutex_);
  return inlayHints_;
}

void LanguageServer::resolveHint(const protocol::Request& request) {
  const json& data = request.params.is_object() && request.params.contains("data")
                         ? request.params["data"]
                         : json();
  std::shared_ptr<OpenDocument> entry;
  if (data.is_object() && data.contains("uri") && data["uri"].is_string()) {
    entry = documents_.find(data["uri"].get<std::string>());
  }
  if (!entry) {
    respond(request.id, json(request.params)); // nothing to add: the hint as it came
    return;
  }
  schedule(request.id, entry->strand, [this, entry, id = request.id, hint = request.params] {
    std::unique_lock use = useDocument(entry);
    respond(id, use ? resolveInlayHint(*entry, hint, inlayHintOptions()) : hint);
  });
}

std::unique_lock<std::mutex>
LanguageServer::useDocument(const std::shared_ptr<OpenDocument>& entry) {
  std::unique_lock use(entry->useMutex);
  if (!entry->wake()) return std::unique_lock<std::mutex>();
  // Settings (the client's, pyproject.toml) may set the Python version whose scoping applies.
  if (const uint64_t generation = settingsGeneration_.load();
      entry->settingsGeneration != generation) {
    analysis::AnalysisOptions options;
    if (auto version = documentSettings(*entry).rules.pythonVersion) options.version = *version;
    entry->setAnalysisOptions(options);
    entry->settingsGeneration = generation;
  }
  for (std::shared_ptr<OpenDocument>& idle : documents_.touch(entry, entry->sourceBytes())) {
    // An idle document rests at once: posted behind the work already queued (a client opening
    // a thousand files), its rest would come only after every one of them was parsed.
    if (std::unique_lock idleUse{idle->useMutex, std::try_to_lock}) {
      if (!documents_.isAwake(*idle)) idle->rest();
      continue;
    }
    asio::post(idle->strand, [this, idle] {
      std::lock_guard idleUse(idle->useMutex);
      if (!documents_.isAwake(*idle)) idle->rest();
    });
  }
  return use;
}

void LanguageServer::publishDiagnostics(OpenDocument& document, bool coalesce) {
  // No timer: an edit that finds the strand idle is published at once (analysis of a large file
  // takes milliseconds), and edits that arrive while one is analysed queue on the strand, where
  // only the last of them publishes.
  if (pullDiagnostics_) return;
  if (coalesce && document.queuedEdits.load() > 0) return;
  if (document.closed) return;
  if (document.publishedVersion == document.version && document.findings) return;
  protocol::PublishDiagnosticsParams params;
  params.uri = document.uri;
  params.version = document.version;
  params.diagnostics = documentDiagnostics(document, documentSettings(document), encoding_);
  notify("textDocument/publishDiagnostics", params);
  document.publishedVersion = document.version;
}

void LanguageServer::releaseMemory() {
  // The memory goes back once the last rebuild is done, on whichever thread that is.
  struct ReleaseWhenRebuilt {
    explicit ReleaseWhenRebuilt(Logger& to) : logger(to) {}
    ReleaseWhenRebuilt(const ReleaseWhenRebuilt&) = delete;
    ReleaseWhenRebuilt& operator=(const ReleaseWhenRebuilt&) = delete;
    Logger& logger;
    std::atomic<uint32_t> rebuilt{0};
    ~ReleaseWhenRebuilt() {
      releaseFreeMemory();
      if (logger.level() < LogLevel::Debug) return;
      std::string line =
          "memory released after " + std::to_string(rebuilt.load()) + " document rebuilds";
      if (std::optional<HeapUsage> heap = heapUsage()) {
        line += "; heap: " + std::to_string(heap->inUseBytes >> 10) + " KiB in use, " +
                std::to_string(heap->freeBytes >> 10) + " KiB free in " +
                std::to_string(heap->freeBlocks) + " blocks";
      }
      logger.debug(line);
    }
  };
  auto release = std::make_shared<ReleaseWhenRebuilt>(logger_);
  if (options_.rebuildAfterEdits == 0) return;
  for (const std::shared_ptr<OpenDocument>& entry : documents_.all()) {
    if (entry->editsSinceRebuild.load(std::memory_order_relaxed) < options_.rebuildAfterEdits)
      continue;
    asio::post(entry->strand, [entry, release] {
      // An edit queued meanwhile: the session is not quiet after all, and the edit goes first.
      if (entry->queuedEdits.load() > 0) return;
      std::lock_guard use(entry->useMutex);
      if (entry->rebuild()) ++release->rebuilt;
    });
  }
}

void LanguageServer::respond(const protocol::RequestId& id, Reply reply) {
  std::optional<protocol::RequestId> shutdownNow;
  {
    std::lock_guard lock(pendingMutex_);
    if (pending_.erase(id) == 0) return;
    // No request joins pending_ after shutdown, so only this thread sees the last one go.
    if (deferredShutdown_ && pending_.size() == 1 && pending_.count(*deferredShutdown_)) {
      shutdownNow = deferredShutdown_;
      deferredShutdown_.reset();
    }
  }
  if (auto* result = std::get_if<json>(&reply)) {
    transport_.send(protocol::serializeResponse(id, *result));
  } else {
    const auto& error = std::get<ResponseError>(reply);
    transport_.send(protocol::serializeError(id, error.code, error.message, error.data));
  }
  if (shutdownNow) respond(*shutdownNow, json(nullptr));
}

bool LanguageServer::isPending(const protocol::RequestId& id) {
  std::lock_guard lock(pendingMutex_);
  return pending_.count(id) != 0;
}

void LanguageServer::notify(std::string_view method, const json& params) {
  transport_.send(protocol::serializeNotification(method, params));
}

} // namespace closurelens::server
