#include "server/commands.hpp"

#include <iostream>
#include <string_view>

namespace closurelens::server {
namespace {

constexpr std::string_view kUsage =
    R"(closurelens: closures and decorators made visible, for Python.

Usage:
  closurelens [--stdio]                 serve the Language Server Protocol on stdin/stdout
  closurelens --listen 127.0.0.1:PORT   serve one LSP client over TCP
  closurelens check PATH...             report closure and decorator pitfalls
  closurelens facts PATH...             print each scope's co_freevars / co_cellvars as JSON lines
  closurelens explain CODE              print a rule's documentation (e.g. CL201)
  closurelens --version | --help

Server options:
  --log-level error|warning|info|debug  what goes to stderr and window/logMessage (default info)
  --max-message-bytes N                 larger messages are discarded and answered with an error
                                        (default 64 MiB)
  --max-queued-output-bytes N           output waiting for a client that does not read, beyond
                                        which the output is given up (default 64 MiB)

Run `closurelens check --help` for the options of check.
)";

} // namespace

int runCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty()) {
    const std::string& first = args.front();
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (first == "--version" || first == "-V") {
      std::cout << "closurelens " << CLOSURELENS_VERSION << "\n";
      return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (first == "facts") return runFactsCommand(rest, std::cout, std::cerr);
    if (first == "check") return runCheckCommand(rest, std::cout, std::cerr);
    if (first == "explain") return runExplainCommand(rest, std::cout, std::cerr);
    if (first.rfind("--", 0) != 0) {
      std::cerr << "closurelens: unknown command or option '" << first << "'\n\n" << kUsage;
      return 2;
    }
  }
  return runServeCommand(args, std::cerr);
}

} // namespace closurelens::server
