// A user's program run as a model (exec:COMMAND): its process, in a process
// group of its own, and the worker's end of the protocol socket
// (exec_protocol.h). The worker keeps the clock; this class only sends a
// request and waits for its reply.
#ifndef XSB_KERNELS_EXEC_EXEC_PROGRAM_H_
#define XSB_KERNELS_EXEC_EXEC_PROGRAM_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/exec/exec_protocol.h"
#include "shim_env/base/child_process.h"
#include "shim_env/base/environment_variable.h"
#include "shim_env/base/line_buffer.h"
#include "shim_env/base/unique_fd.h"

namespace xsb {

// What the program is started with: its words and what the environment
// tells it (docs/workloads.md lists the variables).
struct ExecSettings {
  std::vector<std::string> argv;            // argv[0] an absolute path
  std::string role = "hp";                  // XSB_MODEL_ROLE
  int batch = 1;                            // XSB_MODEL_BATCH
  std::string backend = "cpu";              // XSB_MODEL_BACKEND: cpu or gpu
  int device_index = 0;                     // XSB_MODEL_DEVICE
  std::string stream_priority = "default";  // XSB_STREAM_PRIORITY
  uint64_t seed = 1;                        // XSB_MODEL_SEED
  // A folder put first on PYTHONPATH (where xsb_model is); "" for none.
  std::string python_path;
};

// The variables ExecSettings sets, with the socket's descriptor number, on
// top of the inherited PYTHONPATH (`inherited_python_path`, may be null).
std::vector<EnvironmentVariable> ExecEnvironment(
    const ExecSettings& settings, int socket_fd,
    const char* inherited_python_path);

class ExecProgram {
 public:
  // Starts the program. Null with *error when it cannot be started.
  static std::unique_ptr<ExecProgram> Start(const ExecSettings& settings,
                                            std::string* error);
  // Kills the program's whole group and reaps it.
  ~ExecProgram();
  ExecProgram(const ExecProgram&) = delete;
  ExecProgram& operator=(const ExecProgram&) = delete;

  // Waits for the ready line. False with *error (a sentence naming the
  // program) when it fails, ends or says something else first.
  bool AwaitReady(ExecReady* ready, std::string* error);
  // Sends one forward request and waits for its done line. False with
  // *error when the program fails, ends or breaks the protocol.
  bool Forward(std::string* error);
  // Sends quit and waits up to timeout_ns for the program to exit; what is
  // left of its group is killed either way. False with *error when it
  // exited with another code than 0 or was killed by a signal. One that
  // is still running then is stopped: its results are in, so that is no
  // failure, but *note says so (else *note is cleared).
  bool Finish(int64_t timeout_ns, std::string* error, std::string* note);

  pid_t pid() const { return child_->pid(); }
  // Its words as a shell would read them back.
  const std::string& command() const { return command_; }
  // "exec model (pid 123: /usr/bin/python3 model.py)", for messages.
  const std::string& name() const { return name_; }

 private:
  ExecProgram(std::unique_ptr<ChildProcess> child, UniqueFd socket,
              std::string command);
  // The next line the program wrote, waiting for it; false when the
  // program ended or closed its socket first.
  bool NextLine(std::string* line);
  // Reads what the socket has without blocking; false at its end.
  bool ReadAvailable();
  // "<name> exited with code 3 <context>" once it has ended (waiting a
  // little for that; a program that only closed its socket is stopped).
  std::string DescribeEnd(const std::string& context);

  std::unique_ptr<ChildProcess> child_;
  UniqueFd socket_;
  UniqueFd pidfd_;  // readable once the program exits; invalid: polled
  LineBuffer lines_;
  bool socket_open_ = true;
  int64_t next_id_ = 0;
  std::string command_;
  std::string name_;
};

}  // namespace xsb

#endif  // XSB_KERNELS_EXEC_EXEC_PROGRAM_H_
