// The fuzz targets' assertion: a broken invariant is a crash that libFuzzer records, with the
// condition and a message that says which invariant of which layer failed.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, message)                                                             \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, message,      \
                   #condition);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (false)
