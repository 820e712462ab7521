#include "kernels/host/driver_version.h"

#include <gtest/gtest.h>

namespace xsb {
namespace {

TEST(NvidiaDriverVersionTest, ProprietaryModule) {
  EXPECT_EQ(NvidiaDriverVersion(
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  "
                "Tue Mar  5 22:23:56 UTC 2024\n"
                "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n"),
            "550.54.15");
}

TEST(NvidiaDriverVersionTest, OpenModule) {
  EXPECT_EQ(NvidiaDriverVersion(
                "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  "
                "570.86.15  Release Build  (dvs-builder@U16-I3-B03-4-3)  "
                "Thu Jan 23 22:50:36 UTC 2025\n"),
            "570.86.15");
}

TEST(NvidiaDriverVersionTest, NothingUsable) {
  EXPECT_EQ(NvidiaDriverVersion(""), "");
  EXPECT_EQ(NvidiaDriverVersion("GCC version: gcc version 12.2.0\n"), "");
  EXPECT_EQ(NvidiaDriverVersion("NVRM version: NVIDIA x86_64 v1.2 12.\n"), "");
}

// A CUDA 13 build on a 550 driver: the runtime says only "no device".
TEST(DescribeCudaDriverShortfallTest, NamesWhatIsNeededAndWhatIsHere) {
  EXPECT_EQ(DescribeCudaDriverShortfall(13000, 12040, "550.54.15"),
            "CUDA 13.0 (this build) needs NVIDIA driver >= 580, this machine "
            "has 550.54.15 (CUDA 12.4); install driver 580 or newer, or "
            "rebuild with a CUDA toolkit up to 12.4 "
            "(-DCMAKE_CUDA_COMPILER=<its nvcc>)");
  EXPECT_EQ(DescribeCudaDriverShortfall(12080, 11040, "470.256.02"),
            "CUDA 12.8 (this build) needs NVIDIA driver >= 525, this machine "
            "has 470.256.02 (CUDA 11.4); install driver 525 or newer, or "
            "rebuild with a CUDA toolkit up to 11.4 "
            "(-DCMAKE_CUDA_COMPILER=<its nvcc>)");
}

TEST(DescribeCudaDriverShortfallTest, DriverNewEnoughSaysNothing) {
  EXPECT_EQ(DescribeCudaDriverShortfall(13000, 13000, "580.65.06"), "");
  // Minor version compatibility: a 12.2 driver runs the 12.8 runtime.
  EXPECT_EQ(DescribeCudaDriverShortfall(12080, 12020, "535.104.05"), "");
  EXPECT_EQ(DescribeCudaDriverShortfall(12080, 12020, ""), "");
}

TEST(DescribeCudaDriverShortfallTest, NoDriverIsNotAShortfall) {
  // No module loaded: the runtime's "no device" is the right message.
  EXPECT_EQ(DescribeCudaDriverShortfall(13000, 0, ""), "");
  EXPECT_EQ(DescribeCudaDriverShortfall(0, 12040, "550.54.15"), "");
}

TEST(DescribeCudaDriverShortfallTest, PartialFacts) {
  // The release unknown: the driver's API level decides and is named.
  EXPECT_EQ(DescribeCudaDriverShortfall(13000, 12040, ""),
            "CUDA 13.0 (this build) needs NVIDIA driver >= 580, this machine "
            "has a driver (CUDA 12.4); install driver 580 or newer, or "
            "rebuild with a CUDA toolkit up to 12.4 "
            "(-DCMAKE_CUDA_COMPILER=<its nvcc>)");
  // A runtime newer than the table: no branch to name.
  EXPECT_EQ(DescribeCudaDriverShortfall(14000, 13000, "580.65.06"),
            "CUDA 14.0 (this build) needs an NVIDIA driver for CUDA 14, this "
            "machine has 580.65.06 (CUDA 13.0); install a newer driver, or "
            "rebuild with a CUDA toolkit up to 13.0 "
            "(-DCMAKE_CUDA_COMPILER=<its nvcc>)");
}

TEST(DescribeAmdgpuDriverTest, DkmsModuleReportsItsVersion) {
  EXPECT_EQ(DescribeAmdgpuDriver("6.8.5\n", "6.1.0-13-amd64"), "amdgpu 6.8.5");
}

TEST(DescribeAmdgpuDriverTest, InKernelDriverNamesTheKernel) {
  EXPECT_EQ(DescribeAmdgpuDriver("", "6.1.0-13-amd64"),
            "amdgpu in Linux 6.1.0-13-amd64");
  EXPECT_EQ(DescribeAmdgpuDriver(" \n", ""),
            "amdgpu in Linux (unknown release)");
}

TEST(ReadTextFileTest, MissingFileIsEmpty) {
  EXPECT_EQ(ReadTextFile("/nonexistent/xsb/version"), "");
  EXPECT_FALSE(ReadTextFile("/proc/self/stat").empty());
  EXPECT_FALSE(KernelRelease().empty());
}

}  // namespace
}  // namespace xsb
