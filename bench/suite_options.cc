#include "bench/suite_options.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <type_traits>

#include "bench/samples_writer.h"
#include "kernels/backend.h"
#include "shim_env/worker_launch.h"
#include "shim_env/xsched_plan.h"

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

constexpr long kMaxWhole = 1'000'000'000;

bool ToInt(const std::string& text, long min, long* out, std::string* why) {
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    *why = "'" + text + "' is not a whole number";
    return false;
  }
  if (errno != 0 || v > kMaxWhole) {
    *why = "must be <= " + std::to_string(kMaxWhole) + ", got " + text;
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

// A whole number in [min, max] into an int or int64_t.
template <typename T>
Setter IntInRange(T* target, long min, long max) {
  return [target, min, max](const std::string& text, std::string* why) {
    long v;
    if (!ToInt(text, min, &v, why)) return false;
    if (v > max) {
      *why = "must be <= " + std::to_string(max) + ", got " + text;
      return false;
    }
    *target = static_cast<T>(v);
    return true;
  };
}

Setter Bool(bool* target) {
  return [target](const std::string& v, std::string* why) {
    if (v != "true" && v != "false") {
      *why = "'" + v + "' is not true or false";
      return false;
    }
    *target = v == "true";
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

// "8 appears twice" (quoted for names) for the first value listed more than
// once, or "": a second case of the same name would pass for a repetition.
template <typename T>
std::string RepeatedValue(const std::vector<T>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const auto count = std::count(values.begin(), values.end(), values[i]);
    if (count < 2) continue;
    std::string value;
    if constexpr (std::is_same_v<T, std::string>) {
      value = "'" + values[i] + "'";
    } else {
      value = std::to_string(values[i]);
    }
    return value + " appears " +
           (count == 2 ? "twice" : std::to_string(count) + " times");
  }
  return "";
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
         if (why->empty()) *why = RepeatedValue(o->scenarios);
         return why->empty();
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
         if (why->empty()) *why = RepeatedValue(o->schedulers);
         return why->empty();
       }},
      {"standalone", "true|false", Bool(&o->standalone)},
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
         return CheckSamplesDir(v, why);
       }},
      {"memory_limit_mib", "MIB per worker model (default: none)",
       Int(&o->memory_limit_mib, 1)},
      {"xsched_allow_cpu", "true|false (test only, see docs/xsched.md)",
       Bool(&o->xsched.allow_cpu)},
  };
}

// A list of whole numbers >= 1, e.g. "4,8,16".
Setter PositiveList(std::vector<int64_t>* target) {
  return [target](const std::string& text, std::string* why) {
    std::vector<int64_t> values;
    for (const std::string& item : SplitList(text)) {
      long v;
      if (!ToInt(item, 1, &v, why)) return false;
      values.push_back(v);
    }
    if (values.empty()) {
      *why = "names no value";
      return false;
    }
    *why = RepeatedValue(values);
    if (!why->empty()) return false;
    *target = values;
    return true;
  };
}

