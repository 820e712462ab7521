#include "bench/telemetry/gpu_telemetry.h"

#include <cstdlib>
#include <fstream>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

TelemetryLibraries TelemetryLibrariesFromEnv(bool amd_first) {
  TelemetryLibraries libraries;
  libraries.nvml = EnvOr("XSB_NVML_LIBRARY", "libnvidia-ml.so.1");
  const char* smi = std::getenv("XSB_ROCM_SMI_LIBRARY");
  if (smi != nullptr && *smi != '\0') {
    libraries.rocm_smi = {smi};
  } else {
    // Debian's librocm-smi64-1 ships the .so.1; ROCm's own packages both.
    libraries.rocm_smi = {"librocm_smi64.so.1", "librocm_smi64.so"};
  }
  libraries.amd_first = amd_first;
  return libraries;
}

std::unique_ptr<GpuTelemetry> OpenGpuTelemetry(
    const TelemetryLibraries& libraries, int index, std::string* why_not) {
  std::string reasons;
  auto note = [&reasons](const std::string& why) {
    reasons += (reasons.empty() ? "" : "; ") + why;
  };
  auto try_nvml = [&]() -> std::unique_ptr<GpuTelemetry> {
    std::string why;
    auto telemetry = OpenNvml(libraries.nvml, index, &why);
    if (telemetry == nullptr) note(why);
    return telemetry;
  };
  auto try_smi = [&]() -> std::unique_ptr<GpuTelemetry> {
    for (const std::string& library : libraries.rocm_smi) {
      std::string why;
      auto telemetry = OpenRocmSmi(library, index, &why);
      if (telemetry != nullptr) return telemetry;
      note(why);
    }
    return nullptr;
  };
  std::unique_ptr<GpuTelemetry> telemetry =
      libraries.amd_first ? try_smi() : try_nvml();
  if (telemetry == nullptr) {
    telemetry = libraries.amd_first ? try_nvml() : try_smi();
  }
  if (telemetry == nullptr) *why_not = reasons;
  return telemetry;
}

std::string ProcessName(int64_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!std::getline(comm, name) || name.empty()) return "?";
  return name;
}

std::string DescribeGpuProcesses(const std::vector<GpuProcess>& processes) {
  std::string text;
  for (const GpuProcess& p : processes) {
    if (!text.empty()) text += ", ";
    text += std::to_string(p.pid) + " " + p.name;
    if (!std::isnan(p.used_mib)) {
      text += " (" + FormatNumber(p.used_mib) + " MiB)";
    }
  }
  return text;
}

}  // namespace xsb
