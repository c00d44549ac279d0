#include "server/commands.hpp"

#include <ostream>

namespace closurelens::server {
int runFactsCommand(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
  err << "closurelens: facts: not available yet\n";
  return 2;
}
} // namespace closurelens::server
