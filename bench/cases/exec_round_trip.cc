#include "bench/cases/exec_round_trip.h"

#include <cmath>
#include <cstdio>

#include "bench/cli/model_choice.h"
#include "bench/cli/python_finder.h"
#include "bench/orchestrate/orchestrator.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr int kRoundTrips = 2000;
constexpr double kTimeoutS = 60;

// Microseconds to one decimal.
std::string Us(double us) { return FormatNumber(std::round(us * 10) / 10); }

}  // namespace

std::vector<std::string> NoopModelCommand(
    const std::vector<std::string>& first_exec, std::string* error) {
  std::string python;
  if (!first_exec.empty() &&
      StartsWith(first_exec[0].substr(first_exec[0].rfind('/') + 1),
                 "python")) {
    python = first_exec[0];
  } else if (!FindPython({}, &python, error)) {
    return {};
  }
  return {python, "-m", "xsb_model"};
}

void AddExecRoundTripContext(const SuiteContext& suite) {
  const SuiteOptions& o = suite.options;
  const std::vector<std::string> first =
      FirstExecModel(o.scenarios, o.hp_model, o.lp_model);
  if (first.empty()) return;
  std::string error;
  const std::vector<std::string> noop = NoopModelCommand(first, &error);
  std::vector<std::string> args = {
      "--exec_round_trip=" + std::to_string(kRoundTrips), "--"};
  args.insert(args.end(), noop.begin(), noop.end());
  ReadyMessage ready;
  if (noop.empty() || !ProbeWorker("exec round trip", suite.worker_path, args,
                                   {}, kTimeoutS, &ready, &error)) {
    std::fprintf(stderr, "xsb: exec round trip not measured: %s\n",
                 error.c_str());
    benchmark::AddCustomContext("xsb_exec_round_trip_model",
                                "not measured: " + error);
    return;
  }
  const ExecReport& exec = ready.exec;
  const std::string model = exec.command + " (" +
                            std::to_string(exec.round_trips) +
                            " no-op requests)";
  std::fprintf(stderr, "xsb: exec round trip: p50 %s us, p99 %s us (%s)\n",
               Us(exec.round_trip_p50_us).c_str(),
               Us(exec.round_trip_p99_us).c_str(), model.c_str());
  benchmark::AddCustomContext("xsb_exec_round_trip_p50_us",
                              Us(exec.round_trip_p50_us));
  benchmark::AddCustomContext("xsb_exec_round_trip_p99_us",
                              Us(exec.round_trip_p99_us));
  benchmark::AddCustomContext("xsb_exec_round_trip_model", model);
}

}  // namespace xsb
