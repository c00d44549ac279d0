#include "server/allocator_policy.hpp"
#include "server/commands.hpp"
#include "server/json_rpc_transport.hpp"
#include "server/language_server.hpp"
#include "server/logger.hpp"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>
#include <string_view>
#include <unistd.h>

namespace closurelens::server {
namespace {

struct ServeArgs {
  LogLevel logLevel = LogLevel::Info;
  std::optional<std::string> listen;
  TransportLimits transport;
  ServerOptions server;
};

template <class Int> bool parseNumber(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Accepts `--name value` and `--name=value`; `i` moves past what was consumed.
std::optional<std::string> optionValue(const std::vector<std::string>& args, size_t& i,
                                       std::string_view name) {
  const std::string& arg = args[i];
  if (arg == name && i + 1 < args.size()) return args[++i];
  if (arg.size() > name.size() + 1 && arg.compare(0, name.size(), name) == 0 &&
      arg[name.size()] == '=') {
    return arg.substr(name.size() + 1);
  }
  return std::nullopt;
}

std::optional<ServeArgs> parseServeArgs(const std::vector<std::string>& args, std::ostream& err) {
  ServeArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--stdio") continue;
    if (auto value = optionValue(args, i, "--log-level")) {
      auto level = parseLogLevel(*value);
      if (!level) {
        err << "closurelens: --log-level takes error, warning, info or debug, not '" << *value
            << "'\n";
        return std::nullopt;
      }
      out.logLevel = *level;
    } else if (auto value = optionValue(args, i, "--listen")) {
      out.listen = *value;
    } else if (auto value = optionValue(args, i, "--max-message-bytes")) {
      if (!parseNumber(*value, out.transport.maxMessageBytes) ||
          out.transport.maxMessageBytes == 0) {
        err << "closurelens: --max-message-bytes takes a positive number\n";
        return std::nullopt;
      }
    } else if (auto value = optionValue(args, i, "--max-queued-output-bytes")) {
      if (!parseNumber(*value, out.transport.maxQueuedOutputBytes) ||
          out.transport.maxQueuedOutputBytes == 0) {
        err << "closurelens: --max-queued-output-bytes takes a positive number\n";
        return std::nullopt;
      }
    } else if (auto value = optionValue(args, i, "--test-request-delay-ms")) {
      unsigned ms = 0;
      if (!parseNumber(*value, ms)) {
        err << "closurelens: --test-request-delay-ms takes a number of milliseconds\n";
        return std::nullopt;
      }
      out.server.requestDelay = std::chrono::milliseconds(ms);
    } else {
      err << "closurelens: unknown option '" << arg << "' (see closurelens --help)\n";
      return std::nullopt;
    }
  }
  return out;
}

int serve(JsonRpcTransport& transport, Logger& logger, const ServerOptions& options) {
  int code = 0;
  {
    LanguageServer server(transport, logger, options);
    code = server.run();
  }
  transport.close();
  return code;
}

int serveTcp(const std::string& where, Logger& logger, const ServeArgs& args, std::ostream& err) {
  auto colon = where.rfind(':');
  unsigned short port = 0;
  if (colon == std::string::npos || !parseNumber(std::string_view(where).substr(colon + 1), port)) {
    err << "closurelens: --listen takes HOST:PORT, e.g. 127.0.0.1:2087\n";
    return 2;
  }
  std::string host = where.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec || !address.is_loopback()) {
    err << "closurelens: --listen serves loopback addresses only (127.0.0.1, ::1), not '" << host
        << "'\n";
    return 2;
  }
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  asio::ip::tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(1, ec);
  if (ec) {
    err << "closurelens: cannot listen on " << where << ": " << ec.message() << "\n";
    return 2;
  }
  logger.info("listening on " + host + ":" + std::to_string(acceptor.local_endpoint().port()));
  asio::ip::tcp::socket socket(io);
  acceptor.accept(socket, ec);
  if (ec) {
    err << "closurelens: accept failed: " << ec.message() << "\n";
    return 2;
  }
  acceptor.close();
  int fd = socket.native_handle();
  JsonRpcTransport transport(fdReader(fd), fdWriter(fd), args.transport, logger);
  return serve(transport, logger, args.server);
}

} // namespace

int runServeCommand(const std::vector<std::string>& args, std::ostream& err) {
  auto parsed = parseServeArgs(args, err);
  if (!parsed) return 2;
  // A client that goes away must end the session through a failed write, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  useOneAllocatorArena(); // before the transport and the server start their threads
  Logger logger(parsed->logLevel, err);
  if (parsed->listen) return serveTcp(*parsed->listen, logger, *parsed, err);
  JsonRpcTransport transport(fdReader(STDIN_FILENO), fdWriter(STDOUT_FILENO), parsed->transport,
                             logger);
  return serve(transport, logger, parsed->server);
}

} // namespace closurelens::server
