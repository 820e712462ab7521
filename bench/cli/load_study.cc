#include "bench/cli/load_study.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "bench/measure/capacity_search.h"
#include "bench/protocol/arrival_json.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr const char* kSweepFields[] = {"hp_rate", "lp_batch", "duration_s"};
constexpr size_t kMaxSweepPoints = 64;

std::string AbsolutePath(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  char cwd[4096];
  if (getcwd(cwd, sizeof(cwd)) == nullptr) return path;
  return std::string(cwd) + "/" + path;
}

bool SetArrival(const std::string& v, ArrivalSpec* arrival,
                std::string* error) {
  ArrivalSpec spec;
  if (!ParseArrivalSpec(v, &spec, error)) return false;
  if (spec.process == ArrivalDistribution::kReplay) {
    spec.replay_path = AbsolutePath(spec.replay_path);
    if (!LoadReplayTimes(&spec, error)) return false;
  }
  *arrival = spec;
  return true;
}

// A whole number >= 1 for lp_batch; a positive number for the others.
bool CheckSweepValue(const std::string& field, const std::string& text,
                     double value, std::string* error) {
  if (value <= 0) {
    *error = field + " values must be > 0, got " + text;
    return false;
  }
  if (field == "lp_batch" && value != std::floor(value)) {
    *error = "lp_batch values must be whole numbers, got " + text;
    return false;
  }
  return true;
}

bool SetSweep(const std::string& v, std::optional<LoadSweep>* sweep,
              std::string* error) {
  const size_t colon = v.find(':');
  LoadSweep s;
  s.field = v.substr(0, colon);
  if (std::find(std::begin(kSweepFields), std::end(kSweepFields), s.field) ==
      std::end(kSweepFields)) {
    *error = "field '" + s.field +
             "' cannot be swept; use hp_rate, lp_batch or duration_s "
             "(FIELD:V1,V2,...)";
    return false;
  }
  const std::vector<std::string> items = colon == std::string::npos
                                             ? std::vector<std::string>{}
                                             : SplitList(v.substr(colon + 1));
  if (items.empty() || items.size() > kMaxSweepPoints) {
    *error = "needs 1 to 64 values: " + s.field + ":V1,V2,...";
    return false;
  }
  for (const std::string& item : items) {
    double value;
    if (!ToDouble(item, &value, error) ||
        !CheckSweepValue(s.field, item, value, error)) {
      return false;
    }
    if (std::find(s.values.begin(), s.values.end(), value) != s.values.end()) {
      *error = s.field + " value " + item + " is given twice";
      return false;
    }
    s.values.push_back(value);
  }
  *sweep = s;
  return true;
}

bool SetCapacityRange(const std::string& v, CapacityOptions* c,
                      std::string* error) {
  const std::vector<std::string> items = SplitList(v);
  double low = 0;
  double high = 0;
  if (items.size() != 2 || !ToDouble(items[0], &low, error) ||
      !ToDouble(items[1], &high, error) || !(low > 0 && high > low)) {
    *error = "must be LOW,HIGH requests/s with 0 < LOW < HIGH, got " + v;
    return false;
  }
  c->low_rate = low;
  c->high_rate = high;
  return true;
}

bool NumberInRange(const std::string& v, double low, double high, double* out,
                   std::string* error) {
  double value;
  if (!ToDouble(v, &value, error)) return false;
  if (!(value >= low && value <= high)) {
    *error = "must be " + FormatNumber(low) + " to " + FormatNumber(high) +
             ", got " + v;
    return false;
  }
  *out = value;
  return true;
}

}  // namespace

std::vector<Flag> MakeLoadStudyFlags(LoadStudyOptions* o) {
  const Setter arrival = [o](const std::string& v, std::string* error) {
    return SetArrival(v, &o->arrival, error);
  };
  CapacityOptions* c = &o->capacity;
  return {
      {"hp_arrival",
       "uniform|poisson|gamma:cv=X|onoff:burst=B[,period_ms=T]|"
       "replay:PATH[,unit=ms]",
       arrival},
      {"arrival", "the same as --xsb_hp_arrival (its older name)", arrival},
      {"sweep", "FIELD:V1,V2,... (hp_rate, lp_batch or duration_s)",
       [o](const std::string& v, std::string* error) {
         return SetSweep(v, &o->sweep, error);
       }},
      {"capacity", "hp (search each scheduler's capacity under the SLO)",
       [c](const std::string& v, std::string* error) {
         if (v != "hp") {
           *error = "'" + v + "' is not a latency tenant; use hp";
           return false;
         }
         c->tenant = v;
         return true;
       }},
      {"slo_p99_ms", "MS (the HP P99 the capacity search must keep)",
       [c](const std::string& v, std::string* error) {
         double ms;
         if (!NumberInRange(v, 1e-3, 1e6, &ms, error)) return false;
         c->slo_p99_ms = ms;
         return true;
       }},
      {"capacity_range", "LOW,HIGH (requests/s)",
       [c](const std::string& v, std::string* error) {
         return SetCapacityRange(v, c, error);
       }},
      {"capacity_tolerance", "F (relative width of the final bracket)",
       [c](const std::string& v, std::string* error) {
         return NumberInRange(v, 0.01, 1, &c->tolerance, error);
       }},
      {"capacity_max_probes", "N (3 to 20)", IntInRange(&c->max_probes, 3, 20)},
  };
}

