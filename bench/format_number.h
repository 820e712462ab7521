// A number as a user would type it, for case names, flags quoted back in
// messages and progress lines.
#ifndef XSB_BENCH_FORMAT_NUMBER_H_
#define XSB_BENCH_FORMAT_NUMBER_H_

#include <string>

namespace xsb {

// "%g" without its six-digit limit: 10, 0.5, 1e-05, 1000000.
std::string FormatNumber(double value);

}  // namespace xsb

#endif  // XSB_BENCH_FORMAT_NUMBER_H_
