#include "server/document_store.hpp"

#include <gtest/gtest.h>

#include <asio/thread_pool.hpp>

#include <cstdlib>
#include <string>
#include <utility>

namespace closurelens::server {
namespace {

class DocumentStoreTest : public ::testing::Test {
protected:
  asio::thread_pool pool{1};
  DocumentStore store{pool, 100};
};

TEST_F(DocumentStoreTest, TouchPushesOutLeastRecentlyUsedBeyondTheBudget) {
  auto a = store.open("file:///a.py");
  auto b = store.open("file:///b.py");
  auto c = store.open("file:///c.py");
  EXPECT_TRUE(store.touch(a, 40).empty());
  EXPECT_TRUE(store.touch(b, 40).empty());
  EXPECT_TRUE(store.touch(a, 40).empty()); // a is now the most recent, b the least
  auto out = store.touch(c, 40);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], b);
  EXPECT_TRUE(store.isAwake(*a));
  EXPECT_FALSE(store.isAwake(*b));
  EXPECT_TRUE(store.isAwake(*c));
}

TEST_F(DocumentStoreTest, ADocumentLargerThanTheBudgetStaysAwakeAlone) {
  auto a = store.open("file:///a.py");
  auto big = store.open("file:///big.py");
  store.touch(a, 10);
  auto out = store.touch(big, 500);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], a);
  EXPECT_TRUE(store.isAwake(*big));
  EXPECT_TRUE(store.touch(big, 500).empty());
}

TEST_F(DocumentStoreTest, TouchingAgainUpdatesTheSizeAndClosingFreesTheBudget) {
  auto a = store.open("file:///a.py");
  auto b = store.open("file:///b.py");
  store.touch(a, 90);
  store.touch(a, 10); // the document shrank: counted once, at its new size
  EXPECT_TRUE(store.touch(b, 90).empty());
  store.close("file:///b.py");
  EXPECT_FALSE(store.isAwake(*b));
  auto c = store.open("file:///c.py");
  EXPECT_TRUE(store.touch(c, 90).empty());
}

TEST_F(DocumentStoreTest, ReopeningForgetsTheReplacedEntry) {
  auto old = store.open("file:///a.py");
  store.touch(old, 90);
  auto fresh = store.open("file:///a.py");
  EXPECT_FALSE(store.isAwake(*old));
  EXPECT_TRUE(store.touch(fresh, 90).empty());
}

TEST(OpenDocumentTest, RestKeepsTheTextAndWakeParsesItAgain) {
  asio::thread_pool pool{1};
  OpenDocument entry("file:///a.py", asio::make_strand(pool.get_executor()));
  EXPECT_FALSE(entry.wake()); // not opened yet
  const std::string text = "def outer():\n    x = 1\n    def inner():\n        return x\n";
  entry.document.emplace(text);
  ASSERT_TRUE(entry.analyzed());
  entry.rest();
  EXPECT_FALSE(entry.document.has_value());
  EXPECT_EQ(entry.sourceBytes(), text.size());
  ASSERT_TRUE(entry.wake());
  EXPECT_EQ(entry.document->text(), text);
  auto analyzed = entry.analyzed();
  ASSERT_TRUE(analyzed);
  EXPECT_EQ(analyzed->source(), text);
  EXPECT_EQ(entry.lineIndex().textSize(), text.size());
}

TEST(OpenDocumentTest, AnOutOfSyncDocumentDoesNotWake) {
  asio::thread_pool pool{1};
  OpenDocument entry("file:///a.py", asio::make_strand(pool.get_executor()));
  entry.document.emplace("x = 1\n");
  entry.rest();
  ASSERT_TRUE(entry.wake());
  entry.document.reset(); // what didChange does when an edit does not fit
  EXPECT_FALSE(entry.wake());
}

// Top-level statements, so that an edit of one leaves the others to be reused.
constexpr const char* kModule = "import functools\n"
                                "def deco(fn):\n"
                                "    @functools.wraps(fn)\n"
                                "    def wrapper(*args):\n"
                                "        return fn(*args)\n"
                                "    return wrapper\n"
                                "def make():\n"
                                "    count = 0\n"
                                "    def bump():\n"
                                "        nonlocal count\n"
                                "        count += 1\n"
                                "    return bump\n"
                                "handlers = [lambda: i for i in range(3)]\n";

std::string treeText(const analysis::Document& document) {
  char* text = ts_node_string(ts_tree_root_node(document.tree()));
  std::string out(text);
  std::free(text);
  return out;
}

TEST(OpenDocumentTest, RebuildAnalysesTheSameTextAfresh) {
  asio::thread_pool pool{1};
  OpenDocument entry("file:///a.py", asio::make_strand(pool.get_executor()));
  entry.document.emplace(kModule);
  ASSERT_TRUE(entry.analyzed());
  // Renames inside make() and in the last statement.
  for (auto [line, column] : {std::pair{7u, 4u}, std::pair{10u, 8u}, std::pair{12u, 4u}}) {
    uint32_t at = entry.document->lines().lineStart(line) + column;
    ASSERT_TRUE(entry.document->applyEdit(at, at, "x"));
    entry.textChanged();
    ASSERT_GT(entry.analyzed()->reuse.statementsReused, 0u);
  }
  EXPECT_EQ(entry.editsSinceRebuild.load(), 3u);
  auto incremental = entry.analyzed();
  std::string tree = treeText(*entry.document);

  ASSERT_TRUE(entry.rebuild());
  EXPECT_EQ(entry.editsSinceRebuild.load(), 0u);
  auto rebuilt = entry.analyzed();
  EXPECT_NE(rebuilt, incremental);
  EXPECT_EQ(rebuilt->reuse.statementsReused, 0u);
  EXPECT_EQ(rebuilt->source(), incremental->source());
  EXPECT_TRUE(rebuilt->scopes == incremental->scopes);
  EXPECT_EQ(treeText(*entry.document), tree);
  EXPECT_EQ(entry.lineIndex().textSize(), rebuilt->source().size());

  // The next edit reuses the rebuilt analysis.
  uint32_t at = entry.document->lines().lineStart(7) + 4;
  ASSERT_TRUE(entry.document->applyEdit(at, at + 1, ""));
  entry.textChanged();
  EXPECT_GT(entry.analyzed()->reuse.statementsReused, 0u);
  EXPECT_EQ(entry.editsSinceRebuild.load(), 1u);
}

TEST(OpenDocumentTest, RestingAndOutOfSyncDocumentsAreNotRebuilt) {
  asio::thread_pool pool{1};
  OpenDocument entry("file:///a.py", asio::make_strand(pool.get_executor()));
  entry.document.emplace(kModule);
  ASSERT_TRUE(entry.document->applyEdit(0, 0, "#\n"));
  entry.textChanged();
  entry.rest();
  EXPECT_EQ(entry.editsSinceRebuild.load(), 0u); // waking parses from scratch anyway
  EXPECT_FALSE(entry.rebuild());
  EXPECT_FALSE(entry.document.has_value()); // still resting

  ASSERT_TRUE(entry.wake());
  entry.document.reset(); // what didChange does when an edit does not fit
  entry.textChanged();
  EXPECT_FALSE(entry.rebuild());
  // Not asked again at every release.
  EXPECT_EQ(entry.editsSinceRebuild.load(), 0u);
}

} // namespace
} // namespace closurelens::server
