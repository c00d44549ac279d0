#include "server/file_uri.hpp"

#include <gtest/gtest.h>

namespace closurelens::server {
namespace {

struct UriCase {
  const char* name;
  std::string uri;
  std::optional<std::string> path;
};

class PathFromUriTest : public ::testing::TestWithParam<UriCase> {};

TEST_P(PathFromUriTest, Decodes) {
  auto path = pathFromUri(GetParam().uri);
  if (!GetParam().path) {
    EXPECT_FALSE(path.has_value());
  } else {
    ASSERT_TRUE(path.has_value());
    EXPECT_EQ(path->string(), *GetParam().path);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Uris, PathFromUriTest,
    ::testing::Values(UriCase{"Plain", "file:///home/u/a.py", "/home/u/a.py"},
                      UriCase{"Spaces", "file:///home/u/my%20proj/a.py", "/home/u/my proj/a.py"},
                      UriCase{"NonAscii", "file:///w/%C3%A4.py", "/w/\xC3\xA4.py"},
                      UriCase{"Localhost", "file://localhost/w/a.py", "/w/a.py"},
                      UriCase{"UpperScheme", "FILE:///w/a.py", "/w/a.py"},
                      UriCase{"BadEscapeKept", "file:///w/100%.py", "/w/100%.py"},
                      UriCase{"Untitled", "untitled:Untitled-1", std::nullopt},
                      UriCase{"OtherHost", "file://server/share/a.py", std::nullopt}),
    [](const auto& info) { return info.param.name; });

TEST(UriFromPathTest, RoundTrips) {
  for (std::string path : {"/home/u/a.py", "/w/my proj/ä#1.py", "/w/100%.py"}) {
    EXPECT_EQ(pathFromUri(uriFromPath(path))->string(), path);
  }
  EXPECT_EQ(uriFromPath("/w/my proj/a.py"), "file:///w/my%20proj/a.py");
}

} // namespace
} // namespace closurelens::server
