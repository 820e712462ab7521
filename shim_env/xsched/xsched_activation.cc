#include "shim_env/xsched/xsched_activation.h"

#include <algorithm>

#include "shim_env/base/text.h"
#include "shim_env/plan/xsched_plan.h"

namespace xsb {
namespace {

const std::string* Find(const std::vector<EnvironmentVariable>& vars,
                        const std::string& name) {
  for (const EnvironmentVariable& var : vars) {
    if (var.first == name) return &var.second;
  }
  return nullptr;
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ", ";
    text += item;
  }
  return text;
}

}  // namespace

XschedExpectation ExpectXsched(const std::string& shim_path,
                               const WorkerLaunchPlan& plan) {
  XschedExpectation expected;
  expected.shim_path = shim_path;
  for (const EnvironmentVariable& var : plan.env) {
    if (StartsWith(var.first, "XSCHED_")) expected.env.push_back(var);
  }
  return expected;
}

bool CheckXschedActive(const XschedExpectation& expected,
                       const std::vector<std::string>& mapped,
                       const std::vector<EnvironmentVariable>& seen,
                       std::string* error) {
  if (std::find(mapped.begin(), mapped.end(), expected.shim_path) ==
      mapped.end()) {
    *error = "has no XSched shim mapped: " + expected.shim_path +
             " is not in its /proc/self/maps (" +
             (mapped.empty() ? std::string("no shim or GPU driver library is")
                             : "it mapped " + Join(mapped)) +
             "); its result would be a baseline";
    return false;
  }
  for (const EnvironmentVariable& var : expected.env) {
    const std::string* value = Find(seen, var.first);
    if (value == nullptr || *value != var.second) {
      *error = "saw " + var.first + "=" + (value ? *value : "<unset>") +
               ", not " + var.second + " as planned";
      return false;
    }
  }
  if (const std::string* policy = Find(seen, kXschedPolicyEnv)) {
    *error = std::string("inherited ") + kXschedPolicyEnv + "=" + *policy +
             ", with which XSched schedules inside each worker only and "
             "ignores the daemon; unset " +
             kXschedPolicyEnv + " before running xsb_bench";
    return false;
  }
  return true;
}

bool CheckXschedSchedulerLog(const std::string& worker_stderr,
                             std::string* error) {
  for (const char* wrong :
       {kXschedAppManagedSchedulerLog, kXschedLocalSchedulerLog}) {
    const size_t at = worker_stderr.find(wrong);
    if (at == std::string::npos) continue;
    // The whole log line, as XSched printed it.
    const size_t begin = worker_stderr.rfind('\n', at);
    const size_t end = worker_stderr.find('\n', at);
    const std::string line = worker_stderr.substr(
        begin == std::string::npos ? 0 : begin + 1,
        end == std::string::npos
            ? std::string::npos
            : end - (begin == std::string::npos ? 0 : begin + 1));
    *error = std::string(
                 "is not on XSched's global scheduler: its XSched "
                 "log says \"") +
             line + "\" (expected \"" + kXschedGlobalSchedulerLog +
             "\"); check " + kXschedSchedulerEnv + "=GLB (not GBL) and that " +
             kXschedPolicyEnv + " is unset";
    return false;
  }
  return true;
}

}  // namespace xsb
