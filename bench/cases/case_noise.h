// The noise monitor around each case (bench/noise): snapshots at the
// window's edges through the orchestrator's hook, other processes on the
// GPU from device telemetry at the same moments, and the noise_* counters
// after the run, with a note naming what disturbed it.
#ifndef XSB_BENCH_CASES_CASE_NOISE_H_
#define XSB_BENCH_CASES_CASE_NOISE_H_

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/cases/case_runner.h"
#include "bench/noise/noise_monitor.h"
#include "bench/noise/proc_source.h"
#include "bench/telemetry/gpu_telemetry.h"

namespace xsb {

class CaseNoise {
 public:
  // `telemetry` may be null (no GPU library); it must outlive this.
  explicit CaseNoise(GpuTelemetry* telemetry);

  // Installs the window hook in `plan`; this must outlive the run.
  void Watch(ScenarioPlan* plan);

  // The noise_* counters into `state` after a run that measured, and a note
  // when the window was disturbed (docs/metrics.md, "Noise"). A Standalone
  // HP case's send lag becomes the reference of its scenario's later runs.
  void SetCounters(const CaseSpec& spec, benchmark::State& state,
                   std::vector<std::string>* notes);

 private:
  void OnEdge(WindowEdge edge, const std::vector<int64_t>& worker_pids,
              int64_t now_ns);

  std::unique_ptr<ProcSource> proc_;
  NoiseMonitor monitor_;
  GpuTelemetry* telemetry_;
  int gpu_other_procs_ = -1;
};

// The limits, as JSON context entries (before the run).
void AddNoiseContext();

}  // namespace xsb

#endif  // XSB_BENCH_CASES_CASE_NOISE_H_
