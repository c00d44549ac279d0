#include "server/allocator_policy.hpp"

#include <cstdio>
#include <cstdlib> // defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unistd.h>

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

std::optional<std::size_t> residentBytes() {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return std::nullopt;
  unsigned long long sizePages = 0;
  unsigned long long residentPages = 0;
  const int read = std::fscanf(statm, "%llu %llu", &sizePages, &residentPages);
  std::fclose(statm);
  if (read != 2) return std::nullopt;
  const long pageSize = sysconf(_SC_PAGESIZE);
  if (pageSize <= 0) return std::nullopt;
  return static_cast<std::size_t>(residentPages) * static_cast<std::size_t>(pageSize);
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
