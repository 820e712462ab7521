#include "kernels/exec/exec_protocol.h"

#include <nlohmann/json.hpp>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

using nlohmann::json;

// The line as an error quotes it: at most 200 characters.
std::string Quoted(const std::string& line) {
  constexpr size_t kMax = 200;
  return "'" + (line.size() > kMax ? line.substr(0, kMax) + "..." : line) + "'";
}

// `error MESSAGE`: sets *failure (a line "error" alone reads as "error").
bool IsErrorLine(const std::string& line, std::string* failure) {
  if (line == "error") {
    *failure = "error (no message)";
    return true;
  }
  if (!StartsWith(line, "error ")) return false;
  *failure = line.substr(6);
  return true;
}

// The ready line's JSON object into *ready; false with *error naming the
// field.
bool ReadyFields(const json& j, ExecReady* ready, std::string* error) {
  const auto protocol = j.find("protocol");
  if (protocol == j.end() || !protocol->is_number_integer()) {
    *error = "has no integer \"protocol\"";
    return false;
  }
  if (*protocol != kExecProtocolVersion) {
    *error = "speaks protocol " + protocol->dump() + ", the worker " +
             std::to_string(kExecProtocolVersion);
    return false;
  }
  for (const char* key : {"model", "device"}) {
    const auto value = j.find(key);
    if (value == j.end() || !value->is_string() ||
        value->get<std::string>().empty()) {
      *error = std::string("has no \"") + key + "\" string";
      return false;
    }
  }
  const auto batch = j.find("batch");
  if (batch == j.end() || !batch->is_number_integer() || *batch <= 0 ||
      *batch > 1'000'000'000) {
    *error = "has no \"batch\" integer > 0";
    return false;
  }
  const auto priority = j.find("stream_priority");
  if (priority != j.end() && !priority->is_string()) {
    *error = "has a \"stream_priority\" that is not a string";
    return false;
  }
  ready->model = j["model"].get<std::string>();
  ready->device = j["device"].get<std::string>();
  ready->batch = batch->get<int>();
  ready->stream_priority =
      priority == j.end() ? "" : priority->get<std::string>();
  return true;
}

}  // namespace

std::string ForwardLine(int64_t id) {
  return "forward " + std::to_string(id) + "\n";
}

bool ParseReadyLine(const std::string& line, ExecReady* ready,
                    std::string* failure, std::string* error) {
  failure->clear();
  if (IsErrorLine(line, failure)) return false;
  const char kExpected[] = " (expected 'ready {JSON}' or 'error MESSAGE')";
  if (!StartsWith(line, "ready ")) {
    *error = "sent " + Quoted(line) + " before its ready line" + kExpected;
    return false;
  }
  const json j = json::parse(line.substr(6), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error =
        "sent a ready line whose rest is not a JSON object: " + Quoted(line) +
        kExpected;
    return false;
  }
  std::string why;
  if (!ReadyFields(j, ready, &why)) {
    *error = "sent a ready line that " + why + ": " + Quoted(line);
    return false;
  }
  return true;
}

bool ParseForwardReply(const std::string& line, int64_t id,
                       std::string* failure, std::string* error) {
  failure->clear();
  const std::string done = "done " + std::to_string(id);
  if (line == done) return true;
  if (IsErrorLine(line, failure)) return false;
  *error = "sent a malformed line " + Quoted(line) + " in reply to forward " +
           std::to_string(id) + " (expected '" + done + "' or 'error MESSAGE')";
  return false;
}

}  // namespace xsb
