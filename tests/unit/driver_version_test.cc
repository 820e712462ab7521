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
