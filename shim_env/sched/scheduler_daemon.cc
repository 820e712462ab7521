#include "shim_env/sched/scheduler_daemon.h"

#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>

#include "shim_env/base/last_lines.h"
#include "shim_env/base/loopback_port.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"
#include "shim_env/sched/activation_proof.h"
#include "shim_env/sched/command.h"

namespace xsb {
namespace {

constexpr int64_t kReadyPollNs = 10'000'000;
constexpr size_t kOutputTailBytes = 64 * 1024;
constexpr size_t kOutputTailLines = 3;
constexpr double kCancelledStopS = 0.5;

long FileSize(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 ? static_cast<long>(info.st_size) : 0;
}

std::string Joined(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

}  // namespace

int SignalNumber(const std::string& name) {
  static const EnumName<int> kSignals[] = {
      {SIGTERM, "TERM"}, {SIGINT, "INT"},   {SIGHUP, "HUP"},  {SIGQUIT, "QUIT"},
      {SIGUSR1, "USR1"}, {SIGUSR2, "USR2"}, {SIGKILL, "KILL"}};
  int number = 0;
  return NameToEnum(kSignals, name, &number) ? number : 0;
}

SchedulerDaemon::SchedulerDaemon(const DaemonOptions& options)
    : options_(options) {}

SchedulerDaemon::~SchedulerDaemon() { Stop(nullptr); }

std::unique_ptr<SchedulerDaemon> SchedulerDaemon::Start(
    const DaemonOptions& options, std::string* error) {
  std::unique_ptr<SchedulerDaemon> daemon(new SchedulerDaemon(options));
  std::string program;
  if (options.run.empty() ||
      !FindProgram(options.run[0], ChildPath(options.env), &program)) {
    *error = "cannot start the " + options.scheduler + " daemon: no program '" +
             (options.run.empty() ? "" : options.run[0]) + "' found on PATH";
    return nullptr;
  }
  if (options.ready == ReadyKind::kFile) unlink(options.ready_file.c_str());
  daemon->log_offset_ = FileSize(options.log_file);
  daemon->process_ = SpawnDrained(
      program,
      std::vector<std::string>(options.run.begin() + 1, options.run.end()),
      options.env, kOutputTailBytes, &daemon->output_, error);
  if (daemon->process_ == nullptr) {
    *error = "cannot start the " + options.scheduler + " daemon: " + *error;
    return nullptr;
  }
  const int64_t deadline =
      MonotonicNowNs() + SecondsToNs(options.ready_timeout_s);
  while (!daemon->Ready()) {
    if (options.cancel && options.cancel()) {
      daemon->options_.stop_timeout_s = kCancelledStopS;
      daemon->Stop(nullptr);
      *error = "interrupted";
      return nullptr;
    }
    if (daemon->process_->TryReap()) {
      daemon->output_->Finish();
      *error = daemon->Named() + " " +
               DescribeWaitStatus(daemon->process_->wait_status()) +
               " before it was ready" + daemon->OutputSuffix();
      return nullptr;
    }
    if (MonotonicNowNs() >= deadline) {
      *error = daemon->Named() + " was not ready within " +
               FormatSeconds(options.ready_timeout_s) + " and was stopped" +
               daemon->OutputSuffix();
      daemon->Stop(nullptr);
      return nullptr;
    }
    const timespec pause{0, kReadyPollNs};
    nanosleep(&pause, nullptr);
  }
  return daemon;
}

bool SchedulerDaemon::Ready() const {
  switch (options_.ready) {
    case ReadyKind::kPort:
      return PortAcceptsConnections(options_.port);
    case ReadyKind::kFile:
      return access(options_.ready_file.c_str(), F_OK) == 0;
    case ReadyKind::kLog: {
      std::string line;
      return FindMatchingLine(Log(), std::regex(options_.ready_log), &line);
    }
  }
  return false;
}

bool SchedulerDaemon::Alive(std::string* error) {
  if (!process_->TryReap()) return true;
  output_->Finish();
  *error = Named() + " " + DescribeWaitStatus(process_->wait_status()) +
           OutputSuffix();
  return false;
}

bool SchedulerDaemon::WaitForExit(double seconds) {
  return process_->WaitForExit(SecondsToNs(seconds));
}

bool SchedulerDaemon::StoppedByCommand() {
  if (options_.stop_command.empty()) return false;
  CommandOutcome outcome;
  std::string unused;
  RunCommand(options_.stop_command, options_.env, options_.command_timeout_s,
             &outcome, &unused);
  return WaitForExit(options_.stop_timeout_s);
}

bool SchedulerDaemon::StoppedBySignal() {
  return kill(pid(), options_.stop_signal) == 0 &&
         WaitForExit(options_.stop_timeout_s);
}

std::string SchedulerDaemon::KillAndCleanUp(std::string* problem) {
  process_->Stop(0);
  std::string how = "killed (SIGKILL): it did not stop within " +
                    FormatSeconds(options_.stop_timeout_s);
  if (options_.cleanup.empty()) return how;
  CommandOutcome outcome;
  std::string error;
  const bool ran = RunCommand(options_.cleanup, options_.env,
                              options_.command_timeout_s, &outcome, &error);
  const std::string what = ran ? DescribeOutcome(options_.cleanup, outcome,
                                                 options_.command_timeout_s)
                               : error;
  if ((!ran || !Succeeded(outcome)) && problem != nullptr) {
    *problem = "the " + options_.scheduler + " daemon's clean-up " + what;
  }
  return how + "; clean-up " + what;
}

std::string SchedulerDaemon::Stop(std::string* problem) {
  if (process_ == nullptr || !stopped_.empty()) return stopped_;
  if (process_->TryReap()) {
    stopped_ = "had ended: " + DescribeWaitStatus(process_->wait_status());
  } else if (StoppedByCommand()) {
    stopped_ = "stopped by " + QuoteCommand(options_.stop_command);
  } else if (StoppedBySignal()) {
    stopped_ = std::string("stopped by ") + strsignal(options_.stop_signal);
  } else {
    stopped_ = KillAndCleanUp(problem);
  }
  output_->Finish();
  return stopped_;
}

std::string SchedulerDaemon::Log() const {
  std::string log = output_ ? output_->Text() : "";
  if (options_.log_file.empty()) return log;
  std::ifstream file(options_.log_file);
  if (!file) return log;
  if (FileSize(options_.log_file) >= log_offset_) file.seekg(log_offset_);
  log.append(std::istreambuf_iterator<char>(file),
             std::istreambuf_iterator<char>());
  return log;
}

std::string SchedulerDaemon::Describe() const {
  return "started by xsb_bench (pid " + std::to_string(pid()) + ": " +
         Joined(options_.run) + ")";
}

std::string SchedulerDaemon::Named() const {
  return "the " + options_.scheduler + " daemon xsb_bench started (pid " +
         std::to_string(pid()) + ", " + Joined(options_.run) + ")";
}

std::string SchedulerDaemon::OutputSuffix() const {
  const std::string tail = LastLines(Log(), kOutputTailLines);
  return tail.empty() ? "" : "; its last output: " + tail;
}

}  // namespace xsb
