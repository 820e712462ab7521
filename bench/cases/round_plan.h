// Which cases each round runs and in what order (docs/architecture.md,
// "Rounds"): the DualModel cases of one scenario back to back, in the
// schedulers' order in even rounds (0, 2, ...) and reversed in odd ones
// (ABBA; ABC CBA with three), the Preemption cases of one LP kernel length
// likewise, the Standalone references in round 0 only unless
// --xsb_standalone_rounds=all. Also the pairs the verdict judges: each
// other scheduler's DualModel case against the baseline case of its
// scenario (tools/xsb_compare/pair.py's rule).
#ifndef XSB_BENCH_CASES_ROUND_PLAN_H_
#define XSB_BENCH_CASES_ROUND_PLAN_H_

#include <string>
#include <vector>

#include "bench/cases/case_filter.h"
#include "bench/cases/case_runner.h"
#include "bench/cases/run_progress.h"
#include "bench/cli/round_options.h"
#include "bench/measure/paired_rounds.h"
#include "bench/output/round_reporter.h"

namespace xsb {

struct RoundCase {
  CaseSpec spec;
  // Cases of one group run back to back, reversed in odd rounds; -1: a
  // Standalone reference.
  int group = -1;
  bool every_round = true;
};

// A candidate and its baseline, as indices into RoundPlan::cases().
struct CasePair {
  size_t baseline = 0;
  size_t candidate = 0;
  // "os-priority vs baseline (original)"
  std::string title;
};

class RoundPlan {
 public:
  // The cases `matches` keeps, in registration order.
  RoundPlan(const std::vector<CaseSpec>& dual_model,
            const std::vector<CaseSpec>& standalone,
            const std::vector<CaseSpec>& preemption, const NameMatcher& matches,
            const RoundRule& rule, bool standalone_every_round);

  const std::vector<RoundCase>& cases() const { return cases_; }
  const std::vector<CasePair>& pairs() const { return pairs_; }
  const RoundRule& rule() const { return rule_; }
  // The most rounds the run can have: the rule's maximum, or 1 when only
  // round-0 cases matched.
  int max_rounds() const { return max_rounds_; }

  // The cases of round `round` (0-based), in the order they run.
  std::vector<const RoundCase*> Round(int round) const;
  // Every case with the most runs it can have, for RunProgress.
  std::vector<PlannedCase> Planned() const;

 private:
  void AddFamily(const std::vector<CaseSpec>& specs, bool dual_model,
                 const NameMatcher& matches);
  void FindPairs();

  std::vector<RoundCase> cases_;
  std::vector<CasePair> pairs_;
  RoundRule rule_;
  bool standalone_every_round_ = false;
  int max_rounds_ = 1;
  int groups_ = 0;
};

// The rule the options ask for. Auto's first look, unless given, is
// DefaultMinRounds over the DualModel scenario with the fewest HP requests
// per run (rate x window, the shortest window under
// --xsb_duration_s=auto), at most the last round; *note says when it was
// lowered to fit.
RoundRule ResolveRoundRule(const RoundOptions& options,
                           const std::vector<CaseSpec>& dual_model,
                           double confidence, std::string* note);

// The plan of a run: every family's cases for `schedulers`, those
// `filter` (--benchmark_filter) matches (all when it does not compile:
// Google Benchmark reports that), the rule --xsb_rounds* resolve to (a
// note on stderr when the first look had to be lowered).
RoundPlan MakeRoundPlan(const SuiteContext& suite,
                        const std::vector<const SchedulerSpec*>& schedulers,
                        const std::string& filter);

// What the console says before the first case: how many runs and about how
// long; bounds under --xsb_rounds=auto (two lines then).
std::vector<std::string> RoundPlanLines(const RoundPlan& plan,
                                        const RunProgress& progress);

// The most runs each case may have, by the name Google Benchmark reports
// (with kRegisteredNameSuffix): what the console's runs say they are out
// of, so the first round already reads "(round 1)".
RoundReporter::RepetitionsOf PlannedRunsByName(const RoundPlan& plan);

// "os-priority", or "xsched lp_threshold:4/lp_batch_size:2" for a sweep
// point: how a pair names its candidate.
std::string CandidateTitle(const CaseSpec& spec);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_ROUND_PLAN_H_
