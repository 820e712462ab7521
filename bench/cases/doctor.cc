#include "bench/cases/doctor.h"

#include <sys/wait.h>

#include <cstdio>
#include <memory>

#include "bench/cases/xsched_session.h"
#include "bench/orchestrate/orchestrator.h"
#include "shim_env/base/child_process.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"
#include "shim_env/plan/xsched_plan.h"
#include "shim_env/xsched/xsched_activation.h"
#include "shim_env/xsched/xsched_daemon.h"

namespace xsb {
namespace {

constexpr double kProbeTimeoutS = 60;

enum class Status { kOk, kWarn, kSkip, kFail };

// One line per check: "ok    what: detail"; counts the failures.
class Report {
 public:
  void Line(Status status, const std::string& what, const std::string& detail) {
    static const char* const kWords[] = {"ok  ", "warn", "skip", "FAIL"};
    if (status == Status::kFail) ++failures_;
    std::printf("%s  %s: %s\n", kWords[static_cast<int>(status)], what.c_str(),
                detail.c_str());
    std::fflush(stdout);
  }
  int failures() const { return failures_; }

 private:
  int failures_ = 0;
};

// "GPU not used: no HIP device found (...)" without the remedy that points
// at the CPU backend: the doctor says what was found.
std::string Cause(const std::string& note) {
  return note.substr(0, note.find("; "));
}

bool CheckBackend(const SuiteOptions& o, const std::string& worker_path,
                  ReadyMessage* device, Report* report) {
  std::string error;
  if (!ProbeBackend(worker_path, o.backend, o.device_index, kProbeTimeoutS,
                    device, &error)) {
    report->Line(Status::kFail, "backend",
                 "--xsb_backend=" + o.backend + ": " + error);
    return false;
  }
  const DeviceInfo& d = device->device;
  report->Line(Status::kOk, "backend",
               std::string(BackendName(d.backend)) + " on " + d.name +
                   " (compiled GPU backend: " + device->compiled_gpu_backend +
                   ")");
  if (d.backend != Backend::kCpu) {
    report->Line(Status::kOk, "device",
                 "index " + std::to_string(o.device_index) + ", " +
                     std::to_string(d.compute_units) + " compute units, " +
                     FormatBytes(static_cast<double>(d.memory_bytes)) +
                     ", driver " + d.driver_version);
  } else {
    report->Line(Status::kWarn, "GPU",
                 device->note.empty()
                     ? "none asked for (--xsb_backend=cpu)"
                     : Cause(device->note) +
                           "; the cpu backend runs everything but xsched");
  }
  return true;
}

// A tiny model run by a real worker for a fraction of a second: on a GPU,
// its kernels launch only if the binary has code objects for the device.
void CheckModelRuns(const SuiteOptions& o, const std::string& worker_path,
                    const ReadyMessage& device, Report* report) {
  const bool gpu = device.device.backend != Backend::kCpu;
  ScenarioPlan plan;
  plan.name = "doctor";
  plan.duration_s = 0.2;
  WorkerSpec lp;
  lp.config.role = WorkerRole::kLp;
  lp.config.backend = gpu ? BackendRequest::kGpu : BackendRequest::kCpu;
  lp.config.shape = {1, 64, 1};
  lp.config.device_index = o.device_index;
  plan.workers.push_back(lp);
  ScenarioReport result;
  std::string error;
  const char* what = gpu ? "kernels (code objects for this GPU)" : "model";
  if (!RunScenario(worker_path, plan, &result, &error)) {
    report->Line(Status::kFail, what, error);
    return;
  }
  report->Line(Status::kOk, what,
               "a worker ran the MLP on " + device.device.name + " (" +
                   FormatNumber(result.workers[0].ready.forward_ms) +
                   " ms a pass)");
}

// Runs `program args` and says whether it exited 0 within 30 s.
bool Succeeds(const std::string& program,
              const std::vector<std::string>& args) {
  std::string error;
  auto child = ChildProcess::Spawn(program, args, {}, &error);
  if (child == nullptr) return false;
  child->CloseStdin();
  if (!child->WaitForExit(SecondsToNs(30))) {
    child->Stop(SecondsToNs(1));
    return false;
  }
  const int status = child->wait_status();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void CheckPython(Report* report) {
  const std::vector<std::string> import = {"python3", "-c",
                                           "import matplotlib"};
  if (Succeeds("/usr/bin/env", import)) {
    report->Line(Status::kOk, "python",
                 "python3 with matplotlib: tools/ "
                 "compare and report, with plots");
  } else if (Succeeds("/usr/bin/python3", {"-c", "import matplotlib"})) {
    report->Line(Status::kWarn, "python",
                 "python3 on PATH lacks matplotlib, /usr/bin/python3 has it: "
                 "run tools/report.py with /usr/bin/python3 for plots");
  } else if (Succeeds("/usr/bin/env", {"python3", "-c", "pass"})) {
    report->Line(Status::kWarn, "python",
                 "python3 without matplotlib: reports have no plots; "
                 "apt-get install python3-matplotlib");
  } else {
    report->Line(Status::kFail, "python",
                 "no python3 on PATH: tools/compare.py and tools/report.py "
                 "need it; apt-get install python3");
  }
}

// The daemon: started and stopped here unless one already listens.
std::unique_ptr<XschedDaemon> StartDaemon(const XschedOptions& x,
                                          const XschedInstall& install,
                                          Report* report) {
  std::string error;
  std::unique_ptr<XschedDaemon> daemon;
  if (x.server == XschedServerMode::kExternal ||
      PortAcceptsConnections(x.port)) {
    daemon = XschedDaemon::Attach(x.port, &error);
    report->Line(daemon ? Status::kOk : Status::kFail, "xsched daemon",
                 daemon ? "one already listens on port " +
                              std::to_string(x.port) + " (left running)"
                        : error);
    return daemon;
  }
  XschedDaemon::Options options;
  options.xserver = install.xserver;
  options.policy = x.policy;
  options.port = x.port;
  options.ready_timeout_s = x.server_timeout_s;
  daemon = XschedDaemon::Start(options, &error);
  if (daemon == nullptr) report->Line(Status::kFail, "xsched daemon", error);
  return daemon;
}

// The shim in a probe worker launched as an xsched HP worker is: mapped,
// with every XSCHED_* variable of the plan.
void CheckShim(const SuiteOptions& o, const std::string& worker_path,
               const ReadyMessage& device, const XschedSession& session,
               Report* report) {
  const WorkerLaunchPlan plan =
      XschedWorkerPlan(session.Context(kXschedLpDefaults.threshold,
                                       kXschedLpDefaults.batch_size),
                       WorkerRole::kHp);
  std::vector<std::string> args = plan.args;
  args.push_back(std::string("--backend=") +
                 (device.device.backend == Backend::kCpu ? "cpu" : "gpu"));
  args.push_back("--device=" + std::to_string(o.device_index));
  ReadyMessage ready;
  std::string error;
  if (!ProbeWorker("shim probe", worker_path, args, plan.env, kProbeTimeoutS,
                   &ready, &error) ||
      !CheckXschedActive(ExpectXsched(session.install().shim_mapped_path, plan),
                         ready.mapped_libraries, ready.scheduler_env, &error)) {
    report->Line(Status::kFail, "xsched shim", "a probe worker " + error);
    return;
  }
  report->Line(Status::kOk, "xsched shim",
               "loaded and configured in a probe worker (" +
                   session.install().shim_mapped_path + ")");
}

void CheckXsched(const SuiteOptions& o, const std::string& worker_path,
                 const ReadyMessage& device, Report* report) {
  const XschedOptions& x = o.xsched;
  if (x.root.empty()) {
    report->Line(Status::kSkip, "xsched",
                 "no install configured (--xsched_root=DIR or XSCHED_ROOT); "
                 "only the xsched scheduler needs one");
    return;
  }
  XschedSession session(x, device.device.backend, device.compiled_gpu_backend);
  if (session.install().shim_file.empty()) {
    report->Line(Status::kFail, "xsched install", session.unavailable());
    return;
  }
  report->Line(
      Status::kOk, "xsched install",
      session.install().root + " (shim " + session.install().shim_file + ")");
  std::unique_ptr<XschedDaemon> daemon =
      StartDaemon(x, session.install(), report);
  if (daemon == nullptr) return;
  if (device.device.backend == Backend::kCpu && !x.allow_cpu) {
    report->Line(Status::kSkip, "xsched shim",
                 "loaded on a GPU backend only (on the cpu backend: "
                 "--xsb_xsched_allow_cpu=true, test only)");
  } else {
    CheckShim(o, worker_path, device, session, report);
  }
  if (!daemon->started()) return;
  const std::string started = daemon->Describe();
  daemon->Stop();
  const bool stopped = !PortAcceptsConnections(x.port);
  report->Line(stopped ? Status::kOk : Status::kFail, "xsched daemon",
               stopped ? "started (" + started + "), listened, stopped"
                       : "still accepts connections on port " +
                             std::to_string(x.port) + " after it was stopped");
}

}  // namespace

int RunDoctor(const SuiteOptions& options, const std::string& worker_path) {
  Report report;
  ReadyMessage device;
  if (CheckBackend(options, worker_path, &device, &report)) {
    CheckModelRuns(options, worker_path, device, &report);
    CheckXsched(options, worker_path, device, &report);
  }
  CheckPython(&report);
  std::printf("%s\n", report.failures() == 0
                          ? "xsb_bench --xsb_doctor: every required check "
                            "passed"
                          : ("xsb_bench --xsb_doctor: " +
                             std::to_string(report.failures()) +
                             " required check(s) failed")
                                .c_str());
  return report.failures() == 0 ? 0 : 1;
}

}  // namespace xsb
