// Test helpers that look at the process table.
#ifndef XSB_TESTS_FAKES_PROCESS_TABLE_H_
#define XSB_TESTS_FAKES_PROCESS_TABLE_H_

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace xsb {

// True when `pid` no longer exists at all: neither running nor a zombie
// waiting to be reaped.
inline bool ProcessIsGone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

// Waits up to timeout_ms for `pid` (any process, not only a child) to end,
// through a pidfd that becomes readable when it exits; true once it has
// ended (a zombie has).
inline bool WaitUntilEnded(pid_t pid, int timeout_ms) {
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return errno == ESRCH;
  pollfd watch{fd, POLLIN, 0};
  const bool ended = poll(&watch, 1, timeout_ms) == 1;
  close(fd);
  return ended;
}

// Processes, zombies included, whose parent is `parent`.
inline std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  while (dirent* entry = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state, then the parent pid.
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 &&
        ppid == parent) {
      children.push_back(pid);
    }
  }
  closedir(proc);
  return children;
}

// Pids a fake worker wrote, one per line.
inline std::vector<pid_t> ReadPids(const std::string& path) {
  std::vector<pid_t> pids;
  std::ifstream in(path);
  pid_t pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

// A pid no process can have: one above the kernel's pid_max.
inline pid_t NonexistentPid() {
  long pid_max = 4194304;  // the largest pid_max Linux allows
  std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
  return static_cast<pid_t>(pid_max + 1);
}

}  // namespace xsb

#endif  // XSB_TESTS_FAKES_PROCESS_TABLE_H_
