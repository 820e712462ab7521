#include "bench/cli/model_defaults.h"

#include <gtest/gtest.h>

#include "bench/worker/memory_check.h"

namespace xsb {
namespace {

TEST(ModelDefaultsTest, CpuKeepsTheSuiteOptionsDefaults) {
  const ModelShapeDefaults cpu = ModelDefaultsFor(Backend::kCpu);
  const SuiteOptions defaults;
  EXPECT_EQ(cpu.hp_layers, defaults.hp.layers);
  EXPECT_EQ(cpu.hp_hidden, defaults.hp.hidden);
  EXPECT_EQ(cpu.lp_layers, defaults.lp.layers);
  EXPECT_EQ(cpu.lp_hidden, defaults.lp.hidden);
  EXPECT_EQ(cpu.hp_hidden, 512);
}

TEST(ModelDefaultsTest, GpuBackendsShareTheLargerModels) {
  for (Backend backend : {Backend::kHip, Backend::kCuda}) {
    SCOPED_TRACE(BackendName(backend));
    const ModelShapeDefaults gpu = ModelDefaultsFor(backend);
    EXPECT_EQ(gpu.hp_layers, 8);
    EXPECT_EQ(gpu.hp_hidden, 8192);
    EXPECT_EQ(gpu.lp_layers, 8);
    EXPECT_EQ(gpu.lp_hidden, 4096);
  }
}

// The figures docs/user-guide.md derives the estimates from.
TEST(ModelDefaultsTest, GpuModelsHaveTheDocumentedSizes) {
  const ModelShapeDefaults gpu = ModelDefaultsFor(Backend::kCuda);
  const double gib = 1024.0 * 1024 * 1024;
  const double hp_bytes =
      ModelMemoryBytes({gpu.hp_layers, gpu.hp_hidden, /*batch=*/1});
  EXPECT_NEAR(hp_bytes / gib, 2.0, 0.01);
  const double lp_bytes =
      ModelMemoryBytes({gpu.lp_layers, gpu.lp_hidden, /*batch=*/1024});
  EXPECT_NEAR(lp_bytes / gib, 0.53, 0.01);
  const double lp_gflop =
      2.0 * 1024 * gpu.lp_hidden * gpu.lp_hidden * gpu.lp_layers / 1e9;
  EXPECT_NEAR(lp_gflop, 275, 1);
}

TEST(ApplyModelDefaultsTest, GpuBackendReplacesUnsetShapes) {
  SuiteOptions options;
  ApplyModelDefaults(Backend::kHip, &options);
  EXPECT_EQ(options.hp.layers, 8);
  EXPECT_EQ(options.hp.hidden, 8192);
  EXPECT_EQ(options.lp.layers, 8);
  EXPECT_EQ(options.lp.hidden, 4096);
  EXPECT_EQ(options.hp_batch, 1) << "only depth and width change";
}

TEST(ApplyModelDefaultsTest, UserFlagsWin) {
  SuiteOptions options;
  options.hp.hidden = 1024;
  options.lp.layers = 2;
  options.given_flags = {"hp_hidden", "lp_layers"};
  ApplyModelDefaults(Backend::kCuda, &options);
  EXPECT_EQ(options.hp.hidden, 1024);
  EXPECT_EQ(options.lp.layers, 2);
  EXPECT_EQ(options.hp.layers, 8);
  EXPECT_EQ(options.lp.hidden, 4096);
}

TEST(ApplyModelDefaultsTest, CpuBackendChangesNothing) {
  SuiteOptions options;
  options.hp.layers = 3;
  options.given_flags = {"hp_layers"};
  ApplyModelDefaults(Backend::kCpu, &options);
  EXPECT_EQ(options.hp.layers, 3);
  EXPECT_EQ(options.hp.hidden, 512);
  EXPECT_EQ(options.lp.layers, 4);
  EXPECT_EQ(options.lp.hidden, 512);
}

}  // namespace
}  // namespace xsb
