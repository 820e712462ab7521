// When a GPU test may skip: on a faked machine, each kind of "cannot open
// the GPU" gives a skip or a failure, with a reason that names it.
#include "tests/gpu/gpu_requirement.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace xsb {
namespace {

const char kWhyNot[] =
    "no HIP device found (hipGetDeviceCount: no ROCm-capable "
    "device is detected)";

// A machine with exactly these device nodes.
std::function<bool(const std::string&)> Machine(std::set<std::string> nodes) {
  return [nodes](const std::string& path) { return nodes.count(path) > 0; };
}

TEST(ExplainMissingGpuTest, NoGpuAtAllSkipsWithTheReason) {
  const MissingGpu missing =
      ExplainMissingGpu("hip", kWhyNot, false, Machine({}));
  EXPECT_FALSE(missing.fail);
  EXPECT_EQ(missing.message, std::string("no GPU: ") + kWhyNot);
}

TEST(ExplainMissingGpuTest, NoGpuFailsWhenOneIsRequired) {
  const MissingGpu missing =
      ExplainMissingGpu("cuda", kWhyNot, true, Machine({}));
  EXPECT_TRUE(missing.fail);
  EXPECT_EQ(missing.message,
            std::string("XSB_REQUIRE_GPU=1 and there is no GPU: ") + kWhyNot);
}

TEST(ExplainMissingGpuTest, HipBuildOnAnNvidiaMachineFails) {
  for (bool required : {false, true}) {
    const MissingGpu missing =
        ExplainMissingGpu("hip", kWhyNot, required, Machine({"/dev/nvidia0"}));
    EXPECT_TRUE(missing.fail);
    EXPECT_EQ(missing.message,
              std::string("this is a hip build but the machine has an NVIDIA "
                          "GPU (/dev/nvidia0): build with --preset cuda (") +
                  kWhyNot + ")");
  }
}

TEST(ExplainMissingGpuTest, CudaBuildOnAnAmdMachineFails) {
  const MissingGpu missing =
      ExplainMissingGpu("cuda", "no CUDA device", false, Machine({"/dev/kfd"}));
  EXPECT_TRUE(missing.fail);
  EXPECT_EQ(missing.message,
            "this is a cuda build but the machine has an AMD GPU (/dev/kfd): "
            "build with --preset hip (no CUDA device)");
}

TEST(ExplainMissingGpuTest, OwnGpuPresentButNotOpenedIsADriverProblem) {
  const MissingGpu missing = ExplainMissingGpu(
      "cuda",
      "no CUDA device found (cudaGetDeviceCount: CUDA driver version "
      "is insufficient for CUDA runtime version)",
      false, Machine({"/dev/nvidiactl", "/dev/kfd"}));
  EXPECT_TRUE(missing.fail);
  EXPECT_EQ(missing.message.rfind("the GPU's device node /dev/nvidiactl exists "
                                  "but this cuda build could not open the GPU "
                                  "(a driver the runtime does not match",
                                  0),
            0u)
      << missing.message;
  EXPECT_NE(missing.message.find("driver version is insufficient"),
            std::string::npos);
}

TEST(GpuRequiredTest, OnlyOneMeansRequired) {
  const char* saved = getenv("XSB_REQUIRE_GPU");
  const std::string restore = saved ? saved : "";
  setenv("XSB_REQUIRE_GPU", "1", 1);
  EXPECT_TRUE(GpuRequired());
  setenv("XSB_REQUIRE_GPU", "0", 1);
  EXPECT_FALSE(GpuRequired());
  unsetenv("XSB_REQUIRE_GPU");
  EXPECT_FALSE(GpuRequired());
  if (saved) setenv("XSB_REQUIRE_GPU", restore.c_str(), 1);
}

}  // namespace
}  // namespace xsb
