// A stand-in for NVML and ROCm SMI in tests: one shared library exporting
// the functions bench/telemetry uses, with scripted values, so telemetry is
// tested on machines without a GPU (XSB_NVML_LIBRARY or
// XSB_ROCM_SMI_LIBRARY point at it). Each reading cycles through three
// values per call of its function:
//   utilisation 10, 50, 90 %; SM/GFX clock 1500, 1400, 1300 MHz;
//   temperature 60, 61, 62 C; memory 2048 of 16384 MiB; power 250.5 W.
// XSB_FAKE_GPU_INIT_FAIL=1 makes the init calls fail as without a driver;
// XSB_FAKE_GPU_PIDS="PID:MIB,..." lists processes on the GPU;
// XSB_FAKE_RSMI_LAYOUT=5 returns ROCm 5's rsmi_frequencies_t, else ROCm 6's.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#define XSB_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

constexpr uint64_t kMib = 1024 * 1024;
int g_util_calls = 0;
int g_clock_calls = 0;
int g_temp_calls = 0;

unsigned Util() { return 10 + 40 * (g_util_calls++ % 3); }
unsigned ClockMhz() { return 1500 - 100 * (g_clock_calls++ % 3); }
unsigned TempC() { return 60 + g_temp_calls++ % 3; }

bool InitFails() {
  const char* fail = std::getenv("XSB_FAKE_GPU_INIT_FAIL");
  return fail != nullptr && std::strcmp(fail, "1") == 0;
}

// Fills up to `capacity` (pid, MiB) pairs from XSB_FAKE_GPU_PIDS.
unsigned ScriptedProcesses(unsigned capacity, unsigned* pids, uint64_t* bytes) {
  const char* text = std::getenv("XSB_FAKE_GPU_PIDS");
  if (text == nullptr) return 0;
  std::string list = text;
  unsigned count = 0;
  size_t start = 0;
  while (start < list.size() && count < capacity) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const std::string item = list.substr(start, end - start);
    const size_t colon = item.find(':');
    pids[count] = static_cast<unsigned>(std::stoul(item.substr(0, colon)));
    bytes[count] = colon == std::string::npos
                       ? 0
                       : std::stoull(item.substr(colon + 1)) * kMib;
    ++count;
    start = end + 1;
  }
  return count;
}

struct NvmlUtilization {
  unsigned gpu, memory;
};
struct NvmlMemory {
  unsigned long long total, free, used;
};
struct NvmlProcessInfo {
  unsigned pid;
  unsigned long long used_gpu_memory;
  unsigned gpu_instance_id, compute_instance_id;
};
struct RsmiProcessInfo {
  uint32_t process_id, pasid;
  uint64_t vram_usage, sdma_usage;
  uint32_t cu_occupancy;
};

int g_device_token = 0;

}  // namespace

// NVML: 0 is NVML_SUCCESS, 9 NVML_ERROR_DRIVER_NOT_LOADED.
XSB_EXPORT int nvmlInit_v2() { return InitFails() ? 9 : 0; }
XSB_EXPORT int nvmlShutdown() { return 0; }
XSB_EXPORT int nvmlDeviceGetHandleByIndex_v2(unsigned index, void** device) {
  if (index != 0) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *device = &g_device_token;
  return 0;
}
XSB_EXPORT int nvmlDeviceGetName(void*, char* name, unsigned length) {
  std::strncpy(name, "Fake GPU 9000", length);
  return 0;
}
XSB_EXPORT int nvmlDeviceGetUtilizationRates(void*, NvmlUtilization* u) {
  u->gpu = Util();
  u->memory = 5;
  return 0;
}
XSB_EXPORT int nvmlDeviceGetClockInfo(void*, int type, unsigned* mhz) {
  if (type != 1) return 2;  // only NVML_CLOCK_SM is scripted
  *mhz = ClockMhz();
  return 0;
}
XSB_EXPORT int nvmlDeviceGetMemoryInfo(void*, NvmlMemory* m) {
  m->total = 16384 * kMib;
  m->used = 2048 * kMib;
  m->free = m->total - m->used;
  return 0;
}
XSB_EXPORT int nvmlDeviceGetTemperature(void*, int, unsigned* c) {
  *c = TempC();
  return 0;
}
XSB_EXPORT int nvmlDeviceGetPowerUsage(void*, unsigned* milliwatts) {
  *milliwatts = 250500;
  return 0;
}
XSB_EXPORT int nvmlDeviceGetComputeRunningProcesses_v3(void*, unsigned* count,
                                                       NvmlProcessInfo* out) {
  unsigned pids[64];
  uint64_t bytes[64];
  const unsigned n = ScriptedProcesses(*count < 64 ? *count : 64, pids, bytes);
  for (unsigned i = 0; i < n; ++i) out[i] = {pids[i], bytes[i], 0, 0};
  *count = n;
  return 0;
}

