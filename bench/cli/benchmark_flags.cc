#include "bench/cli/benchmark_flags.h"

#include <cctype>
#include <vector>

#include "bench/cli/flag_setters.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

struct RefusedFlag {
  const char* name;  // without "--"
  const char* why;   // why it does not apply, and what to use instead
};

constexpr char kNoAggregates[] =
    "rounds are reported as repetitions without aggregates; tools/compare.py "
    "gives the paired interval";

// Google Benchmark 1.7.1's flags that do not apply to a scenario case. The
// others (filter, out, out_format, format, list_tests, counters_tabular,
// color, context, time_unit, v) keep their meaning; repetitions means
// rounds (bench/cli/round_options.h).
constexpr RefusedFlag kRefusedFlags[] = {
    {"benchmark_min_time",
     "a case runs its scenario once per repetition, for the scenario's "
     "window; set it with --xsb_duration_s"},
    {"benchmark_min_warmup_time",
     "it reruns whole scenarios whose results are dropped; a scenario has "
     "its own warm-up: set it with --xsb_warmup_s"},
    {"benchmark_perf_counters",
     "it would count xsb_bench's own events, not the workers' that run the "
     "models"},
    {"benchmark_enable_random_interleaving",
     "xsb_bench runs paired rounds in ABBA order instead; use --xsb_rounds=N "
     "or --xsb_rounds=auto (docs/user-guide.md#rounds)"},
    {"benchmark_display_aggregates_only", kNoAggregates},
    {"benchmark_report_aggregates_only", kNoAggregates},
};

constexpr char kRepetitions[] = "benchmark_repetitions";

// "BENCHMARK_MIN_TIME" for "benchmark_min_time", as Google Benchmark names
// the variable a flag falls back to.
std::string EnvName(const std::string& flag) {
  std::string name = flag;
  for (char& c : name) c = static_cast<char>(std::toupper(c));
  return name;
}

// The problem with `name`=`value` given as `shown`, or "".
std::string Problem(const std::string& name, const std::string& value,
                    const std::string& shown) {
  for (const RefusedFlag& flag : kRefusedFlags) {
    if (name == flag.name) return shown + " does not apply here: " + flag.why;
  }
  if (name != kRepetitions) return "";
  long repetitions;
  std::string error;
  if (!ToInt(value, 1, &repetitions, &error)) {
    return shown + ": " + error +
           (value == "0" ? " (0 would run nothing)" : "");
  }
  return "";
}

}  // namespace

bool CheckBenchmarkFlags(int argc, char** argv, const EnvLookup& env,
                         std::string* error) {
  std::vector<std::string> problems;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!StartsWith(arg, "--benchmark_")) continue;
    const size_t eq = arg.find('=');
    const std::string name =
        arg.substr(2, eq == std::string::npos ? eq : eq - 2);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    const std::string problem = Problem(name, value, "--" + name);
    if (!problem.empty()) problems.push_back(problem);
  }
  std::vector<std::string> names = {kRepetitions};
  for (const RefusedFlag& flag : kRefusedFlags) names.push_back(flag.name);
  for (const std::string& name : names) {
    const std::string variable = EnvName(name);
    const char* value = env(variable.c_str());
    if (value == nullptr) continue;
    const std::string problem = Problem(
        name, value, variable + " (in the environment, for --" + name + ")");
    if (!problem.empty()) problems.push_back(problem);
  }
  error->clear();
  for (const std::string& problem : problems) {
    if (!error->empty()) *error += '\n';
    *error += problem;
  }
  return problems.empty();
}

}  // namespace xsb
