// What the amdgpu driver tells through sysfs, read without the HIP runtime:
// the GPUs' targets (the KFD topology), to refuse a GPU the build has no
// code object for before the first HIP call (ROCm 5's runtime aborts the
// process there), and the VRAM counters, which count every process's
// allocations where ROCm 5's hipMemGetInfo counts only its own. Host-only;
// every function takes its sysfs folder, so tests use fake trees.
#ifndef XSB_KERNELS_HOST_AMD_SYSFS_H_
#define XSB_KERNELS_HOST_AMD_SYSFS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xsb {

inline constexpr char kKfdNodesDir[] = "/sys/class/kfd/kfd/topology/nodes";
inline constexpr char kDrmDir[] = "/sys/class/drm";

// The target name of a KFD gfx_target_version, which packs major * 10000 +
// minor * 100 + stepping: 90010 -> "gfx90a", 100300 -> "gfx1030"; "" for 0
// (a CPU node) or a value out of range.
std::string GfxTargetName(int64_t gfx_target_version);

// The GPU targets of the KFD topology under `nodes_dir` (one folder per
// node, numbered, each with a `properties` file), in node order, which is
// the HSA runtime's device order; CPU nodes are left out. Empty when the
// folder does not exist (no amdgpu driver).
std::vector<std::string> ReadKfdGpuTargets(const std::string& nodes_dir);

// The environment that decides which GPUs the HIP runtime sees and as what.
struct AmdGpuVisibility {
  std::string rocr_visible_devices;      // ROCR_VISIBLE_DEVICES
  std::string hip_visible_devices;       // HIP_VISIBLE_DEVICES, else CUDA_...
  std::string hsa_override_gfx_version;  // HSA_OVERRIDE_GFX_VERSION
};
AmdGpuVisibility AmdGpuVisibilityFromEnvironment();

// The targets of the GPUs the HIP runtime will see: ROCR_VISIBLE_DEVICES
// selects from `all_targets` by index, HIP_VISIBLE_DEVICES from what is
// left (both stop at the first index out of range), and
// HSA_OVERRIDE_GFX_VERSION ("10.3.0") makes every GPU that target. nullopt
// when a list names a GPU by UUID, which sysfs cannot tell.
std::optional<std::vector<std::string>> VisibleAmdTargets(
    const std::vector<std::string>& all_targets,
    const AmdGpuVisibility& visibility);

// False with one line (both sides and the rebuild) when a visible GPU's
// target is not among `compiled_targets` (XSB_HIP_ARCHS, comma-separated;
// target features such as ":xnack-" ignored). True when every visible GPU
// has code, and when there is nothing to check.
bool CheckAmdTargetsCompiled(const std::vector<std::string>& visible_targets,
                             const std::string& compiled_targets,
                             std::string* error);

// Free VRAM as the driver counts it, for the DRM card whose PCI device is
// `pci_bus_id` ("0000:c1:00.0", as hipDeviceGetPCIBusId writes it):
// mem_info_vram_total - mem_info_vram_used under <drm_dir>/card<N>/device.
// nullopt when no card matches or its counters cannot be read.
std::optional<int64_t> DrmFreeVramBytes(const std::string& drm_dir,
                                        const std::string& pci_bus_id);

// The free memory to plan with: HIP before 6.0 (hip_runtime_version below
// 60000000) counts only this process's allocations, so the driver's figure
// is taken when it is smaller; later versions count every process's.
int64_t AmdFreeMemoryBytes(int hip_runtime_version, int64_t hip_free_bytes,
                           std::optional<int64_t> driver_free_bytes);

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_AMD_SYSFS_H_
