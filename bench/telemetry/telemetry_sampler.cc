#include "bench/telemetry/telemetry_sampler.h"

#include <algorithm>

namespace xsb {

TelemetrySampler::TelemetrySampler(GpuTelemetry& telemetry,
                                   std::chrono::milliseconds interval)
    : telemetry_(telemetry), thread_([this, interval] { Run(interval); }) {}

TelemetrySampler::~TelemetrySampler() { Stop(); }

void TelemetrySampler::Run(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    lock.unlock();
    const GpuSample sample = telemetry_.Sample();
    lock.lock();
    samples_.push_back(sample);
    changed_.notify_all();
    changed_.wait_for(lock, interval, [this] { return stop_; });
  }
}

bool TelemetrySampler::WaitForSamples(size_t count,
                                      std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout,
                           [&] { return samples_.size() >= count; });
}

std::vector<GpuSample> TelemetrySampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return samples_;
}

TelemetrySummary SummarizeTelemetry(const std::vector<GpuSample>& samples,
                                    int64_t begin_ns, int64_t end_ns) {
  std::vector<GpuSample> used;
  for (const GpuSample& s : samples) {
    if (s.time_ns >= begin_ns && s.time_ns <= end_ns) used.push_back(s);
  }
  if (used.empty()) used = samples;
  TelemetrySummary summary;
  summary.samples = used.size();
  double util_sum = 0;
  size_t util_count = 0;
  // NaN-aware: fmin/fmax return the other operand when one is NaN.
  for (const GpuSample& s : used) {
    if (!std::isnan(s.util_pct)) {
      util_sum += s.util_pct;
      ++util_count;
    }
    summary.clock_min_mhz = std::fmin(summary.clock_min_mhz, s.clock_mhz);
    summary.mem_used_max_mib =
        std::fmax(summary.mem_used_max_mib, s.mem_used_mib);
    summary.temp_max_c = std::fmax(summary.temp_max_c, s.temp_c);
    summary.power_max_w = std::fmax(summary.power_max_w, s.power_w);
  }
  if (util_count > 0) summary.util_mean_pct = util_sum / util_count;
  return summary;
}

}  // namespace xsb
