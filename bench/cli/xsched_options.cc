#include "bench/cli/xsched_options.h"

namespace xsb {

std::vector<Flag> MakeXschedFlags(XschedOptions* o) {
  std::vector<Flag> flags = {
      {"root", "DIR of an XSched install (lib/, bin/)",
       [o](const std::string& v, std::string* error) {
         if (v.empty()) *error = "is empty";
         o->root = v;
         o->root_source = "--xsched_root";
         return !v.empty();
       }},
      {"server", "auto|external",
       [o](const std::string& v, std::string* error) {
         if (v != "auto" && v != "external") {
           *error = "'" + v + "' is not auto or external";
           return false;
         }
         o->server = v == "auto" ? XschedServerMode::kAuto
                                 : XschedServerMode::kExternal;
         return true;
       }},
      {"policy", "NAME of an xserver policy, e.g. HPF",
       [o](const std::string& v, std::string* error) {
         const bool ok =
             !v.empty() &&
             v.find_first_not_of(
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
         if (!ok) *error = "'" + v + "' is not a policy name (e.g. HPF)";
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

bool CheckXschedLevels(const XschedOptions& options, Backend backend,
                       std::string* error) {
  error->clear();
  if (backend != Backend::kHip) return true;
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

}  // namespace xsb
