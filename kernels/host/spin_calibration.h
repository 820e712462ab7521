// Turning "spin for N microseconds" into device clock ticks, and fitting that
// conversion to timed runs. Pure functions, shared by every backend's
// spinner and unit-tested without a device.
#ifndef XSB_KERNELS_HOST_SPIN_CALIBRATION_H_
#define XSB_KERNELS_HOST_SPIN_CALIBRATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/workload.h"

namespace xsb {

// A spin of `ticks` clock ticks takes overhead_us + ticks / ticks_per_us,
// where the overhead is what a spin of 0 ticks costs (launch, block start,
// the timing itself).
struct SpinCalibration {
  double ticks_per_us = 1;
  double overhead_us = 0;
};

// One timed spin: how many ticks it was asked for, how long it took.
struct SpinSample {
  int64_t ticks = 0;
  double elapsed_us = 0;
};

// Fits the calibration to samples taken at (at least) two tick counts: the
// median time per tick count, then a least-squares line through those
// medians, so one disturbed run does not move the fit. Returns false with
// *error (one line) when the samples cannot give a line or its rate is more
// than a factor of 2 away from `nominal_ticks_per_us`, the rate the device
// reports for its clock: then the clock the kernel reads is not running as
// the device says, and every spin would be wrong.
bool FitSpinCalibration(double nominal_ticks_per_us,
                        const std::vector<SpinSample>& samples,
                        SpinCalibration* out, std::string* error);

// Ticks to request for a spin of `microseconds`: the overhead is taken off,
// so the timed spin lasts `microseconds`; 0 when the overhead alone is as
// long. Requests below the overhead therefore last about the overhead.
int64_t SpinTicks(const SpinCalibration& calibration, double microseconds);

// The longest spin a Spinner accepts: a minute.
constexpr double kMaxSpinUs = 60e6;

// Throws DeviceError unless 0 <= microseconds <= kMaxSpinUs.
void CheckSpinRequest(double microseconds);

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_SPIN_CALIBRATION_H_
