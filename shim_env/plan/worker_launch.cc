#include "shim_env/plan/worker_launch.h"

#include <algorithm>

#include "shim_env/base/text.h"

namespace xsb {

namespace {

constexpr EnumName<WorkerRole> kWorkerRoleNames[] = {{WorkerRole::kHp, "hp"},
                                                     {WorkerRole::kLp, "lp"}};
}  // namespace

const char* WorkerRoleName(WorkerRole role) {
  return EnumToName(kWorkerRoleNames, role);
}

bool ParseWorkerRole(const std::string& text, WorkerRole* out) {
  return NameToEnum(kWorkerRoleNames, text, out);
}

std::string DescribeLaunchPlan(const WorkerLaunchPlan& plan) {
  std::string text;
  auto append = [&text](const std::string& part) {
    if (!text.empty()) text += ' ';
    text += part;
  };
  for (const EnvironmentVariable& var : plan.env) {
    append(var.first + "=" + var.second);
  }
  for (const std::string& arg : plan.args) append(arg);
  if (plan.stream_priority == StreamPriority::kHighest) {
    append("stream_priority=highest");
  } else if (plan.stream_priority == StreamPriority::kLowest) {
    append("stream_priority=lowest");
  }
  if (plan.cu_mask_percent > 0) {
    append("cu_mask=" + std::to_string(plan.cu_mask_percent) + "%");
  }
  return text.empty() ? "default" : text;
}

}  // namespace xsb
