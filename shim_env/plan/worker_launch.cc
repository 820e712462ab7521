#include "shim_env/plan/worker_launch.h"

#include <algorithm>

#include "shim_env/base/text.h"
#include "shim_env/plan/xsched_plan.h"

namespace xsb {

namespace {

constexpr EnumName<WorkerRole> kWorkerRoleNames[] = {{WorkerRole::kHp, "hp"},
                                                     {WorkerRole::kLp, "lp"}};
// In the order cases are registered.
constexpr EnumName<Scheduler> kSchedulerNames[] = {
    {Scheduler::kBaseline, "baseline"},
    {Scheduler::kBaselineAgain, "baseline-again"},
    {Scheduler::kOsPriority, "os-priority"},
    {Scheduler::kStreamPriority, "stream-priority"},
    {Scheduler::kXsched, "xsched"}};

}  // namespace

const char* WorkerRoleName(WorkerRole role) {
  return EnumToName(kWorkerRoleNames, role);
}

bool ParseWorkerRole(const std::string& text, WorkerRole* out) {
  return NameToEnum(kWorkerRoleNames, text, out);
}

const char* SchedulerName(Scheduler scheduler) {
  return EnumToName(kSchedulerNames, scheduler);
}

const std::vector<Scheduler>& AllSchedulers() {
  static const std::vector<Scheduler> all = [] {
    std::vector<Scheduler> schedulers;
    for (const EnumName<Scheduler>& row : kSchedulerNames) {
      schedulers.push_back(row.value);
    }
    return schedulers;
  }();
  return all;
}

std::string KnownSchedulerNames() { return EnumNameList(kSchedulerNames); }

bool ParseScheduler(const std::string& text, Scheduler* out) {
  return NameToEnum(kSchedulerNames, text, out);
}

std::vector<Scheduler> SchedulersForBackend(Backend backend) {
  if (backend == Backend::kCpu)
    return {Scheduler::kBaseline, Scheduler::kOsPriority};
  return {Scheduler::kBaseline, Scheduler::kStreamPriority};
}

bool SchedulerAppliesTo(Scheduler scheduler, Backend backend) {
  if (scheduler == Scheduler::kBaselineAgain ||
      scheduler == Scheduler::kXsched) {
    return true;
  }
  const std::vector<Scheduler> own = SchedulersForBackend(backend);
  return std::find(own.begin(), own.end(), scheduler) != own.end();
}

WorkerLaunchPlan PlanWorkerLaunch(Scheduler scheduler, WorkerRole role) {
  return PlanWorkerLaunch(scheduler, role, LaunchContext{});
}

WorkerLaunchPlan PlanWorkerLaunch(Scheduler scheduler, WorkerRole role,
                                  const LaunchContext& context) {
  WorkerLaunchPlan plan;
  if (scheduler == Scheduler::kOsPriority && role == WorkerRole::kLp) {
    plan.args.push_back("--cpu_policy=idle");
  }
  if (scheduler == Scheduler::kStreamPriority) {
    plan.stream_priority = role == WorkerRole::kHp ? StreamPriority::kHighest
                                                   : StreamPriority::kLowest;
  }
  if (scheduler == Scheduler::kXsched)
    plan.env = XschedWorkerEnv(context, role);
  return plan;
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
  return text.empty() ? "default" : text;
}

}  // namespace xsb
