// Work-done progress waits for the client's answer to create the token: what happens before is
// sent then (begin, and end if the work is over), nothing is sent after a refusal, and reports
// are sent once per percentage point.
#include "server/work_done_progress.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace closurelens::server {
namespace {

class Recorder {
public:
  WorkDoneProgress progress{"tok", "indexing",
                            [this](const nlohmann::json& params) { sent.push_back(params); }};
  std::vector<nlohmann::json> sent;

  std::vector<std::string> kinds() const {
    std::vector<std::string> out;
    for (const nlohmann::json& p : sent) {
      EXPECT_EQ(p["token"], "tok");
      std::string kind = p["value"]["kind"];
      if (p["value"].contains("percentage")) kind += " " + p["value"]["percentage"].dump();
      out.push_back(kind);
    }
    return out;
  }
};

TEST(WorkDoneProgress, SendsAsTheWorkGoesOnceTheTokenExists) {
  Recorder r;
  r.progress.created();
  r.progress.begin("10 files");
  r.progress.report("1/10", 10);
  r.progress.report("1/10", 10);
  r.progress.report("5/10", 50);
  r.progress.end("done");
  r.progress.report("late", 90);
  EXPECT_EQ(r.kinds(), (std::vector<std::string>{"begin 0", "report 10", "report 50", "end"}));
  EXPECT_EQ(r.sent[0]["value"]["title"], "indexing");
  EXPECT_EQ(r.sent[3]["value"]["message"], "done");
}

TEST(WorkDoneProgress, WaitsForTheClientsAnswer) {
  Recorder r;
  r.progress.begin("10 files");
  r.progress.report("5/10", 50);
  EXPECT_TRUE(r.sent.empty());
  r.progress.created();
  r.progress.report("5/10", 50);
  r.progress.report("9/10", 90);
  EXPECT_EQ(r.kinds(), (std::vector<std::string>{"begin 50", "report 90"}));
}

TEST(WorkDoneProgress, WorkOverBeforeTheAnswerStillBeginsAndEnds) {
  Recorder r;
  r.progress.begin("2 files");
  r.progress.end("2 files done");
  r.progress.created();
  EXPECT_EQ(r.kinds(), (std::vector<std::string>{"begin 0", "end"}));
  r.progress.created();
  EXPECT_EQ(r.sent.size(), 2u);
}

TEST(WorkDoneProgress, SendsNothingAfterARefusal) {
  Recorder r;
  r.progress.begin("2 files");
  r.progress.refused();
  r.progress.created();
  r.progress.end("done");
  EXPECT_TRUE(r.sent.empty());
}

} // namespace
} // namespace closurelens::server
