// The rounds' plan (bench/cases/round_plan.h): which cases each round runs
// in which order (ABBA), the pairs, the rule the options resolve to, and
// --benchmark_filter as Google Benchmark reads it (case_filter.h).
#include "bench/cases/round_plan.h"

#include <gtest/gtest.h>

#include "bench/cases/case_filter.h"
#include "bench/cases/fixtures.h"

namespace xsb {
namespace {

CaseSpec Spec(const std::string& scheduler, const std::string& scenario) {
  CaseSpec spec;
  spec.scheduler = FindBuiltinScheduler(scheduler);
  EXPECT_NE(spec.scheduler, nullptr) << scheduler;
  spec.scenario.name = scenario;
  spec.scenario.hp_rate_per_s = 10;
  spec.scenario.duration_s = 10;
  spec.name = DualModelCaseName(*spec.scheduler, spec.scenario);
  return spec;
}

std::vector<CaseSpec> DualModel() {
  return {Spec("baseline", "original"), Spec("os-priority", "original"),
          Spec("baseline-again", "original"), Spec("baseline", "smoke"),
          Spec("os-priority", "smoke")};
}

std::vector<CaseSpec> Standalone() {
  CaseSpec hp;
  hp.name = "Standalone/hp/original";
  return {hp};
}

const NameMatcher kAll = [](const std::string&) { return true; };

std::string CaseNameOf(const RoundPlan& plan, size_t i) {
  return plan.cases()[i].spec.name;
}

// "baseline/original" for each case of the round.
std::vector<std::string> Order(const RoundPlan& plan, int round) {
  std::vector<std::string> names;
  for (const RoundCase* c : plan.Round(round)) {
    names.push_back(c->group < 0 ? "standalone"
                                 : c->spec.scheduler->name + "/" +
                                       c->spec.scenario.name);
  }
  return names;
}

TEST(RoundPlanTest, EvenRoundsInOrderOddRoundsReversedWithinEachScenario) {
  const RoundPlan plan(DualModel(), Standalone(), {}, kAll,
                       RoundRule{false, 3, 3}, false);
  EXPECT_EQ(Order(plan, 0), (std::vector<std::string>{
                                "baseline/original", "os-priority/original",
                                "baseline-again/original", "baseline/smoke",
                                "os-priority/smoke", "standalone"}));
  // ABC CBA: the scenarios stay in order, the references only in round 0.
  EXPECT_EQ(Order(plan, 1),
            (std::vector<std::string>{
                "baseline-again/original", "os-priority/original",
                "baseline/original", "os-priority/smoke", "baseline/smoke"}));
  EXPECT_EQ(Order(plan, 2), (std::vector<std::string>{
                                "baseline/original", "os-priority/original",
                                "baseline-again/original", "baseline/smoke",
                                "os-priority/smoke"}));
  const RoundPlan all(DualModel(), Standalone(), {}, kAll,
                      RoundRule{false, 3, 3}, true);
  EXPECT_EQ(Order(all, 1).back(), "standalone");
}

TEST(RoundPlanTest, EachCandidatePairsWithItsScenariosBaseline) {
  const RoundPlan plan(DualModel(), Standalone(), {}, kAll,
                       RoundRule{false, 2, 2}, false);
  ASSERT_EQ(plan.pairs().size(), 3u);
  EXPECT_EQ(plan.pairs()[0].title, "os-priority vs baseline (original)");
  EXPECT_EQ(plan.pairs()[1].title, "baseline-again vs baseline (original)");
  EXPECT_EQ(plan.pairs()[2].title, "os-priority vs baseline (smoke)");
  EXPECT_EQ(plan.cases()[plan.pairs()[2].baseline].spec.scenario.name, "smoke");
}

TEST(RoundPlanTest, TheFilterDecidesCasesPairsAndRounds) {
  NameMatcher smoke;
  ASSERT_TRUE(MakeFilterMatcher("smoke", &smoke));
  const RoundPlan plan(DualModel(), Standalone(), {}, smoke,
                       RoundRule{true, 3, 10}, false);
  EXPECT_EQ(plan.cases().size(), 2u);
  EXPECT_EQ(plan.pairs().size(), 1u);
  EXPECT_EQ(plan.max_rounds(), 10);
  std::vector<PlannedCase> planned = plan.Planned();
  EXPECT_EQ(planned[0].runs, 10);
  // Only the references: one round is all there is.
  NameMatcher standalone;
  ASSERT_TRUE(MakeFilterMatcher("Standalone", &standalone));
  EXPECT_EQ(RoundPlan(DualModel(), Standalone(), {}, standalone,
                      RoundRule{true, 3, 10}, false)
                .max_rounds(),
            1);
}

TEST(RoundPlanTest, PlanLinesSayUpToUnderAuto) {
  const RoundPlan fixed(DualModel(), Standalone(), {}, kAll,
                        RoundRule{false, 3, 3}, false);
  RunProgress fixed_progress;
  fixed_progress.Plan(fixed.Planned(), false);
  const std::vector<std::string> fixed_lines =
      RoundPlanLines(fixed, fixed_progress);
  ASSERT_EQ(fixed_lines.size(), 1u);
  EXPECT_EQ(fixed_lines[0].rfind(
                "xsb: 16 run(s): 5 case(s) x 3 round(s) + 1 standalone "
                "reference(s) in round 1, about ",
                0),
            0u)
      << fixed_lines[0];
  const RoundPlan automatic(DualModel(), Standalone(), {}, kAll,
                            RoundRule{true, 4, 10}, false);
  RunProgress auto_progress;
  auto_progress.Plan(automatic.Planned(), true);
  const std::vector<std::string> auto_lines =
      RoundPlanLines(automatic, auto_progress);
  ASSERT_EQ(auto_lines.size(), 2u);
  EXPECT_EQ(auto_lines[0],
            "xsb: up to 51 run(s): 5 case(s) x up to 10 round(s) + 1 "
            "standalone reference(s) in round 1");
  EXPECT_EQ(auto_lines[1].rfind("xsb: rounds stop once every pair is PASS or "
                                "FAIL, from round 4 on; at most about ",
                                0),
            0u)
      << auto_lines[1];
  const RoundReporter::RepetitionsOf runs = PlannedRunsByName(automatic);
  EXPECT_EQ(runs(CaseNameOf(automatic, 0) + kRegisteredNameSuffix), 10);
  EXPECT_EQ(runs("Standalone/hp/original" + std::string(kRegisteredNameSuffix)),
            1);
}

TEST(CaseFilterTest, AsGoogleBenchmarkReadsIt) {
  NameMatcher matches;
  ASSERT_TRUE(MakeFilterMatcher("", &matches));
  EXPECT_TRUE(matches("DualModel/baseline/smoke"));
  ASSERT_TRUE(MakeFilterMatcher("-smoke", &matches));
  EXPECT_FALSE(matches("DualModel/baseline/smoke"));
  EXPECT_TRUE(matches("DualModel/baseline/original"));
  // The suffix Google Benchmark appends is part of what the filter sees.
  ASSERT_TRUE(MakeFilterMatcher("manual_time$", &matches));
  EXPECT_TRUE(matches("DualModel/baseline/original"));
  EXPECT_FALSE(MakeFilterMatcher("(", &matches));
}

TEST(RoundRuleTest, AutoStartsLookingOncePooledRequestsBoundAP99) {
  RoundOptions options;
  options.automatic = true;
  std::string note;
  // 10 req/s x 10 s: 368 / 100 -> 4 rounds, the main job's k_min.
  RoundRule rule = ResolveRoundRule(options, DualModel(), 0.95, &note);
  EXPECT_TRUE(rule.automatic);
  EXPECT_EQ(rule.min_rounds, 4);
  EXPECT_EQ(rule.max_rounds, 14);
  EXPECT_EQ(note, "");
  // Too few requests for the last round: the first look is the last.
  options.max_rounds = 3;
  rule = ResolveRoundRule(options, DualModel(), 0.95, &note);
  EXPECT_EQ(rule.min_rounds, 3);
  EXPECT_NE(note.find("368 HP requests a side"), std::string::npos) << note;
  options.min_rounds = 2;
  EXPECT_EQ(ResolveRoundRule(options, DualModel(), 0.95, &note).min_rounds, 2);
  RoundOptions fixed;
  fixed.rounds = 5;
  rule = ResolveRoundRule(fixed, DualModel(), 0.95, &note);
  EXPECT_FALSE(rule.automatic);
  EXPECT_EQ(rule.Looks().first, 5);
}

}  // namespace
}  // namespace xsb
