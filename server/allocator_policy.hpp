// How the language server asks the C allocator to behave over a long session. glibc gives each
// thread that allocates concurrently an arena of its own and keeps the pages freed in each; a
// session's documents are edited on whichever worker thread runs their strand, so their trees and
// analyses spread over several arenas and the freed space of one is not reused by another: the
// resident memory of a session creeps up while the memory in use stays flat. The functions do
// nothing where the C library is not glibc.
#pragma once

#include <cstddef>
#include <optional>

namespace closurelens::server {

// What the allocator holds, from glibc's mallinfo2 (heap and mmapped blocks): free bytes are
// kept for reuse, whether they are resident or were given back.
struct HeapUsage {
  std::size_t inUseBytes = 0;
  std::size_t freeBytes = 0;
  std::size_t freeBlocks = 0;
};

// All threads allocate from one arena. Call before the server starts its threads.
void useOneAllocatorArena();

// Returns the allocator's free pages to the operating system. Any thread.
void releaseFreeMemory();

// The process's resident memory in bytes (Linux's /proc/self/statm); empty where unknown. Any
// thread; one small file read.
std::optional<std::size_t> residentBytes();

// Empty where the C library is not glibc. Any thread; it walks the allocator's free lists.
std::optional<HeapUsage> heapUsage();

} // namespace closurelens::server
