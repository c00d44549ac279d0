// The text a module summary needs, for the workspace index to parse a third of a typical file:
// the bodies that cannot change a summary are blanked, every line kept in its place (summaries
// record lines, never byte offsets). Blanked are the bodies of top-level functions that cannot be
// decorators (no nested def, class or lambda, and no `return` of something their header names)
// and of methods other than __init__, __call__ and __get__ in top-level classes. What is left
// parses to the same summary as the whole file. A pure function; any thread may call it.
#pragma once

#include <string>
#include <string_view>

namespace closurelens::analysis {

// Writes the reduced text of `source` to `out` and returns true, or returns false (leaving `out`
// alone) when nothing can be blanked.
bool reduceForSummary(std::string_view source, std::string& out);

} // namespace closurelens::analysis
