// How much longer than on an idle machine a test may take for something
// that needs wall time (a process start, a kill and reap): tests that bound
// such a time multiply the bound by TestTimeScale(), so a machine loaded by
// other work makes them slower, not failing.
#ifndef XSB_TESTS_FAKES_TIME_SCALE_H_
#define XSB_TESTS_FAKES_TIME_SCALE_H_

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>

namespace xsb {

// XSB_TEST_TIME_SCALE when set (a number >= 1), else the 1-minute load
// average per online core, at least 1. tests/integration/harness.py's
// time_scale() is the same rule.
inline double TestTimeScale() {
  if (const char* text = getenv("XSB_TEST_TIME_SCALE")) {
    const double scale = atof(text);
    if (scale >= 1) return scale;
  }
  double load = 0;
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (getloadavg(&load, 1) != 1 || cores < 1) return 1;
  return std::max(1.0, load / static_cast<double>(cores));
}

}  // namespace xsb

#endif  // XSB_TESTS_FAKES_TIME_SCALE_H_
