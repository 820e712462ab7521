#include "bench/cli/help.h"

#include <cstdio>
#include <map>

#include "bench/cli/scenarios.h"
#include "bench/cli/suite_options.h"
#include "bench/output/summary_reporter.h"
#include "shim_env/base/text.h"
#include "shim_env/plan/builtin_schedulers.h"

namespace xsb {
namespace {

constexpr char kPurpose[] =
    "xsb_bench: measures how well a GPU scheduler (XSched, stream "
    "priorities, the OS's CPU priority) keeps a latency-critical HP model's "
    "tail latency low while a throughput LP model shares the device.\n"
    "\n"
    "Usage: xsb_bench [--xsb_*=V] [--xsched_*=V] [--benchmark_*=V]\n"
    "       xsb_bench --xsb_doctor          check the machine, one line a "
    "check\n"
    "       xsb_bench --xsb_list_counters   every counter: name, unit, "
    "better\n";

constexpr char kExamples[] =
    "Examples:\n"
    "  xsb_bench --benchmark_filter='DualModel/.*/smoke'      # both "
    "schedulers, ~15 s\n"
    "  xsb_bench --xsb_scenarios=original --xsb_rounds=auto \\\n"
    "      --benchmark_out=original.json --xsb_samples_dir=samples\n"
    "  xsb_bench --benchmark_filter=/intensive/ --xsb_device=1   # the "
    "second GPU\n"
    "  xsb_bench --xsched_root=/opt/xsched --benchmark_filter=xsched  # "
    "docs/xsched.md\n"
    "  xsb_bench --benchmark_list_tests    # the case names, nothing run\n";

constexpr char kExitCodes[] =
    "Exit codes: 0 every case ran (cases skipped for what the "
    "environment lacks included); 1 a case failed or the results were not "
    "saved; 2 bad usage (a flag, the backend, a filter that matches "
    "nothing); 128+N ended by signal N (130: Ctrl+C). --xsb_doctor: 0 when "
    "every required check passes, 1 otherwise.\n";

// The Google Benchmark flags that apply to scenario cases; its timing,
// warm-up and perf-counter flags do not (each case is one scenario run).
constexpr const char* kBenchmarkFlags[][3] = {
    {"--benchmark_filter=REGEX", "all cases",
     "the cases to run; a leading '-' excludes"},
    {"--benchmark_repetitions=N", "1",
     "means --xsb_rounds=N: paired rounds, reported as repetitions"},
    {"--benchmark_out=FILE", "none",
     "the results file, rewritten after "
     "each case"},
    {"--benchmark_out_format=json|console", "json", "its format"},
    {"--benchmark_format=console|json", "console",
     "stdout: xsb_bench's summary, or Google Benchmark's JSON"},
    {"--benchmark_counters_tabular=true|false", "false",
     "true: Google Benchmark's table of every counter instead of the "
     "summary"},
    {"--benchmark_list_tests=true|false", "false",
     "print the case names, "
     "run nothing"},
    {"--benchmark_context=KEY=VALUE,...", "none", "extra JSON context"},
    {"--benchmark_color=auto|true|false", "auto",
     "colour in Google Benchmark's table"},
};

// Defaults of the --xsb_* and --xsched_* flags (docs/user-guide.md,
// docs/xsched.md say why).
const std::map<std::string, std::string>& Defaults() {
  static const std::map<std::string, std::string> kDefaults = {
      {"--xsb_backend", "auto"},
      {"--xsb_device", "0"},
      {"--xsb_scenarios", "original,intensive,smoke"},
      {"--xsb_schedulers",
       "the defaults that apply, the files', + xsched with an install"},
      {"--xsb_scheduler_file", "none"},
      {"--xsb_schedulers_allow_cpu", "false"},
      {"--xsb_standalone", "true"},
      {"--xsb_rounds", "1"},
      {"--xsb_rounds_min", "max(3, rounds whose HP requests bound a P99)"},
      {"--xsb_rounds_max", "14"},
      {"--xsb_standalone_rounds", "first"},
      {"--xsb_hp_rate", "the scenario's"},
      {"--xsb_lp_batch", "the scenario's"},
      {"--xsb_duration_s", "the scenario's"},
      {"--xsb_min_duration_s", "30, or the longest window if shorter"},
      {"--xsb_max_duration_s", "the scenario's duration"},
      {"--xsb_target_ci", "0.05"},
      {"--xsb_confidence", "0.95"},
      {"--xsb_send_spin_us", "200"},
      {"--xsb_warmup_s", "the scenario's"},
      {"--xsb_hp_arrival", "uniform"},
      {"--xsb_arrival", "uniform"},
      {"--xsb_sweep", "none"},
      {"--xsb_capacity", "none"},
      {"--xsb_slo_p99_ms", "none (required by --xsb_capacity)"},
      {"--xsb_capacity_range", "the scenario's rate / 4 to x 4"},
      {"--xsb_capacity_tolerance", "0.1"},
      {"--xsb_capacity_max_probes", "8"},
      {"--xsb_seed", "42"},
      {"--xsb_hp_layers", "cpu 4, gpu 8"},
      {"--xsb_hp_hidden", "cpu 512, gpu 8192"},
      {"--xsb_hp_batch", "1"},
      {"--xsb_hp_threads", "0"},
      {"--xsb_lp_layers", "cpu 4, gpu 8"},
      {"--xsb_lp_hidden", "cpu 512, gpu 4096"},
      {"--xsb_lp_threads", "0"},
      {"--xsb_hp_model", "mlp (trace-*, torch-*: their examples)"},
      {"--xsb_lp_model", "mlp (trace-*, torch-*: their examples)"},
      {"--xsb_gemm", "builtin"},
      {"--xsb_worker", "xsb_worker beside xsb_bench"},
      {"--xsb_ready_timeout_s", "120"},
      {"--xsb_result_grace_s", "30"},
      {"--xsb_watchdog_s", "0"},
      {"--xsb_progress_s", "5"},
      {"--xsb_samples_dir", "none"},
      {"--xsb_memory_limit_mib", "none"},
      {"--xsb_xsched_allow_cpu", "false"},
      {"--xsb_telemetry", "true"},
      {"--xsb_telemetry_interval_ms", "100"},
      {"--xsb_preemption", "false"},
      {"--xsb_preempt_lp_kernel_us", "100,1000,2000"},
      {"--xsb_preempt_hp_kernel_us", "50"},
      {"--xsb_preempt_queue_depth", "8"},
      {"--xsb_preempt_rate", "50"},
      {"--xsb_preempt_duration_s", "10"},
      {"--xsched_root", "$XSCHED_ROOT, else none"},
      {"--xsched_server", "auto"},
      {"--xsched_policy", "HPF"},
      {"--xsched_port", "50000"},
      {"--xsched_server_timeout_s", "10"},
      {"--xsched_hp_priority", "1"},
      {"--xsched_hp_level", "1"},
      {"--xsched_hp_threshold", "16"},
      {"--xsched_hp_batch_size", "8"},
      {"--xsched_lp_priority", "0"},
      {"--xsched_lp_level", "1"},
      {"--xsched_lp_threshold", "16"},
      {"--xsched_lp_batch_size", "8"},
      {"--xsched_lp_thresholds", "16"},
      {"--xsched_lp_batch_sizes", "8"},
  };
  return kDefaults;
}

// "  --flag=VALUE  [default: D]", wrapped under 100 characters.
void AddFlagLine(const std::string& flag, const std::string& default_text,
                 const std::string& what, std::string* text) {
  std::string line = "  " + flag + "  [default: " + default_text + "]";
  if (!what.empty()) line += " " + what;
  for (const std::string& part : WrapText(line, kSummaryWidth, 6)) {
    *text += part + "\n";
  }
}

// "baseline* (cpu, hip, cuda), os-priority* (cpu), ...".
std::string BuiltinSchedulerList() {
  std::string text;
  for (const SchedulerSpec& spec : BuiltinSchedulers()) {
    std::string backends;
    for (Backend backend : spec.backends) {
      backends +=
          (backends.empty() ? "" : ", ") + std::string(BackendName(backend));
    }
    text += (text.empty() ? "" : ", ") + spec.name +
            (spec.is_default ? "*" : "") + " (" + backends + ")";
  }
  return text;
}

std::string ScenarioTable() {
  std::string text =
      "Scenarios (--xsb_scenarios; each under every scheduler, with "
      "Standalone/hp and /lp references; your own, with any number of "
      "tenants: --xsb_scenario_file, docs/scenarios.md):\n"
      "  name             HP rate     LP batch  window   warm-up\n";
  for (const Scenario& s : BuiltinScenarios()) {
    char line[128];
    std::snprintf(
        line, sizeof line, "  %-15s  %-10s  %-8d  %-7s  %s\n", s.name.c_str(),
        (FormatNumber(s.hp_rate_per_s) + " req/s").c_str(), s.lp_batch,
        FormatSeconds(s.duration_s).c_str(), FormatSeconds(s.warmup_s).c_str());
    text += line;
  }
  text +=
      "Schedulers (--xsb_schedulers; * registered by default where they "
      "apply; your own: --xsb_scheduler_file, docs/schedulers.md): " +
      BuiltinSchedulerList() +
      "; xsched: docs/xsched.md.\n"
      "Cases: DualModel/<scheduler>/<scenario>/rate:R/batch:B/"
      "duration_s:D[/<swept parameter>:<value>...],\n"
      "       Standalone/hp/<scenario>/rate:R/duration_s:D, "
      "Standalone/lp/<scenario>/batch:B/duration_s:D,\n"
      "       with --xsb_preemption=true: Preemption/<scheduler>/"
      "lp_kernel_us:K/hp_kernel_us:H/rate:R/duration_s:D[/...],\n"
      "       with --xsb_capacity=hp instead of DualModel and Standalone: "
      "Capacity/<scheduler>/<scenario>/slo_p99_ms:S/batch:B/duration_s:D\n";
  return text;
}

// Every line of `text` under 100 characters; a wrapped line continues
// indented two spaces past its own indent.
std::string WrapLines(const std::string& text) {
  std::string wrapped;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    const size_t indent = line.find_first_not_of(' ');
    for (const std::string& part :
         WrapText(line, kSummaryWidth,
                  (indent == std::string::npos ? 0 : indent) + 2)) {
      wrapped += part + "\n";
    }
    begin = end + 1;
  }
  return wrapped;
}

}  // namespace

