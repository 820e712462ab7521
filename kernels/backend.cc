#include "kernels/backend.h"

namespace xsb {

bool ParseBackendRequest(const std::string& text, BackendRequest* out) {
  if (text == "auto") {
    *out = BackendRequest::kAuto;
  } else if (text == "cpu") {
    *out = BackendRequest::kCpu;
  } else if (text == "gpu") {
    *out = BackendRequest::kGpu;
  } else {
    return false;
  }
  return true;
}

const char* BackendRequestName(BackendRequest request) {
  switch (request) {
    case BackendRequest::kAuto:
      return "auto";
    case BackendRequest::kCpu:
      return "cpu";
    case BackendRequest::kGpu:
      return "gpu";
  }
  return "?";
}

std::unique_ptr<Device> OpenDevice(BackendRequest request,
                                   std::string* why_not) {
  if (request == BackendRequest::kCpu) return OpenCpuDevice();
  std::unique_ptr<Device> gpu = OpenGpuDevice(why_not);
  if (gpu != nullptr || request == BackendRequest::kGpu) return gpu;
  return OpenCpuDevice();
}

}  // namespace xsb
