// ROCm SMI through dlopen: the few functions used, declared as rocm_smi.h
// declares them. Clocks come in a structure whose layout changed (ROCm 6
// put a bool before it), so both layouts are read and the plausible one
// kept (ClockFromFrequencies).
#include <cstdint>
#include <cstring>

#include "bench/telemetry/dl_library.h"
#include "bench/telemetry/gpu_telemetry.h"
#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

using RsmiStatus = int;  // rsmi_status_t; 0 is RSMI_STATUS_SUCCESS
constexpr RsmiStatus kRsmiSuccess = 0;
constexpr int kRsmiClkTypeSys = 0;   // RSMI_CLK_TYPE_SYS: the GFX clock
constexpr int kRsmiMemTypeVram = 0;  // RSMI_MEM_TYPE_VRAM
constexpr uint32_t kRsmiTempTypeEdge = 0;
constexpr int kRsmiTempCurrent = 0;  // RSMI_TEMP_CURRENT
constexpr double kBytesPerMib = 1024.0 * 1024.0;

// rsmi_process_info_t.
struct RsmiProcessInfo {
  uint32_t process_id;
  uint32_t pasid;
  uint64_t vram_usage;
  uint64_t sdma_usage;
  uint32_t cu_occupancy;
};

// Room for rsmi_frequencies_t of any version (at most 33 frequencies).
struct FrequencyBuffer {
  uint64_t words[40];
};

struct RsmiApi {
  RsmiStatus (*init)(uint64_t);
  RsmiStatus (*shut_down)();
  RsmiStatus (*num_devices)(uint32_t*);
  RsmiStatus (*name)(uint32_t, char*, size_t);
  RsmiStatus (*busy_percent)(uint32_t, uint32_t*);
  RsmiStatus (*clock)(uint32_t, int, FrequencyBuffer*);
  RsmiStatus (*memory_usage)(uint32_t, int, uint64_t*);
  RsmiStatus (*memory_total)(uint32_t, int, uint64_t*);
  RsmiStatus (*temperature)(uint32_t, uint32_t, int, int64_t*);
  RsmiStatus (*power_ave)(uint32_t, uint32_t, uint64_t*);
  RsmiStatus (*processes)(RsmiProcessInfo*, uint32_t*);
};

// The current clock in MHz from either layout of rsmi_frequencies_t:
// {uint32 num_supported; uint32 current; uint64 frequency[32]} (ROCm 5) or
// {bool has_deep_sleep; uint32 num_supported; uint32 current; uint64
// frequency[33]} (ROCm 6). NaN when neither reads as a clock in Hz.
double ClockFromFrequencies(const FrequencyBuffer& buffer) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.words);
  struct Layout {
    size_t num_offset, current_offset, frequency_offset, max;
  };
  for (const Layout& layout : {Layout{0, 4, 8, 32}, Layout{4, 8, 16, 33}}) {
    uint32_t num = 0;
    uint32_t current = 0;
    std::memcpy(&num, bytes + layout.num_offset, sizeof num);
    std::memcpy(&current, bytes + layout.current_offset, sizeof current);
    if (num == 0 || num > layout.max || current >= num) continue;
    uint64_t hz = 0;
    std::memcpy(&hz, bytes + layout.frequency_offset + 8 * current, sizeof hz);
    // Between 1 MHz and 10 GHz.
    if (hz >= 1'000'000 && hz <= 10'000'000'000ULL) return hz / 1e6;
  }
  return NAN;
}

bool LoadApi(const DlLibrary& lib, RsmiApi* api) {
  api->init = lib.Find<decltype(api->init)>("rsmi_init");
  api->shut_down = lib.Find<decltype(api->shut_down)>("rsmi_shut_down");
  api->num_devices =
      lib.Find<decltype(api->num_devices)>("rsmi_num_monitor_devices");
  api->name = lib.Find<decltype(api->name)>("rsmi_dev_name_get");
  api->busy_percent =
      lib.Find<decltype(api->busy_percent)>("rsmi_dev_busy_percent_get");
  api->clock = lib.Find<decltype(api->clock)>("rsmi_dev_gpu_clk_freq_get");
  api->memory_usage =
      lib.Find<decltype(api->memory_usage)>("rsmi_dev_memory_usage_get");
  api->memory_total =
      lib.Find<decltype(api->memory_total)>("rsmi_dev_memory_total_get");
  api->temperature =
      lib.Find<decltype(api->temperature)>("rsmi_dev_temp_metric_get");
  api->power_ave = lib.Find<decltype(api->power_ave)>("rsmi_dev_power_ave_get");
  api->processes =
      lib.Find<decltype(api->processes)>("rsmi_compute_process_info_get");
  return api->init != nullptr && api->shut_down != nullptr &&
         api->num_devices != nullptr;
}

