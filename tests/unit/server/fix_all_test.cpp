// The unified diff --diff prints (checked against what `patch` expects, line by line) and the
// choice of the fix --fix applies.
#include "server/fix_all.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::server {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unifiedDiff("a\nb\n", "a\nb\n", "f.py"), "");
}

TEST(UnifiedDiff, OneInsertionWithContext) {
  EXPECT_EQ(unifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nnew\n5\n6\n7\n8\n", "f.py"),
            "--- a/f.py\n+++ b/f.py\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n");
}

TEST(UnifiedDiff, ChangesFarApartMakeTwoHunks) {
  std::string before;
  for (int i = 1; i <= 20; ++i)
    before += std::to_string(i) + "\n";
  std::string after = before;
  after.replace(after.find("2\n"), 2, "two\n");
  after.replace(after.find("18\n"), 3, "eighteen\n");
  EXPECT_EQ(unifiedDiff(before, after, "f.py"),
            "--- a/f.py\n+++ b/f.py\n"
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
}

TEST(UnifiedDiff, ChangesCloseTogetherShareAHunk) {
  EXPECT_EQ(unifiedDiff("a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n", "f.py"),
            "--- a/f.py\n+++ b/f.py\n@@ -1,5 +1,5 @@\n-a\n+A\n b\n c\n d\n-e\n+E\n");
}

TEST(UnifiedDiff, FromAndToEmpty) {
  EXPECT_EQ(unifiedDiff("", "x\n", "f.py"), "--- a/f.py\n+++ b/f.py\n@@ -0,0 +1,1 @@\n+x\n");
  EXPECT_EQ(unifiedDiff("x\n", "", "f.py"), "--- a/f.py\n+++ b/f.py\n@@ -1,1 +0,0 @@\n-x\n");
}

TEST(UnifiedDiff, MissingFinalNewline) {
  EXPECT_EQ(unifiedDiff("a\nb", "a\nc", "f.py"),
            "--- a/f.py\n+++ b/f.py\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
            "\\ No newline at end of file\n");
}

TEST(SafeFix, PreferredSafeFirstThenAnySafe) {
  analysis::Finding finding;
  EXPECT_EQ(safeFixOf(finding), nullptr);
  finding.fixes.push_back({"unsafe preferred", analysis::FixKind::QuickFix, true, false, {}});
  EXPECT_EQ(safeFixOf(finding), nullptr);
  finding.fixes.push_back({"safe", analysis::FixKind::QuickFix, false, true, {}});
  EXPECT_EQ(safeFixOf(finding)->title, "safe");
  finding.fixes.push_back({"safe preferred", analysis::FixKind::QuickFix, true, true, {}});
  EXPECT_EQ(safeFixOf(finding)->title, "safe preferred");
}

} // namespace
} // namespace closurelens::server
