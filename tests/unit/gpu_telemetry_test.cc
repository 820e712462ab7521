// bench/telemetry against the fake NVML and ROCm SMI (tests/fakes,
// fake_gpu_telemetry.cc): each reading parsed and converted, both layouts
// of ROCm SMI's clock structure, processes named, a missing or failing
// library explained in one line, the sampler and the summary.
#include "bench/telemetry/gpu_telemetry.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "bench/telemetry/telemetry_sampler.h"

namespace xsb {
namespace {

constexpr char kFake[] = XSB_FAKE_GPU_TELEMETRY_LIB;

class GpuTelemetryTest : public ::testing::TestWithParam<bool> {
 protected:
  void TearDown() override {
    unsetenv("XSB_FAKE_GPU_INIT_FAIL");
    unsetenv("XSB_FAKE_GPU_PIDS");
    unsetenv("XSB_FAKE_RSMI_LAYOUT");
  }
  // The fake through NVML's loader (false) or ROCm SMI's (true).
  std::unique_ptr<GpuTelemetry> Open(std::string* why_not) {
    return GetParam() ? OpenRocmSmi(kFake, 0, why_not)
                      : OpenNvml(kFake, 0, why_not);
  }
};

TEST_P(GpuTelemetryTest, ReadsEveryFigureInItsUnit) {
  std::string why;
  auto telemetry = Open(&why);
  ASSERT_NE(telemetry, nullptr) << why;
  EXPECT_EQ(telemetry->info().device_name, "Fake GPU 9000");
  EXPECT_EQ(telemetry->info().mem_total_mib, 16384);
  EXPECT_NE(telemetry->info().source.find(kFake), std::string::npos);
  const GpuSample first = telemetry->Sample();
  EXPECT_GT(first.time_ns, 0);
  EXPECT_EQ(first.mem_used_mib, 2048);
  EXPECT_DOUBLE_EQ(first.power_w, 250.5);
  // Scripted sequences: the second reading of each is the middle value,
  // whichever the fake's state, since each cycles through three.
  const double util = first.util_pct;
  EXPECT_TRUE(util == 10 || util == 50 || util == 90) << util;
  const GpuSample second = telemetry->Sample();
  EXPECT_NE(second.util_pct, util);
  EXPECT_TRUE(second.clock_mhz == 1500 || second.clock_mhz == 1400 ||
              second.clock_mhz == 1300)
      << second.clock_mhz;
  EXPECT_GE(second.temp_c, 60);
  EXPECT_LE(second.temp_c, 62);
}

TEST_P(GpuTelemetryTest, ProcessesAreNamedFromProc) {
  const std::string pids = std::to_string(getpid()) + ":512,999999999:7";
  setenv("XSB_FAKE_GPU_PIDS", pids.c_str(), 1);
  std::string why;
  auto telemetry = Open(&why);
  ASSERT_NE(telemetry, nullptr) << why;
  const std::vector<GpuProcess> processes = telemetry->Processes();
  ASSERT_EQ(processes.size(), 2u);
  EXPECT_EQ(processes[0].pid, getpid());
  EXPECT_EQ(processes[0].name, "gpu_telemetry_t");  // comm: 15 characters
  EXPECT_EQ(processes[0].used_mib, 512);
  EXPECT_EQ(processes[1].name, "?");
  EXPECT_EQ(DescribeGpuProcesses(processes),
            std::to_string(getpid()) +
                " gpu_telemetry_t (512 MiB), 999999999 ? (7 MiB)");
}

TEST_P(GpuTelemetryTest, FailedInitIsOneLine) {
  setenv("XSB_FAKE_GPU_INIT_FAIL", "1", 1);
  std::string why;
  EXPECT_EQ(Open(&why), nullptr);
  EXPECT_NE(
      why.find(GetParam() ? "rsmi_init returned 8" : "nvmlInit_v2 returned 9"),
      std::string::npos)
      << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(NvmlAndRocmSmi, GpuTelemetryTest,
                         ::testing::Values(false, true));

TEST(GpuTelemetryLoadTest, RocmFiveClockLayoutIsReadToo) {
  setenv("XSB_FAKE_RSMI_LAYOUT", "5", 1);
  std::string why;
  auto telemetry = OpenRocmSmi(kFake, 0, &why);
  ASSERT_NE(telemetry, nullptr) << why;
  const double clock = telemetry->Sample().clock_mhz;
  unsetenv("XSB_FAKE_RSMI_LAYOUT");
  EXPECT_TRUE(clock == 1500 || clock == 1400 || clock == 1300) << clock;
}

TEST(GpuTelemetryLoadTest, MissingLibrariesAreNamedInOneLine) {
  TelemetryLibraries libraries;
  libraries.nvml = "/nonexistent/libnvidia-ml.so.1";
  libraries.rocm_smi = {"/nonexistent/librocm_smi64.so.1"};
  std::string why;
  EXPECT_EQ(OpenGpuTelemetry(libraries, 0, &why), nullptr);
  EXPECT_NE(why.find("/nonexistent/libnvidia-ml.so.1"), std::string::npos);
  EXPECT_NE(why.find("/nonexistent/librocm_smi64.so.1"), std::string::npos);
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
}

TEST(GpuTelemetryLoadTest, FallsBackToTheOtherVendor) {
  TelemetryLibraries libraries;
  libraries.nvml = "/nonexistent/libnvidia-ml.so.1";
  libraries.rocm_smi = {"/nonexistent/librocm_smi64.so.1", kFake};
  std::string why;
  auto telemetry = OpenGpuTelemetry(libraries, 0, &why);
  ASSERT_NE(telemetry, nullptr) << why;
  EXPECT_EQ(telemetry->info().source.rfind("ROCm SMI (", 0), 0u);
}

TEST(GpuTelemetryLoadTest, EnvironmentNamesTheLibraries) {
  setenv("XSB_NVML_LIBRARY", "/a/nvml.so", 1);
  setenv("XSB_ROCM_SMI_LIBRARY", "/b/smi.so", 1);
  const TelemetryLibraries set = TelemetryLibrariesFromEnv(true);
  unsetenv("XSB_NVML_LIBRARY");
  unsetenv("XSB_ROCM_SMI_LIBRARY");
  EXPECT_EQ(set.nvml, "/a/nvml.so");
  EXPECT_EQ(set.rocm_smi, std::vector<std::string>{"/b/smi.so"});
  EXPECT_TRUE(set.amd_first);
  const TelemetryLibraries unset = TelemetryLibrariesFromEnv(false);
  EXPECT_EQ(unset.nvml, "libnvidia-ml.so.1");
  EXPECT_EQ(unset.rocm_smi, (std::vector<std::string>{"librocm_smi64.so.1",
                                                      "librocm_smi64.so"}));
}

TEST(TelemetrySamplerTest, SamplesUntilStoppedAndSummarises) {
  std::string why;
  auto telemetry = OpenNvml(kFake, 0, &why);
  ASSERT_NE(telemetry, nullptr) << why;
  TelemetrySampler sampler(*telemetry, std::chrono::milliseconds(1));
  ASSERT_TRUE(sampler.WaitForSamples(6, std::chrono::seconds(10)));
  const std::vector<GpuSample> samples = sampler.Stop();
  ASSERT_GE(samples.size(), 6u);
  for (size_t i = 1; i < samples.size(); ++i) {
    EXPECT_GE(samples[i].time_ns, samples[i - 1].time_ns);
  }
  const TelemetrySummary all = SummarizeTelemetry(
      samples, samples.front().time_ns, samples.back().time_ns);
  EXPECT_EQ(all.samples, samples.size());
  EXPECT_EQ(all.clock_min_mhz, 1300);
  EXPECT_EQ(all.temp_max_c, 62);
  EXPECT_EQ(all.mem_used_max_mib, 2048);
  EXPECT_DOUBLE_EQ(all.power_max_w, 250.5);
  EXPECT_GT(all.util_mean_pct, 10);
  EXPECT_LT(all.util_mean_pct, 90);
}

TEST(TelemetrySummaryTest, UsesTheWindowAndSkipsMissingFigures) {
  std::vector<GpuSample> samples(4);
  for (int i = 0; i < 4; ++i) {
    samples[i].time_ns = 100 * (i + 1);
    samples[i].util_pct = 10.0 * (i + 1);
    samples[i].clock_mhz = 1000.0 - i;
  }
  samples[2].util_pct = NAN;  // the library refused once
  const TelemetrySummary in = SummarizeTelemetry(samples, 200, 300);
  EXPECT_EQ(in.samples, 2u);
  EXPECT_EQ(in.util_mean_pct, 20);  // 20 only: 30 was NaN
  EXPECT_EQ(in.clock_min_mhz, 998);
  EXPECT_TRUE(std::isnan(in.temp_max_c));  // no sample had it
  // No sample inside the window: every sample counts.
  EXPECT_EQ(SummarizeTelemetry(samples, 1000, 2000).samples, 4u);
}

}  // namespace
}  // namespace xsb
