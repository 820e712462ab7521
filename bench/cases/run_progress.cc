#include "bench/cases/run_progress.h"

#include <algorithm>

#include "shim_env/base/monotonic_time.h"

namespace xsb {

std::string RunStart::Tag() const {
  return "[" + std::to_string(index) + "/" + std::to_string(total) + "]";
}

std::string RunStart::Describe(const std::string& name) const {
  const std::string round = std::to_string(repetition);
  return Tag() + " " + name + " round " +
         (up_to && repetitions > 1
              ? round + " (up to " + std::to_string(repetitions) + ")"
              : round + "/" + std::to_string(repetitions));
}

void RunProgress::Plan(const std::vector<PlannedCase>& cases, bool up_to) {
  up_to_ = up_to;
  for (const PlannedCase& c : cases) {
    planned_[c.name] = c;
    total_runs_ += c.runs;
    planned_total_s_ += c.planned_s * c.runs;
  }
}

int RunProgress::total_runs() const { return total_runs_; }

double RunProgress::OverheadS() const {
  return ended_ == 0 ? kDefaultOverheadS : overhead_sum_s_ / ended_;
}

double RunProgress::EstimatedTotalS() const {
  return planned_total_s_ + total_runs() * OverheadS();
}

RunStart RunProgress::Begin(const std::string& name, int64_t now_ns) {
  const auto planned = planned_.find(name);
  current_planned_s_ =
      planned == planned_.end() ? 0 : planned->second.planned_s;
  current_begin_ns_ = now_ns;
  running_ = true;
  ++started_;
  started_planned_s_ += current_planned_s_;
  RunStart start;
  start.index = started_;
  start.total = std::max(total_runs(), started_);
  start.repetition = ++runs_per_case_[name];
  start.repetitions = std::max(
      start.repetition, planned == planned_.end() ? 1 : planned->second.runs);
  start.up_to = up_to_;
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
