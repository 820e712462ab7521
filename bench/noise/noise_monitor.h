// Takes the noise monitor's two snapshots, at a measurement window's start
// and end, and compares them (window_noise.h). One per case run; called by
// the orchestrator's window hook, on xsb_bench's main thread.
#ifndef XSB_BENCH_NOISE_NOISE_MONITOR_H_
#define XSB_BENCH_NOISE_NOISE_MONITOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/noise/proc_source.h"
#include "bench/noise/window_noise.h"

namespace xsb {

class NoiseMonitor {
 public:
  // `proc` must outlive the monitor.
  explicit NoiseMonitor(ProcSource& proc) : proc_(proc) {}

  // `roots`: xsb_bench and its workers; with their descendants they are
  // the case's own processes.
  void Start(const std::vector<int64_t>& roots, int64_t now_ns);
  void End(const std::vector<int64_t>& roots, int64_t now_ns);

  // The own processes of the latest snapshot.
  std::vector<int64_t> OwnPids() const;

  // The window; false with *why when a snapshot is missing or failed.
  bool Result(WindowNoise* noise, std::string* why) const;

 private:
  ProcSource& proc_;
  NoiseSnapshot start_;
  NoiseSnapshot end_;
  bool started_ = false;
  bool ended_ = false;
  std::string error_;
};

}  // namespace xsb

#endif  // XSB_BENCH_NOISE_NOISE_MONITOR_H_
