// What each case's run did in each round: measured (with the figures the
// verdict pairs), failed, skipped for its environment, or cut short by an
// interrupt. The case runner records; the round evaluation reads.
#ifndef XSB_BENCH_CASES_ROUND_LEDGER_H_
#define XSB_BENCH_CASES_ROUND_LEDGER_H_

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace xsb {

enum class RunOutcome { kMeasured, kFailed, kSkipped, kInterrupted };

struct RoundRun {
  RunOutcome outcome = RunOutcome::kMeasured;
  double hp_p99_ms = 0;
  double lp_iter_per_s = 0;
  int64_t hp_requests = 0;
};

class RoundLedger {
 public:
  void BeginRound(int round) { round_ = round; }
  int round() const { return round_; }  // 0-based: the runs' repetition

  // The run of `case_name` in the current round.
  void Record(const std::string& case_name, RunOutcome outcome);
  // A measured run, its figures from its counters.
  void RecordMeasured(const std::string& case_name,
                      const benchmark::UserCounters& counters);

  // Null when the case did not run in `round`.
  const RoundRun* Find(const std::string& case_name, int round) const;
  // Whether a run failed in `round`.
  bool AnyFailed(int round) const;

 private:
  int round_ = 0;
  std::map<std::pair<std::string, int>, RoundRun> runs_;
};

// The run's ledger, as the case runner sees it.
RoundLedger& SuiteRoundLedger();

}  // namespace xsb

#endif  // XSB_BENCH_CASES_ROUND_LEDGER_H_