// ROCm SMI: 0 is RSMI_STATUS_SUCCESS, 8 RSMI_STATUS_INIT_ERROR.
XSB_EXPORT int rsmi_init(uint64_t) { return InitFails() ? 8 : 0; }
XSB_EXPORT int rsmi_shut_down() { return 0; }
XSB_EXPORT int rsmi_num_monitor_devices(uint32_t* count) {
  *count = 1;
  return 0;
}
XSB_EXPORT int rsmi_dev_name_get(uint32_t, char* name, size_t length) {
  std::strncpy(name, "Fake GPU 9000", length);
  return 0;
}
XSB_EXPORT int rsmi_dev_busy_percent_get(uint32_t, uint32_t* percent) {
  *percent = Util();
  return 0;
}
XSB_EXPORT int rsmi_dev_gpu_clk_freq_get(uint32_t, int, void* frequencies) {
  // Three levels, the current one in the middle.
  const uint64_t hz[3] = {500'000'000ULL, uint64_t{ClockMhz()} * 1'000'000ULL,
                          2'100'000'000ULL};
  const uint32_t num = 3;
  const uint32_t current = 1;
  auto* bytes = static_cast<unsigned char*>(frequencies);
  const char* layout = std::getenv("XSB_FAKE_RSMI_LAYOUT");
  const bool rocm5 = layout != nullptr && std::strcmp(layout, "5") == 0;
  const size_t base = rocm5 ? 0 : 4;  // ROCm 6: bool has_deep_sleep first
  if (!rocm5) bytes[0] = 1;
  std::memcpy(bytes + base, &num, sizeof num);
  std::memcpy(bytes + base + 4, &current, sizeof current);
  std::memcpy(bytes + (rocm5 ? 8 : 16), hz, sizeof hz);
  return 0;
}
XSB_EXPORT int rsmi_dev_memory_usage_get(uint32_t, int, uint64_t* used) {
  *used = 2048 * kMib;
  return 0;
}
XSB_EXPORT int rsmi_dev_memory_total_get(uint32_t, int, uint64_t* total) {
  *total = 16384 * kMib;
  return 0;
}
XSB_EXPORT int rsmi_dev_temp_metric_get(uint32_t, uint32_t, int,
                                        int64_t* millidegrees) {
  *millidegrees = int64_t{TempC()} * 1000;
  return 0;
}
XSB_EXPORT int rsmi_dev_power_ave_get(uint32_t, uint32_t, uint64_t* uw) {
  *uw = 250'500'000;
  return 0;
}
XSB_EXPORT int rsmi_compute_process_info_get(RsmiProcessInfo* out,
                                             uint32_t* count) {
  unsigned pids[64];
  uint64_t bytes[64];
  const unsigned n = ScriptedProcesses(*count < 64 ? *count : 64, pids, bytes);
  for (unsigned i = 0; i < n; ++i) out[i] = {pids[i], 0, bytes[i], 0, 0};
  *count = n;
  return 0;
}
