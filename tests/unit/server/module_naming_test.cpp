// Module names from the package structure: folders with __init__.py above a file make its dotted
// name; the crawl stops at the first folder without one, or whose name is no identifier.
#include "server/module_naming.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

struct NamingCase {
  const char* file;
  const char* folder;
  std::set<std::string> packages; // folders holding an __init__.py
  std::optional<std::string> module;
  bool isPackage = false;
  std::string importRoot = {};
  std::string folderModule = {};
};

void PrintTo(const NamingCase& c, std::ostream* os) {
  *os << c.file;
}

class ModuleNamingTest : public ::testing::TestWithParam<NamingCase> {};

TEST_P(ModuleNamingTest, Names) {
  const NamingCase& c = GetParam();
  PackageTest isPackage = [&](const fs::path& dir) { return c.packages.count(dir.string()) != 0; };
  std::optional<ModuleNaming> naming = nameModule(c.file, c.folder, isPackage);
  ASSERT_EQ(naming.has_value(), c.module.has_value());
  if (!naming) return;
  EXPECT_EQ(naming->module, *c.module);
  EXPECT_EQ(naming->isPackage, c.isPackage);
  EXPECT_EQ(naming->importRoot.string(), c.importRoot);
  EXPECT_EQ(naming->folderModule, c.folderModule);
}

INSTANTIATE_TEST_SUITE_P(
    All, ModuleNamingTest,
    ::testing::Values(
        NamingCase{"/w/tool.py", "/w", {}, "tool", false, "/w"},
        NamingCase{"/w/pkg/util.py", "/w", {"/w/pkg"}, "pkg.util", false, "/w"},
        NamingCase{"/w/pkg/__init__.py", "/w", {"/w/pkg"}, "pkg", true, "/w"},
        NamingCase{"/w/pkg/sub/__init__.py", "/w", {"/w/pkg", "/w/pkg/sub"}, "pkg.sub", true, "/w"},
        // src layout: src/ is no package, so it is the import root.
        NamingCase{"/w/src/pkg/util.py",
                   "/w",
                   {"/w/src/pkg"},
                   "pkg.util",
                   false,
                   "/w/src",
                   "src.pkg.util"},
        // A namespace package (no __init__.py): named from the folder too.
        NamingCase{"/w/ns/mod.py", "/w", {}, "mod", false, "/w/ns", "ns.mod"},
        // The workspace folder is itself a package: the crawl goes above it.
        NamingCase{"/home/u/pkg/util.py",
                   "/home/u/pkg",
                   {"/home/u/pkg"},
                   "pkg.util",
                   false,
                   "/home/u",
                   "util"},
        NamingCase{"/w/my-scripts/run.py", "/w", {}, "run", false, "/w/my-scripts"},
        NamingCase{"/w/my-pkg/util.py", "/w", {"/w/my-pkg"}, "util", false, "/w/my-pkg"},
        NamingCase{"/w/my-tool.py", "/w", {}, std::nullopt},
        NamingCase{"/w/my-pkg/__init__.py", "/w", {"/w/my-pkg"}, std::nullopt},
        NamingCase{"/w/café/naïve.py", "/w", {"/w/café"}, "café.naïve", false, "/w"},
        NamingCase{"/w/notes.txt", "/w", {}, std::nullopt},
        NamingCase{"/elsewhere/x.py", "/w", {}, "x", false, "/elsewhere"}));

TEST(ModuleIdentifier, FollowsPythonsRules) {
  EXPECT_TRUE(isModuleIdentifier("_private2"));
  EXPECT_FALSE(isModuleIdentifier("2fast"));
  EXPECT_FALSE(isModuleIdentifier("with-dash"));
  EXPECT_FALSE(isModuleIdentifier(""));
}

} // namespace
} // namespace closurelens::server
