// The proof that a scheduler was active for one worker, from what its file
// asks (ProofSpec, substitutions filled in): files mapped in the worker's
// process, lines in what it printed, in files, in the daemon's log and in
// commands' output. A worker without it would give a baseline result under
// the scheduler's name.
#ifndef XSB_SHIM_ENV_SCHED_ACTIVATION_PROOF_H_
#define XSB_SHIM_ENV_SCHED_ACTIVATION_PROOF_H_

#include <sys/types.h>

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "shim_env/base/environment_variable.h"
#include "shim_env/plan/scheduler_spec.h"

namespace xsb {

// The first line of `text` in which `regex` finds a match.
bool FindMatchingLine(const std::string& text, const std::regex& regex,
                      std::string* line);

struct ProofContext {
  pid_t pid = 0;              // the worker's
  std::string worker_stderr;  // what it printed before its ready message
  // The daemon's log as of now; null for a scheduler without a daemon.
  std::function<std::string()> daemon_log;
  std::vector<EnvironmentVariable> command_env;  // for the proof's commands
  double command_timeout_s = 30;
  // What other processes write (files, the daemon's log, commands' output)
  // may lag the worker's ready message: their checks are retried every
  // 50 ms for this long before they count as failed.
  double wait_s = 2;
};

// True when every check of `proof` holds; *evidence then says what proved
// it, e.g. "mapped /opt/s/libfake.so; stderr \"[fake] active\"". False
// with *error, a phrase that follows the worker's name: "fails its proof:
// the daemon's log has no line matching \"NEW CLIENT 7 from user\" (...)".
bool CheckProof(const ProofSpec& proof, const ProofContext& context,
                std::string* evidence, std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_SCHED_ACTIVATION_PROOF_H_
