// What the worker reads from the amdgpu driver's sysfs before and beside the
// HIP runtime, over fake trees: the GPUs' targets (the check that stops a
// GPU without code before ROCm 5's runtime aborts on it) and the VRAM
// counters (free memory that counts other processes).
#include "kernels/host/amd_sysfs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace xsb {
namespace {

namespace fs = std::filesystem;

// A fresh folder under TMPDIR, removed with everything in it afterwards.
class FakeSysfs {
 public:
  FakeSysfs() {
    const char* base = getenv("TMPDIR");
    std::string pattern =
        std::string(base ? base : "/tmp") + "/amd_sysfs_test.XXXXXX";
    root_ = mkdtemp(pattern.data());
  }
  ~FakeSysfs() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  std::string Path(const std::string& relative) const {
    return (root_ / relative).string();
  }
  void Write(const std::string& relative, const std::string& text) const {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  // A KFD node as the driver lays it out; CPU nodes have version 0.
  void KfdNode(int node, int gfx_target_version) const {
    Write("nodes/" + std::to_string(node) + "/properties",
          "cpu_cores_count " + std::string(gfx_target_version ? "0" : "64") +
              "\nsimd_count " + (gfx_target_version ? "440" : "0") +
              "\ngfx_target_version " + std::to_string(gfx_target_version) +
              "\nvendor_id 4098\n");
  }
  void Card(const std::string& name, const std::string& pci_slot,
            const std::string& total, const std::string& used) const {
    Write("drm/" + name + "/device/uevent",
          "DRIVER=amdgpu\nPCI_CLASS=38000\nPCI_SLOT_NAME=" + pci_slot + "\n");
    Write("drm/" + name + "/device/mem_info_vram_total", total + "\n");
    Write("drm/" + name + "/device/mem_info_vram_used", used + "\n");
  }

 private:
  fs::path root_;
};

// ------------------------------------------------------------- GPU targets

TEST(GfxTargetNameTest, DecodesKfdVersions) {
  EXPECT_EQ(GfxTargetName(90008), "gfx908");    // MI100
  EXPECT_EQ(GfxTargetName(90010), "gfx90a");    // MI210, MI250
  EXPECT_EQ(GfxTargetName(90402), "gfx942");    // MI300
  EXPECT_EQ(GfxTargetName(100300), "gfx1030");  // RX 6800
  EXPECT_EQ(GfxTargetName(110000), "gfx1100");  // RX 7900
  EXPECT_EQ(GfxTargetName(0), "");              // a CPU node
  EXPECT_EQ(GfxTargetName(91600), "");          // minor out of range
}

TEST(ReadKfdGpuTargetsTest, GpuNodesInNodeOrder) {
  FakeSysfs sysfs;
  sysfs.KfdNode(0, 0);  // the CPU
  sysfs.KfdNode(2, 90010);
  sysfs.KfdNode(1, 90008);
  sysfs.KfdNode(10, 100300);  // numeric order, not "10" < "2"
  sysfs.Write("nodes/README", "not a node");
  EXPECT_EQ(ReadKfdGpuTargets(sysfs.Path("nodes")),
            (std::vector<std::string>{"gfx908", "gfx90a", "gfx1030"}));
}

TEST(ReadKfdGpuTargetsTest, NoDriverNoTargets) {
  EXPECT_TRUE(ReadKfdGpuTargets("/nonexistent/kfd/topology/nodes").empty());
}

TEST(VisibleAmdTargetsTest, AllWithoutVisibilityVariables) {
  const std::vector<std::string> all = {"gfx90a", "gfx1030"};
  EXPECT_EQ(VisibleAmdTargets(all, {}), all);
}

TEST(VisibleAmdTargetsTest, RocrThenHipSelectByIndex) {
  const std::vector<std::string> all = {"gfx908", "gfx90a", "gfx1030"};
  AmdGpuVisibility visibility;
  visibility.rocr_visible_devices = "2,1";
  EXPECT_EQ(VisibleAmdTargets(all, visibility),
            (std::vector<std::string>{"gfx1030", "gfx90a"}));
  // HIP_VISIBLE_DEVICES indexes what ROCR left.
  visibility.hip_visible_devices = "1";
  EXPECT_EQ(VisibleAmdTargets(all, visibility),
            std::vector<std::string>{"gfx90a"});
  // An index out of range ends the list, as in the runtime.
  visibility = {};
  visibility.hip_visible_devices = "0,7,2";
  EXPECT_EQ(VisibleAmdTargets(all, visibility),
            std::vector<std::string>{"gfx908"});
}

TEST(VisibleAmdTargetsTest, UuidsCannotBeMatchedToSysfs) {
  AmdGpuVisibility visibility;
  visibility.rocr_visible_devices = "GPU-4b1a8c7e12345678";
  EXPECT_FALSE(VisibleAmdTargets({"gfx90a"}, visibility).has_value());
}

TEST(VisibleAmdTargetsTest, OverrideMakesEveryGpuThatTarget) {
  AmdGpuVisibility visibility;
  visibility.hsa_override_gfx_version = "10.3.0";
  EXPECT_EQ(VisibleAmdTargets({"gfx1031", "gfx1032"}, visibility),
            (std::vector<std::string>{"gfx1030", "gfx1030"}));
  visibility.hsa_override_gfx_version = "not a version";
  EXPECT_EQ(VisibleAmdTargets({"gfx1031"}, visibility),
            std::vector<std::string>{"gfx1031"});
}

TEST(CheckAmdTargetsCompiledTest, CompiledGpuPasses) {
  std::string error = "untouched";
  EXPECT_TRUE(CheckAmdTargetsCompiled({"gfx90a", "gfx90a"},
                                      "gfx908,gfx90a:xnack-,gfx1030", &error));
  EXPECT_TRUE(CheckAmdTargetsCompiled({}, "gfx90a", &error));
  EXPECT_EQ(error, "untouched");
}

TEST(CheckAmdTargetsCompiledTest, MissingTargetNamesBothSidesAndTheRebuild) {
  std::string error;
  EXPECT_FALSE(CheckAmdTargetsCompiled({"gfx90a", "gfx942"},
                                       "gfx908,gfx90a,gfx1030", &error));
  EXPECT_EQ(error,
            "this machine's GPU is gfx942 but this build has code for "
            "gfx908, gfx90a, gfx1030 only (the HIP runtime of ROCm 5 aborts "
            "on such a GPU); reconfigure with "
            "-DXSB_HIP_ARCHS=\"gfx908;gfx90a;gfx1030;gfx942\" and rebuild, or "
            "use --xsb_backend=cpu");
}

// ------------------------------------------------------------------- VRAM

TEST(DrmFreeVramBytesTest, CardMatchedByPciAddress) {
  FakeSysfs sysfs;
  sysfs.Card("card0", "0000:03:00.0", "17163091968", "1000");
  sysfs.Card("card1", "0000:C1:00.0", "68702699520", "60000000000");
  // Connectors and render nodes are not cards.
  sysfs.Card("card1-DP-1", "0000:c1:00.0", "1", "0");
  sysfs.Card("renderD129", "0000:c1:00.0", "1", "0");
  EXPECT_EQ(DrmFreeVramBytes(sysfs.Path("drm"), "0000:c1:00.0"),
            68702699520 - 60000000000);
  EXPECT_EQ(DrmFreeVramBytes(sysfs.Path("drm"), "0000:03:00.0"),
            17163091968 - 1000);
}

TEST(DrmFreeVramBytesTest, NothingUsable) {
  FakeSysfs sysfs;
  sysfs.Card("card0", "0000:03:00.0", "garbage", "0");
  sysfs.Card("card1", "0000:04:00.0", "100", "200");
  EXPECT_EQ(DrmFreeVramBytes(sysfs.Path("drm"), "0000:03:00.0"), std::nullopt);
  EXPECT_EQ(DrmFreeVramBytes(sysfs.Path("drm"), "0000:04:00.0"), std::nullopt);
  EXPECT_EQ(DrmFreeVramBytes(sysfs.Path("drm"), "0000:05:00.0"), std::nullopt);
  EXPECT_EQ(DrmFreeVramBytes("/nonexistent/drm", "0000:03:00.0"), std::nullopt);
}

TEST(AmdFreeMemoryBytesTest, Rocm5TakesTheDriversSmallerFigure) {
  constexpr int kHip523 = 50223000;
  // Another process holds 60 GB: HIP 5 does not see it, the driver does.
  EXPECT_EQ(AmdFreeMemoryBytes(kHip523, 64'000'000'000, 4'000'000'000),
            4'000'000'000);
  EXPECT_EQ(AmdFreeMemoryBytes(kHip523, 4'000'000'000, 5'000'000'000),
            4'000'000'000);
  EXPECT_EQ(AmdFreeMemoryBytes(kHip523, 64'000'000'000, std::nullopt),
            64'000'000'000);
}

TEST(AmdFreeMemoryBytesTest, Rocm6CountsEveryProcessItself) {
  constexpr int kHip620 = 60241134;
  EXPECT_EQ(AmdFreeMemoryBytes(kHip620, 64'000'000'000, 4'000'000'000),
            64'000'000'000);
}

}  // namespace
}  // namespace xsb
