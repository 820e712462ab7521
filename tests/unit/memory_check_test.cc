#include "bench/worker/memory_check.h"

#include <gtest/gtest.h>

#include <string>

namespace xsb {
namespace {

// The error CheckModelMemory reports; "" when the model fits.
std::string MemoryError(WorkerRole role, const MlpShape& shape,
                        const MemoryBudget& budget) {
  std::string error;
  return CheckModelMemory(role, shape, budget, &error) ? "" : error;
}

constexpr int64_t kMiB = 1024 * 1024;
constexpr int64_t kGiB = 1024 * kMiB;

MemoryBudget CpuLimit(int64_t limit_mib) {
  return {Backend::kCpu, std::nullopt, limit_mib};
}

MemoryBudget GpuFree(int64_t free_bytes, int64_t limit_mib = 0) {
  return {Backend::kHip, free_bytes, limit_mib};
}

TEST(ModelMemoryBytesTest, WeightsBiasesAndTwoActivationBuffers) {
  // 2 layers of 3 x 3 weights and 3 biases, 2 buffers of batch 5 x 3.
  EXPECT_EQ(ModelMemoryBytes({2, 3, 5}), 4.0 * (2 * 9 + 2 * 3 + 2 * 5 * 3));
  // The CPU default models: 4 MiB of weights plus a little.
  EXPECT_EQ(ModelMemoryBytes({4, 512, 1}),
            4.0 * (4 * 512 * 512 + 4 * 512 + 2 * 512));
}

TEST(ModelMemoryBytesTest, HugeShapesDoNotOverflow) {
  const double bytes = ModelMemoryBytes({1'000'000'000, 1'000'000'000, 1});
  EXPECT_GT(bytes, 1e27);
}

TEST(CheckModelMemoryTest, NoBudgetMeansItFits) {
  EXPECT_EQ(MemoryError(WorkerRole::kLp, {4, 512, 1 << 20}, CpuLimit(0)), "");
}

TEST(CheckModelMemoryTest, FitsExactlyAtTheLimit) {
  // 4 MiB of weights + 8 KiB of biases + 4 KiB per row (two buffers of
  // 2 KiB): batch 254 is the largest within 5 MiB.
  const MlpShape shape{4, 512, 254};
  ASSERT_LE(ModelMemoryBytes(shape), 5.0 * kMiB);
  EXPECT_EQ(MemoryError(WorkerRole::kLp, shape, CpuLimit(5)), "");
  MlpShape bigger = shape;
  bigger.batch = 255;
  ASSERT_GT(ModelMemoryBytes(bigger), 5.0 * kMiB);
  EXPECT_NE(MemoryError(WorkerRole::kLp, bigger, CpuLimit(5)), "");
}

TEST(CheckModelMemoryTest, CpuLimitNamesTheFlagAndTheHalvings) {
  EXPECT_EQ(MemoryError(WorkerRole::kLp, {4, 512, 1024}, CpuLimit(5)),
            "LP batch 1024 needs 8.0 MiB of memory, more than "
            "--xsb_memory_limit_mib=5 allows; try a smaller --xsb_lp_batch "
            "(1024 -> 512 -> 256 -> 128)");
}

TEST(CheckModelMemoryTest, GpuFreeMemory) {
  EXPECT_EQ(MemoryError(WorkerRole::kLp, {4, 4096, 262144}, GpuFree(2 * kGiB)),
            "LP batch 262144 needs 8.3 GiB of GPU memory, 2.0 GiB are free; "
            "try a smaller --xsb_lp_batch (262144 -> 131072 -> 65536 -> "
            "32768)");
}

TEST(CheckModelMemoryTest, GpuUsesTheSmallerOfLimitAndFree) {
  const MlpShape shape{4, 512, 1024};  // 8.0 MiB
  // The limit is lower: it is the one named, with what is free beside it.
  EXPECT_EQ(MemoryError(WorkerRole::kLp, shape, GpuFree(80 * kGiB, 5)),
            "LP batch 1024 needs 8.0 MiB of GPU memory, more than "
            "--xsb_memory_limit_mib=5 allows (80.0 GiB are free); try a "
            "smaller --xsb_lp_batch (1024 -> 512 -> 256 -> 128)");
  // Free memory is lower: it is the one named.
  EXPECT_EQ(MemoryError(WorkerRole::kLp, shape, GpuFree(5 * kMiB, 64)),
            "LP batch 1024 needs 8.0 MiB of GPU memory, 5.0 MiB are free; try "
            "a smaller --xsb_lp_batch (1024 -> 512 -> 256 -> 128)");
  EXPECT_EQ(MemoryError(WorkerRole::kLp, shape, GpuFree(80 * kGiB, 64)), "");
}

TEST(CheckModelMemoryTest, WeightsAloneTooBigAsksForASmallerModel) {
  EXPECT_EQ(MemoryError(WorkerRole::kHp, {8, 8192, 1}, GpuFree(kGiB)),
            "HP batch 1 needs 2.0 GiB of GPU memory, 1.0 GiB are free; even "
            "batch 1 needs 2.0 GiB, so try a smaller --xsb_hp_hidden or "
            "--xsb_hp_layers");
  // A bigger batch whose weights alone do not fit says the same.
  const std::string message =
      MemoryError(WorkerRole::kLp, {8, 8192, 64}, GpuFree(kGiB));
  EXPECT_NE(message.find("even batch 1 needs 2.0 GiB, so try a smaller "
                         "--xsb_lp_hidden or --xsb_lp_layers"),
            std::string::npos)
      << message;
}

TEST(CheckModelMemoryTest, LongHalvingChainsKeepTheirEnds) {
  EXPECT_EQ(MemoryError(WorkerRole::kLp, {1, 16, 1 << 20}, CpuLimit(1)),
            "LP batch 1048576 needs 128.0 MiB of memory, more than "
            "--xsb_memory_limit_mib=1 allows; try a smaller --xsb_lp_batch "
            "(1048576 -> 524288 -> 262144 -> ... -> 4096)");
}

TEST(CheckModelMemoryTest, OneLine) {
  for (const MlpShape& shape :
       {MlpShape{4, 512, 1024}, MlpShape{8, 8192, 1}, MlpShape{1, 16, 3}}) {
    const std::string message =
        MemoryError(WorkerRole::kLp, shape, GpuFree(1000, 1));
    EXPECT_FALSE(message.empty());
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(DescribeFailedAllocationTest, AlwaysAsksForLessThanWasTried) {
  // The check passed (10 GiB free) but the allocation failed anyway.
  const std::string message = DescribeFailedAllocation(
      WorkerRole::kLp, {4, 4096, 1024}, GpuFree(10 * kGiB));
  EXPECT_EQ(message.rfind("LP batch 1024 needs 288.1 MiB of GPU memory and "
                          "allocating it failed (10.0 GiB free afterwards); "
                          "try a smaller --xsb_lp_batch (1024 -> 512",
                          0),
            0u)
      << message;
}

TEST(DescribeFailedAllocationTest, ShortOfFreeMemoryAimsBelowIt) {
  const std::string message = DescribeFailedAllocation(
      WorkerRole::kHp, {4, 512, 1024}, GpuFree(5 * kMiB));
  EXPECT_EQ(message,
            "HP batch 1024 needs 8.0 MiB of GPU memory and allocating it "
            "failed (5.0 MiB free afterwards); try a smaller --xsb_hp_batch "
            "(1024 -> 512 -> 256 -> 128)");
}

}  // namespace
}  // namespace xsb
