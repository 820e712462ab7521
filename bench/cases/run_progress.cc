#include "bench/cases/run_progress.h"

#include <algorithm>
#include <regex>

#include "shim_env/base/monotonic_time.h"

namespace xsb {

std::string RunStart::Tag() const {
  return "[" + std::to_string(index) + "/" + std::to_string(total) + "]";
}

std::string RunStart::Describe(const std::string& name) const {
  return Tag() + " " + name + " rep " + std::to_string(repetition) + "/" +
         std::to_string(repetitions);
}

void RunProgress::Plan(const std::vector<PlannedCase>& registered,
                       const std::string& filter,
                       const std::string& name_suffix, int repetitions) {
  repetitions_ = std::max(1, repetitions);
  // As Google Benchmark 1.7.1's FindBenchmarks: "" and "all" mean every
  // case, a leading '-' negates, the rest is a POSIX extended regex
  // searched in the name.
  std::string spec = filter.empty() || filter == "all" ? "." : filter;
  const bool negative = spec[0] == '-';
  if (negative) spec.erase(0, 1);
  std::regex re;
  try {
    re = std::regex(spec, std::regex::extended);
  } catch (const std::regex_error&) {
    return;
  }
  for (const PlannedCase& c : registered) {
    if (std::regex_search(c.name + name_suffix, re) == negative) continue;
    planned_s_[c.name] = c.planned_s;
    planned_total_s_ += c.planned_s * repetitions_;
  }
}

int RunProgress::total_runs() const {
  return static_cast<int>(planned_s_.size()) * repetitions_;
}

double RunProgress::OverheadS() const {
  return ended_ == 0 ? kDefaultOverheadS : overhead_sum_s_ / ended_;
}

double RunProgress::EstimatedTotalS() const {
  return planned_total_s_ + total_runs() * OverheadS();
}

RunStart RunProgress::Begin(const std::string& name, int64_t now_ns) {
  const auto planned = planned_s_.find(name);
  current_planned_s_ = planned == planned_s_.end() ? 0 : planned->second;
  current_begin_ns_ = now_ns;
  running_ = true;
  ++started_;
  started_planned_s_ += current_planned_s_;
  RunStart start;
  start.index = started_;
  start.total = std::max(total_runs(), started_);
  start.repetition = ++runs_per_case_[name];
  start.repetitions = repetitions_;
  const int runs_after = start.total - start.index;
  start.remaining_after_s =
      std::max(0.0, planned_total_s_ - started_planned_s_) +
      runs_after * OverheadS();
  return start;
}

void RunProgress::End(int64_t now_ns) {
  if (!running_) return;
  const double wall_s = NsToSeconds(now_ns - current_begin_ns_);
  overhead_sum_s_ += std::max(0.0, wall_s - current_planned_s_);
  ++ended_;
  running_ = false;
}

}  // namespace xsb
