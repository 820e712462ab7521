#include "bench/orchestrate/interrupt.h"

#include <signal.h>

#include <cstring>

namespace xsb {
namespace {

volatile sig_atomic_t g_signal = 0;

void OnSignal(int signal) {
  g_signal = signal;
  // The next one takes the default action: a user who presses Ctrl+C twice
  // wants out now, and the workers follow through PR_SET_PDEATHSIG.
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGINT, &dfl, nullptr);
  sigaction(SIGTERM, &dfl, nullptr);
}

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int InterruptSignal() { return g_signal; }

int InterruptExitCode(int signal) { return 128 + signal; }

const char* InterruptSignalName(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

void SetInterruptSignalForTesting(int signal) { g_signal = signal; }

}  // namespace xsb
