#include "kernels/gpu/gpu_device.h"

#include <string>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_model.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/gpu_stream.h"
#include "kernels/gpu/gpu_timing.h"
#include "kernels/host/amd_sysfs.h"
#include "kernels/host/driver_version.h"

namespace xsb {
namespace gpu {
namespace {

// Both runtimes encode versions as integers, differently: CUDA as
// 1000 * major + 10 * minor, HIP as 10^7 * major + 10^5 * minor + patch.
std::string FormatVersion(int version) {
#if defined(XSB_GPU_CUDA)
  return std::to_string(version / 1000) + "." +
         std::to_string(version % 1000 / 10);
#else
  return std::to_string(version / 10000000) + "." +
         std::to_string(version / 100000 % 100) + "." +
         std::to_string(version % 100000);
#endif
}

// The kernel driver's own version (driver_version.h). CUDA's driver call
// reports the API level the driver supports, kept beside it; HIP's repeats
// the HIP version, which runtime_version already holds.
std::string DriverVersion() {
#if defined(XSB_GPU_CUDA)
  int api = 0;
  XSB_GPU_CHECK(hipDriverGetVersion(&api));
  const std::string module =
      NvidiaDriverVersion(ReadTextFile("/proc/driver/nvidia/version"));
  const std::string api_text = "CUDA driver API " + FormatVersion(api);
  return module.empty() ? api_text : module + " (" + api_text + ")";
#else
  return DescribeAmdgpuDriver(ReadTextFile("/sys/module/amdgpu/version"),
                              KernelRelease());
#endif
}

// The marketing name alone does not say which code object runs, and AMD
// drivers sometimes report an empty name, so the architecture is appended.
std::string DeviceName(const hipDeviceProp_t& props) {
  std::string name = props.name;
#if defined(XSB_GPU_CUDA)
  const std::string arch =
      "sm_" + std::to_string(props.major) + std::to_string(props.minor);
#else
  const std::string arch = props.gcnArchName;
#endif
  return name.empty() ? arch : name + " (" + arch + ")";
}

}  // namespace

GpuDevice::GpuDevice(int device) : device_(device) {
  XSB_GPU_CHECK(hipSetDevice(device_));
  hipDeviceProp_t props;
  XSB_GPU_CHECK(hipGetDeviceProperties(&props, device_));
  XSB_GPU_CHECK(hipRuntimeGetVersion(&runtime_version_));
#if !defined(XSB_GPU_CUDA)
  char pci_bus_id[32] = {};
  XSB_GPU_CHECK(hipDeviceGetPCIBusId(pci_bus_id, sizeof pci_bus_id, device_));
  pci_bus_id_ = pci_bus_id;
#endif

  info_.backend = kBackend;
  info_.name = DeviceName(props);
  info_.compute_units = props.multiProcessorCount;
  info_.memory_bytes = static_cast<int64_t>(props.totalGlobalMem);
  info_.driver_version = DriverVersion();
  info_.runtime_version = FormatVersion(runtime_version_);
}

std::unique_ptr<Stream> GpuDevice::CreateStream(const StreamOptions& opts) {
  return std::make_unique<GpuStream>(device_, opts.priority,
                                     opts.cu_mask_percent);
}

std::optional<int64_t> GpuDevice::FreeMemoryBytes() const {
  XSB_GPU_CHECK(hipSetDevice(device_));
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  XSB_GPU_CHECK(hipMemGetInfo(&free_bytes, &total_bytes));
#if defined(XSB_GPU_CUDA)
  return static_cast<int64_t>(free_bytes);
#else
  // ROCm 5 leaves other processes' allocations out of hipMemGetInfo; the
  // driver's counters have them.
  return AmdFreeMemoryBytes(runtime_version_, static_cast<int64_t>(free_bytes),
                            DrmFreeVramBytes(kDrmDir, pci_bus_id_));
#endif
}

GpuStream& GpuDevice::OwnStream(Stream& stream, const char* what) const {
  auto* gpu_stream = dynamic_cast<GpuStream*>(&stream);
  if (gpu_stream == nullptr || gpu_stream->device() != device_) {
    throw DeviceError(std::string(what) +
                      ": the stream was not created by this GPU device; "
                      "create it with the same device's CreateStream");
  }
  return *gpu_stream;
}

std::unique_ptr<Model> GpuDevice::CreateModel(const MlpShape& shape,
                                              uint64_t seed, Stream& stream) {
  return std::make_unique<GpuModel>(shape, seed,
                                    OwnStream(stream, "CreateModel"));
}

std::unique_ptr<StreamTimer> GpuDevice::CreateTimer(Stream& stream) {
  return std::make_unique<GpuStreamTimer>(OwnStream(stream, "CreateTimer"));
}

std::unique_ptr<Spinner> GpuDevice::CreateSpinner(Stream& stream) {
  return std::make_unique<GpuSpinner>(OwnStream(stream, "CreateSpinner"));
}

}  // namespace gpu
}  // namespace xsb
