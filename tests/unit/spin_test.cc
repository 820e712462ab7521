// The spin calibration arithmetic, and the CPU backend's spinner and stream
// timer. The GPU spinner is checked against GPU events in gpu_kernels_test.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "bench/measure/clock.h"
#include "kernels/backend.h"
#include "kernels/host/spin_calibration.h"
#include "kernels/workload.h"

namespace xsb {
namespace {

// ------------------------------------------------------- FitSpinCalibration

// The fit, which must succeed.
SpinCalibration Fit(double nominal, const std::vector<SpinSample>& samples) {
  SpinCalibration c;
  std::string error;
  EXPECT_TRUE(FitSpinCalibration(nominal, samples, &c, &error)) << error;
  return c;
}

TEST(FitSpinCalibrationTest, ExactLine) {
  // 100 ticks/us with 7 us of overhead.
  const SpinCalibration c = Fit(100, {{20'000, 207}, {200'000, 2007}});
  EXPECT_NEAR(c.ticks_per_us, 100, 1e-9);
  EXPECT_NEAR(c.overhead_us, 7, 1e-9);
}

TEST(FitSpinCalibrationTest, ClockSlowerThanReported) {
  // The device says 1000 ticks/us; the clock really runs at 950.
  std::vector<SpinSample> samples;
  for (int64_t ticks : {200'000, 2'000'000}) {
    samples.push_back({ticks, 3 + ticks / 950.0});
  }
  const SpinCalibration c = Fit(1000, samples);
  EXPECT_NEAR(c.ticks_per_us, 950, 1e-6);
  EXPECT_NEAR(c.overhead_us, 3, 1e-6);
}

TEST(FitSpinCalibrationTest, MedianIgnoresOneDisturbedRun) {
  std::vector<SpinSample> samples = {
      {20'000, 205},   {20'000, 205},   {20'000, 900},  // one run preempted
      {200'000, 2005}, {200'000, 2005}, {200'000, 2006}};
  const SpinCalibration c = Fit(100, samples);
  EXPECT_NEAR(c.ticks_per_us, 100, 0.1);
  EXPECT_NEAR(c.overhead_us, 5, 0.6);
}

TEST(FitSpinCalibrationTest, NegativeInterceptMeansNoOverhead) {
  EXPECT_EQ(Fit(100, {{20'000, 199}, {200'000, 1999}}).overhead_us, 0);
}

TEST(FitSpinCalibrationTest, RejectsAClockThatDoesNotRunAsReported) {
  SpinCalibration c;
  std::string error;
  // Elapsed time does not grow with ticks: the kernel's clock is not running.
  EXPECT_FALSE(
      FitSpinCalibration(100, {{20'000, 5}, {200'000, 5}}, &c, &error));
  EXPECT_NE(error.find("spin calibration failed"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
  // Three times faster than reported.
  EXPECT_FALSE(
      FitSpinCalibration(100, {{30'000, 100}, {300'000, 1000}}, &c, &error));
  // Three times slower.
  EXPECT_FALSE(
      FitSpinCalibration(100, {{10'000, 300}, {100'000, 3000}}, &c, &error));
}

TEST(FitSpinCalibrationTest, NeedsTwoTickCounts) {
  SpinCalibration c;
  std::string error;
  EXPECT_FALSE(FitSpinCalibration(100, {}, &c, &error));
  EXPECT_FALSE(FitSpinCalibration(100, {{1000, 10}, {1000, 11}}, &c, &error));
  EXPECT_FALSE(FitSpinCalibration(0, {{1000, 10}, {2000, 20}}, &c, &error));
}

// ---------------------------------------------------------------- SpinTicks

TEST(SpinTicksTest, TakesOffTheOverhead) {
  const SpinCalibration c{100, 7};
  EXPECT_EQ(SpinTicks(c, 1007), 100'000);
  EXPECT_EQ(SpinTicks(c, 7.5), 50);
  EXPECT_EQ(SpinTicks(c, 7), 0);
  EXPECT_EQ(SpinTicks(c, 3), 0) << "shorter than the overhead: no spin";
  EXPECT_EQ(SpinTicks(c, 0), 0);
}

TEST(CheckSpinRequestTest, Bounds) {
  EXPECT_NO_THROW(CheckSpinRequest(0));
  EXPECT_NO_THROW(CheckSpinRequest(kMaxSpinUs));
  EXPECT_THROW(CheckSpinRequest(-1), DeviceError);
  EXPECT_THROW(CheckSpinRequest(kMaxSpinUs * 2), DeviceError);
  EXPECT_THROW(CheckSpinRequest(std::nan("")), DeviceError);
}

// ------------------------------------------------------ CPU spinner, timer

struct CpuParts {
  std::unique_ptr<Device> device = OpenCpuDevice();
  std::unique_ptr<Stream> stream;
  explicit CpuParts(int threads) {
    StreamOptions options;
    options.host_threads = threads;
    stream = device->CreateStream(options);
  }
};

TEST(CpuSpinnerTest, NeverEndsEarly) {
  for (int threads : {1, 2}) {
    CpuParts cpu(threads);
    auto spinner = cpu.device->CreateSpinner(*cpu.stream);
    for (double us : {50.0, 2000.0}) {
      const int64_t begin = MonotonicNowNs();
      spinner->Spin(us);
      cpu.stream->Synchronize();
      EXPECT_GE(MonotonicNowNs() - begin, static_cast<int64_t>(us * 1e3))
          << threads << " threads, " << us << " us";
    }
  }
}

// 0 us is a valid request for no spin at all: it returns at once rather
// than, say, taking 0 for "unbounded" or a default length. The bound allows
// for a loaded machine and is still far below any real spin's length.
TEST(CpuSpinnerTest, ZeroMicrosecondsReturnsAtOnce) {
  CpuParts cpu(2);
  auto spinner = cpu.device->CreateSpinner(*cpu.stream);
  const int64_t begin = MonotonicNowNs();
  spinner->Spin(0);
  cpu.stream->Synchronize();
  EXPECT_LT(MonotonicNowNs() - begin, int64_t{1'000'000'000});
}

TEST(CpuSpinnerTest, RejectsBadRequests) {
  CpuParts cpu(1);
  auto spinner = cpu.device->CreateSpinner(*cpu.stream);
  EXPECT_THROW(spinner->Spin(-5), DeviceError);
  EXPECT_THROW(spinner->Spin(1e300), DeviceError);
}

TEST(CpuStreamTimerTest, MeasuresTheWorkBetweenStartAndStop) {
  CpuParts cpu(1);
  auto spinner = cpu.device->CreateSpinner(*cpu.stream);
  auto timer = cpu.device->CreateTimer(*cpu.stream);
  const int64_t begin = MonotonicNowNs();
  timer->Start();
  spinner->Spin(3000);
  timer->Stop();
  const double host_ms = (MonotonicNowNs() - begin) / 1e6;
  const double timed_ms = timer->ElapsedMs();
  EXPECT_GE(timed_ms, 3.0);
  EXPECT_LE(timed_ms, host_ms);
}

TEST(CpuDeviceTest, TimerAndSpinnerNeedAStreamOfTheCpu) {
  class OtherStream : public Stream {
   public:
    void Synchronize() override {}
  };
  OtherStream other;
  std::unique_ptr<Device> device = OpenCpuDevice();
  EXPECT_THROW(device->CreateTimer(other), DeviceError);
  EXPECT_THROW(device->CreateSpinner(other), DeviceError);
}

TEST(CpuDeviceTest, HasNoFreeMemoryFigureOfItsOwn) {
  EXPECT_FALSE(OpenCpuDevice()->FreeMemoryBytes().has_value());
}

}  // namespace
}  // namespace xsb
