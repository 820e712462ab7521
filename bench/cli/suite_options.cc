#include "bench/cli/suite_options.h"

#include <algorithm>
#include <iterator>

#include "bench/cli/flag_setters.h"
#include "bench/cli/load_study.h"
#include "bench/cli/scenario_flags.h"
#include "bench/cli/scheduler_catalog.h"
#include "bench/output/samples_writer.h"
#include "kernels/workload.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

// What runs: backend, scenarios, schedulers.
std::vector<Flag> MakeRunFlags(SuiteOptions* o) {
  return {
      {"backend", "auto|cpu|gpu",
       [o](const std::string& v, std::string* error) {
         BackendRequest request;
         if (!ParseBackendRequest(v, &request)) {
           *error = "'" + v + "' is not auto, cpu or gpu";
           return false;
         }
         o->backend = v;
         return true;
       }},
      {"device", "N (GPU index; the CPU backend ignores it)",
       IntInRange(&o->device_index, 0, 1024)},
      // Checked once every --xsb_scenario_file is loaded
      // (ValidateScenarioNames).
      {"scenarios", "LIST of the scenarios above or a file's (below)",
       NameList(
           &o->scenarios, "scenario", [](const std::string&) { return true; },
           "")},
      {"scenario_file",
       "PATH of a scenario file (docs/scenarios.md), repeatable",
       ScenarioFileFlag(&o->scenario_files)},
      // Checked once every --xsb_scheduler_file is loaded
      // (ValidateSchedulerNames).
      {"schedulers",
       "LIST of " + KnownSchedulerNames(*o) + " or a file's (below)",
       NameList(
           &o->schedulers, "scheduler", [](const std::string&) { return true; },
           "")},
      {"scheduler_file",
       "PATH of a scheduler file (docs/schedulers.md), "
       "repeatable",
       SchedulerFileFlag(&o->scheduler_files)},
      {"schedulers_allow_cpu",
       "true|false (test only: GPU schedulers on the cpu backend)",
       Bool(&o->schedulers_allow_cpu)},
      {"standalone", "true|false", Bool(&o->standalone)},
  };
}

// A number strictly between 0 and 1.
Setter Fraction(double* target, const char* what) {
  return [target, what](const std::string& v, std::string* error) {
    double f;
    if (!ToDouble(v, &f, error)) return false;
    if (!(f > 0 && f < 1)) {
      *error = std::string("must be ") + what + " between 0 and 1, got " + v;
      return false;
    }
    *target = f;
    return true;
  };
}

