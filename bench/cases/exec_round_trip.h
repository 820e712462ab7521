// The exec protocol's overhead, measured at the start of every run that
// runs an exec model: round trips to the no-op model (python3 -m
// xsb_model) through `xsb_worker --probe --exec_round_trip`, into the JSON
// context (docs/workloads.md).
#ifndef XSB_BENCH_CASES_EXEC_ROUND_TRIP_H_
#define XSB_BENCH_CASES_EXEC_ROUND_TRIP_H_

#include <string>
#include <vector>

#include "bench/cases/case_runner.h"

namespace xsb {

// The no-op model's command for a run whose first exec model is
// `first_exec`: under that program when it is a Python (its file name
// starts with "python"), else under the first Python 3 found. Empty with
// *error when there is none.
std::vector<std::string> NoopModelCommand(
    const std::vector<std::string>& first_exec, std::string* error);

// When a case of the run has an exec model: measures the round trip and
// adds xsb_exec_round_trip_p50_us, xsb_exec_round_trip_p99_us and
// xsb_exec_round_trip_model to the context, with one line on stderr. A
// measurement that fails is said there and in xsb_exec_round_trip_model;
// the run goes on.
void AddExecRoundTripContext(const SuiteContext& suite);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_EXEC_ROUND_TRIP_H_
