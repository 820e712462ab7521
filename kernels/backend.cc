#include "kernels/backend.h"

namespace xsb {

std::unique_ptr<Device> OpenDevice(BackendRequest request, int device_index,
                                   std::string* why_not) {
  if (request == BackendRequest::kCpu) return OpenCpuDevice();
  std::unique_ptr<Device> gpu = OpenGpuDevice(device_index, why_not);
  if (gpu != nullptr || request == BackendRequest::kGpu) return gpu;
  return OpenCpuDevice();
}

std::unique_ptr<Device> OpenDevice(BackendRequest request,
                                   std::string* why_not) {
  return OpenDevice(request, 0, why_not);
}

std::unique_ptr<Device> OpenGpuDevice(std::string* why_not) {
  return OpenGpuDevice(0, why_not);
}

}  // namespace xsb
