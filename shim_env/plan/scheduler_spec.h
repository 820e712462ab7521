// A scheduler as a file describes it (docs/schedulers.md, schema
// xsb-scheduler/1): which backends it applies to, what each worker role is
// started with, an optional daemon, commands around each case, the proof
// that it was active, and the parameters swept as parts of the case name.
// Strings keep their {substitutions}; they are filled in when a case is
// planned (shim_env/plan/scheduler_plan.h).
#ifndef XSB_SHIM_ENV_PLAN_SCHEDULER_SPEC_H_
#define XSB_SHIM_ENV_PLAN_SCHEDULER_SPEC_H_

#include <string>
#include <vector>

#include "kernels/workload.h"
#include "shim_env/base/environment_variable.h"

namespace xsb {

// The only schema this build reads; a file names it in "schema".
inline constexpr char kSchedulerSchema[] = "xsb-scheduler/1";

// A library or folder that applies on some backends only (empty: all).
struct BackendPath {
  std::string path;
  std::vector<Backend> backends;
};

// Regular expressions (ECMAScript, as std::regex) over one text: each of
// `must` has to match a line of it, none of `must_not` any line.
struct TextCheck {
  std::vector<std::string> must;
  std::vector<std::string> must_not;
};

struct FileCheck {
  std::string path;
  TextCheck text;
};

struct CommandCheck {
  std::vector<std::string> run;  // argv; its stdout and stderr are checked
  TextCheck text;
};

// What must hold of a worker once it reported ready ({pid} is its pid).
struct ProofSpec {
  std::vector<std::string> mapped;  // files mapped in its process
  TextCheck stderr_text;            // what it printed on stderr so far
  std::vector<FileCheck> files;
  std::vector<CommandCheck> commands;
  // The daemon's log: its output so far, then its log file if it has one.
  TextCheck daemon_log;
  bool empty() const {
    return mapped.empty() && stderr_text.must.empty() &&
           stderr_text.must_not.empty() && files.empty() && commands.empty() &&
           daemon_log.must.empty() && daemon_log.must_not.empty();
  }
};

// What one worker role is started with. "every_role" and "roles.hp" /
// "roles.lp" have this shape; a role adds to every_role (its env overrides
// the same name, its lists follow).
struct RoleSpec {
  std::vector<EnvironmentVariable> env;   // in the file's order
  std::vector<BackendPath> preload;       // LD_PRELOAD, before the inherited
  std::vector<BackendPath> library_path;  // LD_LIBRARY_PATH, likewise
  std::string cpu_policy;                 // "", "normal" or "idle"
  std::string stream_priority;  // "", "default", "highest" or "lowest"
  // A share of the compute units for the worker's stream (hip only:
  // hipExtStreamCreateWithCUMask); "" for none, else an integer 1-100 or a
  // substitution that gives one.
  std::string cu_mask_percent;
  ProofSpec proof;
};

enum class ReadyKind { kPort, kFile, kLog };

struct ReadySpec {
  ReadyKind kind = ReadyKind::kFile;
  std::string port;  // kPort: a TCP port on 127.0.0.1
  std::string file;  // kFile: a path that exists
  std::string log;   // kLog: a regular expression over the daemon's log
  double timeout_s = 10;
};

enum class DaemonScope { kCase, kRun };

struct DaemonSpec {
  std::vector<std::string> run;  // argv
  std::vector<EnvironmentVariable> env;
  DaemonScope scope = DaemonScope::kCase;
  // Where it logs besides its output, e.g. MPS's control.log: read with
  // its output for the readiness check and the proof.
  std::string log_file;
  ReadySpec ready;
  std::vector<std::string> stop_command;  // optional, tried first
  std::string stop_signal = "TERM";       // then this, then SIGKILL
  double stop_timeout_s = 5;              // after each of the two
  // For state a killed daemon left behind: run for each stale state folder
  // before the first start, and after a stop that had to SIGKILL.
  std::vector<std::string> cleanup;
};

// A swept parameter: one case per value, named ".../<name>:<value>".
struct SweptParam {
  std::string name;
  std::vector<std::string> values;
};

struct SchedulerSpec {
  std::string source;    // the file, or "built-in schedulers/NAME.json"
  std::string file_dir;  // its folder ({file_dir}); "" for a built-in
  std::string name;
  std::string description;
  std::vector<Backend> backends;
  bool is_default = false;  // registered without --xsb_schedulers
  // "" for a scheduler the file describes whole; "xsched" where XSched's
  // C++ (its install, daemon and activation check) does the rest.
  std::string engine;
  std::vector<std::string> requires_files;  // paths, or programs on PATH
  std::vector<SweptParam> params;
  std::vector<std::string> dirs;         // created before anything runs
  std::vector<EnvironmentVariable> env;  // daemon, commands and workers
  RoleSpec every_role;
  RoleSpec hp;
  RoleSpec lp;
  bool has_daemon = false;
  DaemonSpec daemon;
  std::vector<std::vector<std::string>> before_case;
  std::vector<std::vector<std::string>> after_case;
  double command_timeout_s = 30;
  bool uses_state_dir = false;  // some field names {state_dir}

  bool AppliesTo(Backend backend) const;
  // Whether the worker roles' plans are all the file gives: no daemon,
  // commands, folders or proof (baseline, os-priority, stream-priority).
  bool IsPlanOnly() const;
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_SCHEDULER_SPEC_H_
