// The verdict arithmetic of paired rounds (bench/measure/paired_rounds.h,
// bench/measure/quantiles.h) against published table values and
// hand-worked examples.
#include "bench/measure/paired_rounds.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "bench/measure/group_sequential.h"
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
  // f(t) = 2 - 2 Phi(1.959964 / sqrt(t)) at j / 7, differenced (as the
  // adaptive window spends its looks), worked with Python's NormalDist.
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
}

TEST(GroupSequentialTest, BoundariesMatchTheComparesOwn) {
  // tools/xsb_compare/group_sequential.py on the main job's looks (rounds 4
  // to 14, fractions k / 14) and on rounds 4 to 10: the same steps, so the
  // same levels to the last digits.
  const double main_job[] = {
      0.00024564615956093654, 0.0009527348766148531, 0.0023795025960709733,
      0.00456124405273905,    0.007419661467097566,  0.010827039574949923,
      0.014648384920036317,   0.018761356351283204,  0.023063185655590686,
      0.027471241647508648,   0.03192094736922182};
  const std::vector<double> found = NominalAlphas(RoundFractions(4, 14), 0.05);
  ASSERT_EQ(found.size(), 11u);
  for (size_t j = 0; j < found.size(); ++j) {
    EXPECT_NEAR(found[j] / main_job[j], 1, 1e-9) << "look " << j + 1;
  }
  const std::vector<double> ten = NominalAlphas(RoundFractions(4, 10), 0.05);
  ASSERT_EQ(ten.size(), 7u);
  EXPECT_NEAR(ten.back() / 0.03387130894435258, 1, 1e-9);
  // The first look spends f(t_1) alone: its level is the closed form.
  EXPECT_NEAR(found[0] / ObrienFlemingSpent(4.0 / 14, 0.05), 1, 1e-12);
  // The joint law lets later looks spend more than the union bound does.
  EXPECT_GT(ten.back(), 2 * SpentAlpha(7, 7, 0.05));
}

TEST(GroupSequentialTest, OneLookAndBadFractions) {
  EXPECT_EQ(NominalAlphas({1.0}, 0.05), std::vector<double>{0.05});
  EXPECT_TRUE(NominalAlphas({}, 0.05).empty());
  EXPECT_TRUE(NominalAlphas({0.5, 0.5, 1.0}, 0.05).empty());
  EXPECT_TRUE(NominalAlphas({0.0, 1.0}, 0.05).empty());
  EXPECT_TRUE(NominalAlphas({0.5, 1.5}, 0.05).empty());
}

TEST(GroupSequentialTest, LooksOfTheRounds) {
  const LookSchedule looks{4, 14};
  const std::vector<double> alphas = NominalAlphas(RoundFractions(4, 14), 0.05);
  EXPECT_EQ(looks.AlphaAfterRound(4, 0.05), alphas.front());
  EXPECT_EQ(looks.AlphaAfterRound(14, 0.05), alphas.back());
  EXPECT_EQ(looks.AlphaAfterRound(3, 0.05), 0);
  EXPECT_EQ(looks.AlphaAfterRound(15, 0.05), 0);
  // Fixed rounds: one look at the whole alpha.
  EXPECT_EQ((LookSchedule{5, 5}).AlphaAfterRound(5, 0.05), 0.05);
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
