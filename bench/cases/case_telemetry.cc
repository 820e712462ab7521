#include "bench/cases/case_telemetry.h"

#include <cmath>
#include <cstdio>

#include "bench/protocol/counters.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

// "2048 of 16384 MiB used, clock 1500 MHz" from one reading.
std::string DescribeState(const GpuTelemetryInfo& info,
                          const GpuSample& sample) {
  std::string text = "memory ";
  text += std::isnan(sample.mem_used_mib)
              ? std::string("?")
              : FormatNumber(std::round(sample.mem_used_mib));
  if (!std::isnan(info.mem_total_mib)) {
    text += " of " + FormatNumber(std::round(info.mem_total_mib));
  }
  text += " MiB used, clock ";
  text += std::isnan(sample.clock_mhz) ? std::string("?")
                                       : FormatNumber(sample.clock_mhz);
  return text + " MHz";
}

}  // namespace

std::unique_ptr<GpuTelemetry> OpenSuiteTelemetry(Backend backend,
                                                 std::string* context) {
  std::string why_not;
  std::unique_ptr<GpuTelemetry> telemetry = OpenGpuTelemetry(
      TelemetryLibrariesFromEnv(backend == Backend::kHip), 0, &why_not);
  if (telemetry == nullptr) {
    *context = "none: " + why_not;
    std::fprintf(stderr, "xsb: GPU telemetry: none (%s)\n", why_not.c_str());
    return nullptr;
  }
  const GpuTelemetryInfo& info = telemetry->info();
  *context = info.source + ", device 0: " + info.device_name;
  std::fprintf(stderr, "xsb: GPU telemetry: %s, device 0: %s, %s\n",
               info.source.c_str(), info.device_name.c_str(),
               DescribeState(info, telemetry->Sample()).c_str());
  return telemetry;
}

void ReportGpuBeforeCase(const std::string& case_name,
                         GpuTelemetry& telemetry) {
  const GpuSample now = telemetry.Sample();
  std::fprintf(stderr, "xsb: %s: GPU before the case: %s\n", case_name.c_str(),
               DescribeState(telemetry.info(), now).c_str());
  const std::vector<GpuProcess> others = telemetry.Processes();
  if (others.empty()) return;
  std::fprintf(stderr,
               "xsb: %s: WARNING: other processes on the GPU: %s; their work "
               "is in this case's figures\n",
               case_name.c_str(), DescribeGpuProcesses(others).c_str());
}

void SetTelemetryCounters(const std::vector<GpuSample>& samples,
                          const MeasurementWindow& window,
                          benchmark::State& state) {
  if (samples.empty()) return;
  const TelemetrySummary s =
      SummarizeTelemetry(samples, window.begin_ns, window.end_ns);
  auto set = [&state](Counter counter, double value) {
    if (!std::isnan(value)) state.counters[CounterName(counter)] = value;
  };
  set(Counter::kGpuUtilMeanPct, s.util_mean_pct);
  set(Counter::kGpuClockMinMhz, s.clock_min_mhz);
  set(Counter::kGpuMemUsedMaxMib, s.mem_used_max_mib);
  set(Counter::kGpuTempMaxC, s.temp_max_c);
  set(Counter::kGpuPowerMaxW, s.power_max_w);
}

}  // namespace xsb
