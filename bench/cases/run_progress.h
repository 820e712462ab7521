// Where the whole run is: which run of how many (cases matched by the
// filter x repetitions), which repetition of its case, and an estimate of
// the time the rest takes, for the start and progress lines on stderr.
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
};

// Where one run (one repetition of one case) stands when it begins.
struct RunStart {
  int index = 0;                 // 1-based, over the whole run
  int total = 0;                 // runs in the whole run (at least index)
  int repetition = 0;            // 1-based, of this case
  int repetitions = 1;           // of each case
  double remaining_after_s = 0;  // estimated, for the runs after this one

  std::string Tag() const;                              // "[2/5]"
  std::string Describe(const std::string& name) const;  // "[2/5] NAME rep 1/3"
};

class RunProgress {
 public:
  // Estimated fixed cost of one run besides its warm-up and window
  // (workers' start and standalone timing, shutdown) until one has ended.
  static constexpr double kDefaultOverheadS = 2;

  // The cases Google Benchmark will run: those of `registered` whose name
  // with `name_suffix` (what Google Benchmark appends, e.g.
  // "/iterations:1/real_time") matches `filter` as Google Benchmark
  // matches it (POSIX extended, searched; "-" negates; "" and "all" match
  // all), each run `repetitions` times. An invalid filter plans nothing:
  // Google Benchmark reports it.
  void Plan(const std::vector<PlannedCase>& registered,
            const std::string& filter, const std::string& name_suffix,
            int repetitions);

  int total_runs() const;
  // Warm-up, window and the estimated fixed cost of every planned run.
  double EstimatedTotalS() const;

  // A run of `name` begins (now_ns: CLOCK_MONOTONIC); what it is.
  RunStart Begin(const std::string& name, int64_t now_ns);
  // The run begun last has ended; its wall time refines the estimate.
  void End(int64_t now_ns);

 private:
  double OverheadS() const;

  std::map<std::string, double> planned_s_;  // per matched case
  int repetitions_ = 1;
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
