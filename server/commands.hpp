// The entry points of the closurelens binary's sub-commands. Each runs on the calling thread,
// writes its results to `out` and its complaints to `err`, and returns the process exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace closurelens::server {

// `closurelens [--stdio | --listen HOST:PORT] [--log-level LEVEL]`: the language server.
int runServeCommand(const std::vector<std::string>& args, std::ostream& err);

// `closurelens facts PATH...`: one JSON line per function, lambda and class scope.
int runFactsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `closurelens check PATH...`: diagnostics for files and folders.
int runCheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// `closurelens explain CODE`: a rule's documentation.
int runExplainCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Dispatches argv to the commands above; handles --version and --help itself.
int runCli(int argc, char** argv);

} // namespace closurelens::server
