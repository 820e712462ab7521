// The GPU entry points of kernels/backend.h for the hip and cuda builds.
#include <exception>
#include <memory>
#include <string>

#include "kernels/backend.h"
#include "kernels/gpu/gpu_device.h"
#include "kernels/gpu/gpu_runtime.h"

namespace xsb {

const char* CompiledGpuBackend() { return gpu::kBackendName; }

std::unique_ptr<Device> OpenGpuDevice(std::string* why_not) {
  std::string reason;
  try {
    int count = 0;
    const hipError_t status = hipGetDeviceCount(&count);
    if (status != hipSuccess || count <= 0) {
      const std::string detail =
          status != hipSuccess ? hipGetErrorString(status) : "0 devices";
      reason = std::string("no ") + gpu::kRuntimeName + " device found (" +
               gpu::kApiPrefix + "GetDeviceCount: " + detail +
               "); run on a machine with a GPU or use --xsb_backend=cpu";
    } else {
      // The first device is the one the workers and the scheduler share.
      return std::make_unique<gpu::GpuDevice>(0);
    }
  } catch (const std::exception& e) {
    reason = std::string("could not open ") + gpu::kRuntimeName +
             " device 0 (" + e.what() +
             "); check the GPU driver and runtime or use --xsb_backend=cpu";
  } catch (...) {
    reason = std::string("could not open ") + gpu::kRuntimeName +
             " device 0 (unknown error); check the GPU driver and runtime "
             "or use --xsb_backend=cpu";
  }
  if (why_not != nullptr) *why_not = reason;
  return nullptr;
}

}  // namespace xsb
