#include "bench/protocol/arrival_json.h"

#include <fstream>
#include <set>
#include <sstream>

namespace xsb {
namespace {

using nlohmann::json;

// The fields each process takes beside "process".
std::set<std::string> FieldsOf(ArrivalDistribution process) {
  switch (process) {
    case ArrivalDistribution::kGamma:
      return {"cv"};
    case ArrivalDistribution::kOnOff:
      return {"burst", "period_ms"};
    case ArrivalDistribution::kReplay:
      return {"file", "unit"};
    default:
      return {};
  }
}

bool ReadFields(const json& j, ArrivalSpec* spec, std::string* error) {
  for (const auto& [key, value] : j.items()) {
    if (key == "process") continue;
    const bool text = key == "file" || key == "unit";
    if (FieldsOf(spec->process).count(key) == 0) {
      *error = "arrival: unknown field '" + key + "' for " +
               ArrivalDistributionName(spec->process);
      return false;
    }
    if (text ? !value.is_string() : !value.is_number()) {
      *error = "arrival." + key + " must be a " + (text ? "string" : "number");
      return false;
    }
    if (key == "cv") spec->cv = value.get<double>();
    if (key == "period_ms") spec->period_ms = value.get<double>();
    if (key == "file") spec->replay_path = value.get<std::string>();
    if (key == "unit") spec->replay_unit = value.get<std::string>();
    if (key == "burst") {
      spec->burst = value.is_number_integer() ? value.get<int>() : 0;
    }
  }
  return true;
}

}  // namespace

json ArrivalToJson(const ArrivalSpec& spec) {
  json j = {{"process", ArrivalDistributionName(spec.process)}};
  switch (spec.process) {
    case ArrivalDistribution::kGamma:
      j["cv"] = spec.cv;
      break;
    case ArrivalDistribution::kOnOff:
      j["burst"] = spec.burst;
      if (spec.period_ms > 0) j["period_ms"] = spec.period_ms;
      break;
    case ArrivalDistribution::kReplay:
      j["file"] = spec.replay_path;
      j["unit"] = spec.replay_unit;
      break;
    default:
      break;
  }
  return j;
}

bool ArrivalFromJson(const json& j, ArrivalSpec* out, std::string* error) {
  if (!j.is_object() || !j.contains("process") || !j["process"].is_string()) {
    *error =
        "arrival must be an object with \"process\": uniform, poisson, gamma, "
        "onoff or replay";
    return false;
  }
  ArrivalSpec spec;
  const std::string process = j["process"].get<std::string>();
  if (!ParseArrivalDistribution(process, &spec.process)) {
    *error = "arrival.process '" + process +
             "' is not uniform, poisson, gamma, onoff or replay";
    return false;
  }
  std::string why;
  if (!ReadFields(j, &spec, error)) return false;
  if (!ValidateArrivalSpec(spec, &why)) {
    *error = "arrival: " + why;
    return false;
  }
  *out = spec;
  return true;
}

bool LoadReplayTimes(ArrivalSpec* spec, std::string* error) {
  std::ifstream in(spec->replay_path);
  std::stringstream text;
  if (!(in && text << in.rdbuf())) {
    *error = spec->replay_path + ": cannot read the replay file";
    return false;
  }
  std::string why;
  if (!ParseReplayTimes(text.str(), spec->replay_unit, &spec->replay_ns,
                        &why)) {
    *error = spec->replay_path + ": " + why;
    return false;
  }
  return true;
}

}  // namespace xsb
