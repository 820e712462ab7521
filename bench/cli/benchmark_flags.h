// Google Benchmark's own flags, checked before it parses them: the ones that
// would change what a scenario case runs (each case is one scenario run per
// repetition, with its own warm-up and window) are refused, and the ones
// that apply are checked where Google Benchmark would accept nonsense.
#ifndef XSB_BENCH_CLI_BENCHMARK_FLAGS_H_
#define XSB_BENCH_CLI_BENCHMARK_FLAGS_H_

#include <functional>
#include <string>

namespace xsb {

// Reads an environment variable: null when unset (std::getenv's contract).
using EnvLookup = std::function<const char*(const char* name)>;

// Checks every --benchmark_* argument of argv and the BENCHMARK_* variables
// Google Benchmark 1.7.1 also reads its flags from (`env`). False with one
// line per refused flag or bad value in *error, each naming the flag and
// what to use instead.
bool CheckBenchmarkFlags(int argc, char** argv, const EnvLookup& env,
                         std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_BENCHMARK_FLAGS_H_
