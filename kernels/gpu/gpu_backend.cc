// The GPU entry points of kernels/backend.h for the hip and cuda builds.
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/gpu/gpu_device.h"
#include "kernels/gpu/gpu_runtime.h"
#include "kernels/host/amd_sysfs.h"
#include "kernels/host/driver_version.h"

namespace xsb {
namespace {

#if defined(XSB_GPU_CUDA)
// A driver too old for the runtime reads as "no device" (or as
// cudaErrorInsufficientDriver); say which driver this build needs.
std::string CudaDriverShortfall() {
  int runtime = 0;
  int driver = 0;
  (void)hipRuntimeGetVersion(&runtime);
  (void)hipDriverGetVersion(&driver);
  return DescribeCudaDriverShortfall(
      runtime, driver,
      NvidiaDriverVersion(ReadTextFile("/proc/driver/nvidia/version")));
}

// The CUDA runtime reports a GPU without code at its first launch, with
// the remedy from gpu_check.h, and goes on working.
bool CodeMatchesTheGpus(std::string*) { return true; }
#else
// ROCm 5's runtime aborts the process at its first call when a visible GPU
// has no code object in the binary, so this is checked from sysfs first.
bool CodeMatchesTheGpus(std::string* error) {
  const std::optional<std::vector<std::string>> visible = VisibleAmdTargets(
      ReadKfdGpuTargets(kKfdNodesDir), AmdGpuVisibilityFromEnvironment());
  return !visible ||
         // XSB_HIP_TARGETS: XSB_HIP_ARCHS, comma-separated, from cmake.
         CheckAmdTargetsCompiled(*visible, XSB_HIP_TARGETS, error);
}
#endif

std::string NoDeviceReason(hipError_t status) {
#if defined(XSB_GPU_CUDA)
  const std::string shortfall = CudaDriverShortfall();
  if (!shortfall.empty()) return shortfall;
#endif
  const std::string detail =
      status != hipSuccess ? hipGetErrorString(status) : "0 devices";
  return std::string("no ") + gpu::kRuntimeName + " device found (" +
         gpu::kApiPrefix + "GetDeviceCount: " + detail +
         "); run on a machine with a GPU or use --xsb_backend=cpu";
}

}  // namespace

const char* CompiledGpuBackend() { return gpu::kBackendName; }

std::unique_ptr<Device> OpenGpuDevice(int device_index, std::string* why_not) {
  std::string reason;
  const std::string device = " device " + std::to_string(device_index);
  try {
    // Before the first runtime call, which is where ROCm 5 would abort.
    if (CodeMatchesTheGpus(&reason)) {
      int count = 0;
      const hipError_t status = hipGetDeviceCount(&count);
      if (status != hipSuccess || count <= 0) {
        reason = NoDeviceReason(status);
      } else if (device_index < 0 || device_index >= count) {
        reason = std::string("no ") + gpu::kRuntimeName + device + ": " +
                 std::to_string(count) + " visible (0.." +
                 std::to_string(count - 1) + "); choose --xsb_device below " +
                 std::to_string(count) + " or check " +
                 gpu::kVisibleDevicesVar +
                 " (docs/user-guide.md#choosing-the-gpu)";
      } else {
        // GpuDevice selects it before anything else: every later call of
        // this worker, and the scheduler's shim, see that device.
        return std::make_unique<gpu::GpuDevice>(device_index);
      }
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
