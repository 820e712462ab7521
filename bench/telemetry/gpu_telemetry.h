// Device telemetry from the vendor's management library, loaded at run time
// with dlopen so that no build depends on it and a machine without it runs
// as before: NVML (libnvidia-ml.so.1) on NVIDIA, ROCm SMI (librocm_smi64)
// on AMD. xsb_bench reads it around each case, off the measured paths: it
// is not a GPU runtime and opens no GPU context.
#ifndef XSB_BENCH_TELEMETRY_GPU_TELEMETRY_H_
#define XSB_BENCH_TELEMETRY_GPU_TELEMETRY_H_

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace xsb {

// One reading of the device; NaN where the library could not say.
struct GpuSample {
  int64_t time_ns = 0;  // CLOCK_MONOTONIC
  double util_pct = NAN;
  double clock_mhz = NAN;  // SM clock (NVIDIA), GFX/system clock (AMD)
  double mem_used_mib = NAN;
  double temp_c = NAN;
  double power_w = NAN;
};

struct GpuProcess {
  int64_t pid = 0;
  std::string name;  // from /proc/<pid>/comm; "?" when not visible
  double used_mib = NAN;
};

// Where the figures come from and the device they describe.
struct GpuTelemetryInfo {
  std::string source;  // "NVML (/usr/lib/.../libnvidia-ml.so.1)"
  std::string device_name;
  double mem_total_mib = NAN;
};

class GpuTelemetry {
 public:
  virtual ~GpuTelemetry() = default;
  virtual const GpuTelemetryInfo& info() const = 0;
  // The device now, time_ns set; fields the library refused stay NaN.
  virtual GpuSample Sample() = 0;
  // Processes with a compute context on the device (ROCm SMI: on any GPU).
  virtual std::vector<GpuProcess> Processes() = 0;
};

// The libraries to try, in order, and how: a path (or a name for the
// dynamic loader) per kind.
struct TelemetryLibraries {
  std::string nvml;                   // XSB_NVML_LIBRARY or libnvidia-ml.so.1
  std::vector<std::string> rocm_smi;  // XSB_ROCM_SMI_LIBRARY, or the
                                      // .so.1 then the .so
  bool amd_first = false;             // the hip backend: ROCm SMI before NVML
};

// From the environment: XSB_NVML_LIBRARY and XSB_ROCM_SMI_LIBRARY replace
// the default names (tests point them at a fake library).
TelemetryLibraries TelemetryLibrariesFromEnv(bool amd_first);

// Device `index` through the first library that loads and initialises;
// null with *why_not (one line naming each library and why) when none.
std::unique_ptr<GpuTelemetry> OpenGpuTelemetry(
    const TelemetryLibraries& libraries, int index, std::string* why_not);

// Internal: one library kind each (nvml_source.cc, rocm_smi_source.cc).
std::unique_ptr<GpuTelemetry> OpenNvml(const std::string& library, int index,
                                       std::string* why_not);
std::unique_ptr<GpuTelemetry> OpenRocmSmi(const std::string& library, int index,
                                          std::string* why_not);

// "4242 python3 (2048 MiB), 4243 ?" for warnings.
std::string DescribeGpuProcesses(const std::vector<GpuProcess>& processes);
// /proc/<pid>/comm without its newline, or "?".
std::string ProcessName(int64_t pid);

}  // namespace xsb

#endif  // XSB_BENCH_TELEMETRY_GPU_TELEMETRY_H_
