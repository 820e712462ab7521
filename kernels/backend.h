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

// Opens GPU `device_index` (as the runtime numbers them: after
// HIP_VISIBLE_DEVICES / CUDA_VISIBLE_DEVICES) of the compiled backend,
// selecting it before any call but the device count. Returns nullptr and
// sets *why_not (one line: cause and remedy) when no backend was compiled,
// no device is present or there is no device of that index. Never throws.
std::unique_ptr<Device> OpenGpuDevice(int device_index, std::string* why_not);
// The first GPU.
std::unique_ptr<Device> OpenGpuDevice(std::string* why_not);

// kCpu: the CPU (which has no index to choose). kGpu: GPU `device_index` or
// nullptr with *why_not. kAuto: that GPU when it can be opened, else the CPU
// (and *why_not says why the GPU was not used).
std::unique_ptr<Device> OpenDevice(BackendRequest request, int device_index,
                                   std::string* why_not);
// Device 0.
std::unique_ptr<Device> OpenDevice(BackendRequest request,
                                   std::string* why_not);

}  // namespace xsb

#endif  // XSB_KERNELS_BACKEND_H_
