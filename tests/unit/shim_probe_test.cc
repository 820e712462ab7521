// What a worker reports about its shim, from maps text and an environment.
#include "shim_env/xsched/shim_probe.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsb {
namespace {

constexpr char kMaps[] =
    "55d0c0a00000-55d0c0a20000 r--p 00000000 08:01 131 /work/build/xsb_worker\n"
    "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
    "7f1000000000-7f1000010000 r--p 00000000 08:01 200 "
    "/opt/xsched/lib/libshimhip.so\n"
    "7f1000010000-7f1000020000 r-xp 00010000 08:01 200 "
    "/opt/xsched/lib/libshimhip.so\n"
    "7f2000000000-7f2000100000 r-xp 00000000 08:01 300 "
    "/opt/rocm-6.1/lib/libamdhip64.so.6.1.40091\n"
    "7f3000000000-7f3000100000 r-xp 00000000 08:01 400 "
    "/usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "7f4000000000-7f4000001000 r-xp 00000000 08:01 500 "
    "/opt/my xsched/lib/libshimcuda.so\n"
    "7f5000000000-7f5000001000 r-xp 00000000 08:01 600 "
    "/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05\n"
    "7f6000000000-7f6000001000 r-xp 00000000 08:01 700 "
    "/opt/x/lib/notlibshim.so\n"
    "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n"
    "7f7000000000-7f7000001000 r-xp 00000000 08:01 800 "
    "/opt/old/lib/libshimhip.so (deleted)\n";

TEST(MappedShimLibrariesTest, FindsShimsAndDriversOnceInOrder) {
  EXPECT_EQ(MappedShimLibraries(kMaps),
            (std::vector<std::string>{
                "/opt/xsched/lib/libshimhip.so",
                "/opt/rocm-6.1/lib/libamdhip64.so.6.1.40091",
                "/opt/my xsched/lib/libshimcuda.so",
                "/usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05",
                // Reported as the kernel names it: it is not the install's
                // shim any more.
                "/opt/old/lib/libshimhip.so (deleted)",
            }));
}

TEST(MappedShimLibrariesTest, NothingInAPlainProcess) {
  EXPECT_TRUE(MappedShimLibraries("").empty());
  EXPECT_TRUE(MappedShimLibraries("7f00-7f01 r-xp 00000000 08:01 1 "
                                  "/usr/lib/libc.so.6\n")
                  .empty());
  // A truncated line is ignored rather than misread.
  EXPECT_TRUE(MappedShimLibraries("7f00-7f01 r-xp 00000000\n").empty());
}

TEST(MappedShimLibrariesTest, ThisTestProcessHasNoShim) {
  const std::string maps = ReadSelfMaps();
  ASSERT_NE(maps.find("shim_probe_test"), std::string::npos);
  EXPECT_TRUE(MappedShimLibraries(maps).empty());
}

TEST(SchedulerVariablesTest, KeepsXschedAndXlogSorted) {
  const char* envp[] = {"PATH=/bin",
                        "XSCHED_AUTO_XQUEUE=ON",
                        "XLOG_LEVEL=INFO",
                        "XSCHED_POLICY=",
                        "MY_XSCHED_THING=1",
                        "XSCHEDULER=no",
                        "XSCHED_AUTO_XQUEUE_PRIORITY=a=b",
                        "NOEQUALS",
                        nullptr};
  EXPECT_EQ(SchedulerVariables(envp),
            (std::vector<EnvironmentVariable>{
                {"XLOG_LEVEL", "INFO"},
                {"XSCHED_AUTO_XQUEUE", "ON"},
                {"XSCHED_AUTO_XQUEUE_PRIORITY", "a=b"},
                {"XSCHED_POLICY", ""},
            }));
}

TEST(SchedulerVariablesTest, EmptyEnvironment) {
  const char* envp[] = {nullptr};
  EXPECT_TRUE(SchedulerVariables(envp).empty());
}

}  // namespace
}  // namespace xsb
