#include "bench/measure/paired_rounds.h"

#include <algorithm>
#include <cmath>

#include "bench/measure/group_sequential.h"
#include "bench/measure/quantiles.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

// f(t) of the O'Brien-Fleming spending function, t in [0, 1].
double ObrienFleming(double t, double alpha) {
  if (t <= 0) return 0;
  // Phi^-1(1 - alpha / 2) from the lower tail, which keeps its digits.
  const double z = -NormalQuantile(alpha / 2);
  return 2 * NormalCdf(-z / std::sqrt(t));
}

constexpr EnumName<VerdictWord> kVerdictWordNames[] = {
    {VerdictWord::kPass, "PASS"},
    {VerdictWord::kFail, "FAIL"},
    {VerdictWord::kInconclusive, "INCONCLUSIVE"},
    {VerdictWord::kNoVerdict, "NO-VERDICT"}};

constexpr EnumName<RoundStop> kRoundStopNames[] = {
    {RoundStop::kContinue, ""},
    {RoundStop::kDecisive, "decisive"},
    {RoundStop::kMax, "max"},
    {RoundStop::kFixed, "fixed"},
    {RoundStop::kInterrupted, "interrupted"},
    {RoundStop::kFailed, "failed"}};

bool Decisive(VerdictWord word) {
  return word == VerdictWord::kPass || word == VerdictWord::kFail;
}

}  // namespace

double SpentAlpha(int look, int looks, double alpha) {
  if (look < 1 || look > looks) return 0;
  if (looks == 1) return alpha;
  return ObrienFleming(static_cast<double>(look) / looks, alpha) -
         ObrienFleming(static_cast<double>(look - 1) / looks, alpha);
}

double LookSchedule::AlphaAfterRound(int k, double alpha) const {
  if (k < first || k > last) return 0;
  const std::vector<double> alphas =
      NominalAlphas(RoundFractions(first, last), alpha);
  return alphas.empty() ? 0 : alphas[k - first];
}

RatioInterval PairedRatioInterval(const std::vector<double>& log_ratios,
                                  double alpha) {
  RatioInterval interval;
  const size_t k = log_ratios.size();
  if (k < 2) return interval;
  double sum = 0;
  for (double d : log_ratios) sum += d;
  const double mean = sum / k;
  double squares = 0;
  for (double d : log_ratios) squares += (d - mean) * (d - mean);
  const double sd = std::sqrt(squares / (k - 1));
  // t_{k-1, 1 - alpha/2} from the lower tail: alpha can be 1e-7.
  const double t = sd > 0 ? -StudentTQuantile(alpha / 2, k - 1.0) : 0;
  const double half_width = t * sd / std::sqrt(static_cast<double>(k));
  interval.valid = true;
  interval.point = std::exp(mean);
  interval.low = std::exp(mean - half_width);
  interval.high = std::exp(mean + half_width);
  return interval;
}

const char* VerdictWordName(VerdictWord word) {
  return EnumToName(kVerdictWordNames, word);
}

VerdictWord WordBelow(const RatioInterval& ratio, double threshold) {
  if (!ratio.valid) return VerdictWord::kNoVerdict;
  if (ratio.high < threshold) return VerdictWord::kPass;
  return ratio.low >= threshold ? VerdictWord::kFail
                                : VerdictWord::kInconclusive;
}

VerdictWord WordAbove(const RatioInterval& ratio, double threshold) {
  if (!ratio.valid) return VerdictWord::kNoVerdict;
  if (ratio.low > threshold) return VerdictWord::kPass;
  return ratio.high <= threshold ? VerdictWord::kFail
                                 : VerdictWord::kInconclusive;
}

VerdictWord CombineWords(std::initializer_list<VerdictWord> words) {
  for (VerdictWord first : {VerdictWord::kFail, VerdictWord::kNoVerdict,
                            VerdictWord::kInconclusive}) {
    if (std::find(words.begin(), words.end(), first) != words.end()) {
      return first;
    }
  }
  return VerdictWord::kPass;
}

bool Different(const RatioInterval& ratio) {
  return ratio.valid && (ratio.high < 1 || ratio.low > 1);
}

PairVerdict JudgePair(const std::vector<PairedRound>& rounds, double alpha,
                      int64_t min_pooled_requests, bool failed) {
  PairVerdict verdict;
  verdict.rounds = static_cast<int>(rounds.size());
  std::vector<double> hp;
  std::vector<double> lp;
  int64_t baseline_requests = 0;
  int64_t candidate_requests = 0;
  for (const PairedRound& r : rounds) {
    hp.push_back(std::log(r.candidate_hp_p99_ms / r.baseline_hp_p99_ms));
    lp.push_back(
        std::log(r.candidate_lp_iter_per_s / r.baseline_lp_iter_per_s));
    baseline_requests += r.baseline_hp_requests;
    candidate_requests += r.candidate_hp_requests;
  }
  verdict.hp = PairedRatioInterval(hp, alpha);
  verdict.lp = PairedRatioInterval(lp, alpha);
  const bool hp_bounded = baseline_requests >= min_pooled_requests &&
                          candidate_requests >= min_pooled_requests;
  verdict.hp_word = hp_bounded ? WordBelow(verdict.hp, kMaxHpP99Ratio)
                               : VerdictWord::kNoVerdict;
  verdict.lp_word = WordAbove(verdict.lp, kMinLpRatio);
  verdict.word = failed ? VerdictWord::kFail
                        : CombineWords({verdict.hp_word, verdict.lp_word});
  return verdict;
}

const char* RoundStopName(RoundStop stop) {
  return EnumToName(kRoundStopNames, stop);
}

LookSchedule RoundRule::Looks() const {
  if (automatic) return {min_rounds, max_rounds};
  return {max_rounds, max_rounds};
}

RoundStop DecideAfterRound(const RoundRule& rule, int k,
                           const std::vector<VerdictWord>& words,
                           bool run_failed, bool interrupted) {
  if (interrupted) return RoundStop::kInterrupted;
  if (!rule.automatic) {
    return k >= rule.max_rounds ? RoundStop::kFixed : RoundStop::kContinue;
  }
  if (run_failed) return RoundStop::kFailed;
  if (k < rule.min_rounds) return RoundStop::kContinue;
  if (std::all_of(words.begin(), words.end(), Decisive)) {
    return RoundStop::kDecisive;
  }
  return k >= rule.max_rounds ? RoundStop::kMax : RoundStop::kContinue;
}

int DefaultMinRounds(int64_t min_pooled_requests, double requests_per_run) {
  if (requests_per_run <= 0) return 3;
  const double rounds = std::ceil(
      static_cast<double>(min_pooled_requests) / requests_per_run - 1e-9);
  return std::max(3, static_cast<int>(rounds));
}

}  // namespace xsb
