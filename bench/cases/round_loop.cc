#include "bench/cases/round_loop.h"

#include <cstdio>
#include <string>

#include "bench/cases/fixtures.h"
#include "bench/cases/round_evaluation.h"
#include "bench/cases/round_ledger.h"
#include "bench/measure/percentile_ci.h"
#include "bench/orchestrate/interrupt.h"

// Google Benchmark 1.7.1 exports its flags but declares them in no public
// header.
namespace benchmark {
extern bool FLAGS_benchmark_list_tests;
}  // namespace benchmark

namespace xsb {
namespace {

// The look after k rounds, when k is one: a line per pair on stderr and
// the look's context key. Returns the decision.
RoundStop LookAfterRound(const RoundPlan& plan, const SuiteContext& suite,
                         int k) {
  const RoundRule& rule = plan.rule();
  const double alpha = 1 - suite.options.confidence;
  const double spent = rule.Looks().AlphaAfterRound(k, alpha);
  const bool failed = SuiteRoundLedger().AnyFailed(k - 1);
  const int signal = InterruptSignal();
  // One round has no paired interval: its verdict is the compare tool's
  // single-run one.
  if (spent <= 0 || k < 2 || plan.pairs().empty() || signal != 0) {
    return DecideAfterRound(rule, k, {}, failed, signal != 0);
  }
  const int64_t needed =
      MinSamplesForUpperBound(0.99, suite.options.confidence);
  const RoundLook look =
      EvaluateLook(plan, SuiteRoundLedger(), k, spent, needed);
  const RoundStop stop =
      DecideAfterRound(rule, k, look.Words(), failed, signal != 0);
  for (const PairLook& pair : look.pairs) {
    std::fprintf(stderr, "xsb: %s\n",
                 LookLine(look, pair, plan.max_rounds(), stop, needed).c_str());
  }
  benchmark::AddCustomContext("xsb_round_look_" + std::to_string(k),
                              LookContextValue(look, plan));
  return stop;
}

// Runs round `round` (0-based); the case runs Google Benchmark matched.
size_t RunRound(const RoundPlan& plan, const SuiteContext& suite, int round,
                RoundReporter* display, RoundReporter* file) {
  SuiteRoundLedger().BeginRound(round);
  display->BeginRound(round);
  if (file != nullptr) file->BeginRound(round);
  benchmark::ClearRegisteredBenchmarks();
  for (const RoundCase* c : plan.Round(round)) RegisterCase(c->spec, suite);
  return file == nullptr ? benchmark::RunSpecifiedBenchmarks(display)
                         : benchmark::RunSpecifiedBenchmarks(display, file);
}

}  // namespace

void AddRoundContext(const RoundPlan& plan, const RoundOptions& options,
                     double confidence) {
  const RoundRule& rule = plan.rule();
  benchmark::AddCustomContext("xsb_rounds", RoundsDescription(options));
  benchmark::AddCustomContext("xsb_rounds_min",
                              std::to_string(rule.min_rounds));
  benchmark::AddCustomContext("xsb_rounds_max",
                              std::to_string(rule.max_rounds));
  benchmark::AddCustomContext(
      "xsb_round_order",
      "abba: even rounds baseline first, odd rounds reversed");
  benchmark::AddCustomContext("xsb_verdict_confidence",
                              FormatNumber(confidence));
  benchmark::AddCustomContext(
      "xsb_sequential",
      rule.automatic
          ? "obf-boundaries looks=" + std::to_string(rule.min_rounds) + ".." +
                std::to_string(rule.max_rounds)
          : std::string("fixed"));
  benchmark::AddCustomContext("xsb_max_hp_p99_ratio",
                              FormatNumber(kMaxHpP99Ratio));
  benchmark::AddCustomContext("xsb_min_lp_ratio", FormatNumber(kMinLpRatio));
}

RoundsOutcome RunRounds(const RoundPlan& plan, const SuiteContext& suite,
                        RoundReporter* display, RoundReporter* file) {
  RoundsOutcome outcome;
  outcome.stop = plan.rule().automatic ? RoundStop::kMax : RoundStop::kFixed;
  for (int round = 0; round < plan.max_rounds(); ++round) {
    if (InterruptSignal()) {
      outcome.stop = RoundStop::kInterrupted;
      break;
    }
    outcome.ran += RunRound(plan, suite, round, display, file);
    outcome.rounds = round + 1;
    if (benchmark::FLAGS_benchmark_list_tests) break;
    const RoundStop stop = LookAfterRound(plan, suite, outcome.rounds);
    if (stop != RoundStop::kContinue) {
      outcome.stop = stop;
      break;
    }
  }
  benchmark::AddCustomContext("xsb_rounds_run", std::to_string(outcome.rounds));
  benchmark::AddCustomContext("xsb_rounds_stop", RoundStopName(outcome.stop));
  display->FinishRounds();
  if (file != nullptr) file->FinishRounds();
  return outcome;
}

}  // namespace xsb
