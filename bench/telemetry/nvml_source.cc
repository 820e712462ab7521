// NVML through dlopen: the few functions and structures used, declared as
// NVML's nvml.h declares them (the ABI NVIDIA keeps stable).
#include <cstring>

#include "bench/telemetry/dl_library.h"
#include "bench/telemetry/gpu_telemetry.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

using NvmlReturn = int;  // nvmlReturn_t; 0 is NVML_SUCCESS
using NvmlDevice = void*;
constexpr NvmlReturn kNvmlSuccess = 0;
constexpr int kNvmlClockSm = 1;         // NVML_CLOCK_SM
constexpr int kNvmlTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU
constexpr double kBytesPerMib = 1024.0 * 1024.0;

struct NvmlUtilization {
  unsigned int gpu;
  unsigned int memory;
};
struct NvmlMemory {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};
// nvmlProcessInfo_t of the _v2/_v3 calls.
struct NvmlProcessInfo {
  unsigned int pid;
  unsigned long long used_gpu_memory;
  unsigned int gpu_instance_id;
  unsigned int compute_instance_id;
};

struct NvmlApi {
  NvmlReturn (*init)();
  NvmlReturn (*shutdown)();
  NvmlReturn (*handle_by_index)(unsigned int, NvmlDevice*);
  NvmlReturn (*name)(NvmlDevice, char*, unsigned int);
  NvmlReturn (*utilization)(NvmlDevice, NvmlUtilization*);
  NvmlReturn (*clock)(NvmlDevice, int, unsigned int*);
  NvmlReturn (*memory)(NvmlDevice, NvmlMemory*);
  NvmlReturn (*temperature)(NvmlDevice, int, unsigned int*);
  NvmlReturn (*power)(NvmlDevice, unsigned int*);
  NvmlReturn (*processes)(NvmlDevice, unsigned int*, NvmlProcessInfo*);
};

bool LoadApi(const DlLibrary& lib, NvmlApi* api, std::string* missing) {
  api->init = lib.Find<decltype(api->init)>("nvmlInit_v2");
  api->shutdown = lib.Find<decltype(api->shutdown)>("nvmlShutdown");
  api->handle_by_index =
      lib.Find<decltype(api->handle_by_index)>("nvmlDeviceGetHandleByIndex_v2");
  api->name = lib.Find<decltype(api->name)>("nvmlDeviceGetName");
  api->utilization =
      lib.Find<decltype(api->utilization)>("nvmlDeviceGetUtilizationRates");
  api->clock = lib.Find<decltype(api->clock)>("nvmlDeviceGetClockInfo");
  api->memory = lib.Find<decltype(api->memory)>("nvmlDeviceGetMemoryInfo");
  api->temperature =
      lib.Find<decltype(api->temperature)>("nvmlDeviceGetTemperature");
  api->power = lib.Find<decltype(api->power)>("nvmlDeviceGetPowerUsage");
  api->processes = lib.Find<decltype(api->processes)>(
      "nvmlDeviceGetComputeRunningProcesses_v3");
  if (api->processes == nullptr) {
    api->processes = lib.Find<decltype(api->processes)>(
        "nvmlDeviceGetComputeRunningProcesses_v2");
  }
  // The rest are optional: a figure the library lacks stays NaN.
  if (api->init == nullptr || api->shutdown == nullptr ||
      api->handle_by_index == nullptr) {
    *missing =
        "lacks nvmlInit_v2, nvmlShutdown or "
        "nvmlDeviceGetHandleByIndex_v2";
    return false;
  }
  return true;
}

class NvmlTelemetry : public GpuTelemetry {
 public:
  NvmlTelemetry(std::unique_ptr<DlLibrary> lib, const NvmlApi& api,
                NvmlDevice device, GpuTelemetryInfo info)
      : lib_(std::move(lib)),
        api_(api),
        device_(device),
        info_(std::move(info)) {}
  ~NvmlTelemetry() override { api_.shutdown(); }

  const GpuTelemetryInfo& info() const override { return info_; }

  GpuSample Sample() override {
    GpuSample s;
    s.time_ns = MonotonicNowNs();
    NvmlUtilization util{};
    if (api_.utilization && api_.utilization(device_, &util) == kNvmlSuccess) {
      s.util_pct = util.gpu;
    }
    unsigned int value = 0;
    if (api_.clock &&
        api_.clock(device_, kNvmlClockSm, &value) == kNvmlSuccess) {
      s.clock_mhz = value;
    }
    NvmlMemory memory{};
    if (api_.memory && api_.memory(device_, &memory) == kNvmlSuccess) {
      s.mem_used_mib = memory.used / kBytesPerMib;
    }
    if (api_.temperature && api_.temperature(device_, kNvmlTemperatureGpu,
                                             &value) == kNvmlSuccess) {
      s.temp_c = value;
    }
    if (api_.power && api_.power(device_, &value) == kNvmlSuccess) {
      s.power_w = value / 1000.0;  // milliwatts
    }
    return s;
  }

  std::vector<GpuProcess> Processes() override {
    std::vector<GpuProcess> processes;
    if (api_.processes == nullptr) return processes;
    NvmlProcessInfo infos[64];
    unsigned int count = 64;
    if (api_.processes(device_, &count, infos) != kNvmlSuccess) {
      return processes;
    }
    for (unsigned int i = 0; i < count && i < 64; ++i) {
      GpuProcess p;
      p.pid = infos[i].pid;
      p.name = ProcessName(p.pid);
      // NVML_VALUE_NOT_AVAILABLE (all ones) inside containers.
      if (infos[i].used_gpu_memory != ~0ULL) {
        p.used_mib = infos[i].used_gpu_memory / kBytesPerMib;
      }
      processes.push_back(p);
    }
    return processes;
  }

 private:
  std::unique_ptr<DlLibrary> lib_;
  NvmlApi api_;
  NvmlDevice device_;
  GpuTelemetryInfo info_;
};

}  // namespace

std::unique_ptr<GpuTelemetry> OpenNvml(const std::string& library, int index,
                                       std::string* why_not) {
  std::unique_ptr<DlLibrary> lib = DlLibrary::Open(library, why_not);
  if (lib == nullptr) return nullptr;
  NvmlApi api{};
  std::string missing;
  if (!LoadApi(*lib, &api, &missing)) {
    *why_not = library + " " + missing;
    return nullptr;
  }
  NvmlReturn status = api.init();
  if (status != kNvmlSuccess) {
    *why_not = library + ": nvmlInit_v2 returned " + std::to_string(status) +
               " (no NVIDIA driver or GPU?)";
    return nullptr;
  }
  NvmlDevice device = nullptr;
  status = api.handle_by_index(static_cast<unsigned int>(index), &device);
  if (status != kNvmlSuccess) {
    api.shutdown();
    *why_not = library + ": no device " + std::to_string(index) +
               " (nvmlDeviceGetHandleByIndex_v2 returned " +
               std::to_string(status) + ")";
    return nullptr;
  }
  GpuTelemetryInfo info;
  const std::string path = lib->Path();
  info.source = "NVML (" + library + (path.empty() ? "" : " in " + path) + ")";
  char name[96] = {};
  if (api.name && api.name(device, name, sizeof name - 1) == kNvmlSuccess) {
    info.device_name = name;
  }
  NvmlMemory memory{};
  if (api.memory && api.memory(device, &memory) == kNvmlSuccess) {
    info.mem_total_mib = memory.total / kBytesPerMib;
  }
  return std::make_unique<NvmlTelemetry>(std::move(lib), api, device, info);
}

}  // namespace xsb