class RocmSmiTelemetry : public GpuTelemetry {
 public:
  RocmSmiTelemetry(std::unique_ptr<DlLibrary> lib, const RsmiApi& api,
                   uint32_t index, GpuTelemetryInfo info)
      : lib_(std::move(lib)),
        api_(api),
        index_(index),
        info_(std::move(info)) {}
  ~RocmSmiTelemetry() override { api_.shut_down(); }

  const GpuTelemetryInfo& info() const override { return info_; }

  GpuSample Sample() override {
    GpuSample s;
    s.time_ns = MonotonicNowNs();
    uint32_t busy = 0;
    if (api_.busy_percent && api_.busy_percent(index_, &busy) == kRsmiSuccess) {
      s.util_pct = busy;
    }
    FrequencyBuffer frequencies{};
    if (api_.clock &&
        api_.clock(index_, kRsmiClkTypeSys, &frequencies) == kRsmiSuccess) {
      s.clock_mhz = ClockFromFrequencies(frequencies);
    }
    uint64_t value = 0;
    if (api_.memory_usage &&
        api_.memory_usage(index_, kRsmiMemTypeVram, &value) == kRsmiSuccess) {
      s.mem_used_mib = value / kBytesPerMib;
    }
    int64_t millidegrees = 0;
    if (api_.temperature &&
        api_.temperature(index_, kRsmiTempTypeEdge, kRsmiTempCurrent,
                         &millidegrees) == kRsmiSuccess) {
      s.temp_c = millidegrees / 1000.0;
    }
    if (api_.power_ave && api_.power_ave(index_, 0, &value) == kRsmiSuccess) {
      s.power_w = value / 1e6;  // microwatts
    }
    return s;
  }

  std::vector<GpuProcess> Processes() override {
    std::vector<GpuProcess> processes;
    if (api_.processes == nullptr) return processes;
    RsmiProcessInfo infos[64];
    uint32_t count = 64;
    if (api_.processes(infos, &count) != kRsmiSuccess) return processes;
    for (uint32_t i = 0; i < count && i < 64; ++i) {
      GpuProcess p;
      p.pid = infos[i].process_id;
      p.name = ProcessName(p.pid);
      p.used_mib = infos[i].vram_usage / kBytesPerMib;
      processes.push_back(p);
    }
    return processes;
  }

 private:
  std::unique_ptr<DlLibrary> lib_;
  RsmiApi api_;
  uint32_t index_;
  GpuTelemetryInfo info_;
};

}  // namespace

std::unique_ptr<GpuTelemetry> OpenRocmSmi(const std::string& library, int index,
                                          std::string* why_not) {
  std::unique_ptr<DlLibrary> lib = DlLibrary::Open(library, why_not);
  if (lib == nullptr) return nullptr;
  RsmiApi api{};
  if (!LoadApi(*lib, &api)) {
    *why_not = library +
               " lacks rsmi_init, rsmi_shut_down or rsmi_num_monitor_devices";
    return nullptr;
  }
  RsmiStatus status = api.init(0);
  if (status != kRsmiSuccess) {
    *why_not = library + ": rsmi_init returned " + std::to_string(status) +
               " (no amdgpu driver or GPU?)";
    return nullptr;
  }
  uint32_t devices = 0;
  if (api.num_devices(&devices) != kRsmiSuccess ||
      static_cast<uint32_t>(index) >= devices) {
    api.shut_down();
    *why_not = library + ": no device " + std::to_string(index) + " (" +
               std::to_string(devices) + " found)";
    return nullptr;
  }
  GpuTelemetryInfo info;
  const std::string path = lib->Path();
  info.source =
      "ROCm SMI (" + library + (path.empty() ? "" : " in " + path) + ")";
  char name[96] = {};
  if (api.name && api.name(index, name, sizeof name - 1) == kRsmiSuccess) {
    info.device_name = name;
  }
  uint64_t total = 0;
  if (api.memory_total &&
      api.memory_total(index, kRsmiMemTypeVram, &total) == kRsmiSuccess) {
    info.mem_total_mib = total / kBytesPerMib;
  }
  return std::make_unique<RocmSmiTelemetry>(std::move(lib), api,
                                            static_cast<uint32_t>(index), info);
}

}  // namespace xsb
