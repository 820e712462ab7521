// The text forms of an arrival process (--xsb_hp_arrival) and of a replay
// file; arrival_schedule.cc turns a spec into a schedule.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "bench/measure/arrival_schedule.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr double kMaxCv = 100;

bool ParseNumber(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return false;
  *out = value;
  return true;
}

double UnitToNs(const std::string& unit) {
  if (unit == "s") return 1e9;
  if (unit == "ms") return 1e6;
  if (unit == "us") return 1e3;
  if (unit == "ns") return 1;
  return 0;
}

// One "key=value" parameter of a gamma or on/off spec into *spec.
bool ApplyParameter(const std::string& item, ArrivalSpec* spec,
                    std::string* error) {
  const size_t eq = item.find('=');
  const std::string key = item.substr(0, eq);
  double value = 0;
  const bool number =
      eq != std::string::npos && ParseNumber(item.substr(eq + 1), &value);
  const bool gamma = spec->process == ArrivalDistribution::kGamma;
  if (gamma && key == "cv" && number) {
    spec->cv = value;
  } else if (!gamma && key == "burst" && number) {
    spec->burst = static_cast<int>(value);
    if (spec->burst != value) spec->burst = 0;  // not a whole number
  } else if (!gamma && key == "period_ms" && number) {
    spec->period_ms = value;
  } else {
    *error = "'" + item + "': " +
             (gamma ? "gamma takes cv=NUMBER"
                    : "onoff takes burst=N and optionally period_ms=MS");
    return false;
  }
  return true;
}

bool ParseParameters(const std::string& text, ArrivalSpec* spec,
                     std::string* error) {
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (!ApplyParameter(item, spec, error)) return false;
  }
  return true;
}

// The numbers of a JSON list "[1.5, 2, ...]"; false when it is not one.
bool ParseJsonList(const std::string& text, std::vector<double>* values,
                   std::string* error) {
  const size_t open = text.find('[');
  const size_t close = text.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    *error = "not a JSON list of numbers";
    return false;
  }
  std::stringstream items(text.substr(open + 1, close - open - 1));
  std::string item;
  for (int index = 0; std::getline(items, item, ','); ++index) {
    item.erase(0, item.find_first_not_of(" \t\r\n"));
    item.erase(item.find_last_not_of(" \t\r\n") + 1);
    double value;
    if (!ParseNumber(item, &value)) {
      *error =
          "item " + std::to_string(index) + " ('" + item + "') is not a number";
      return false;
    }
    values->push_back(value);
  }
  return true;
}

// The first column of each line; a first line (after blank lines and
// comments) that is not a number is a header.
bool ParseColumn(const std::string& text, std::vector<double>* values,
                 std::string* error) {
  std::stringstream lines(text);
  std::string line;
  bool header_allowed = true;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string first = line.substr(0, line.find_first_of(",; \t"));
    double value;
    if (ParseNumber(first, &value)) {
      values->push_back(value);
    } else if (!header_allowed) {
      *error =
          "line " + std::to_string(number) + ": '" + first + "' is not a time";
      return false;
    }
    header_allowed = false;
  }
  return true;
}

}  // namespace

bool operator==(const ArrivalSpec& a, const ArrivalSpec& b) {
  return a.process == b.process && a.cv == b.cv && a.burst == b.burst &&
         a.period_ms == b.period_ms && a.replay_path == b.replay_path &&
         a.replay_unit == b.replay_unit && a.replay_ns == b.replay_ns;
}

bool ValidateArrivalSpec(const ArrivalSpec& spec, std::string* error) {
  switch (spec.process) {
    case ArrivalDistribution::kGamma:
      if (spec.cv > 0 && spec.cv <= kMaxCv) return true;
      *error = "cv must be > 0 and <= 100";
      return false;
    case ArrivalDistribution::kOnOff:
      if (spec.burst < 1) {
        *error = "burst must be a whole number >= 1";
      } else if (!(spec.period_ms >= 0)) {
        *error = "period_ms must be >= 0 (0: burst / rate)";
      } else {
        return true;
      }
      return false;
    case ArrivalDistribution::kReplay:
      if (spec.replay_path.empty()) {
        *error = "replay needs a file: replay:PATH";
      } else if (UnitToNs(spec.replay_unit) == 0) {
        *error = "unit '" + spec.replay_unit + "' is not s, ms, us or ns";
      } else {
        return true;
      }
      return false;
    default:
      return true;
  }
}

bool ParseArrivalSpec(const std::string& text, ArrivalSpec* out,
                      std::string* error) {
  const size_t colon = text.find(':');
  ArrivalSpec spec;
  if (!ParseArrivalDistribution(text.substr(0, colon), &spec.process)) {
    *error = "'" + text.substr(0, colon) +
             "' is not uniform, poisson, gamma, onoff or replay";
    return false;
  }
  const std::string rest =
      colon == std::string::npos ? "" : text.substr(colon + 1);
  const bool takes_parameters = spec.process == ArrivalDistribution::kGamma ||
                                spec.process == ArrivalDistribution::kOnOff;
  if (spec.process == ArrivalDistribution::kReplay) {
    const size_t unit = rest.rfind(",unit=");
    spec.replay_path = rest.substr(0, unit);
    if (unit != std::string::npos) spec.replay_unit = rest.substr(unit + 6);
  } else if (takes_parameters) {
    // Without it, gamma would be Poisson and on/off uniform.
    const char* required =
        spec.process == ArrivalDistribution::kGamma ? "cv=" : "burst=";
    if (rest.find(required) == std::string::npos) {
      *error = text.substr(0, colon) + " needs " + required + "N";
      return false;
    }
    if (!ParseParameters(rest, &spec, error)) return false;
  } else if (colon != std::string::npos) {
    *error = std::string(ArrivalDistributionName(spec.process)) +
             " takes no parameters";
    return false;
  }
  if (!ValidateArrivalSpec(spec, error)) return false;
  *out = spec;
  return true;
}

std::string DescribeArrival(const ArrivalSpec& spec) {
  const std::string name = ArrivalDistributionName(spec.process);
  switch (spec.process) {
    case ArrivalDistribution::kGamma:
      return name + ":cv=" + FormatNumber(spec.cv);
    case ArrivalDistribution::kOnOff:
      return name + ":burst=" + std::to_string(spec.burst) +
             (spec.period_ms > 0 ? ",period_ms=" + FormatNumber(spec.period_ms)
                                 : "");
    case ArrivalDistribution::kReplay:
      return name + ":" + spec.replay_path +
             (spec.replay_unit == "s" ? "" : ",unit=" + spec.replay_unit);
    default:
      return name;
  }
}

bool ParseReplayTimes(const std::string& text, const std::string& unit,
                      std::vector<int64_t>* ns, std::string* error) {
  const double scale = UnitToNs(unit);
  if (scale == 0) {
    *error = "unit '" + unit + "' is not s, ms, us or ns";
    return false;
  }
  std::vector<double> values;
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string::npos && text[first] == '[';
  if (!(json ? ParseJsonList(text, &values, error)
             : ParseColumn(text, &values, error))) {
    return false;
  }
  if (values.size() < 2) {
    *error =
        "needs at least 2 request times, has " + std::to_string(values.size());
    return false;
  }
  std::sort(values.begin(), values.end());
  if (!(values.back() > values.front())) {
    *error = "every request time is the same: no rate to scale";
    return false;
  }
  ns->clear();
  for (const double v : values) {
    ns->push_back(std::llround((v - values.front()) * scale));
  }
  return true;
}

}  // namespace xsb
