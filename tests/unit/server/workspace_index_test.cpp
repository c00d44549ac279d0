// The workspace index over real temporary folders: indexing in the background with progress
// events, lookups through externalsFor, generations that move only when a summary says something
// new, file events, and open documents whose text stands for the file until they close.
#include "server/workspace_index.hpp"

#include "analysis/document.hpp"
#include "support/test_files.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

const std::string kPlain = R"(def timed(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
)";

const std::string kFactory = R"(def timed(label):
    def decorate(fn):
        def wrapper(*args):
            return fn(*args)
        return wrapper
    return decorate
)";

struct Recorded {
  std::mutex mutex;
  std::vector<size_t> started;
  std::vector<std::pair<size_t, size_t>> progress;
  std::vector<WorkspaceIndexStatistics> finished;
  std::atomic<int> changed{0};
  std::vector<std::string> lastModules; // "*" for any
};

WorkspaceIndex::Events recording(Recorded& r) {
  WorkspaceIndex::Events events;
  events.started = [&r](size_t files) {
    std::lock_guard lock(r.mutex);
    r.started.push_back(files);
  };
  events.progress = [&r](size_t done, size_t files) {
    std::lock_guard lock(r.mutex);
    r.progress.emplace_back(done, files);
  };
  events.finished = [&r](const WorkspaceIndexStatistics& stats) {
    std::lock_guard lock(r.mutex);
    r.finished.push_back(stats);
  };
  events.changed = [&r](const ChangedModules& modules) {
    std::lock_guard lock(r.mutex);
    ++r.changed;
    r.lastModules = modules ? std::vector<std::string>(modules->begin(), modules->end())
                            : std::vector<std::string>{"*"};
  };
  return events;
}

// The shape `member` of `module` has for the file `importer`, or "-".
std::string shapeOf(const WorkspaceIndex& index, const fs::path& importer, const char* module,
                    const char* member) {
  analysis::ExternalResolution found = index.externalsFor(importer)->find(module, member);
  if (!found.decorator) return "-";
  return std::string(analysis::toString(found.decorator->definition.shape)) + " at " +
         std::string(found.decorator->file) + ":" +
         std::to_string(found.decorator->definition.line + 1);
}

TEST(WorkspaceIndex, IndexesTheFoldersInTheBackground) {
  testing::TempFolder dir;
  dir.write("app/__init__.py", "from .util import timed\n");
  dir.write("app/util.py", kPlain);
  dir.write("app/views.py", "from .util import timed\n");
  dir.write("node_modules/x/shadow.py", kPlain);
  dir.write("huge.py", std::string(5000, '#'));
  Recorded r;
  WorkspaceIndex index(WorkspaceIndexOptions{2}, recording(r));
  EXPECT_EQ(index.generation(), 0u);
  WorkspaceScanOptions scan;
  scan.maxFileBytes = 4096;
  index.start({dir.path()}, scan);
  index.waitUntilIdle();

  ASSERT_EQ(r.finished.size(), 1u);
  EXPECT_EQ(r.started, std::vector<size_t>{3});
  EXPECT_EQ(r.finished[0].files, 3u);
  EXPECT_EQ(r.finished[0].decorators, 1u);
  EXPECT_EQ(r.finished[0].skippedLarge, 1u);
  EXPECT_EQ(r.finished[0].skippedFolders, 1u);
  EXPECT_GT(r.finished[0].summaryBytes, 0u);
  EXPECT_EQ(r.changed, 1);
  EXPECT_EQ(r.lastModules, std::vector<std::string>{"*"});
  EXPECT_EQ(index.generation(), 1u);

  auto summary = index.summaryOf(dir.path() / "app/util.py");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->location.module, "app.util");
  EXPECT_EQ(summary->location.displayPath, "app/util.py");
  EXPECT_EQ(index.summaryOf(dir.path() / "node_modules/x/shadow.py"), nullptr);

  fs::path views = dir.path() / "app/views.py";
  EXPECT_EQ(shapeOf(index, views, ".util", "timed"), "plain at app/util.py:1");
  EXPECT_EQ(shapeOf(index, views, "app", "timed"), "plain at app/util.py:1");
  EXPECT_EQ(shapeOf(index, views, ".util", "missing"), "-");
  auto view = index.externalsFor(views);
  EXPECT_EQ(view->generation(), 1u);
  // What a view was asked about decides whether a later change concerns its analysis.
  view->find("app", "timed");
  view->find("nowhere.deep", "timed");
  EXPECT_EQ(view->lookedUp(), (std::vector<std::string>{"app", "deep", "nowhere", "util"}));

  index.start({dir.path()}, scan); // once only
  index.waitUntilIdle();
  EXPECT_EQ(r.finished.size(), 1u);
}

