// Reads a GpuTelemetry at a fixed interval on its own thread while a case
// runs, in xsb_bench, never in a worker: the measured paths stay as they
// are. The summary over the measurement window becomes the gpu_* counters.
#ifndef XSB_BENCH_TELEMETRY_TELEMETRY_SAMPLER_H_
#define XSB_BENCH_TELEMETRY_TELEMETRY_SAMPLER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/telemetry/gpu_telemetry.h"

namespace xsb {

class TelemetrySampler {
 public:
  // Starts sampling `telemetry` (which must outlive it) at once and then
  // every `interval`.
  TelemetrySampler(GpuTelemetry& telemetry, std::chrono::milliseconds interval);
  // Stops the thread (see Stop).
  ~TelemetrySampler();
  TelemetrySampler(const TelemetrySampler&) = delete;
  TelemetrySampler& operator=(const TelemetrySampler&) = delete;

  // Blocks until `count` samples were taken (tests; bounded by `timeout`).
  bool WaitForSamples(size_t count, std::chrono::milliseconds timeout);
  // Stops the thread and returns every sample, oldest first.
  std::vector<GpuSample> Stop();

 private:
  void Run(std::chrono::milliseconds interval);

  GpuTelemetry& telemetry_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false;
  std::vector<GpuSample> samples_;
  std::thread thread_;
};

struct TelemetrySummary {
  size_t samples = 0;  // used: those inside the window, else all
  double util_mean_pct = NAN;
  double clock_min_mhz = NAN;
  double mem_used_max_mib = NAN;
  double temp_max_c = NAN;
  double power_max_w = NAN;
};

// Over the samples taken in [begin_ns, end_ns], or every sample when none
// was; each figure NaN when no sample had it.
TelemetrySummary SummarizeTelemetry(const std::vector<GpuSample>& samples,
                                    int64_t begin_ns, int64_t end_ns);

}  // namespace xsb

#endif  // XSB_BENCH_TELEMETRY_TELEMETRY_SAMPLER_H_
