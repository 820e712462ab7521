// The commands a scheduler file runs (before and after a case, to stop a
// daemon or clean up after one, to prove it was active): bounded in time,
// output captured, never a shell unless the file asks for one.
#ifndef XSB_SHIM_ENV_SCHED_COMMAND_H_
#define XSB_SHIM_ENV_SCHED_COMMAND_H_

#include <string>
#include <vector>

#include "shim_env/base/environment_variable.h"

namespace xsb {

// Where `program` runs from, as execvp finds it: a name with a '/' as it
// is, else the first executable file of that name on `path_list` (a PATH
// value). False when there is none.
bool FindProgram(const std::string& program, const std::string& path_list,
                 std::string* found);

// The PATH a child started with `env` on top of this process's sees.
std::string ChildPath(const std::vector<EnvironmentVariable>& env);

struct CommandOutcome {
  int wait_status = 0;
  bool timed_out = false;  // killed after the time limit
  std::string output;      // stdout and stderr as read, the last 64 KiB
};

// Runs argv[0] (found on the child's PATH) with `env` on top of this
// process's environment, stdin closed, for at most `timeout_s`. False with
// *error only when it could not start; how it ended is in *outcome.
bool RunCommand(const std::vector<std::string>& argv,
                const std::vector<EnvironmentVariable>& env, double timeout_s,
                CommandOutcome* outcome, std::string* error);

// Exited with code 0.
bool Succeeded(const CommandOutcome& outcome);

// "`sh -c echo quit`" for messages.
std::string QuoteCommand(const std::vector<std::string>& argv);

// "`a b` exited with code 1: <its last lines>" (or "did not end within
// 30 s and was killed").
std::string DescribeOutcome(const std::vector<std::string>& argv,
                            const CommandOutcome& outcome, double timeout_s);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_SCHED_COMMAND_H_
