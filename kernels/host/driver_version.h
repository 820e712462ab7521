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
