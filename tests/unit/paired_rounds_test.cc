// The verdict arithmetic of paired rounds (bench/measure/paired_rounds.h,
// bench/measure/quantiles.h) against published table values and
// hand-worked examples.
#include "bench/measure/paired_rounds.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bench/measure/quantiles.h"

namespace xsb {
namespace {

TEST(QuantilesTest, NormalMatchesTables) {
  EXPECT_NEAR(NormalCdf(1.96), 0.9750021048517795, 1e-15);
  EXPECT_NEAR(NormalCdf(-3), 0.0013498980316301, 1e-15);
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.995), 2.5758293035489, 1e-12);
  // Far in the tail, where 1 - p would have lost its digits.
  EXPECT_NEAR(NormalQuantile(1e-7), -5.199337582192817, 1e-9);
}

TEST(QuantilesTest, IncompleteBetaMatchesClosedForms) {
  // I_x(1, 1) = x; I_0.5(2, 3) = 11/16 (the binomial sum); symmetry.
  EXPECT_NEAR(RegularizedIncompleteBeta(1, 1, 0.3), 0.3, 1e-14);
  EXPECT_NEAR(RegularizedIncompleteBeta(2, 3, 0.5), 0.6875, 1e-14);
  EXPECT_NEAR(RegularizedIncompleteBeta(2, 3, 0.9),
              1 - RegularizedIncompleteBeta(3, 2, 0.1), 1e-14);
  EXPECT_EQ(RegularizedIncompleteBeta(2, 3, 0), 0);
  EXPECT_EQ(RegularizedIncompleteBeta(2, 3, 1), 1);
}

TEST(QuantilesTest, StudentTMatchesTables) {
  EXPECT_NEAR(StudentTCdf(2.0, 5), 0.9490302605850709, 1e-12);
  EXPECT_NEAR(StudentTCdf(0, 3), 0.5, 1e-15);
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706204736174698, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 3), 3.182446305284263, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.975, 9), 2.262157162798205, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.995, 4), 4.604094871415897, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.95, 30), 1.697260886593957, 1e-10);
  EXPECT_NEAR(StudentTQuantile(0.025, 3), -3.182446305284263, 1e-10);
  // Large degrees of freedom approach the normal.
  EXPECT_NEAR(StudentTQuantile(0.975, 1e6), 1.959963984540054, 1e-5);
}

TEST(PairedRoundsTest, ObrienFlemingSpendingOverSevenLooks) {
  // f(t) = 2 - 2 Phi(1.959964 / sqrt(t)) at j / 7, differenced (the main
  // job's looks, rounds 4 to 10), worked with Python's NormalDist.
  const double expected[] = {2.153467633e-07, 0.0002454308128, 0.002508766069,
                             0.006765713515,  0.01087162167,   0.01386784065,
                             0.01574041194};
  double sum = 0;
  for (int j = 1; j <= 7; ++j) {
    const double alpha = SpentAlpha(j, 7, 0.05);
    EXPECT_NEAR(alpha / expected[j - 1], 1, 1e-7) << "look " << j;
    sum += alpha;
  }
  EXPECT_NEAR(sum, 0.05, 1e-14);
  EXPECT_EQ(SpentAlpha(1, 1, 0.05), 0.05);
  EXPECT_EQ(SpentAlpha(0, 7, 0.05), 0);
  EXPECT_EQ(SpentAlpha(8, 7, 0.05), 0);
  const LookSchedule looks{4, 10};
  EXPECT_EQ(looks.AlphaAfterRound(4, 0.05), SpentAlpha(1, 7, 0.05));
  EXPECT_EQ(looks.AlphaAfterRound(10, 0.05), SpentAlpha(7, 7, 0.05));
  EXPECT_EQ(looks.AlphaAfterRound(3, 0.05), 0);
}

TEST(PairedRoundsTest, IntervalOfTheMeanLogRatioByHand) {
  // Ratios 0.5, 0.6, 0.55, 0.45: mean of logs and sd, times
  // t_{3, 0.975} = 3.182446, exponentiated (worked in Python).
  const RatioInterval hp = PairedRatioInterval(
      {std::log(0.5), std::log(0.6), std::log(0.55), std::log(0.45)}, 0.05);
  ASSERT_TRUE(hp.valid);
  EXPECT_NEAR(hp.point, 0.5220043408524246, 1e-12);
  EXPECT_NEAR(hp.low, 0.4286427775245993, 1e-9);
  EXPECT_NEAR(hp.high, 0.6357007423346507, 1e-9);
  // No spread: the interval is the point.
  const RatioInterval flat =
      PairedRatioInterval({std::log(0.8), std::log(0.8)}, 0.05);
  EXPECT_NEAR(flat.low, 0.8, 1e-12);
  EXPECT_NEAR(flat.high, 0.8, 1e-12);
  EXPECT_FALSE(PairedRatioInterval({0.1}, 0.05).valid);
}

