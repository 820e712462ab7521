#include "bench/noise/noise_monitor.h"

namespace xsb {

void NoiseMonitor::Start(const std::vector<int64_t>& roots, int64_t now_ns) {
  started_ = TakeSnapshot(proc_, roots, now_ns, &start_, &error_);
  ended_ = false;
}

void NoiseMonitor::End(const std::vector<int64_t>& roots, int64_t now_ns) {
  if (!started_) return;
  ended_ = TakeSnapshot(proc_, roots, now_ns, &end_, &error_);
}

std::vector<int64_t> NoiseMonitor::OwnPids() const {
  const NoiseSnapshot& latest = ended_ ? end_ : start_;
  std::vector<int64_t> pids;
  for (const auto& entry : latest.own) pids.push_back(entry.first.first);
  return pids;
}

bool NoiseMonitor::Result(WindowNoise* noise, std::string* why) const {
  if (!started_ || !ended_) {
    *why =
        error_.empty() ? "the window's start or end was not observed" : error_;
    return false;
  }
  *noise = CompareSnapshots(start_, end_, proc_.TicksPerSecond());
  return true;
}

}  // namespace xsb
