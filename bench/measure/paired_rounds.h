// The verdict over paired rounds (docs/metrics.md, "Rounds"): per round the
// log ratio candidate / baseline of HP P99 and of LP throughput; a Student-t
// interval of their mean at the nominal level of each look's
// group-sequential boundary (bench/measure/group_sequential.h); PASS, FAIL
// or INCONCLUSIVE from the whole interval against the plan's thresholds;
// and when --xsb_rounds=auto stops. Pure arithmetic, the same as
// tools/xsb_compare computes (GroupSequentialTest pins the looks' levels
// to compare's).
#ifndef XSB_BENCH_MEASURE_PAIRED_ROUNDS_H_
#define XSB_BENCH_MEASURE_PAIRED_ROUNDS_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace xsb {

// The plan's criteria: candidate HP P99 < baseline x 1.1, candidate LP
// throughput > baseline x 0.7.
inline constexpr double kMaxHpP99Ratio = 1.1;
inline constexpr double kMinLpRatio = 0.7;

// alpha_j of look j (1-based) of `looks`: f(j / L) - f((j - 1) / L) with
// f(t) = 2 - 2 Phi(z / sqrt(t)), z = Phi^-1(1 - alpha / 2), f(0) = 0
// (Lan-DeMets O'Brien-Fleming spending). The looks' alphas sum to alpha, so
// by the union bound every look's interval holds at once with probability
// at least 1 - alpha, however the stop uses them.
double SpentAlpha(int look, int looks, double alpha);

// Which rounds are looks: fixed rounds have one look, after the last round
// (first == last == K); auto has one after every round from first (k_min)
// to last (k_max).
struct LookSchedule {
  int first = 1;
  int last = 1;
  int looks() const { return last - first + 1; }
  // The nominal alpha'_j of the look after round k (the group-sequential
  // boundary at fraction k / last; alpha itself for one look); 0 when k is
  // not a look.
  double AlphaAfterRound(int k, double alpha) const;
};

// An interval of a ratio, from the mean of log ratios; valid needs two or
// more values.
struct RatioInterval {
  bool valid = false;
  double point = 1;  // exp(mean d): the geometric mean of the ratios
  double low = 1;
  double high = 1;
};

// exp(mean(d) +- t_{k-1, 1 - alpha/2} sd(d) / sqrt(k)), sd with k - 1 in
// its denominator; sd = 0 gives the point. Invalid for fewer than 2 values.
RatioInterval PairedRatioInterval(const std::vector<double>& log_ratios,
                                  double alpha);

enum class VerdictWord { kPass, kFail, kInconclusive, kNoVerdict };
const char* VerdictWordName(VerdictWord word);  // "PASS", "NO-VERDICT", ...

// "candidate < baseline x threshold" (HP P99): PASS when high < threshold,
// FAIL when low >= threshold, else INCONCLUSIVE; NO-VERDICT when invalid.
VerdictWord WordBelow(const RatioInterval& ratio, double threshold);
// "candidate > baseline x threshold" (LP): PASS when low > threshold,
// FAIL when high <= threshold.
VerdictWord WordAbove(const RatioInterval& ratio, double threshold);
// A pair's word from its criteria's: any FAIL, then any NO-VERDICT, then
// any INCONCLUSIVE; PASS only when all pass.
VerdictWord CombineWords(std::initializer_list<VerdictWord> words);
// A/A checks: the interval excludes 1.
bool Different(const RatioInterval& ratio);

// One round of one pair in which both arms measured.
struct PairedRound {
  double baseline_hp_p99_ms = 0;
  double candidate_hp_p99_ms = 0;
  double baseline_lp_iter_per_s = 0;
  double candidate_lp_iter_per_s = 0;
  int64_t baseline_hp_requests = 0;
  int64_t candidate_hp_requests = 0;
};

// A pair's state at one look.
struct PairVerdict {
  int rounds = 0;  // rounds used: both arms measured
  RatioInterval hp;
  RatioInterval lp;
  VerdictWord hp_word = VerdictWord::kNoVerdict;
  VerdictWord lp_word = VerdictWord::kNoVerdict;
  VerdictWord word = VerdictWord::kNoVerdict;
};

// The pair's intervals at level 1 - alpha and its words. HP needs each
// arm's pooled requests over the rounds >= min_pooled_requests (a bounded
// P99: MinSamplesForUpperBound(0.99, confidence)), else NO-VERDICT. A
// failed run (`failed`) makes the pair FAIL whatever its figures.
PairVerdict JudgePair(const std::vector<PairedRound>& rounds, double alpha,
                      int64_t min_pooled_requests, bool failed);

// Why a run of rounds stops after a round, or kContinue.
enum class RoundStop {
  kContinue,
  kDecisive,     // auto: every pair PASS or FAIL
  kMax,          // auto: k_max rounds
  kFixed,        // fixed: the N rounds asked for
  kInterrupted,  // SIGINT or SIGTERM
  kFailed,       // auto: a run failed
};
const char* RoundStopName(RoundStop stop);  // "decisive", ... ("" continue)

struct RoundRule {
  bool automatic = false;  // --xsb_rounds=auto
  int min_rounds = 1;      // auto: k_min (the first look)
  int max_rounds = 1;      // auto: k_max; fixed: N
  LookSchedule Looks() const;
};

// After round k (1-based count of rounds run): `words` are the pairs'
// words at the look (ignored when k is not a look).
RoundStop DecideAfterRound(const RoundRule& rule, int k,
                           const std::vector<VerdictWord>& words,
                           bool run_failed, bool interrupted);

// max(3, ceil(min_pooled_requests / requests_per_run)): the fewest rounds
// whose pooled HP requests can bound a P99.
int DefaultMinRounds(int64_t min_pooled_requests, double requests_per_run);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_PAIRED_ROUNDS_H_
