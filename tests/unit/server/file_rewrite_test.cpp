// The atomic rewrite `check --fix` writes with: content replaced, mode kept, symbolic links
// written through, and a file changed since it was read left alone.
#include "server/file_rewrite.hpp"

#include "support/test_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace closurelens::server {
namespace {

namespace fs = std::filesystem;

class RewriteTest : public ::testing::Test {
protected:
  fs::path write(const std::string& name, const std::string& text) {
    return folder_.write(name, text);
  }
  size_t entries() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  testing::TempFolder folder_;
  const fs::path dir_ = folder_.path();
};

TEST_F(RewriteTest, ReplacesContentAndKeepsTheMode) {
  fs::path file = write("a.py", "old\n");
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  FileStamp stamp;
  ASSERT_TRUE(stampFile(file, stamp));
  RewriteResult result = rewriteFileIfUnchanged(file, "old\n", stamp, "new text\n");
  EXPECT_EQ(result.status, RewriteStatus::Written) << result.message;
  EXPECT_EQ(testing::readFile(file), "new text\n");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(entries(), 1u); // no temporary file left behind
}

TEST_F(RewriteTest, WritesThroughASymbolicLink) {
  fs::path target = write("real.py", "old\n");
  fs::create_symlink("real.py", dir_ / "link.py");
  FileStamp stamp;
  ASSERT_TRUE(stampFile(dir_ / "link.py", stamp));
  RewriteResult result = rewriteFileIfUnchanged(dir_ / "link.py", "old\n", stamp, "new\n");
  EXPECT_EQ(result.status, RewriteStatus::Written) << result.message;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.py"));
  EXPECT_EQ(testing::readFile(target), "new\n");
}

TEST_F(RewriteTest, RefusesAFileChangedSinceItWasRead) {
  fs::path file = write("a.py", "old\n");
  FileStamp stamp;
  ASSERT_TRUE(stampFile(file, stamp));
  // Someone saves the file between our read and our rename.
  RewriteResult result = rewriteFileIfUnchanged(file, "old\n", stamp, "fixed\n", [&] {
    std::ofstream(file, std::ios::binary) << "edited by someone else\n";
  });
  EXPECT_EQ(result.status, RewriteStatus::ChangedOnDisk);
  EXPECT_EQ(testing::readFile(file), "edited by someone else\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(RewriteTest, RefusesSameSizeSameTimeDifferentContent) {
  fs::path file = write("a.py", "old\n");
  FileStamp stamp;
  ASSERT_TRUE(stampFile(file, stamp));
  RewriteResult result = rewriteFileIfUnchanged(file, "odd\n", stamp, "fixed\n");
  EXPECT_EQ(result.status, RewriteStatus::ChangedOnDisk);
  EXPECT_EQ(testing::readFile(file), "old\n");
}

TEST_F(RewriteTest, MissingFileFails) {
  FileStamp stamp;
  RewriteResult result = rewriteFileIfUnchanged(dir_ / "gone.py", "", stamp, "x\n");
  EXPECT_EQ(result.status, RewriteStatus::Failed);
  EXPECT_FALSE(result.message.empty());
}

} // namespace
} // namespace closurelens::server
