// Opening a device for a backend chosen at run time.
#ifndef XSB_KERNELS_BACKEND_H_
#define XSB_KERNELS_BACKEND_H_

#include <memory>
#include <string>

#include "kernels/workload.h"

namespace xsb {

// The host CPU as a device; always available.
std::unique_ptr<Device> OpenCpuDevice();

// The GPU backend compiled into this build: "hip", "cuda" or "none".
const char* CompiledGpuBackend();

// Opens the first GPU of the compiled backend. Returns nullptr and sets
// *why_not (one line: cause and remedy) when no backend was compiled or no
// device is present. Never throws.
std::unique_ptr<Device> OpenGpuDevice(std::string* why_not);

// kCpu: the CPU. kGpu: the GPU or nullptr with *why_not. kAuto: the GPU when
// one can be opened, else the CPU (and *why_not says why the GPU was not used).
std::unique_ptr<Device> OpenDevice(BackendRequest request,
                                   std::string* why_not);

}  // namespace xsb

#endif  // XSB_KERNELS_BACKEND_H_
