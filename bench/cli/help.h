// xsb_bench --help: what it is for, the scenarios and schedulers, examples,
// exit codes, every xsb_bench flag with its default and the Google Benchmark
// flags that apply to scenario cases (the others are left out).
#ifndef XSB_BENCH_CLI_HELP_H_
#define XSB_BENCH_CLI_HELP_H_

#include <string>

namespace xsb {

std::string HelpText();

// The default of a --xsb_* or --xsched_* flag as --help shows it, or "" for
// a flag this table lacks (a test keeps it complete).
std::string FlagDefault(const std::string& name);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_HELP_H_
