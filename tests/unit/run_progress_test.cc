// Which run of how many, and the ETA (bench/cases/run_progress.h).
#include "bench/cases/run_progress.h"

#include <gtest/gtest.h>

namespace xsb {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

// Two cases in every one of 3 rounds, a reference in the first only.
std::vector<PlannedCase> Cases() {
  return {{"DualModel/baseline/smoke/rate:200", 5, 3},
          {"DualModel/os-priority/smoke/rate:200", 5, 3},
          {"Standalone/hp/smoke/rate:200", 5, 1}};
}

TEST(RunProgressTest, CountsEachCaseTimesItsRounds) {
  RunProgress progress;
  progress.Plan(Cases(), false);
  EXPECT_EQ(progress.total_runs(), 7);
  EXPECT_DOUBLE_EQ(progress.EstimatedTotalS(),
                   35 + 7 * RunProgress::kDefaultOverheadS);
}

TEST(RunProgressTest, EachRunKnowsItsPlaceRoundAndWhatIsLeft) {
  RunProgress progress;
  progress.Plan(Cases(), false);
  RunStart first = progress.Begin("DualModel/baseline/smoke/rate:200", 0);
  EXPECT_EQ(first.Describe("X"), "[1/7] X round 1/3");
  EXPECT_DOUBLE_EQ(first.remaining_after_s,
                   30 + 6 * RunProgress::kDefaultOverheadS);
  // It took 8 s for 5 planned: 3 s of overhead per run from now on.
  progress.End(8 * kSecond);
  RunStart second =
      progress.Begin("DualModel/baseline/smoke/rate:200", 8 * kSecond);
  EXPECT_EQ(second.Tag(), "[2/7]");
  EXPECT_EQ(second.repetition, 2);
  EXPECT_DOUBLE_EQ(second.remaining_after_s, 25 + 5 * 3.0);
  EXPECT_EQ(progress.Begin("Standalone/hp/smoke/rate:200", 0).Describe("S"),
            "[3/7] S round 1/1");
}

TEST(RunProgressTest, AutoRoundsAreUpperBounds) {
  RunProgress progress;
  progress.Plan(Cases(), true);
  const RunStart start = progress.Begin("DualModel/baseline/smoke/rate:200", 0);
  EXPECT_TRUE(start.up_to);
  EXPECT_EQ(start.Describe("X"), "[1/7] X round 1 (up to 3)");
  // A case of one run has no bound to show, but the ETA is still one.
  const RunStart reference = progress.Begin("Standalone/hp/smoke/rate:200", 0);
  EXPECT_TRUE(reference.up_to);
  EXPECT_EQ(reference.Describe("S"), "[2/7] S round 1/1");
}

TEST(RunProgressTest, AnUnplannedRunStillCounts) {
  RunProgress progress;
  RunStart start = progress.Begin("Unplanned", 0);
  EXPECT_EQ(start.Tag(), "[1/1]");
  EXPECT_DOUBLE_EQ(start.remaining_after_s, 0);
}

}  // namespace
}  // namespace xsb
