#include "kernels/host/spin_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace xsb {
namespace {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string Format(const char* format, double a, double b) {
  char text[320];
  std::snprintf(text, sizeof text, format, a, b);
  return text;
}

}  // namespace

bool FitSpinCalibration(double nominal_ticks_per_us,
                        const std::vector<SpinSample>& samples,
                        SpinCalibration* out, std::string* error) {
  std::map<int64_t, std::vector<double>> by_ticks;
  for (const SpinSample& s : samples) by_ticks[s.ticks].push_back(s.elapsed_us);
  if (by_ticks.size() < 2 || !(nominal_ticks_per_us > 0)) {
    *error =
        "spin calibration needs samples at two or more tick counts and a "
        "positive nominal clock rate";
    return false;
  }
  // Least squares of elapsed = a + b * ticks over the per-count medians.
  double n = 0, sum_x = 0, sum_y = 0, sum_xx = 0, sum_xy = 0;
  for (const auto& [ticks, elapsed] : by_ticks) {
    const double x = static_cast<double>(ticks);
    const double y = Median(elapsed);
    n += 1;
    sum_x += x;
    sum_y += y;
    sum_xx += x * x;
    sum_xy += x * y;
  }
  const double us_per_tick =
      (n * sum_xy - sum_x * sum_y) / (n * sum_xx - sum_x * sum_x);
  const double rate = 1 / us_per_tick;
  if (!std::isfinite(rate) || rate < nominal_ticks_per_us / 2 ||
      rate > nominal_ticks_per_us * 2) {
    *error = Format(
        "spin calibration failed: the kernel's clock ran at %.4g ticks/us "
        "where the device reports %.4g; the GPU was probably busy with other "
        "work during calibration, so retry on an idle GPU",
        rate, nominal_ticks_per_us);
    return false;
  }
  out->ticks_per_us = rate;
  out->overhead_us = std::max(0.0, (sum_y - us_per_tick * sum_x) / n);
  return true;
}

int64_t SpinTicks(const SpinCalibration& calibration, double microseconds) {
  const double ticks =
      (microseconds - calibration.overhead_us) * calibration.ticks_per_us;
  return ticks <= 0 ? 0 : static_cast<int64_t>(std::llround(ticks));
}

void CheckSpinRequest(double microseconds) {
  if (!(microseconds >= 0 && microseconds <= kMaxSpinUs)) {
    throw DeviceError("Spin: microseconds must be between 0 and " +
                      std::to_string(static_cast<int64_t>(kMaxSpinUs)) +
                      ", got " + std::to_string(microseconds));
  }
}

}  // namespace xsb
