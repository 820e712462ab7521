#include "bench/cases/round_ledger.h"

#include "bench/protocol/counters.h"

namespace xsb {
namespace {

double CounterOr0(const benchmark::UserCounters& counters, Counter counter) {
  const auto it = counters.find(CounterName(counter));
  return it == counters.end() ? 0 : it->second.value;
}

}  // namespace

void RoundLedger::Record(const std::string& case_name, RunOutcome outcome) {
  RoundRun run;
  run.outcome = outcome;
  runs_[{case_name, round_}] = run;
}

void RoundLedger::RecordMeasured(const std::string& case_name,
                                 const benchmark::UserCounters& counters) {
  RoundRun run;
  run.hp_p99_ms = CounterOr0(counters, Counter::kHpP99Ms);
  run.lp_iter_per_s = CounterOr0(counters, Counter::kLpIterPerS);
  run.hp_requests =
      static_cast<int64_t>(CounterOr0(counters, Counter::kHpRequests));
  runs_[{case_name, round_}] = run;
}

const RoundRun* RoundLedger::Find(const std::string& case_name,
                                  int round) const {
  const auto it = runs_.find({case_name, round});
  return it == runs_.end() ? nullptr : &it->second;
}

bool RoundLedger::AnyFailed(int round) const {
  for (const auto& [key, run] : runs_) {
    if (key.second == round && run.outcome == RunOutcome::kFailed) return true;
  }
  return false;
}

RoundLedger& SuiteRoundLedger() {
  static RoundLedger ledger;
  return ledger;
}

}  // namespace xsb
