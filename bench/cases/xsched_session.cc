#include "bench/cases/xsched_session.h"

#include <cstdlib>

#include "bench/orchestrate/interrupt.h"
#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/xsched_plan.h"
#include "shim_env/xsched/xsched_activation.h"

namespace xsb {
namespace {

// The backend whose shim a run loads: its own on a GPU; on the CPU, the
// compiled GPU backend's (so a missing file is named as it will be on that
// machine's GPU), or the preloaded HIP shim that the test-only run uses.
Backend ShimBackend(Backend backend, bool allow_cpu,
                    const std::string& compiled_gpu_backend) {
  if (backend != Backend::kCpu) return backend;
  Backend compiled = Backend::kCpu;
  // "none" parses as no backend: the CPU's.
  if (allow_cpu || !ParseBackend(compiled_gpu_backend, &compiled)) {
    return Backend::kCpu;
  }
  return compiled;
}

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

XschedSession::XschedSession(const XschedOptions& options, Backend backend,
                             const std::string& compiled_gpu_backend)
    : options_(options),
      backend_(backend),
      shim_backend_(
          ShimBackend(backend, options.allow_cpu, compiled_gpu_backend)),
      test_only_(backend == Backend::kCpu && options.allow_cpu) {
  // The install first: on a machine without a GPU, what is missing from it
  // is still worth knowing.
  const bool need_xserver = options.server == XschedServerMode::kAuto;
  if (!FindXschedInstall(options.root, options.root_source, shim_backend_,
                         need_xserver, &install_, &unavailable_)) {
    return;
  }
  if (backend == Backend::kCpu && !options.allow_cpu) {
    unavailable_ =
        "the xsched scheduler needs a GPU (XSched schedules GPU queues) and "
        "this run is on the cpu backend";
  }
}

XschedSession::~XschedSession() {
  constexpr double kInterruptedStopGraceS = 0.5;
  if (daemon_ != nullptr && InterruptSignal()) {
    daemon_->Stop(kInterruptedStopGraceS);
  }
}

SchedulerReadiness XschedSession::Prepare(const std::string& case_name,
                                          std::string* why) {
  if (!unavailable_.empty()) {
    *why = unavailable_;
    return SchedulerReadiness::kUnavailable;
  }
  if (!daemon_failure_.empty()) {
    *why = daemon_failure_;
    return SchedulerReadiness::kUnavailable;
  }
  if (daemon_ != nullptr) return CheckDaemon(false, case_name, why);
  if (options_.server == XschedServerMode::kExternal ||
      PortAcceptsConnections(options_.port)) {
    // An external daemon may come (back) later: not sticky.
    daemon_ = XschedDaemon::Attach(options_.port, why);
    return daemon_ != nullptr ? SchedulerReadiness::kReady
                              : SchedulerReadiness::kUnavailable;
  }
  XschedDaemon::Options daemon;
  daemon.xserver = install_.xserver;
  daemon.policy = options_.policy;
  daemon.port = options_.port;
  daemon.ready_timeout_s = options_.server_timeout_s;
  // A Ctrl+C while it starts ends the wait at once.
  daemon.cancel = [] { return InterruptSignal() != 0; };
  daemon_ = XschedDaemon::Start(daemon, why);
  if (daemon_ != nullptr) return SchedulerReadiness::kReady;
  // An interrupted start says nothing about the daemon; no case runs after
  // it anyway.
  if (!InterruptSignal()) daemon_failure_ = *why;
  return SchedulerReadiness::kUnavailable;
}

SchedulerReadiness XschedSession::AfterCase(const std::string& case_name,
                                            std::string* why) {
  if (!daemon_failure_.empty()) {
    *why = daemon_failure_;
    return SchedulerReadiness::kUnavailable;
  }
  return CheckDaemon(true, case_name, why);
}

SchedulerReadiness XschedSession::CheckDaemon(bool after_case,
                                              const std::string& case_name,
                                              std::string* why) {
  std::string death;
  if (daemon_ == nullptr || daemon_->Alive(&death)) {
    return SchedulerReadiness::kReady;
  }
  if (!daemon_->started()) {
    // Someone else's daemon: it may come back for a later case.
    *why = (after_case ? "during this case, " : "") + death;
    return SchedulerReadiness::kUnavailable;
  }
  // Ours served until the last check: it crashed. This case reports it;
  // it is not restarted, so every later case names it.
  if (after_case) {
    *why = "during this case, " + death;
    daemon_failure_ = "during " + case_name + " (which failed), " + death;
  } else {
    *why = "since the previous xsched case ended, " + death;
    daemon_failure_ = "before " + case_name + " (which failed), " + death;
  }
  return SchedulerReadiness::kFailed;
}

const SchedulerSpec& XschedSession::spec() const {
  return *FindBuiltinScheduler(kXschedSchedulerName);
}

bool XschedSession::Plan(WorkerRole role, const SweepPoint& point,
                         WorkerLaunchPlan* plan, std::string* error) const {
  (void)error;
  XschedSweepPoint lp{kXschedLpDefaults.threshold,
                      kXschedLpDefaults.batch_size};
  // The point is (lp_threshold, lp_batch_size), in the file's order.
  if (point.size() == 2) {
    lp.threshold = std::atoll(point[0].second.c_str());
    lp.batch_size = std::atoll(point[1].second.c_str());
  }
  *plan = XschedWorkerPlan(Context(lp.threshold, lp.batch_size), role);
  return true;
}

bool XschedSession::CheckWorker(WorkerRole role, const SweepPoint& point,
                                const WorkerLaunchPlan& plan,
                                const ReadyMessage& ready,
                                const std::string& worker_stderr,
                                std::string* evidence, std::string* error) {
  (void)role;
  (void)point;
  const std::string& shim = install_.shim_mapped_path;
  if (!CheckXschedActive(ExpectXsched(shim, plan), ready.mapped_libraries,
                         ready.scheduler_env, error) ||
      !CheckXschedSchedulerLog(worker_stderr, error)) {
    return false;
  }
  *evidence = "shim mapped: " + shim;
  return true;
}

std::string XschedSession::LabelSuffix() const {
  return std::string(test_only_
                         ? " TEST-ONLY(cpu backend: XSched scheduled nothing)"
                         : "") +
         " daemon=" + DaemonDescription();
}

std::string XschedSession::DaemonDescription() const {
  return daemon_ ? daemon_->Describe() : "not running";
}

LaunchContext XschedSession::Context(int64_t lp_threshold,
                                     int64_t lp_batch_size) const {
  LaunchContext context;
  context.backend = shim_backend_;
  context.xsched_lib_dir = install_.lib_dir;
  context.xsched_hp = options_.hp;
  context.xsched_lp = options_.lp;
  context.xsched_lp.threshold = lp_threshold;
  context.xsched_lp.batch_size = lp_batch_size;
  context.inherited_ld_preload = EnvOrEmpty("LD_PRELOAD");
  context.inherited_ld_library_path = EnvOrEmpty("LD_LIBRARY_PATH");
  return context;
}

std::vector<std::pair<std::string, std::string>> XschedSession::ContextEntries()
    const {
  const std::string port = std::to_string(options_.port);
  std::vector<std::pair<std::string, std::string>> entries = {
      {"xsb_xsched_root",
       install_.root.empty() ? options_.root : install_.root},
      {"xsb_xsched_policy", options_.policy},
      {"xsb_xsched_port", port},
      {"xsb_xsched_server",
       options_.server == XschedServerMode::kExternal
           ? "external: a daemon already listening on 127.0.0.1:" + port
           : "auto: a daemon listening on 127.0.0.1:" + port +
                 ", else <root>/bin/xserver " + options_.policy + " " + port +
                 " started by xsb_bench (each case's label says which)"},
      {"xsb_xsched_hp_queue", DescribeXschedQueue(options_.hp)},
      {"xsb_xsched_lp_queue",
       "priority=" + std::to_string(options_.lp.priority) +
           " level=" + std::to_string(options_.lp.level) +
           " threshold and batch_size per case (lp_threshold, lp_batch_size "
           "in its name)"},
  };
  if (!install_.shim_file.empty()) {
    std::string shim = install_.shim_file;
    if (install_.shim_mapped_path != shim) {
      shim += " -> " + install_.shim_mapped_path;
    }
    entries.emplace_back("xsb_xsched_shim", shim);
  }
  if (!unavailable_.empty()) {
    entries.emplace_back("xsb_xsched_unavailable", unavailable_);
  }
  if (test_only_) {
    entries.emplace_back("xsb_xsched_test_only",
                         "cpu backend (--xsb_xsched_allow_cpu): a test of the "
                         "pipeline; XSched has nothing to schedule here");
  }
  return entries;
}

}  // namespace xsb
