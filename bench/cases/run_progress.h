// Where the whole run is: which run of how many (each case matched by the
// filter x the rounds it runs in), which round of its case, and an
// estimate of the time the rest takes, for the start and progress lines on
// stderr. Under --xsb_rounds=auto the counts and the time are upper
// bounds: the run may stop after fewer rounds.
#ifndef XSB_BENCH_CASES_RUN_PROGRESS_H_
#define XSB_BENCH_CASES_RUN_PROGRESS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xsb {

struct PlannedCase {
  std::string name;  // as registered, without Google Benchmark's suffix
  double planned_s;  // warm-up + window
  int runs = 1;      // the rounds it runs in (at most, under auto)
};

// Where one run (one round of one case) stands when it begins.
struct RunStart {
  int index = 0;        // 1-based, over the whole run
  int total = 0;        // runs in the whole run (at least index)
  int repetition = 0;   // 1-based: the case's round
  int repetitions = 1;  // the case's rounds (at most, when up_to)
  bool up_to = false;   // --xsb_rounds=auto: totals and the ETA are bounds
  double remaining_after_s = 0;  // estimated, for the runs after this one

  std::string Tag() const;  // "[2/5]"
  // "[2/5] NAME round 1/3", or "[2/22] NAME round 1 (up to 10)" under auto.
  std::string Describe(const std::string& name) const;
};

class RunProgress {
 public:
  // Estimated fixed cost of one run besides its warm-up and window
  // (workers' start and standalone timing, shutdown) until one has ended.
  static constexpr double kDefaultOverheadS = 2;

  // The cases that will run (the filter applied), each `runs` times;
  // `up_to`: at most that (--xsb_rounds=auto).
  void Plan(const std::vector<PlannedCase>& cases, bool up_to);

  int total_runs() const;
  // Warm-up, window and the estimated fixed cost of every planned run.
  double EstimatedTotalS() const;

  // A run of `name` begins (now_ns: CLOCK_MONOTONIC); what it is.
  RunStart Begin(const std::string& name, int64_t now_ns);
  // The run begun last has ended; its wall time refines the estimate.
  void End(int64_t now_ns);

 private:
  double OverheadS() const;

  std::map<std::string, PlannedCase> planned_;  // by name
  bool up_to_ = false;
  int total_runs_ = 0;
  double planned_total_s_ = 0;  // warm-ups and windows of every run
  double started_planned_s_ = 0;
  int started_ = 0;
  std::map<std::string, int> runs_per_case_;
  // The run under way: when it began and its planned seconds.
  bool running_ = false;
  int64_t current_begin_ns_ = 0;
  double current_planned_s_ = 0;
  double overhead_sum_s_ = 0;
  int ended_ = 0;
};

}  // namespace xsb

#endif  // XSB_BENCH_CASES_RUN_PROGRESS_H_