// The load: rates, batches, durations, arrivals.
std::vector<Flag> MakeLoadFlags(SuiteOptions* o) {
  return {
      {"hp_rate", "REQ_PER_S",
       [o](const std::string& v, std::string* error) {
         // The schedule is materialised up front: bound its size.
         constexpr double kMaxRate = 100'000;
         double rate;
         if (!ToDouble(v, &rate, error)) return false;
         if (rate <= 0 || rate > kMaxRate) {
           *error = std::string(rate <= 0 ? "must be > 0"
                                          : "must be <= 100000 requests/s") +
                    ", got " + v;
           return false;
         }
         o->hp_rate = rate;
         return true;
       }},
      {"lp_batch", "ROWS",
       [o](const std::string& v, std::string* error) {
         long b;
         if (!ToInt(v, 1, &b, error)) return false;
         o->lp_batch = static_cast<int>(b);
         return true;
       }},
      {"duration_s", "SECONDS|auto",
       [o](const std::string& v, std::string* error) {
         o->auto_duration = v == "auto";
         return o->auto_duration ||
                OptionalSeconds(&o->duration_s, false)(v, error);
       }},
      {"min_duration_s", "SECONDS (auto: the shortest window)",
       OptionalSeconds(&o->min_duration_s, false)},
      {"max_duration_s", "SECONDS (auto: the longest window)",
       OptionalSeconds(&o->max_duration_s, false)},
      {"target_ci", "F (auto: HP P99 interval's relative half-width)",
       Fraction(&o->target_ci, "a relative half-width")},
      {"confidence", "F (of every interval, e.g. 0.95)",
       Fraction(&o->confidence, "a confidence")},
      {"send_spin_us", "US the HP client spins before each request",
       IntInRange(&o->send_spin_us, 0, 100'000)},
      {"warmup_s", "SECONDS", OptionalSeconds(&o->warmup_s, true)},
      {"seed", "N",
       [o](const std::string& v, std::string* error) {
         long s;
         if (!ToInt(v, 0, &s, error)) return false;
         o->seed = static_cast<uint64_t>(s);
         return true;
       }},
  };
}

// The adaptive window's flags make sense only together.
void ValidateDuration(const SuiteOptions& o,
                      std::vector<std::string>* problems) {
  if (!o.auto_duration) {
    for (const char* name : {"min_duration_s", "max_duration_s", "target_ci"}) {
      if (o.given_flags.count(name)) {
        problems->push_back(std::string("--xsb_") + name +
                            " applies only with --xsb_duration_s=auto");
      }
    }
    return;
  }
  if (o.min_duration_s && o.max_duration_s &&
      *o.min_duration_s > *o.max_duration_s) {
    problems->push_back(
        "--xsb_min_duration_s=" + FormatNumber(*o.min_duration_s) +
        " is longer than --xsb_max_duration_s=" +
        FormatNumber(*o.max_duration_s));
  }
}

// The models, the worker program, phase timeouts and outputs.
std::vector<Flag> MakeModelAndHarnessFlags(SuiteOptions* o) {
  return {
      {"hp_layers", "N", IntInRange(&o->hp.layers, 1)},
      {"hp_hidden", "N", IntInRange(&o->hp.hidden, 1)},
      {"hp_batch", "ROWS", IntInRange(&o->hp_batch, 1)},
      {"hp_threads", "N (CPU backend; 0 = all cores)",
       IntInRange(&o->hp.threads, 0)},
      {"lp_layers", "N", IntInRange(&o->lp.layers, 1)},
      {"lp_hidden", "N", IntInRange(&o->lp.hidden, 1)},
      {"lp_threads", "N (CPU backend; 0 = all cores)",
       IntInRange(&o->lp.threads, 0)},
      {"hp_model", "mlp|trace:FILE|exec:COMMAND (docs/workloads.md)",
       ModelFlag(&o->hp_model)},
      {"lp_model", "mlp|trace:FILE|exec:COMMAND (docs/workloads.md)",
       ModelFlag(&o->lp_model)},
      {"gemm", "builtin|vendor (vendor: cuBLAS or rocBLAS, GPU only)",
       [o](const std::string& v, std::string* error) {
         if (NameToEnum(kGemmNames, v, &o->gemm)) return true;
         *error = "'" + v + "' is not builtin or vendor";
         return false;
       }},
      {"worker", "PATH to xsb_worker", ExecutableFile(&o->worker_path)},
      {"ready_timeout_s", "SECONDS", Seconds(&o->ready_timeout_s)},
      {"result_grace_s", "SECONDS", Seconds(&o->result_grace_s)},
      {"watchdog_s", "SECONDS of worker silence that means hung (0: derived)",
       Seconds(&o->watchdog_s, /*zero_allowed=*/true)},
      {"progress_s", "SECONDS between progress lines", Seconds(&o->progress_s)},
      {"samples_dir", "DIR for per-request sample files",
       [o](const std::string& v, std::string* error) {
         o->samples_dir = v;
         return CheckSamplesDir(v, error);
       }},
      {"memory_limit_mib", "MIB per worker model",
       IntInRange(&o->memory_limit_mib, 1)},
      {"telemetry", "true|false (NVML / ROCm SMI, when present)",
       Bool(&o->telemetry)},
      {"telemetry_interval_ms", "MS between telemetry samples",
       IntInRange(&o->telemetry_interval_ms, 10, 60'000)},
      {"xsched_allow_cpu", "true|false (test only, see docs/xsched.md)",
       Bool(&o->xsched.allow_cpu)},
  };
}

// The Preemption family (PreemptionOptions).
std::vector<Flag> MakePreemptionFlags(PreemptionOptions* p) {
  return {
      {"preemption", "true|false (register the Preemption/* cases)",
       Bool(&p->enabled)},
      {"preempt_lp_kernel_us", "LIST of LP spin kernel lengths in us",
       PositiveList(&p->lp_kernel_us)},
      {"preempt_hp_kernel_us", "US (the HP spin kernel)",
       IntInRange(&p->hp_kernel_us, 1, 1'000'000)},
      {"preempt_queue_depth", "N (LP kernels in flight)",
       IntInRange(&p->queue_depth, 1, 1024)},
      {"preempt_rate", "LAUNCHES_PER_S (HP, Poisson)",
       [p](const std::string& v, std::string* error) {
         double rate;
         if (!ToDouble(v, &rate, error)) return false;
         if (rate <= 0 || rate > 10'000) {
           *error = "must be > 0 and <= 10000 launches/s, got " + v;
           return false;
         }
         p->rate_per_s = rate;
         return true;
       }},
      {"preempt_duration_s", "SECONDS (measured, per case)",
       Seconds(&p->duration_s)},
  };
}

// Every --xsb_ flag, in the order --help lists them.
std::vector<Flag> MakeFlags(SuiteOptions* o) {
  std::vector<Flag> flags;
  for (std::vector<Flag> group :
       {MakeRunFlags(o), MakeRoundFlags(&o->rounds), MakeLoadFlags(o),
        MakeLoadStudyFlags(&o->study), MakeModelAndHarnessFlags(o),
        MakePreemptionFlags(&o->preemption)}) {
    flags.insert(flags.end(), std::make_move_iterator(group.begin()),
                 std::make_move_iterator(group.end()));
  }
  return flags;
}

struct FlagFamily {
  std::string prefix;  // "--xsb_" or "--xsched_"
  std::vector<Flag> flags;
};

}  // namespace

bool ParseSuiteFlags(int* argc, char** argv, SuiteOptions* options,
                     std::string* error) {
  const FlagFamily families[] = {
      {"--xsb_", MakeFlags(options)},
      {"--xsched_", MakeXschedFlags(&options->xsched)}};
  std::vector<std::string> problems;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string arg = argv[i];
    const FlagFamily* family = nullptr;
    for (const FlagFamily& f : families) {
      if (StartsWith(arg, f.prefix)) family = &f;
    }
    if (family == nullptr) {
      argv[kept++] = argv[i];
      continue;
    }
    const std::string& prefix = family->prefix;
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(
        prefix.size(), eq == std::string::npos ? eq : eq - prefix.size());
    const Flag* flag = nullptr;
    for (const Flag& f : family->flags) {
      if (name == f.name) flag = &f;
    }
    std::string problem;
    if (flag == nullptr) {
      problems.push_back("unknown flag " + prefix + name + " (see --help)");
    } else if (eq == std::string::npos) {
      problems.push_back(prefix + name + " needs a value: " + prefix + name +
                         "=" + flag->value_help);
    } else if (!flag->set(arg.substr(eq + 1), &problem)) {
      problems.push_back(prefix + name + ": " + problem);
    }
    options->given_flags.insert(name);
  }
  *argc = kept;
  argv[kept] = nullptr;
  if (problems.empty()) ValidateSchedulerNames(*options, &problems);
  if (problems.empty()) ValidateScenarioNames(*options, &problems);
  if (options->schedulers_allow_cpu) options->xsched.allow_cpu = true;
  // Settings that contradict each other, once each value is valid alone.
  if (problems.empty()) ValidateXsched(options->xsched, &problems);
  if (problems.empty()) {
    CheckScenarioModels(options->scenarios, options->hp_model,
                        options->lp_model, &problems);
  }
  if (problems.empty()) ValidateDuration(*options, &problems);
  if (problems.empty()) {
    ValidateRounds(options->rounds, options->given_flags, &problems);
    ValidateLoadStudy(options->study, options->given_flags,
                      options->auto_duration, &problems);
  }
  // Every bad value at once: a user fixing a long command line should not
  // have to rerun it once per mistake.
  error->clear();
  for (const std::string& problem : problems) {
    if (!error->empty()) *error += '\n';
    *error += problem;
  }
  return problems.empty();
}

std::string SuiteFlagsHelp() {
  SuiteOptions defaults;
  std::string text = "xsb_bench flags (besides Google Benchmark's):\n";
  for (const Flag& f : MakeFlags(&defaults)) {
    text += "  --xsb_" + std::string(f.name) + "=" + f.value_help + "\n";
  }
  text += "The xsched scheduler's flags (see docs/xsched.md):\n";
  for (const Flag& f : MakeXschedFlags(&defaults.xsched)) {
    text += "  --xsched_" + std::string(f.name) + "=" + f.value_help + "\n";
  }
  text += "See docs/user-guide.md for what each does and its default.\n";
  return text;
}

std::vector<FlagDescription> SuiteFlagList() {
  SuiteOptions defaults;
  std::vector<FlagDescription> list;
  for (const Flag& f : MakeFlags(&defaults)) {
    list.push_back({std::string("--xsb_") + f.name, f.value_help});
  }
  for (const Flag& f : MakeXschedFlags(&defaults.xsched)) {
    list.push_back({std::string("--xsched_") + f.name, f.value_help});
  }
  return list;
}

Scenario ApplyOverrides(const Scenario& scenario, const SuiteOptions& options) {
  Scenario s = scenario;
  if (options.hp_rate) s.hp_rate_per_s = *options.hp_rate;
  if (options.lp_batch) s.lp_batch = *options.lp_batch;
  if (options.duration_s) s.duration_s = *options.duration_s;
  if (options.auto_duration) {
    // The longest default minimum: enough requests at every built-in rate
    // for a valid P99 (368 at 95 %), and time for the tail to show.
    constexpr double kDefaultMinDurationS = 30;
    s.auto_duration = true;
    if (options.max_duration_s) s.duration_s = *options.max_duration_s;
    s.min_duration_s = std::min(
        s.duration_s, options.min_duration_s.value_or(kDefaultMinDurationS));
    s.target_ci = options.target_ci;
  }
  if (options.warmup_s) s.warmup_s = *options.warmup_s;
  return s;
}

std::vector<Scenario> ScenarioPoints(const Scenario& scenario,
                                     const SuiteOptions& options) {
  return SweepScenarios(ApplyOverrides(scenario, options), options.study);
}

std::string WarmupDescription(const SuiteOptions& options) {
  std::vector<std::pair<std::string, double>> warmups;
  for (const std::string& name : options.scenarios) {
    Scenario scenario;
    if (!FindScenario(name, &scenario)) continue;
    warmups.emplace_back(name, ApplyOverrides(scenario, options).warmup_s);
  }
  bool all_same = true;
  for (const auto& [name, seconds] : warmups) {
    all_same = all_same && seconds == warmups.front().second;
  }
  if (warmups.empty()) return "";
  if (all_same) return FormatNumber(warmups.front().second);
  std::string text;
  for (const auto& [name, seconds] : warmups) {
    if (!text.empty()) text += ',';
    text += name + ":" + FormatNumber(seconds);
  }
  return text;
}

}  // namespace xsb
