// Which run of how many, and the ETA (bench/cases/run_progress.h).
#include "bench/cases/run_progress.h"

#include <gtest/gtest.h>

namespace xsb {
namespace {

constexpr char kSuffix[] = "/iterations:1/real_time";
constexpr int64_t kSecond = 1'000'000'000;

std::vector<PlannedCase> Cases() {
  return {{"DualModel/baseline/smoke/rate:200", 5},
          {"DualModel/os-priority/smoke/rate:200", 5},
          {"Standalone/hp/smoke/rate:200", 5},
          {"DualModel/baseline/original/rate:10", 65}};
}

TEST(RunProgressTest, CountsTheCasesTheFilterMatchesTimesRepetitions) {
  RunProgress progress;
  progress.Plan(Cases(), "DualModel/.*/smoke", kSuffix, 3);
  EXPECT_EQ(progress.total_runs(), 6);
  EXPECT_DOUBLE_EQ(progress.EstimatedTotalS(),
                   30 + 6 * RunProgress::kDefaultOverheadS);
}

TEST(RunProgressTest, FilterAsGoogleBenchmarkReadsIt) {
  RunProgress all;
  all.Plan(Cases(), "", kSuffix, 1);
  EXPECT_EQ(all.total_runs(), 4);
  RunProgress negated;
  negated.Plan(Cases(), "-smoke", kSuffix, 1);
  EXPECT_EQ(negated.total_runs(), 1);
  // The suffix Google Benchmark appends is part of what the filter sees.
  RunProgress suffix;
  suffix.Plan(Cases(), "real_time$", kSuffix, 1);
  EXPECT_EQ(suffix.total_runs(), 4);
  RunProgress invalid;
  invalid.Plan(Cases(), "(", kSuffix, 1);
  EXPECT_EQ(invalid.total_runs(), 0);
}

TEST(RunProgressTest, EachRunKnowsItsPlaceRepetitionAndWhatIsLeft) {
  RunProgress progress;
  progress.Plan(Cases(), "smoke", kSuffix, 2);  // 3 cases x 2
  RunStart first = progress.Begin("DualModel/baseline/smoke/rate:200", 0);
  EXPECT_EQ(first.Describe("X"), "[1/6] X rep 1/2");
  EXPECT_DOUBLE_EQ(first.remaining_after_s,
                   25 + 5 * RunProgress::kDefaultOverheadS);
  // It took 8 s for 5 planned: 3 s of overhead per run from now on.
  progress.End(8 * kSecond);
  RunStart second =
      progress.Begin("DualModel/baseline/smoke/rate:200", 8 * kSecond);
  EXPECT_EQ(second.Tag(), "[2/6]");
  EXPECT_EQ(second.repetition, 2);
  EXPECT_DOUBLE_EQ(second.remaining_after_s, 20 + 4 * 3.0);
}

TEST(RunProgressTest, AnUnplannedRunStillCounts) {
  RunProgress progress;
  RunStart start = progress.Begin("Unplanned", 0);
  EXPECT_EQ(start.Tag(), "[1/1]");
  EXPECT_DOUBLE_EQ(start.remaining_after_s, 0);
}

}  // namespace
}  // namespace xsb
