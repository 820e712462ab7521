// The GPU entry points of kernels/backend.h for the hip and cuda builds.
#include <exception>
#include <memory>
#include <string>

#include "kernels/backend.h"
#include "kernels/gpu/gpu_device.h"
#include "kernels/gpu/gpu_runtime.h"

namespace xsb {

const char* CompiledGpuBackend() { return gpu::kBackendName; }

std::unique_ptr<Device> OpenGpuDevice(int device_index, std::string* why_not) {
  std::string reason;
  const std::string device = " device " + std::to_string(device_index);
  try {
    int count = 0;
    const hipError_t status = hipGetDeviceCount(&count);
    if (status != hipSuccess || count <= 0) {
      const std::string detail =
          status != hipSuccess ? hipGetErrorString(status) : "0 devices";
      reason = std::string("no ") + gpu::kRuntimeName + " device found (" +
               gpu::kApiPrefix + "GetDeviceCount: " + detail +
               "); run on a machine with a GPU or use --xsb_backend=cpu";
    } else if (device_index < 0 || device_index >= count) {
      reason = std::string("no ") + gpu::kRuntimeName + device + ": " +
               std::to_string(count) + " visible (0.." +
               std::to_string(count - 1) + "); choose --xsb_device below " +
               std::to_string(count) + " or check " + gpu::kVisibleDevicesVar +
               " (docs/user-guide.md#choosing-the-gpu)";
    } else {
      // GpuDevice selects it before anything else: every later call of this
      // worker, and the scheduler's shim, see that device.
      return std::make_unique<gpu::GpuDevice>(device_index);
    }
  } catch (const std::exception& e) {
    reason = std::string("could not open ") + gpu::kRuntimeName + device +
             " (" + e.what() +
             "); check the GPU driver and runtime or use --xsb_backend=cpu";
  } catch (...) {
    reason = std::string("could not open ") + gpu::kRuntimeName + device +
             " (unknown error); check the GPU driver and runtime "
             "or use --xsb_backend=cpu";
  }
  if (why_not != nullptr) *why_not = reason;
  return nullptr;
}

}  // namespace xsb
