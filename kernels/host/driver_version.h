// The GPU's kernel driver, as users and bug reports name it. The runtimes'
// own "driver version" calls report an API level instead (CUDA: 12040 for
// any 550.x driver; HIP: the HIP version again), so it is read from the
// kernel module. Host-only; the parsing is unit-tested without a GPU.
#ifndef XSB_KERNELS_HOST_DRIVER_VERSION_H_
#define XSB_KERNELS_HOST_DRIVER_VERSION_H_

#include <string>

namespace xsb {

// The first whole token shaped like a version ("550.54.15") on the
// "NVRM version:" line of /proc/driver/nvidia/version; "" when there is none.
std::string NvidiaDriverVersion(const std::string& proc_version_text);

// Why this machine's NVIDIA driver cannot run this build's CUDA runtime, in
// one line with what it needs and the remedy, e.g. "CUDA 13.0 (this build)
// needs NVIDIA driver >= 580, this machine has 550.54.15 (CUDA 12.4); ...";
// "" when the driver is new enough or nothing says otherwise (no driver at
// all). The runtime then reports no device, which alone misleads.
// `runtime_version` and `driver_api_version` are cudaRuntimeGetVersion's and
// cudaDriverGetVersion's (1000 * major + 10 * minor; 0: unknown),
// `driver_release` NvidiaDriverVersion's ("" : unknown).
std::string DescribeCudaDriverShortfall(int runtime_version,
                                        int driver_api_version,
                                        const std::string& driver_release);

// "amdgpu 6.7.0" when the amdgpu module reports a version (the DKMS driver
// does, in /sys/module/amdgpu/version), else "amdgpu in Linux <release>"
// (the driver that ships inside the kernel).
std::string DescribeAmdgpuDriver(const std::string& module_version,
                                 const std::string& kernel_release);

// The whole of a small text file, "" when it cannot be read.
std::string ReadTextFile(const std::string& path);

// uname's release, e.g. "6.1.0-13-amd64".
std::string KernelRelease();

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_DRIVER_VERSION_H_
