#include "bench/protocol/worker_protocol.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>

#include "bench/protocol/arrival_json.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

using nlohmann::json;

// Thrown inside this file only, for semantic errors found while decoding;
// DecodeMessage turns it, like the parser's own exceptions, into *error.
class InvalidMessage : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void Require(bool condition, const std::string& what) {
  if (!condition) throw InvalidMessage(what);
}

// nlohmann converts booleans and floats to integers silently; the protocol
// only ever writes integers, so anything else is a broken peer.
template <typename Int>
Int GetInt(const json& j, const char* key) {
  const json& value = j.at(key);
  Require(value.is_number_integer(), std::string(key) + " must be an integer");
  Require(std::is_signed_v<Int> || value.is_number_unsigned(),
          std::string(key) + " must not be negative");
  return value.get<Int>();
}

int64_t ToInt64(const json& value, const char* what) {
  Require(value.is_number_integer(), std::string(what) + " must be integers");
  return value.get<int64_t>();
}

template <typename Enum, typename Parser>
Enum ParseEnumField(const json& j, const char* key, Parser parse) {
  Enum value{};
  const std::string text = j.at(key).get<std::string>();
  Require(parse(text, &value),
          std::string("unknown ") + key + " '" + text + "'");
  return value;
}

json ToJson(const WorkerConfig& c) {
  json j = {{"role", WorkerRoleName(c.role)},
            {"backend", BackendRequestName(c.backend)},
            {"layers", c.shape.layers},
            {"hidden", c.shape.hidden},
            {"batch", c.shape.batch},
            {"host_threads", c.host_threads},
            {"seed", c.seed},
            {"priority", StreamPriorityName(c.priority)},
            {"rate_per_s", c.rate_per_s},
            {"arrival", ArrivalDistributionName(c.arrival.process)},
            {"progress_interval_s", c.progress_interval_s},
            {"memory_limit_mib", c.memory_limit_mib},
            {"spin_us", c.spin_us},
            {"queue_depth", c.queue_depth},
            {"device_index", c.device_index},
            {"gemm", EnumToName(kGemmNames, c.shape.gemm)},
            {"trace", c.trace_path},
            {"stream_samples", c.stream_samples},
            {"send_spin_ns", c.send_spin_ns},
            {"exec", c.exec_argv}};
  // Only when asked: a worker of an older build refuses nothing it lacks.
  if (c.cu_mask_percent > 0) j["cu_mask_percent"] = c.cu_mask_percent;
  // Only for the processes with parameters: an older worker reads the rest.
  const ArrivalDistribution process = c.arrival.process;
  if (process != ArrivalDistribution::kUniform &&
      process != ArrivalDistribution::kPoisson) {
    j["arrival_spec"] = ArrivalToJson(c.arrival);
  }
  return j;
}

json ToJson(const ExecReport& e) {
  return {{"command", e.command},
          {"pid", e.pid},
          {"model", e.model},
          {"device", e.device},
          {"batch", e.batch},
          {"stream_priority", e.stream_priority},
          {"round_trips", e.round_trips},
          {"round_trip_p50_us", e.round_trip_p50_us},
          {"round_trip_p99_us", e.round_trip_p99_us}};
}

json ToJson(const ReadyMessage& r) {
  json scheduler_env = json::object();
  for (const auto& [name, value] : r.scheduler_env) scheduler_env[name] = value;
  json j = {{"pid", r.pid},
            {"mapped_libraries", r.mapped_libraries},
            {"scheduler_env", std::move(scheduler_env)},
            {"cpu_policy", r.cpu_policy},
            {"forward_ms", r.forward_ms},
            {"note", r.note},
            {"compiled_gpu_backend", r.compiled_gpu_backend},
            {"device",
             {{"backend", BackendName(r.device.backend)},
              {"name", r.device.name},
              {"compute_units", r.device.compute_units},
              {"memory_bytes", r.device.memory_bytes},
              {"driver_version", r.device.driver_version},
              {"runtime_version", r.device.runtime_version}}}};
  if (r.exec.pid != 0) j["exec"] = ToJson(r.exec);
  return j;
}

json ToJson(const StartMessage& s) {
  return {{"t0_ns", s.t0_ns}, {"end_ns", s.end_ns}};
}

json RequestsToJson(const std::vector<RequestTiming>& timings) {
  json requests = json::array();
  for (const RequestTiming& t : timings) {
    requests.push_back({t.scheduled_ns, t.sent_ns, t.completed_ns});
  }
  return requests;
}

json ToJson(const ProgressMessage& p) {
  json j = {{"completed", p.completed}};
  if (!p.requests.empty()) j["requests"] = RequestsToJson(p.requests);
  if (!p.completions_ns.empty()) j["completions_ns"] = p.completions_ns;
  return j;
}

json ToJson(const ResultMessage& r) {
  return {{"role", WorkerRoleName(r.role)},
          {"requests", RequestsToJson(r.requests)},
          {"completions_ns", r.completions_ns}};
}

json ToJson(const EndMessage& e) { return {{"end_ns", e.end_ns}}; }