TEST(WorkspaceIndex, FollowsFileEventsAndBumpsTheGenerationOnlyOnChange) {
  testing::TempFolder dir;
  fs::path util = dir.write("util.py", kPlain);
  fs::path main = dir.write("main.py", "import util\n");
  Recorded r;
  WorkspaceIndex index({}, recording(r));
  index.start({dir.path()});
  index.waitUntilIdle();
  uint64_t indexed = index.generation();
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "plain at util.py:1");

  // Rewritten with the same facts (a comment): nothing changes for anyone.
  dir.write("util.py", kPlain + "# a comment\n");
  index.fileChanged(util);
  index.waitUntilIdle();
  EXPECT_EQ(index.generation(), indexed);

  dir.write("util.py", kFactory);
  index.fileChanged(util);
  index.waitUntilIdle();
  EXPECT_EQ(index.generation(), indexed + 1);
  EXPECT_EQ(r.lastModules, std::vector<std::string>{"util"});
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "factory at util.py:1");

  fs::path created = dir.write("pkg/extra.py", kPlain);
  index.fileChanged(created);
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, main, "extra", "timed"), "plain at pkg/extra.py:1");

  // A folder deleted at once takes its files along.
  fs::remove_all(dir.path() / "pkg");
  index.fileDeleted(dir.path() / "pkg");
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, main, "extra", "timed"), "-");
  EXPECT_EQ(r.lastModules, std::vector<std::string>{"extra"});

  fs::remove(util);
  index.fileDeleted(util);
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "-");
  EXPECT_EQ(index.generation(), indexed + 4);
  EXPECT_EQ(r.changed, 5);

  // A folder that appears at once (a checkout) is read whole, in one change.
  dir.write("fresh/one.py", kPlain);
  dir.write("fresh/two.py", kFactory);
  int before = r.changed;
  index.fileChanged(dir.path() / "fresh");
  index.waitUntilIdle();
  EXPECT_EQ(r.changed, before + 1);
  EXPECT_EQ(r.lastModules, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(shapeOf(index, main, "two", "timed"), "factory at fresh/two.py:1");

  // Files outside the folders, or in skipped ones, are not indexed from events.
  fs::path venvFile = dir.write(".venv/lib/util.py", kPlain);
  index.fileChanged(venvFile);
  index.fileChanged(dir.path() / ".venv");
  index.waitUntilIdle();
  EXPECT_EQ(index.summaryOf(venvFile), nullptr);
}

TEST(WorkspaceIndex, OpenDocumentsStandForTheirFilesUntilClosed) {
  testing::TempFolder dir;
  fs::path util = dir.write("util.py", kPlain);
  fs::path main = dir.write("main.py", "import util\n");
  WorkspaceIndex index;
  index.start({dir.path()});
  index.waitUntilIdle();

  analysis::Document edited(kFactory);
  auto analyzed = analysis::AnalyzedDocument::analyze(edited.snapshot());
  uint64_t before = index.generation();
  index.useEditorText(util, *analyzed);
  EXPECT_EQ(index.generation(), before + 1);
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "factory at util.py:1");

  // The disk does not win while the document is open.
  index.fileChanged(util);
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "factory at util.py:1");

  index.editorClosed(util);
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, main, "util", "timed"), "plain at util.py:1");

  // A document outside every folder is known only while open.
  testing::TempFolder elsewhere;
  fs::path loose = elsewhere.path() / "loose.py";
  index.useEditorText(loose, *analyzed);
  EXPECT_NE(index.summaryOf(loose), nullptr);
  index.editorClosed(loose);
  index.waitUntilIdle();
  EXPECT_EQ(index.summaryOf(loose), nullptr);
}

TEST(WorkspaceIndex, PrefersTheImportersOwnSiblings) {
  testing::TempFolder dir;
  dir.write("one/util.py", kPlain);
  dir.write("one/main.py", "import util\n");
  dir.write("two/util.py", kFactory);
  dir.write("two/main.py", "import util\n");
  WorkspaceIndex index;
  index.start({dir.path()});
  index.waitUntilIdle();
  EXPECT_EQ(shapeOf(index, dir.path() / "one/main.py", "util", "timed"), "plain at one/util.py:1");
  EXPECT_EQ(shapeOf(index, dir.path() / "two/main.py", "util", "timed"),
            "factory at two/util.py:1");
  // Namespace packages: `one` has no __init__.py, yet `one.util` names the file.
  EXPECT_EQ(shapeOf(index, dir.path() / "two/main.py", "one.util", "timed"),
            "plain at one/util.py:1");
}

TEST(WorkspaceIndex, StopsWithWorkPendingAndTakesNoMore) {
  testing::TempFolder dir;
  for (int i = 0; i < 50; ++i)
    dir.write("m" + std::to_string(i) + ".py", kPlain);
  WorkspaceIndex index;
  index.start({dir.path()});
  index.stop();
  uint64_t stopped = index.generation();
  index.fileChanged(dir.path() / "m0.py");
  index.waitUntilIdle();
  EXPECT_EQ(index.generation(), stopped);
  EXPECT_LE(stopped, 1u);
}

} // namespace
} // namespace closurelens::server
