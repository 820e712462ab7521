#include "kernels/gpu/gpu_device.h"

#include <string>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_model.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/gpu/gpu_stream.h"

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
  int driver = 0;
  int runtime = 0;
  XSB_GPU_CHECK(hipDriverGetVersion(&driver));
  XSB_GPU_CHECK(hipRuntimeGetVersion(&runtime));

  info_.backend = kBackendName;
  info_.name = DeviceName(props);
  info_.compute_units = props.multiProcessorCount;
  info_.memory_bytes = static_cast<int64_t>(props.totalGlobalMem);
  info_.driver_version = FormatVersion(driver);
  info_.runtime_version = FormatVersion(runtime);
}

std::unique_ptr<Stream> GpuDevice::CreateStream(const StreamOptions& opts) {
  return std::make_unique<GpuStream>(device_, opts.priority);
}

std::unique_ptr<Model> GpuDevice::CreateModel(const MlpShape& shape,
                                              uint64_t seed, Stream& stream) {
  auto* gpu_stream = dynamic_cast<GpuStream*>(&stream);
  if (gpu_stream == nullptr || gpu_stream->device() != device_) {
    throw DeviceError(
        "CreateModel: the stream was not created by this GPU device; create "
        "it with the same device's CreateStream");
  }
  return std::make_unique<GpuModel>(shape, seed, *gpu_stream);
}

}  // namespace gpu
}  // namespace xsb
