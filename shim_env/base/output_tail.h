// Reads a child's stdout and stderr on a thread of its own for as long as
// it runs, keeping the last `max_bytes`: a daemon that logs every client
// would otherwise fill its pipe and block in the middle of a run.
#ifndef XSB_SHIM_ENV_BASE_OUTPUT_TAIL_H_
#define XSB_SHIM_ENV_BASE_OUTPUT_TAIL_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shim_env/base/child_process.h"
#include "shim_env/base/unique_fd.h"

namespace xsb {

class OutputTail {
 public:
  // `out_fd` and `err_fd` stay owned by the caller and open until Finish.
  OutputTail(int out_fd, int err_fd, size_t max_bytes);
  ~OutputTail();
  OutputTail(const OutputTail&) = delete;
  OutputTail& operator=(const OutputTail&) = delete;

  // Once the child has exited: reads what it left in the pipes and ends
  // the thread. Safe to call twice.
  void Finish();

  // The last max_bytes read so far, stdout and stderr interleaved as read.
  std::string Text() const;

 private:
  bool ReadOnce(int fd);
  void Drain();

  int fds_[2];
  size_t max_bytes_;
  UniqueFd wake_read_;
  UniqueFd wake_write_;
  mutable std::mutex mutex_;
  std::string text_;
  std::thread thread_;
};

// A daemon: `path` started as ChildProcess::Spawn starts it, its stdin
// closed (a daemon that asks a question gets end of file, never a wait),
// its output drained into *tail from now on. nullptr with *error when it
// cannot be started.
std::unique_ptr<ChildProcess> SpawnDrained(
    const std::string& path, const std::vector<std::string>& args,
    const std::vector<EnvironmentVariable>& env, size_t max_bytes,
    std::unique_ptr<OutputTail>* tail, std::string* error);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_OUTPUT_TAIL_H_
