#include "analysis/document.hpp"

#include <gtest/gtest.h>

#include <string>

namespace closurelens::analysis {
namespace {

std::string sexp(const Document& doc) {
  char* s = ts_node_string(ts_tree_root_node(doc.tree()));
  std::string out(s);
  free(s);
  return out;
}

struct EditCase {
  const char* name;
  std::string before;
  uint32_t start, end;
  std::string inserted;
  std::string after;
};

class DocumentEditTest : public ::testing::TestWithParam<EditCase> {};

TEST_P(DocumentEditTest, IncrementalTreeEqualsFreshParse) {
  const EditCase& c = GetParam();
  Document doc(c.before);
  std::vector<ByteRange> changed;
  ASSERT_TRUE(doc.applyEdit(c.start, c.end, c.inserted, &changed));
  EXPECT_EQ(doc.text(), c.after);
  Document fresh(c.after);
  EXPECT_EQ(sexp(doc), sexp(fresh));
  ASSERT_FALSE(changed.empty());
  EXPECT_EQ(changed.back(),
            (ByteRange{c.start, c.start + static_cast<uint32_t>(c.inserted.size())}));
}

INSTANTIATE_TEST_SUITE_P(
    Edits, DocumentEditTest,
    ::testing::Values(
        EditCase{"rename", "def f():\n    x = 1\n", 13, 14, "y", "def f():\n    y = 1\n"},
        EditCase{"insertLine", "def f():\n    pass\n", 9, 9, "    x = 1\n",
                 "def f():\n    x = 1\n    pass\n"},
        EditCase{"breakSyntax", "def f():\n    pass\n", 5, 7, "", "def f:\n    pass\n"},
        EditCase{"nonAscii", "s = 'é'\nt = 1\n", 9, 9, "ü = 2\n", "s = 'é'\nü = 2\nt = 1\n"},
        EditCase{"deleteAll", "x = 1\n", 0, 6, "", ""}),
    [](const auto& info) { return info.param.name; });

TEST(DocumentTest, RejectsRangesThatDoNotFit) {
  Document doc("x = 1\n");
  EXPECT_FALSE(doc.applyEdit(4, 3, "y"));
  EXPECT_FALSE(doc.applyEdit(2, 7, "y"));
  EXPECT_EQ(doc.text(), "x = 1\n");
}

TEST(DocumentTest, SnapshotIsUnaffectedByLaterEdits) {
  Document doc("x = 1\n");
  Snapshot snap = doc.snapshot();
  ASSERT_TRUE(doc.applyEdit(0, 1, "yy"));
  EXPECT_EQ(snap.source(), "x = 1\n");
  EXPECT_EQ(ts_node_end_byte(snap.root()), 6u);
  EXPECT_EQ(doc.text(), "yy = 1\n");
}

TEST(DocumentTest, PointAtCountsRowsAndByteColumns) {
  Document doc("a\nbé\nc");
  EXPECT_EQ(doc.pointAt(0).row, 0u);
  EXPECT_EQ(doc.pointAt(4).row, 1u);
  EXPECT_EQ(doc.pointAt(4).column, 2u);
  EXPECT_EQ(doc.pointAt(6).row, 2u);
}

} // namespace
} // namespace closurelens::analysis
