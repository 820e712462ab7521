// SIGINT and SIGTERM for xsb_bench: the first one asks the run to end
// cleanly (workers stopped, finished results written); a second one ends
// the process at once.
#ifndef XSB_BENCH_ORCHESTRATE_INTERRUPT_H_
#define XSB_BENCH_ORCHESTRATE_INTERRUPT_H_

namespace xsb {

// Installs the handlers. Blocking calls (poll, waitpid) are interrupted
// rather than restarted, so waiting loops notice within one poll period.
void InstallInterruptHandlers();

// The signal that asked the run to end, or 0.
int InterruptSignal();

// Exit status for a run ended by `signal`: 128 + its number, as a shell
// reports a process killed by it.
int InterruptExitCode(int signal);

// "SIGINT", "SIGTERM" or "signal N".
const char* InterruptSignalName(int signal);

// For tests: as if `signal` had arrived (0 clears it).
void SetInterruptSignalForTesting(int signal);

}  // namespace xsb

#endif  // XSB_BENCH_ORCHESTRATE_INTERRUPT_H_
