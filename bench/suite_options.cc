#include "bench/suite_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "bench/samples_writer.h"
#include "kernels/backend.h"
#include "shim_env/worker_launch.h"

namespace xsb {
namespace {

using Setter = std::function<bool(const std::string&, std::string*)>;

struct Flag {
  const char* name;
  std::string value_help;
  Setter set;
};

bool ToDouble(const std::string& text, double* out, std::string* why) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
    *why = "'" + text + "' is not a number";
    return false;
  }
  *out = v;
  return true;
}

bool ToInt(const std::string& text, long min, long* out, std::string* why) {
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    *why = "'" + text + "' is not a whole number";
    return false;
  }
  constexpr long kMax = 1'000'000'000;
  if (errno != 0 || v > kMax) {
    *why = "must be <= " + std::to_string(kMax) + ", got " + text;
    return false;
  }
  if (v < min) {
    *why = "must be >= " + std::to_string(min) + ", got " + text;
    return false;
  }
  *out = v;
  return true;
}

// Durations and timeouts in seconds: > 0 (or >= 0 where zero means none),
// and at most about 11 days, so nanoseconds never overflow.
bool ToSeconds(const std::string& text, bool zero_allowed, double* out,
               std::string* why) {
  constexpr double kMaxSeconds = 1e6;
  double v;
  if (!ToDouble(text, &v, why)) return false;
  if (zero_allowed ? v < 0 : v <= 0) {
    *why = std::string("must be ") + (zero_allowed ? ">= 0" : "> 0") +
           ", got " + text;
    return false;
  }
  if (v > kMaxSeconds) {
    *why = "must be <= 1000000 s, got " + text;
    return false;
  }
  *out = v;
  return true;
}

Setter Seconds(double* target) {
  return [target](const std::string& text, std::string* why) {
    return ToSeconds(text, false, target, why);
  };
}

Setter OptionalSeconds(std::optional<double>* target, bool zero_allowed) {
  return [target, zero_allowed](const std::string& text, std::string* why) {
    double v;
    if (!ToSeconds(text, zero_allowed, &v, why)) return false;
    *target = v;
    return true;
  };
}

