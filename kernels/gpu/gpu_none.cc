// The GPU entry points of a build configured with XSB_GPU_BACKEND=none.
#include "kernels/backend.h"

namespace xsb {

const char* CompiledGpuBackend() { return "none"; }

std::unique_ptr<Device> OpenGpuDevice(int /*device_index*/,
                                      std::string* why_not) {
  if (why_not != nullptr) {
    *why_not =
        "this build has no GPU backend (configured with XSB_GPU_BACKEND=none "
        "or none was found); rebuild with -DXSB_GPU_BACKEND=hip or cuda";
  }
  return nullptr;
}

}  // namespace xsb
