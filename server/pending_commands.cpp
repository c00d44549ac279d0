// Temporary: commands whose implementation is being written in this session.
#include "server/commands.hpp"

#include <ostream>

namespace closurelens::server {
int runCheckCommand(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
  err << "closurelens: check: not available yet\n";
  return 2;
}
} // namespace closurelens::server