Setter Int(int* target, long min) {
  return [target, min](const std::string& text, std::string* why) {
    long v;
    if (!ToInt(text, min, &v, why)) return false;
    *target = static_cast<int>(v);
    return true;
  };
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::vector<Flag> MakeFlags(SuiteOptions* o) {
  return {
      {"backend", "auto|cpu|gpu",
       [o](const std::string& v, std::string* why) {
         BackendRequest request;
         if (!ParseBackendRequest(v, &request)) {
           *why = "'" + v + "' is not auto, cpu or gpu";
           return false;
         }
         o->backend = v;
         return true;
       }},
      {"scenarios", "LIST of original,intensive,smoke",
       [o](const std::string& v, std::string* why) {
         o->scenarios = SplitList(v);
         for (const std::string& name : o->scenarios) {
           Scenario s;
           if (!FindScenario(name, &s)) {
             *why = "unknown scenario '" + name +
                    "' (known: original, intensive, smoke)";
             return false;
           }
         }
         if (o->scenarios.empty()) *why = "names no scenario";
         return !o->scenarios.empty();
       }},
      {"schedulers", "LIST of " + KnownSchedulerNames(),
       [o](const std::string& v, std::string* why) {
         o->schedulers = SplitList(v);
         for (const std::string& name : o->schedulers) {
           Scheduler s;
           if (!ParseScheduler(name, &s)) {
             *why = "unknown scheduler '" + name +
                    "' (known: " + KnownSchedulerNames() + ")";
             return false;
           }
         }
         if (o->schedulers.empty()) *why = "names no scheduler";
         return !o->schedulers.empty();
       }},
      {"standalone", "true|false",
       [o](const std::string& v, std::string* why) {
         if (v != "true" && v != "false") {
           *why = "'" + v + "' is not true or false";
           return false;
         }
         o->standalone = v == "true";
         return true;
       }},
      {"hp_rate", "REQ_PER_S",
       [o](const std::string& v, std::string* why) {
         // The schedule is materialised up front: bound its size.
         constexpr double kMaxRate = 100'000;
         double rate;
         if (!ToDouble(v, &rate, why)) return false;
         if (rate <= 0 || rate > kMaxRate) {
           *why = std::string(rate <= 0 ? "must be > 0"
                                        : "must be <= 100000 requests/s") +
                  ", got " + v;
           return false;
         }
         o->hp_rate = rate;
         return true;
       }},
      {"lp_batch", "ROWS",
       [o](const std::string& v, std::string* why) {
         long b;
         if (!ToInt(v, 1, &b, why)) return false;
         o->lp_batch = static_cast<int>(b);
         return true;
       }},
      {"duration_s", "SECONDS", OptionalSeconds(&o->duration_s, false)},
      {"warmup_s", "SECONDS", OptionalSeconds(&o->warmup_s, true)},
      {"arrival", "uniform|poisson",
       [o](const std::string& v, std::string* why) {
         if (ParseArrivalDistribution(v, &o->arrival)) return true;
         *why = "'" + v + "' is not uniform or poisson";
         return false;
       }},
      {"seed", "N",
       [o](const std::string& v, std::string* why) {
         long s;
         if (!ToInt(v, 0, &s, why)) return false;
         o->seed = static_cast<uint64_t>(s);
         return true;
       }},
      {"hp_layers", "N", Int(&o->hp.layers, 1)},
      {"hp_hidden", "N", Int(&o->hp.hidden, 1)},
      {"hp_batch", "ROWS", Int(&o->hp_batch, 1)},
      {"hp_threads", "N (CPU backend; 0 = all cores)", Int(&o->hp.threads, 0)},
      {"lp_layers", "N", Int(&o->lp.layers, 1)},
      {"lp_hidden", "N", Int(&o->lp.hidden, 1)},
      {"lp_threads", "N (CPU backend; 0 = all cores)", Int(&o->lp.threads, 0)},
      {"worker", "PATH to xsb_worker",
       [o](const std::string& v, std::string* why) {
         if (v.empty()) *why = "is empty";
         o->worker_path = v;
         return !v.empty();
       }},
      {"ready_timeout_s", "SECONDS", Seconds(&o->ready_timeout_s)},
      {"result_grace_s", "SECONDS", Seconds(&o->result_grace_s)},
      {"watchdog_s", "SECONDS of worker silence that means hung (0: derived)",
       [o](const std::string& v, std::string* why) {
         return ToSeconds(v, true, &o->watchdog_s, why);
       }},
      {"progress_s", "SECONDS between progress lines", Seconds(&o->progress_s)},
      {"samples_dir", "DIR for per-request sample files",
       [o](const std::string& v, std::string* why) {
         o->samples_dir = v;
         return PrepareSamplesDir(v, why);
       }},
      {"memory_limit_mib", "MIB per worker model (default: none)",
       Int(&o->memory_limit_mib, 1)},
  };
}

}  // namespace

bool ParseSuiteFlags(int* argc, char** argv, SuiteOptions* options,
                     std::string* error) {
  const std::vector<Flag> flags = MakeFlags(options);
  std::vector<std::string> problems;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--xsb_", 0) != 0) {
      argv[kept++] = argv[i];
      continue;
    }
    const size_t eq = arg.find('=');
    const std::string name =
        arg.substr(6, eq == std::string::npos ? eq : eq - 6);
    const Flag* flag = nullptr;
    for (const Flag& f : flags) {
      if (name == f.name) flag = &f;
    }
    std::string why;
    if (flag == nullptr) {
      problems.push_back("unknown flag --xsb_" + name + " (see --help)");
    } else if (eq == std::string::npos) {
      problems.push_back("--xsb_" + name + " needs a value: --xsb_" + name +
                         "=" + flag->value_help);
    } else if (!flag->set(arg.substr(eq + 1), &why)) {
      problems.push_back("--xsb_" + name + ": " + why);
    }
    options->given_flags.insert(name);
  }
  *argc = kept;
  argv[kept] = nullptr;
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
  text += "See docs/user-guide.md for what each does and its default.\n";
  return text;
}

Scenario ApplyOverrides(const Scenario& scenario, const SuiteOptions& options) {
  Scenario s = scenario;
  if (options.hp_rate) s.hp_rate_per_s = *options.hp_rate;
  if (options.lp_batch) s.lp_batch = *options.lp_batch;
  if (options.duration_s) s.duration_s = *options.duration_s;
  if (options.warmup_s) s.warmup_s = *options.warmup_s;
  return s;
}

}  // namespace xsb
