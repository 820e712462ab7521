#include "bench/cases/round_evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xsb {
namespace {

// "0.62", or "0.0042" where two decimals would say nothing.
std::string Ratio(double value) {
  char text[32];
  std::snprintf(text, sizeof text,
                value >= 0.1 && value < 1000 ? "%.2f" : "%.3g", value);
  return text;
}

// "x0.62 [0.48, 0.80]"
std::string Interval(const RatioInterval& ratio) {
  return "x" + Ratio(ratio.point) + " [" + Ratio(ratio.low) + ", " +
         Ratio(ratio.high) + "]";
}

// Full precision for the machine-read record.
std::string Exact(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string ExactInterval(const RatioInterval& ratio) {
  if (!ratio.valid) return "none";
  return Exact(ratio.low) + "," + Exact(ratio.point) + "," + Exact(ratio.high);
}

// The rounds both arms measured, and whether an arm failed or was skipped.
PairLook CollectPair(const CasePair& pair, const RoundPlan& plan,
                     const RoundLedger& ledger, int k,
                     std::vector<PairedRound>* rounds) {
  PairLook look;
  look.pair = &pair;
  const std::string& base = plan.cases()[pair.baseline].spec.name;
  const std::string& candidate = plan.cases()[pair.candidate].spec.name;
  for (int r = 0; r < k; ++r) {
    const RoundRun* b = ledger.Find(base, r);
    const RoundRun* c = ledger.Find(candidate, r);
    for (const RoundRun* run : {b, c}) {
      if (run == nullptr) continue;
      look.failed = look.failed || run->outcome == RunOutcome::kFailed;
      look.skipped = look.skipped || run->outcome == RunOutcome::kSkipped;
    }
    if (b == nullptr || c == nullptr || b->outcome != RunOutcome::kMeasured ||
        c->outcome != RunOutcome::kMeasured) {
      continue;
    }
    rounds->push_back({b->hp_p99_ms, c->hp_p99_ms, b->lp_iter_per_s,
                       c->lp_iter_per_s, b->hp_requests, c->hp_requests});
  }
  return look;
}

// "HP P99 x0.62 [0.48, 0.80]", or why there is no verdict on it.
std::string HpText(const PairLook& pair, int64_t min_pooled_requests) {
  const PairVerdict& v = pair.verdict;
  if (!v.hp.valid) {
    return "HP P99 NO-VERDICT (" + std::to_string(v.rounds) +
           " round(s) with both arms measured; an interval needs 2)";
  }
  if (v.hp_word == VerdictWord::kNoVerdict) {
    return "HP P99 " + Interval(v.hp) + " NO-VERDICT (a P99 bound needs " +
           std::to_string(min_pooled_requests) + " HP requests a side)";
  }
  return "HP P99 " + Interval(v.hp);
}

std::string StopText(RoundStop stop) {
  if (stop == RoundStop::kContinue) return "-> next round";
  return std::string("-> stop (") + RoundStopName(stop) + ")";
}

}  // namespace

std::vector<VerdictWord> RoundLook::Words() const {
  std::vector<VerdictWord> words;
  for (const PairLook& pair : pairs) {
    if (!pair.skipped) words.push_back(pair.verdict.word);
  }
  return words;
}

RoundLook EvaluateLook(const RoundPlan& plan, const RoundLedger& ledger, int k,
                       double alpha, int64_t min_pooled_requests) {
  RoundLook look;
  look.k = k;
  look.alpha = alpha;
  for (const CasePair& pair : plan.pairs()) {
    std::vector<PairedRound> rounds;
    PairLook pair_look = CollectPair(pair, plan, ledger, k, &rounds);
    pair_look.verdict =
        JudgePair(rounds, alpha, min_pooled_requests, pair_look.failed);
    look.pairs.push_back(pair_look);
  }
  return look;
}

std::string FormatLevel(double alpha) {
  // Two significant digits of alpha: 98.9 %, 99.98 %, 99.999979 %.
  const int decimals =
      std::max(1, static_cast<int>(std::ceil(-std::log10(100 * alpha))) + 1);
  char text[40];
  std::snprintf(text, sizeof text, "%.*f %%", decimals, 100 * (1 - alpha));
  return text;
}

std::string LookLine(const RoundLook& look, const PairLook& pair,
                     int max_rounds, RoundStop stop,
                     int64_t min_pooled_requests) {
  std::string line = "round " + std::to_string(look.k) + "/" +
                     std::to_string(max_rounds) + ": " + pair.pair->title +
                     ": ";
  if (pair.skipped) {
    return line + "skipped (an arm's environment lacks what it needs; see " +
           "above) " + StopText(stop);
  }
  line += HpText(pair, min_pooled_requests) + ", LP ";
  line += pair.verdict.lp.valid ? Interval(pair.verdict.lp) : "NO-VERDICT";
  line += " at " + FormatLevel(look.alpha) + ": " +
          VerdictWordName(pair.verdict.word);
  if (pair.failed) line += " (a run failed)";
  return line + " " + StopText(stop);
}

std::string LookContextValue(const RoundLook& look, const RoundPlan& plan) {
  std::string value;
  for (const PairLook& pair : look.pairs) {
    const PairVerdict& v = pair.verdict;
    if (!value.empty()) value += " | ";
    value += "pair=" + plan.cases()[pair.pair->candidate].spec.name +
             ";k=" + std::to_string(look.k) + ";n=" + std::to_string(v.rounds) +
             ";alpha=" + Exact(look.alpha) + ";hp=" + ExactInterval(v.hp) +
             ";lp=" + ExactInterval(v.lp) +
             ";hp_word=" + VerdictWordName(v.hp_word) +
             ";lp_word=" + VerdictWordName(v.lp_word) +
             ";word=" + (pair.skipped ? "SKIPPED" : VerdictWordName(v.word));
  }
  return value;
}

}  // namespace xsb
