#include "server/allocator_policy.hpp"

#include <cstdlib> // defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace closurelens::server {

void useOneAllocatorArena() {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 1);
#endif
}

void releaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

std::optional<HeapUsage> heapUsage() {
#if defined(__GLIBC__)
  struct mallinfo2 info = mallinfo2();
  HeapUsage usage;
  usage.inUseBytes = info.uordblks + info.hblkhd;
  usage.freeBytes = info.fordblks;
  usage.freeBlocks = info.ordblks;
  return usage;
#else
  return std::nullopt;
#endif
}

} // namespace closurelens::server
