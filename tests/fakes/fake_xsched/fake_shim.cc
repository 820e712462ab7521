// A stand-in for XSched's shim libraries in tests: a shared library with no
// dependencies, installed in a fake XSched root as lib/libshimhip.so and
// lib/libshimcuda.so (with lib/libcuda.so.1 linking to it). It schedules
// nothing; tests check that a worker maps it and reports so, and that the
// line XSched logs when it loads is read (see LogSchedulerLikeXsched).
// With XSB_FAKE_DUMP_DIR it also records the process it loaded into, and
// starts a child of it (see DumpForTests).
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <initializer_list>

extern "C" __attribute__((visibility("default"))) const char*
xsb_fake_xsched_shim() {
  return "fake XSched shim for xsched-bench tests";
}

namespace {

// XSched's log level from XLOG_LEVEL (utils/include/xsched/utils/log.h):
// unset means DEBG, an unknown value INFO; ERRO and WARN hide INFO lines.
bool InfoLogged() {
  const char* level = std::getenv("XLOG_LEVEL");
  if (level == nullptr) return true;
  return std::strcmp(level, "ERRO") != 0 && std::strcmp(level, "WARN") != 0;
}

// What XSched's SchedAgent, a static object of the shim, logs while the
// library loads (sched/src/scheduler/scheduler.cpp, CreateScheduler): a
// policy makes a local scheduler, XSCHED_SCHEDULER=GLB the global one, and
// anything else (unset, APP, the old spelling GBL) the app-managed one.
// With XSB_FAKE_SHIM_IGNORES_SCHEDULER=1 it acts as an XSched that does not
// read XSCHED_SCHEDULER at all (one that spells it differently), so that
// tests can make a worker whose plan is right fall back to app-managed.
__attribute__((constructor)) void LogSchedulerLikeXsched() {
  if (!InfoLogged()) return;
  const char* policy = std::getenv("XSCHED_POLICY");
  const char* ignores = std::getenv("XSB_FAKE_SHIM_IGNORES_SCHEDULER");
  const char* scheduler = ignores != nullptr && std::strcmp(ignores, "1") == 0
                              ? nullptr
                              : std::getenv("XSCHED_SCHEDULER");
  char what[128];
  if (policy != nullptr && *policy != '\0') {
    std::snprintf(what, sizeof what, "using local scheduler with policy %s",
                  policy);
  } else if (scheduler != nullptr && std::strcmp(scheduler, "GLB") == 0) {
    std::snprintf(what, sizeof what, "using global scheduler");
  } else {
    std::snprintf(what, sizeof what, "using app-managed scheduler");
  }
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  tm local{};
  localtime_r(&now.tv_sec, &local);
  // XSched's XLOG_HELPER format, uncoloured (stderr is a pipe).
  std::fprintf(stderr, "[XSCHED INFO @ T %ld @ %02d:%02d:%02d.%06ld] %s\n",
               static_cast<long>(syscall(SYS_gettid)), local.tm_hour,
               local.tm_min, local.tm_sec, now.tv_nsec / 1000, what);
}

// Copies the file at `from` to `to`; false when either cannot be opened.
bool CopyFile(const char* from, const char* to) {
  const int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  const int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  char buffer[65536];
  ssize_t n = 0;
  while (out >= 0 && (n = read(in, buffer, sizeof buffer)) > 0) {
    if (write(out, buffer, static_cast<size_t>(n)) != n) break;
  }
  close(in);
  if (out >= 0) close(out);
  return out >= 0;
}

// For tests/integration/gpu_check_test.py: with XSB_FAKE_DUMP_DIR=DIR,
// copies this process's (a worker's) /proc/self/environ and maps to
// DIR/shim-PID.*; with XSB_FAKE_DUMP_CHILD=PROGRAM too, runs `PROGRAM DIR
// child` as a child of this process, the way a worker starts a user's
// model, and waits for it. Only in xsb_worker: the child inherits the
// preload, and must not start children of its own.
__attribute__((constructor)) void DumpForTests() {
  const char* dir = std::getenv("XSB_FAKE_DUMP_DIR");
  if (dir == nullptr || *dir == '\0' ||
      std::strcmp(program_invocation_short_name, "xsb_worker") != 0) {
    return;
  }
  char path[4096];
  for (const char* what : {"environ", "maps"}) {
    char from[64];
    std::snprintf(from, sizeof from, "/proc/self/%s", what);
    std::snprintf(path, sizeof path, "%s/shim-%ld.%s", dir,
                  static_cast<long>(getpid()), what);
    if (!CopyFile(from, path)) {
      std::fprintf(stderr, "fake shim: cannot write %s\n", path);
    }
  }
  const char* child = std::getenv("XSB_FAKE_DUMP_CHILD");
  if (child == nullptr || *child == '\0') return;
  const pid_t pid = fork();
  if (pid == 0) {
    execl(child, child, dir, "child", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
}

}  // namespace
