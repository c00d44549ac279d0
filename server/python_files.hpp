// Finding the Python files under the paths a command was given: the directory walk shared by
// `closurelens facts` and `closurelens check`. Plain functions over the file system; any thread
// may call them (each call keeps its own state).
#pragma once

#include <string>
#include <vector>

namespace closurelens::server {

struct PythonFileWalkOptions {
  // Skip the folders no one means to check: .git, .hg, .svn, __pycache__, node_modules, .tox,
  // .nox, .mypy_cache, .pytest_cache, .ruff_cache, and virtual environments (any folder holding a
  // pyvenv.cfg). `facts` walks everything, as os.walk does, so the corpus test sees every file.
  bool skipToolDirectories = false;
  // Skip symbolic links to files that resolve outside the walked root. Links to directories are
  // never followed either way (as os.walk does by default).
  bool stayInsideRoot = false;
};

struct PythonFileWalkProblem {
  std::string path;    // the folder that could not be listed
  std::string message; // the system's reason
};

// Appends to `out` the *.py files under the directory `root`, in the order an os.walk over it
// visits them (each folder's files sorted by name, then its subfolders, sorted by name,
// recursively), each spelled as os.path.join spells it from `root`.
void collectPythonFiles(const std::string& root, const PythonFileWalkOptions& options,
                        std::vector<std::string>& out,
                        std::vector<PythonFileWalkProblem>& problems);

} // namespace closurelens::server
