// The run as rounds (docs/architecture.md, "Rounds"): per round, Google
// Benchmark's registry is cleared and the round's cases registered in the
// round's order (RoundPlan), then RunSpecifiedBenchmarks runs them; after
// each round from the first look on, every pair is judged, one progress
// line per pair, and the rule says whether to stop. An interrupt ends the
// run between or inside rounds with everything finished reported.
#ifndef XSB_BENCH_CASES_ROUND_LOOP_H_
#define XSB_BENCH_CASES_ROUND_LOOP_H_

#include <cstddef>

#include "bench/cases/case_runner.h"
#include "bench/cases/round_plan.h"
#include "bench/output/round_reporter.h"

namespace xsb {

struct RoundsOutcome {
  size_t ran = 0;  // case runs Google Benchmark matched, over every round
  int rounds = 0;  // rounds run
  RoundStop stop = RoundStop::kFixed;
};

// The context keys that say how the run is made of rounds (xsb_rounds,
// xsb_rounds_min, ...; docs/metrics.md).
void AddRoundContext(const RoundPlan& plan, const RoundOptions& options,
                     double confidence);

// Runs the rounds; `file` may be null. Under --benchmark_list_tests, one
// round lists every case. Adds xsb_rounds_run and xsb_rounds_stop to the
// context at the end and finishes both reporters.
RoundsOutcome RunRounds(const RoundPlan& plan, const SuiteContext& suite,
                        RoundReporter* display, RoundReporter* file);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_ROUND_LOOP_H_
