// How the language server asks the C allocator to behave over a long session. glibc gives each
// thread that allocates concurrently an arena of its own and keeps the pages freed in each; a
// session's documents are edited on whichever worker thread runs their strand, so their trees and
// analyses spread over several arenas and the freed space of one is not reused by another: the
// resident memory of a session creeps up while the memory in use stays flat. Both functions are
// no-ops where the C library is not glibc.
#pragma once

namespace closurelens::server {

// All threads allocate from one arena. Call before the server starts its threads.
void useOneAllocatorArena();

// Returns the allocator's free pages to the operating system. Any thread.
void releaseFreeMemory();

} // namespace closurelens::server