std::vector<Flag> MakeXschedFlags(XschedOptions* o) {
  std::vector<Flag> flags = {
      {"root", "DIR of an XSched install (lib/, bin/)",
       [o](const std::string& v, std::string* why) {
         if (v.empty()) *why = "is empty";
         o->root = v;
         o->root_source = "--xsched_root";
         return !v.empty();
       }},
      {"server", "auto|external",
       [o](const std::string& v, std::string* why) {
         if (v != "auto" && v != "external") {
           *why = "'" + v + "' is not auto or external";
           return false;
         }
         o->server = v == "auto" ? XschedServerMode::kAuto
                                 : XschedServerMode::kExternal;
         return true;
       }},
      {"policy", "NAME of an xserver policy, e.g. HPF",
       [o](const std::string& v, std::string* why) {
         const bool ok =
             !v.empty() &&
             v.find_first_not_of(
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
         if (!ok) *why = "'" + v + "' is not a policy name (e.g. HPF)";
         o->policy = v;
         return ok;
       }},
      {"port", "N in [1, 65535]", IntInRange(&o->port, 1, 65535)},
      {"server_timeout_s", "SECONDS for a started xserver to listen",
       Seconds(&o->server_timeout_s)},
  };
  const std::string priority_help = "N in [-256, 255]";
  const std::string level_help = "N in [1, 3]";
  const std::vector<Flag> queue_flags = {
      {"hp_priority", priority_help,
       IntInRange(&o->hp.priority, kXschedMinPriority, kXschedMaxPriority)},
      {"hp_level", level_help,
       IntInRange(&o->hp.level, kXschedMinLevel, kXschedMaxLevel)},
      {"hp_threshold", "N >= 1", IntInRange(&o->hp.threshold, 1, kMaxWhole)},
      {"hp_batch_size", "N >= 1", IntInRange(&o->hp.batch_size, 1, kMaxWhole)},
      {"lp_priority", priority_help,
       IntInRange(&o->lp.priority, kXschedMinPriority, kXschedMaxPriority)},
      {"lp_level", level_help,
       IntInRange(&o->lp.level, kXschedMinLevel, kXschedMaxLevel)},
      {"lp_threshold", "N >= 1", PositiveList(&o->lp_thresholds)},
      {"lp_batch_size", "N >= 1", PositiveList(&o->lp_batch_sizes)},
      {"lp_thresholds", "LIST of N >= 1, one case each",
       PositiveList(&o->lp_thresholds)},
      {"lp_batch_sizes", "LIST of N >= 1, one case each",
       PositiveList(&o->lp_batch_sizes)},
  };
  flags.insert(flags.end(), queue_flags.begin(), queue_flags.end());
  return flags;
}

// Settings each valid alone but not together; one line each in *problems.
void ValidateXsched(const XschedOptions& o,
                    std::vector<std::string>* problems) {
  if (o.hp.batch_size > o.hp.threshold) {
    problems->push_back(
        "--xsched_hp_batch_size=" + std::to_string(o.hp.batch_size) +
        " is above --xsched_hp_threshold=" + std::to_string(o.hp.threshold) +
        " (XSched requires batch size <= threshold)");
  }
  std::vector<std::string> left_out;
  if (XschedLpSweep(o, &left_out).empty()) {
    problems->push_back(
        "no --xsched_lp_batch_sizes value is <= a --xsched_lp_thresholds "
        "value (XSched requires batch size <= threshold)");
  }
  if (o.hp.priority <= o.lp.priority) {
    problems->push_back(
        "--xsched_hp_priority=" + std::to_string(o.hp.priority) +
        " must be above --xsched_lp_priority=" + std::to_string(o.lp.priority) +
        " (XSched's HPF policy runs the higher priority first)");
  }
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
      if (arg.rfind(f.prefix, 0) == 0) family = &f;
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
    std::string why;
    if (flag == nullptr) {
      problems.push_back("unknown flag " + prefix + name + " (see --help)");
    } else if (eq == std::string::npos) {
      problems.push_back(prefix + name + " needs a value: " + prefix + name +
                         "=" + flag->value_help);
    } else if (!flag->set(arg.substr(eq + 1), &why)) {
      problems.push_back(prefix + name + ": " + why);
    }
    options->given_flags.insert(name);
  }
  *argc = kept;
  argv[kept] = nullptr;
  // Settings that contradict each other, once each value is valid alone.
  if (problems.empty()) ValidateXsched(options->xsched, &problems);
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

bool CheckXschedLevels(const XschedOptions& options, const std::string& backend,
                       std::string* error) {
  error->clear();
  if (backend != "hip") return true;
  const std::pair<const char*, int> levels[] = {
      {"--xsched_hp_level", options.hp.level},
      {"--xsched_lp_level", options.lp.level}};
  for (const auto& [flag, level] : levels) {
    if (level <= 1) continue;
    if (!error->empty()) *error += '\n';
    *error += std::string(flag) + "=" + std::to_string(level) +
              ": XSched's HIP shim supports preemption level 1 only, and "
              "this run is on the hip backend";
  }
  return error->empty();
}

std::vector<XschedSweepPoint> XschedLpSweep(
    const XschedOptions& options, std::vector<std::string>* left_out) {
  std::vector<XschedSweepPoint> points;
  for (int64_t threshold : options.lp_thresholds) {
    for (int64_t batch_size : options.lp_batch_sizes) {
      if (batch_size <= threshold) {
        points.push_back({threshold, batch_size});
      } else {
        left_out->push_back("lp_threshold:" + std::to_string(threshold) +
                            "/lp_batch_size:" + std::to_string(batch_size));
      }
    }
  }
  return points;
}

void ApplyXschedRootFallback(const char* env_value, XschedOptions* options) {
  if (!options->root.empty() || env_value == nullptr || *env_value == '\0') {
    return;
  }
  options->root = env_value;
  options->root_source = "XSCHED_ROOT";
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
