// The workspace scan over real temporary folders: what it lists, in which order, and everything
// it leaves out (virtual environments, node_modules, .git and other hidden folders, __pycache__,
// site-packages, files over the size cap, links to folders and links leading out of the folder).
#include "server/workspace_scan.hpp"

#include "support/test_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> listed(const WorkspaceScan& scan, const fs::path& root) {
  std::vector<std::string> out;
  for (const ScannedFile& file : scan.files)
    out.push_back(file.path.lexically_relative(root).string());
  return out;
}

TEST(WorkspaceScan, ListsPythonFilesFolderByFolderInNameOrder) {
  testing::TempFolder dir;
  dir.write("b.py");
  dir.write("a.py");
  dir.write("notes.txt");
  dir.write("pkg/__init__.py");
  dir.write("pkg/z.py");
  dir.write("pkg/inner/m.py");
  dir.write("aaa/first.py");
  std::atomic<bool> stop{false};
  WorkspaceScan scan = scanWorkspace(dir.path(), {}, stop);
  EXPECT_EQ(listed(scan, dir.path()),
            (std::vector<std::string>{"a.py", "b.py", "aaa/first.py", "pkg/__init__.py", "pkg/z.py",
                                      "pkg/inner/m.py"}));
  EXPECT_EQ(scan.files[0].bytes, 6u);
  EXPECT_TRUE(scan.problems.empty());
}

TEST(WorkspaceScan, SkipsWhatIsNotTheWorkspacesOwnCode) {
  testing::TempFolder dir;
  dir.write("keep.py");
  dir.write("venv/lib/python3.11/site.py");       // named like a virtual environment
  dir.write("tools/pyvenv.cfg", "home = /usr\n"); // any folder holding pyvenv.cfg
  dir.write("tools/lib/inside.py");
  dir.write(".venv/lib/x.py");
  dir.write(".git/hooks/x.py");
  dir.write(".hidden/x.py");
  dir.write("node_modules/pkg/x.py");
  dir.write("pkg/__pycache__/x.py");
  dir.write("lib/site-packages/x.py");
  dir.write("env/__init__.py"); // a package named env is the project's own
  dir.write("env/settings.py");
  dir.write("big.py", std::string(2000, '#'));
  std::atomic<bool> stop{false};
  WorkspaceScanOptions options;
  options.maxFileBytes = 1000;
  WorkspaceScan scan = scanWorkspace(dir.path(), options, stop);
  EXPECT_EQ(listed(scan, dir.path()),
            (std::vector<std::string>{"keep.py", "env/__init__.py", "env/settings.py"}));
  EXPECT_EQ(scan.skippedLarge, 1u);
  // venv, tools, .venv, .git, .hidden, node_modules, __pycache__, site-packages.
  EXPECT_EQ(scan.skippedFolders, 8u);
}

TEST(WorkspaceScan, NeverFollowsLinksOutOfTheFolder) {
  testing::TempFolder outside;
  outside.write("lib/elsewhere.py");
  outside.write("single.py");
  testing::TempFolder dir;
  dir.write("real.py");
  dir.write("sub/target.py");
  fs::create_directory_symlink(outside.path() / "lib", dir.path() / "linked_lib");
  fs::create_directory_symlink(dir.path() / "sub", dir.path() / "linked_sub");
  fs::create_symlink(outside.path() / "single.py", dir.path() / "out.py");
  fs::create_symlink(dir.path() / "sub" / "target.py", dir.path() / "in.py");
  std::atomic<bool> stop{false};
  WorkspaceScan scan = scanWorkspace(dir.path(), {}, stop);
  EXPECT_EQ(listed(scan, dir.path()),
            (std::vector<std::string>{"in.py", "real.py", "sub/target.py"}));
  EXPECT_EQ(scan.skippedLinks, 3u); // two folder links, one file link leading out

  EXPECT_TRUE(isWorkspaceFile(dir.path() / "in.py", dir.path(), {}));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "out.py", dir.path(), {}));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "linked_sub" / "target.py", dir.path(), {}));
  EXPECT_FALSE(isWorkspaceFile(outside.path() / "single.py", dir.path(), {}));
}

TEST(WorkspaceScan, StopsAtTheFileLimit) {
  testing::TempFolder dir;
  for (int i = 0; i < 5; ++i)
    dir.write("m" + std::to_string(i) + ".py");
  std::atomic<bool> stop{false};
  WorkspaceScanOptions options;
  options.maxFiles = 3;
  WorkspaceScan scan = scanWorkspace(dir.path(), options, stop);
  EXPECT_EQ(scan.files.size(), 3u);
  EXPECT_TRUE(scan.truncated);
}

TEST(WorkspaceScan, TellsWhichFilesBelongToTheFolder) {
  testing::TempFolder dir;
  dir.write("pkg/mod.py");
  dir.write("node_modules/x.py");
  dir.write("pkg/big.py", std::string(3000, '#'));
  dir.write("pkg/data.txt");
  WorkspaceScanOptions options;
  options.maxFileBytes = 1000;
  EXPECT_TRUE(isWorkspaceFile(dir.path() / "pkg/mod.py", dir.path(), options));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "node_modules/x.py", dir.path(), options));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "pkg/big.py", dir.path(), options));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "pkg/data.txt", dir.path(), options));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / "pkg/missing.py", dir.path(), options));
  EXPECT_FALSE(isWorkspaceFile(dir.path() / ".." / "elsewhere.py", dir.path(), options));
}

TEST(WorkspaceScan, ReportsAFolderItCannotRead) {
  std::atomic<bool> stop{false};
  WorkspaceScan scan = scanWorkspace("/nonexistent/closurelens/folder", {}, stop);
  EXPECT_TRUE(scan.files.empty());
  ASSERT_EQ(scan.problems.size(), 1u);
}

} // namespace
} // namespace closurelens::server