json ToJson(const ErrorMessage& e) { return {{"message", e.message}}; }

json ToJson(const StopMessage&) { return json::object(); }

WorkerConfig ConfigFromJson(const json& j) {
  WorkerConfig c;
  c.role = ParseEnumField<WorkerRole>(j, "role", ParseWorkerRole);
  const std::string backend = j.at("backend").get<std::string>();
  Require(ParseBackendRequest(backend, &c.backend) &&
              c.backend != BackendRequest::kAuto,
          "backend must be cpu or gpu, not '" + backend + "'");
  c.shape.layers = GetInt<int>(j, "layers");
  c.shape.hidden = GetInt<int>(j, "hidden");
  c.shape.batch = GetInt<int>(j, "batch");
  Require(c.shape.layers > 0 && c.shape.hidden > 0 && c.shape.batch > 0,
          "layers, hidden and batch must be > 0");
  c.host_threads = GetInt<int>(j, "host_threads");
  Require(c.host_threads >= 0, "host_threads must be >= 0");
  c.seed = GetInt<uint64_t>(j, "seed");
  c.priority =
      ParseEnumField<StreamPriority>(j, "priority", ParseStreamPriority);
  c.rate_per_s = j.at("rate_per_s").get<double>();
  Require(c.role != WorkerRole::kHp || c.rate_per_s > 0,
          "an hp worker needs rate_per_s > 0");
  const auto named = ParseEnumField<ArrivalDistribution>(
      j, "arrival", ParseArrivalDistribution);
  c.arrival.process = named;
  if (const auto spec = j.find("arrival_spec"); spec != j.end()) {
    std::string error;
    Require(ArrivalFromJson(*spec, &c.arrival, &error), error);
    Require(c.arrival.process == named,
            "arrival and arrival_spec.process differ");
  }
  c.progress_interval_s = j.at("progress_interval_s").get<double>();
  Require(c.progress_interval_s > 0, "progress_interval_s must be > 0");
  c.memory_limit_mib = GetInt<int64_t>(j, "memory_limit_mib");
  Require(c.memory_limit_mib >= 0, "memory_limit_mib must be >= 0");
  if (j.contains("spin_us")) c.spin_us = j.at("spin_us").get<double>();
  Require(c.spin_us >= 0, "spin_us must be >= 0");
  if (j.contains("queue_depth")) c.queue_depth = GetInt<int>(j, "queue_depth");
  Require(c.queue_depth >= 1, "queue_depth must be >= 1");
  c.device_index =
      j.contains("device_index") ? GetInt<int>(j, "device_index") : 0;
  Require(c.device_index >= 0, "device_index must be >= 0");
  const std::string gemm = j.value("gemm", "builtin");
  Require(NameToEnum(kGemmNames, gemm, &c.shape.gemm),
          "unknown gemm '" + gemm + "'");
  c.trace_path = j.value("trace", "");
  c.stream_samples = j.value("stream_samples", false);
  if (j.contains("send_spin_ns")) {
    c.send_spin_ns = GetInt<int64_t>(j, "send_spin_ns");
    Require(c.send_spin_ns >= 0, "send_spin_ns must be >= 0");
  }
  if (const auto exec = j.find("exec"); exec != j.end()) {
    Require(exec->is_array(), "exec must be an array of words");
    for (const json& word : *exec) {
      Require(word.is_string(), "exec must hold strings");
      c.exec_argv.push_back(word.get<std::string>());
    }
  }
  if (j.contains("cu_mask_percent")) {
    c.cu_mask_percent = GetInt<int>(j, "cu_mask_percent");
    Require(c.cu_mask_percent >= 1 && c.cu_mask_percent <= 100,
            "cu_mask_percent must be 1 to 100");
  }
  return c;
}

ExecReport ExecFromJson(const json& j) {
  ExecReport e;
  e.command = j.at("command").get<std::string>();
  e.pid = GetInt<int64_t>(j, "pid");
  Require(e.pid > 0, "exec.pid must be > 0");
  e.model = j.at("model").get<std::string>();
  e.device = j.at("device").get<std::string>();
  e.batch = GetInt<int>(j, "batch");
  e.stream_priority = j.at("stream_priority").get<std::string>();
  e.round_trips = GetInt<int64_t>(j, "round_trips");
  e.round_trip_p50_us = j.at("round_trip_p50_us").get<double>();
  e.round_trip_p99_us = j.at("round_trip_p99_us").get<double>();
  return e;
}

