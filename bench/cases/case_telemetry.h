// Device telemetry around each case (bench/telemetry): the device and what
// else runs on it before the case, a sampler during it, and the gpu_*
// counters after it. Absent telemetry (no library, --xsb_telemetry=false)
// changes nothing.
#ifndef XSB_BENCH_CASES_CASE_TELEMETRY_H_
#define XSB_BENCH_CASES_CASE_TELEMETRY_H_

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/measure/window_stats.h"
#include "bench/telemetry/gpu_telemetry.h"
#include "bench/telemetry/telemetry_sampler.h"
#include "kernels/workload.h"

namespace xsb {

// Opens the telemetry library for the workers' backend (ROCm SMI first on
// hip, NVML first otherwise), device 0. Prints one line either way: the
// source, device, memory in use, clock and other processes on it, or why
// there is none. *context gets the same for the JSON context.
std::unique_ptr<GpuTelemetry> OpenSuiteTelemetry(Backend backend,
                                                 std::string* context);

// Before a case: one line with memory in use and the clock, and a warning
// line naming every process that already has the GPU (their work would be
// in this case's figures).
void ReportGpuBeforeCase(const std::string& case_name, GpuTelemetry& telemetry);

// gpu_util_mean_pct, gpu_clock_min_mhz, gpu_mem_used_max_mib,
// gpu_temp_max_c and gpu_power_max_w over the samples inside `window`;
// each only when some sample had it.
void SetTelemetryCounters(const std::vector<GpuSample>& samples,
                          const MeasurementWindow& window,
                          benchmark::State& state);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_CASE_TELEMETRY_H_