TEST(PairedRoundsTest, WordsFromTheWholeInterval) {
  auto interval = [](double low, double high) {
    return RatioInterval{true, (low + high) / 2, low, high};
  };
  EXPECT_EQ(WordBelow(interval(0.5, 1.09), 1.1), VerdictWord::kPass);
  EXPECT_EQ(WordBelow(interval(0.5, 1.1), 1.1), VerdictWord::kInconclusive);
  EXPECT_EQ(WordBelow(interval(1.1, 1.3), 1.1), VerdictWord::kFail);
  EXPECT_EQ(WordAbove(interval(0.71, 1.0), 0.7), VerdictWord::kPass);
  EXPECT_EQ(WordAbove(interval(0.7, 1.0), 0.7), VerdictWord::kInconclusive);
  EXPECT_EQ(WordAbove(interval(0.5, 0.7), 0.7), VerdictWord::kFail);
  EXPECT_EQ(WordBelow(RatioInterval{}, 1.1), VerdictWord::kNoVerdict);
  EXPECT_EQ(CombineWords({VerdictWord::kPass, VerdictWord::kPass}),
            VerdictWord::kPass);
  EXPECT_EQ(CombineWords({VerdictWord::kInconclusive, VerdictWord::kFail}),
            VerdictWord::kFail);
  EXPECT_EQ(CombineWords({VerdictWord::kInconclusive, VerdictWord::kNoVerdict}),
            VerdictWord::kNoVerdict);
  EXPECT_TRUE(Different(interval(0.5, 0.9)));
  EXPECT_FALSE(Different(interval(0.9, 1.1)));
  EXPECT_STREQ(VerdictWordName(VerdictWord::kNoVerdict), "NO-VERDICT");
}

PairedRound Round(double hp_ratio, double lp_ratio, int64_t requests) {
  return {10, 10 * hp_ratio, 100, 100 * lp_ratio, requests, requests};
}

TEST(PairedRoundsTest, JudgePairNeedsPooledRequestsForHp) {
  const std::vector<PairedRound> rounds = {
      Round(0.5, 1.0, 100), Round(0.6, 0.98, 100), Round(0.55, 1.02, 100),
      Round(0.45, 1.01, 100)};
  const PairVerdict verdict = JudgePair(rounds, 0.05, 368, false);
  EXPECT_EQ(verdict.rounds, 4);
  EXPECT_NEAR(verdict.hp.high, 0.6357007423346507, 1e-9);
  EXPECT_NEAR(verdict.lp.low, 0.9754942239864685, 1e-9);
  EXPECT_NEAR(verdict.lp.high, 1.0300281844721946, 1e-9);
  EXPECT_EQ(verdict.word, VerdictWord::kPass);
  // 400 pooled requests a side, 401 needed: HP has no verdict.
  EXPECT_EQ(JudgePair(rounds, 0.05, 401, false).word, VerdictWord::kNoVerdict);
  EXPECT_EQ(JudgePair(rounds, 0.05, 368, true).word, VerdictWord::kFail);
}

TEST(PairedRoundsTest, AutoStopsWhenDecisiveAfterKminOrAtKmax) {
  const RoundRule rule{true, 4, 10};
  const std::vector<VerdictWord> decisive = {VerdictWord::kPass,
                                             VerdictWord::kFail};
  const std::vector<VerdictWord> open = {VerdictWord::kPass,
                                         VerdictWord::kInconclusive};
  EXPECT_EQ(DecideAfterRound(rule, 3, decisive, false, false),
            RoundStop::kContinue);
  EXPECT_EQ(DecideAfterRound(rule, 4, decisive, false, false),
            RoundStop::kDecisive);
  EXPECT_EQ(DecideAfterRound(rule, 9, open, false, false),
            RoundStop::kContinue);
  EXPECT_EQ(DecideAfterRound(rule, 10, open, false, false), RoundStop::kMax);
  EXPECT_EQ(DecideAfterRound(rule, 2, open, true, false), RoundStop::kFailed);
  EXPECT_EQ(DecideAfterRound(rule, 2, open, false, true),
            RoundStop::kInterrupted);
  const RoundRule fixed{false, 3, 3};
  EXPECT_EQ(DecideAfterRound(fixed, 2, decisive, true, false),
            RoundStop::kContinue);
  EXPECT_EQ(DecideAfterRound(fixed, 3, open, false, false), RoundStop::kFixed);
  EXPECT_EQ(fixed.Looks().first, 3);
  EXPECT_EQ(rule.Looks().looks(), 7);
}

TEST(PairedRoundsTest, DefaultMinRoundsBoundsAPooledP99) {
  EXPECT_EQ(DefaultMinRounds(368, 100), 4);  // the main job
  EXPECT_EQ(DefaultMinRounds(368, 800), 3);
  EXPECT_EQ(DefaultMinRounds(368, 92), 4);
  EXPECT_EQ(DefaultMinRounds(368, 91.9), 5);
  EXPECT_EQ(DefaultMinRounds(368, 0), 3);
}

}  // namespace
}  // namespace xsb
