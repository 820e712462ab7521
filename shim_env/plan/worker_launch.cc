#include "shim_env/plan/worker_launch.h"

#include "shim_env/plan/xsched_plan.h"

namespace xsb {

const char* WorkerRoleName(WorkerRole role) {
  return role == WorkerRole::kHp ? "hp" : "lp";
}

bool ParseWorkerRole(const std::string& text, WorkerRole* out) {
  if (text == "hp") {
    *out = WorkerRole::kHp;
  } else if (text == "lp") {
    *out = WorkerRole::kLp;
  } else {
    return false;
  }
  return true;
}

const char* SchedulerName(Scheduler scheduler) {
  switch (scheduler) {
    case Scheduler::kBaseline:
      return "baseline";
    case Scheduler::kOsPriority:
      return "os-priority";
    case Scheduler::kStreamPriority:
      return "stream-priority";
    case Scheduler::kXsched:
      return "xsched";
  }
  return "?";
}

const std::vector<Scheduler>& AllSchedulers() {
  static const std::vector<Scheduler> all = {
      Scheduler::kBaseline, Scheduler::kOsPriority, Scheduler::kStreamPriority,
      Scheduler::kXsched};
  return all;
}

std::string KnownSchedulerNames() {
  std::string names;
  for (Scheduler s : AllSchedulers()) {
    if (!names.empty()) names += ", ";
    names += SchedulerName(s);
  }
  return names;
}

bool ParseScheduler(const std::string& text, Scheduler* out) {
  for (Scheduler s : AllSchedulers()) {
    if (text == SchedulerName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::vector<Scheduler> SchedulersForBackend(const std::string& backend) {
  if (backend == "cpu") return {Scheduler::kBaseline, Scheduler::kOsPriority};
  return {Scheduler::kBaseline, Scheduler::kStreamPriority};
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
