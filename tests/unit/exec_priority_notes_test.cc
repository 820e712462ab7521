// AddExecPriorityNotes (bench/cases/case_runner.h): under stream-priority an
// exec model that does not say it applied XSB_STREAM_PRIORITY is named in
// the case's notes; one that does, a built-in model and a scheduler that
// asks for no priority are not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/cases/case_runner.h"

namespace xsb {
namespace {

// An HP and an LP worker planned with `hp` and `lp` priorities, whose exec
// programs (pid 0: a built-in model) said `hp_said` and `lp_said`.
struct Case {
  ScenarioPlan plan;
  ScenarioReport report;
};

Case Make(StreamPriority hp, StreamPriority lp, int64_t pid,
          const std::string& hp_said, const std::string& lp_said) {
  Case c;
  c.plan.workers.resize(2);
  c.plan.workers[0].launch.stream_priority = hp;
  c.plan.workers[1].launch.stream_priority = lp;
  c.report.workers.resize(2);
  c.report.workers[0].role = WorkerRole::kHp;
  c.report.workers[1].role = WorkerRole::kLp;
  c.report.workers[0].ready.exec.pid = pid;
  c.report.workers[0].ready.exec.stream_priority = hp_said;
  c.report.workers[1].ready.exec.pid = pid;
  c.report.workers[1].ready.exec.stream_priority = lp_said;
  return c;
}

std::vector<std::string> Notes(const Case& c) {
  std::vector<std::string> notes{"an earlier note"};
  AddExecPriorityNotes(c.plan, c.report, &notes);
  return notes;
}

TEST(ExecPriorityNotesTest, AcknowledgedPrioritiesGetNoNote) {
  EXPECT_EQ(Notes(Make(StreamPriority::kHighest, StreamPriority::kLowest, 7,
                       "highest", "lowest")),
            std::vector<std::string>{"an earlier note"});
}

TEST(ExecPriorityNotesTest, SilenceOrAnotherPriorityIsNamed) {
  EXPECT_EQ(Notes(Make(StreamPriority::kHighest, StreamPriority::kLowest, 7, "",
                       "default")),
            (std::vector<std::string>{
                "an earlier note",
                "hp exec model did not acknowledge "
                "XSB_STREAM_PRIORITY=highest (it said ''): its work may have "
                "run at the default priority",
                "lp exec model did not acknowledge "
                "XSB_STREAM_PRIORITY=lowest (it said 'default'): its work "
                "may have run at the default priority"}));
}

TEST(ExecPriorityNotesTest, NoPriorityAskedOrNoProgramMeansNoNote) {
  EXPECT_EQ(
      Notes(Make(StreamPriority::kDefault, StreamPriority::kDefault, 7, "", ""))
          .size(),
      1u);
  EXPECT_EQ(
      Notes(Make(StreamPriority::kHighest, StreamPriority::kLowest, 0, "", ""))
          .size(),
      1u);
}

}  // namespace
}  // namespace xsb
