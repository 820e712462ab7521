// The look after a round (docs/metrics.md, "Rounds"): each pair's rounds so
// far from the ledger, its intervals and words at the look's level
// (bench/measure/paired_rounds.h), the progress line per pair and the
// xsb_round_look_<k> context value a later check compares with
// tools/xsb_compare's verdict.
#ifndef XSB_BENCH_CASES_ROUND_EVALUATION_H_
#define XSB_BENCH_CASES_ROUND_EVALUATION_H_

#include <string>
#include <vector>

#include "bench/cases/round_ledger.h"
#include "bench/cases/round_plan.h"
#include "bench/measure/paired_rounds.h"

namespace xsb {

struct PairLook {
  const CasePair* pair = nullptr;
  // An arm was skipped for what its environment lacks: nothing to wait
  // for, so the pair does not hold the run open.
  bool skipped = false;
  bool failed = false;  // an arm's run failed in some round
  PairVerdict verdict;
};

struct RoundLook {
  int k = 0;         // rounds run
  double alpha = 0;  // this look's share: the level is 1 - alpha
  std::vector<PairLook> pairs;

  // The words of the pairs that are not skipped, for DecideAfterRound.
  std::vector<VerdictWord> Words() const;
};

// The look after `k` rounds at level 1 - alpha; HP needs
// `min_pooled_requests` a side.
RoundLook EvaluateLook(const RoundPlan& plan, const RoundLedger& ledger, int k,
                       double alpha, int64_t min_pooled_requests);

// "round 8/10: os-priority vs baseline (original): HP P99 x0.62 [0.48,
// 0.80], LP x1.00 [0.97, 1.03] at 98.9 %: PASS -> stop (decisive)" for
// one pair; `max_rounds` is the most the run may have, `stop` what the
// look decided.
std::string LookLine(const RoundLook& look, const PairLook& pair,
                     int max_rounds, RoundStop stop,
                     int64_t min_pooled_requests);

// The xsb_round_look_<k> value: one record per pair, "|"-separated, each
// "pair=CANDIDATE;k=5;n=5;alpha=A;hp=LOW,POINT,HIGH;lp=LOW,POINT,HIGH;
// hp_word=W;lp_word=W;word=W" (an invalid interval: "hp=none").
std::string LookContextValue(const RoundLook& look, const RoundPlan& plan);

// "98.9 %", with digits enough to show how far from 100 % a level is.
std::string FormatLevel(double alpha);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_ROUND_EVALUATION_H_
