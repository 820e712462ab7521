// xsb_bench --xsb_doctor: checks what a run needs, one line per check with
// its remedy, without running a scenario: the backend and its device, a
// model run on it (on a GPU: the code objects match it), the XSched install
// when one is configured, its daemon starting and stopping, its shim loading
// in a probe worker, and Python with matplotlib for the tools.
#ifndef XSB_BENCH_CASES_DOCTOR_H_
#define XSB_BENCH_CASES_DOCTOR_H_

#include <string>

#include "bench/cli/suite_options.h"

namespace xsb {

inline constexpr char kDoctorFlag[] = "--xsb_doctor";

// Prints the checks on stdout; returns 0 when every required one passed,
// 1 otherwise. What is optional (a GPU under --xsb_backend=auto, XSched
// when none is configured, matplotlib) is a warning or a skip, never 1.
int RunDoctor(const SuiteOptions& options, const std::string& worker_path);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_DOCTOR_H_
