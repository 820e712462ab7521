// --benchmark_filter as Google Benchmark 1.7.1 matches it, for xsb_bench's
// own checks and plans: an extended regular expression searched in the
// full name (with kRegisteredNameSuffix), "-" in front negates it, "" and
// "all" match every case.
#ifndef XSB_BENCH_CASES_CASE_FILTER_H_
#define XSB_BENCH_CASES_CASE_FILTER_H_

#include <functional>
#include <string>

namespace xsb {

// Takes a case name as registered, without Google Benchmark's suffix.
using NameMatcher = std::function<bool(const std::string&)>;

// False when the filter does not compile (Google Benchmark says so).
bool MakeFilterMatcher(std::string filter, NameMatcher* matcher);

}  // namespace xsb

#endif  // XSB_BENCH_CASES_CASE_FILTER_H_