ReadyMessage ReadyFromJson(const json& j) {
  ReadyMessage r;
  r.pid = GetInt<int64_t>(j, "pid");
  r.cpu_policy = j.at("cpu_policy").get<std::string>();
  r.forward_ms = j.at("forward_ms").get<double>();
  r.note = j.value("note", "");
  r.compiled_gpu_backend = j.value("compiled_gpu_backend", "none");
  if (const auto libraries = j.find("mapped_libraries"); libraries != j.end()) {
    Require(libraries->is_array(), "mapped_libraries must be an array");
    for (const json& path : *libraries) {
      Require(path.is_string(), "mapped_libraries must hold strings");
      r.mapped_libraries.push_back(path.get<std::string>());
    }
  }
  if (const auto env = j.find("scheduler_env"); env != j.end()) {
    Require(env->is_object(), "scheduler_env must be an object");
    for (const auto& [name, value] : env->items()) {
      Require(value.is_string(), "scheduler_env values must be strings");
      r.scheduler_env.emplace_back(name, value.get<std::string>());
    }
  }
  const json& d = j.at("device");
  const std::string backend = d.at("backend").get<std::string>();
  Require(ParseBackend(backend, &r.device.backend),
          "device.backend must be " + EnumNameList(kBackendNames, ", ") +
              ", not '" + backend + "'");
  r.device.name = d.at("name").get<std::string>();
  r.device.compute_units = GetInt<int>(d, "compute_units");
  r.device.memory_bytes = GetInt<int64_t>(d, "memory_bytes");
  r.device.driver_version = d.at("driver_version").get<std::string>();
  r.device.runtime_version = d.at("runtime_version").get<std::string>();
  if (const auto exec = j.find("exec"); exec != j.end()) {
    r.exec = ExecFromJson(*exec);
  }
  return r;
}

StartMessage StartFromJson(const json& j) {
  StartMessage s{GetInt<int64_t>(j, "t0_ns"), GetInt<int64_t>(j, "end_ns")};
  Require(s.end_ns > s.t0_ns, "end_ns must be after t0_ns");
  return s;
}

// requests and completions_ns arrays, as results and progress carry them.
void SamplesFromJson(const json& requests, const json& completions,
                     std::vector<RequestTiming>* timings,
                     std::vector<int64_t>* completions_ns) {
  Require(requests.is_array() && completions.is_array(),
          "requests and completions_ns must be arrays");
  timings->reserve(requests.size());
  for (const json& t : requests) {
    Require(t.is_array() && t.size() == 3,
            "each request must be [scheduled_ns, sent_ns, completed_ns]");
    timings->push_back({ToInt64(t[0], "request times"),
                        ToInt64(t[1], "request times"),
                        ToInt64(t[2], "request times")});
  }
  completions_ns->reserve(completions.size());
  for (const json& t : completions) {
    completions_ns->push_back(ToInt64(t, "completions_ns"));
  }
}

ResultMessage ResultFromJson(const json& j) {
  ResultMessage r;
  r.role = ParseEnumField<WorkerRole>(j, "role", ParseWorkerRole);
  SamplesFromJson(j.at("requests"), j.at("completions_ns"), &r.requests,
                  &r.completions_ns);
  return r;
}

ProgressMessage ProgressFromJson(const json& j) {
  ProgressMessage p{GetInt<int64_t>(j, "completed"), {}, {}};
  SamplesFromJson(j.value("requests", json::array()),
                  j.value("completions_ns", json::array()), &p.requests,
                  &p.completions_ns);
  return p;
}

WorkerMessage FromJson(const std::string& type, const json& j) {
  if (type == "config") return ConfigFromJson(j);
  if (type == "ready") return ReadyFromJson(j);
  if (type == "start") return StartFromJson(j);
  if (type == "progress") return ProgressFromJson(j);
  if (type == "result") return ResultFromJson(j);
  if (type == "error") return ErrorMessage{j.at("message").get<std::string>()};
  if (type == "stop") return StopMessage{};
  if (type == "end") return EndMessage{GetInt<int64_t>(j, "end_ns")};
  throw InvalidMessage("unknown message type '" + type + "'");
}

}  // namespace

const char* MessageTypeName(const WorkerMessage& message) {
  static constexpr const char* kNames[] = {
      "config", "ready", "start", "progress", "result", "error", "stop", "end"};
  // One name per alternative, in the variant's order.
  static_assert(std::size(kNames) == std::variant_size_v<WorkerMessage>);
  return kNames[message.index()];
}

std::string EncodeMessage(const WorkerMessage& message) {
  json j = std::visit([](const auto& m) { return ToJson(m); }, message);
  j["type"] = MessageTypeName(message);
  // Invalid UTF-8 (say, in a device name) is replaced rather than thrown.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool DecodeMessage(const std::string& line, WorkerMessage* out,
                   std::string* error) {
  const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object: '" + line.substr(0, 80) + "'";
    return false;
  }
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    *error = "message has no \"type\" string";
    return false;
  }
  const std::string type_name = type->get<std::string>();
  try {
    *out = FromJson(type_name, j);
    return true;
  } catch (const std::exception& e) {  // InvalidMessage or json::exception
    *error = "bad " + type_name + " message: " + e.what();
  }
  return false;
}

namespace {

constexpr EnumName<StreamPriority> kStreamPriorityNames[] = {
    {StreamPriority::kDefault, "default"},
    {StreamPriority::kHighest, "highest"},
    {StreamPriority::kLowest, "lowest"}};

}  // namespace

const char* StreamPriorityName(StreamPriority priority) {
  return EnumToName(kStreamPriorityNames, priority);
}

bool ParseStreamPriority(const std::string& text, StreamPriority* out) {
  return NameToEnum(kStreamPriorityNames, text, out);
}

}  // namespace xsb