std::string FlagDefault(const std::string& name) {
  const auto it = Defaults().find(name);
  return it == Defaults().end() ? "" : it->second;
}

std::string HelpText() {
  std::string text = std::string(kPurpose) + "\n" + ScenarioTable() + "\n" +
                     kExamples + "\n" + kExitCodes + "\n" +
                     "xsb_bench flags:\n";
  bool xsched_heading = false;
  for (const FlagDescription& f : SuiteFlagList()) {
    if (!xsched_heading && StartsWith(f.name, "--xsched_")) {
      text += "XSched flags (docs/xsched.md):\n";
      xsched_heading = true;
    }
    const std::string default_text = FlagDefault(f.name);
    AddFlagLine(f.name + "=" + f.value_help,
                default_text.empty() ? "see docs/user-guide.md" : default_text,
                "", &text);
  }
  text +=
      "Google Benchmark flags that apply (its timing, warm-up, perf "
      "counter, interleaving and\naggregate flags do not: each case is one "
      "scenario run per round):\n";
  for (const auto& flag : kBenchmarkFlags) {
    AddFlagLine(flag[0], flag[1], flag[2], &text);
  }
  text += "\nEvery flag in detail: docs/user-guide.md.\n";
  return WrapLines(text);
}

}  // namespace xsb