void ValidateLoadStudy(const LoadStudyOptions& o,
                       const std::set<std::string>& given_flags,
                       bool auto_duration, std::vector<std::string>* problems) {
  if (auto_duration && o.sweep && o.sweep->field == "duration_s") {
    problems->push_back(
        "--xsb_sweep=duration_s:... and --xsb_duration_s=auto contradict each "
        "other: sweep fixed windows, or let auto choose");
  }
  if (auto_duration && !o.capacity.tenant.empty()) {
    problems->push_back(
        "--xsb_capacity sizes each probe's window itself; drop "
        "--xsb_duration_s=auto");
  }
  const bool fixed_period = o.arrival.process == ArrivalDistribution::kOnOff &&
                            o.arrival.period_ms > 0;
  const bool rate_swept = o.sweep && o.sweep->field == "hp_rate";
  if (fixed_period && (given_flags.count("hp_rate") || rate_swept ||
                       !o.capacity.tenant.empty())) {
    problems->push_back(
        "--xsb_hp_arrival: an on/off period fixes the rate (burst / "
        "period); drop period_ms to let --xsb_hp_rate, --xsb_sweep or "
        "--xsb_capacity set it");
  }
  const CapacityOptions& c = o.capacity;
  if (!c.tenant.empty() && !c.slo_p99_ms) {
    problems->push_back("--xsb_capacity needs --xsb_slo_p99_ms=MS");
  }
  if (!c.tenant.empty() && o.sweep) {
    problems->push_back(
        "--xsb_capacity searches the rate itself; run --xsb_sweep apart");
  }
  for (const char* name : {"slo_p99_ms", "capacity_range", "capacity_tolerance",
                           "capacity_max_probes"}) {
    if (c.tenant.empty() && given_flags.count(name)) {
      problems->push_back(std::string("--xsb_") + name +
                          " applies only with --xsb_capacity=hp");
    }
  }
}

std::vector<Scenario> SweepScenarios(const Scenario& scenario,
                                     const LoadStudyOptions& o) {
  Scenario base = scenario;
  base.hp_rate_per_s = OfferedRate(o.arrival, base.hp_rate_per_s);
  if (!o.sweep) return {base};
  std::vector<Scenario> points;
  for (const double value : o.sweep->values) {
    Scenario s = base;
    if (o.sweep->field == "hp_rate") s.hp_rate_per_s = value;
    if (o.sweep->field == "lp_batch") s.lp_batch = static_cast<int>(value);
    if (o.sweep->field == "duration_s") s.duration_s = value;
    points.push_back(s);
  }
  return points;
}

std::vector<std::pair<std::string, std::string>> LoadStudyContext(
    const LoadStudyOptions& o, double confidence) {
  std::vector<std::pair<std::string, std::string>> entries;
  if (o.sweep) {
    std::string values;
    for (const double v : o.sweep->values) {
      values += (values.empty() ? "" : ",") + FormatNumber(v);
    }
    entries.emplace_back("xsb_sweep", o.sweep->field + ":" + values);
  }
  const CapacityOptions& c = o.capacity;
  if (!c.tenant.empty()) {
    const std::string range = c.low_rate
                                  ? FormatNumber(*c.low_rate) + " to " +
                                        FormatNumber(*c.high_rate) + " req/s"
                                  : "the scenario's rate / 4 to x 4";
    entries.emplace_back(
        "xsb_capacity",
        c.tenant + ": highest rate with P99 upper bound <= " +
            FormatNumber(c.slo_p99_ms.value_or(0)) + " ms; bisection over " +
            range + ", tolerance " + FormatNumber(c.tolerance * 100) +
            " %, at most " + std::to_string(c.max_probes) +
            " probes, each at " +
            FormatNumber(ProbeConfidence(confidence, c.max_probes) * 100) +
            " % so all hold together at " + FormatNumber(confidence * 100) +
            " %");
  }
  return entries;
}

}  // namespace xsb
