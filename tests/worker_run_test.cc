// A worker's model on the CPU backend, in-process: the memory check before
// allocation and the standalone timing through the stream timer.
#include "bench/worker_run.h"

#include <gtest/gtest.h>

#include <string>

namespace xsb {
namespace {

WorkerConfig CpuConfig(WorkerRole role, int batch) {
  WorkerConfig config;
  config.role = role;
  config.backend = "cpu";
  config.shape = {4, 512, batch};
  config.rate_per_s = 10;
  return config;
}

TEST(BuildWorkerModelTest, WithinTheLimitItBuildsAndTimes) {
  WorkerConfig config = CpuConfig(WorkerRole::kHp, 1);
  config.memory_limit_mib = 5;
  WorkerModel m = BuildWorkerModel(config);
  ASSERT_NE(m.model, nullptr);
  ASSERT_NE(m.timer, nullptr);
  EXPECT_GT(MeasureStandaloneMs(m), 0);
}

TEST(BuildWorkerModelTest, OverTheLimitFailsWithTheRemedy) {
  WorkerConfig config = CpuConfig(WorkerRole::kLp, 1024);
  config.memory_limit_mib = 5;
  try {
    BuildWorkerModel(config);
    FAIL() << "a model of 8 MiB was built under a 5 MiB limit";
  } catch (const DeviceError& e) {
    EXPECT_STREQ(e.what(),
                 "LP batch 1024 needs 8.0 MiB of memory, more than "
                 "--xsb_memory_limit_mib=5 allows; try a smaller "
                 "--xsb_lp_batch (1024 -> 512 -> 256 -> 128)");
  }
}

TEST(BuildWorkerModelTest, NoLimitOnTheCpuMeansNoCheck) {
  WorkerModel m = BuildWorkerModel(CpuConfig(WorkerRole::kLp, 1024));
  EXPECT_NE(m.model, nullptr);
}

}  // namespace
}  // namespace xsb
