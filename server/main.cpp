#include "server/commands.hpp"

int main(int argc, char** argv) {
  return closurelens::server::runCli(argc, argv);
}
