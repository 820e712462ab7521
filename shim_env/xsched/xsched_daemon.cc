#include "shim_env/xsched/xsched_daemon.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "shim_env/base/last_lines.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr int64_t kReadyPollNs = 10'000'000;  // between connect attempts
constexpr size_t kOutputTailBytes = 4096;
constexpr size_t kOutputTailLines = 3;
// A start given up on: a daemon that never served has nothing to shut down
// cleanly, and the run is on its way out.
constexpr double kCancelledStopGraceS = 0.5;

}  // namespace

XschedDaemon::XschedDaemon(const Options& options) : options_(options) {}

XschedDaemon::~XschedDaemon() { Stop(); }

std::unique_ptr<XschedDaemon> XschedDaemon::Start(const Options& options,
                                                  std::string* error) {
  std::unique_ptr<XschedDaemon> daemon(new XschedDaemon(options));
  const std::vector<std::string> args = {options.policy,
                                         std::to_string(options.port)};
  daemon->process_ = SpawnDrained(options.xserver, args, {}, kOutputTailBytes,
                                  &daemon->output_, error);
  if (daemon->process_ == nullptr) {
    *error = "cannot start the XSched daemon: " + *error;
    return nullptr;
  }

  const int64_t deadline =
      MonotonicNowNs() + SecondsToNs(options.ready_timeout_s);
  while (!PortAcceptsConnections(options.port)) {
    // First: a Ctrl+C reaches the daemon too, and its death then is the
    // interrupt's doing, not a failure to report.
    if (options.cancel && options.cancel()) {
      daemon->Stop(kCancelledStopGraceS);
      *error = "interrupted";
      return nullptr;
    }
    if (daemon->process_->TryReap()) {
      daemon->output_->Finish();
      *error =
          daemon->Named() + " " +
          DescribeWaitStatus(daemon->process_->wait_status()) +
          " before it listened on 127.0.0.1:" + std::to_string(options.port) +
          daemon->OutputSuffix();
      daemon->Stop();
      return nullptr;
    }
    if (MonotonicNowNs() >= deadline) {
      daemon->Stop();
      *error = daemon->Named() +
               " did not listen on 127.0.0.1:" + std::to_string(options.port) +
               " within " + FormatSeconds(options.ready_timeout_s) +
               " and was stopped" + daemon->OutputSuffix();
      return nullptr;
    }
    const timespec pause{0, kReadyPollNs};
    nanosleep(&pause, nullptr);
  }
  return daemon;
}

std::unique_ptr<XschedDaemon> XschedDaemon::Attach(int port,
                                                   std::string* error) {
  if (!PortAcceptsConnections(port)) {
    *error = "no XSched daemon accepts connections on 127.0.0.1:" +
             std::to_string(port) +
             " (--xsched_server=external: start xserver first)";
    return nullptr;
  }
  Options options;
  options.port = port;
  return std::unique_ptr<XschedDaemon>(new XschedDaemon(options));
}

bool XschedDaemon::Alive(std::string* error) {
  if (!started()) {
    if (PortAcceptsConnections(options_.port)) return true;
    *error = "the external XSched daemon on 127.0.0.1:" +
             std::to_string(options_.port) + " no longer accepts connections";
    return false;
  }
  if (!process_->TryReap()) return true;
  output_->Finish();
  *error = Named() + " " + DescribeWaitStatus(process_->wait_status()) +
           OutputSuffix();
  return false;
}

void XschedDaemon::Stop() { Stop(options_.stop_grace_s); }

void XschedDaemon::Stop(double grace_s) {
  if (!started()) return;
  if (!process_->TryReap()) {
    kill(process_->pid(), SIGINT);
    if (!process_->WaitForExit(SecondsToNs(grace_s))) {
      process_->Stop(0);  // SIGTERM, then at once SIGKILL; reaped
    }
  }
  output_->Finish();
}

std::string XschedDaemon::Describe() const {
  if (!started()) {
    return "external, on 127.0.0.1:" + std::to_string(options_.port);
  }
  return "started by xsb_bench (pid " + std::to_string(process_->pid()) + ": " +
         options_.xserver + " " + options_.policy + " " +
         std::to_string(options_.port) + ")";
}

std::string XschedDaemon::Named() const {
  return "the XSched daemon xsb_bench started (pid " + std::to_string(pid()) +
         ", " + options_.xserver + " " + options_.policy + " " +
         std::to_string(options_.port) + ")";
}

std::string XschedDaemon::OutputSuffix() const {
  const std::string tail = LastLines(output_->Text(), kOutputTailLines);
  return tail.empty() ? "" : "; its last output: " + tail;
}

}  // namespace xsb
