// xsb_bench's end of one worker: the process, its protocol lines on stdout
// and the tail of its stderr for error reports.
#ifndef XSB_BENCH_ORCHESTRATE_WORKER_CHANNEL_H_
#define XSB_BENCH_ORCHESTRATE_WORKER_CHANNEL_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/protocol/worker_protocol.h"
#include "shim_env/base/child_process.h"
#include "shim_env/base/line_buffer.h"

namespace xsb {

class WorkerChannel {
 public:
  // `name` is how errors refer to it, e.g. "hp worker".
  static std::unique_ptr<WorkerChannel> Start(
      const std::string& name, const std::string& path,
      const std::vector<std::string>& args,
      const std::vector<EnvironmentVariable>& env, std::string* error);

  // Stops the worker (SIGTERM first, as Stop): an exec worker then ends
  // its model's process group before it dies.
  ~WorkerChannel();
  WorkerChannel(const WorkerChannel&) = delete;
  WorkerChannel& operator=(const WorkerChannel&) = delete;

  const std::string& name() const { return name_; }
  ChildProcess& process() { return *process_; }

  bool Send(const WorkerMessage& message, std::string* error);

  // File descriptors still open for reading (stdout, stderr), for poll().
  std::vector<int> OpenFds() const;
  // Reads what `fd` has without blocking: bytes read, 0 at end of file
  // (or a read error), -1 when nothing is there yet.
  ssize_t ReadFrom(int fd);
  bool stdout_open() const { return stdout_open_; }

  // Next complete protocol line; false when none is buffered.
  bool NextLine(std::string* line) { return stdout_lines_.NextLine(line); }

  // Why it stopped talking: its exit status (waiting briefly for it) and
  // the last lines of its stderr, e.g. "exited with code 3; stderr: ...".
  std::string DescribeEnd();
  // The first 16 KiB it printed on stderr, after reading what is there
  // without blocking: a library's start-up log (XSched's) is written before
  // the worker's ready message, so it is there when that arrives.
  const std::string& StderrHead();
  // "; stderr: <last lines>", or "" when it printed nothing.
  std::string StderrSuffix();
  // Stops the process (SIGTERM, then SIGKILL after `grace_ns`).
  void Stop(int64_t grace_ns) { process_->Stop(grace_ns); }
  // The message of an error line it sent but nobody has read yet, if any:
  // a worker that fails while xsb_bench writes to it says why on stdout.
  // Every line stays buffered for NextLine.
  std::string UnreadError();

 private:
  WorkerChannel(std::string name, std::unique_ptr<ChildProcess> process);

  std::string name_;
  std::unique_ptr<ChildProcess> process_;
  LineBuffer stdout_lines_;
  std::string stderr_tail_;
  std::string stderr_head_;
  bool stdout_open_ = true;
  bool stderr_open_ = true;
};

}  // namespace xsb

#endif  // XSB_BENCH_ORCHESTRATE_WORKER_CHANNEL_H_
