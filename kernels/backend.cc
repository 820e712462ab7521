#include "kernels/backend.h"

namespace xsb {

std::unique_ptr<Device> OpenDevice(BackendRequest request,
                                   std::string* why_not) {
  if (request == BackendRequest::kCpu) return OpenCpuDevice();
  std::unique_ptr<Device> gpu = OpenGpuDevice(why_not);
  if (gpu != nullptr || request == BackendRequest::kGpu) return gpu;
  return OpenCpuDevice();
}

}  // namespace xsb
