// A stand-in for XSched's shim libraries in tests: a shared library with no
// dependencies, installed in a fake XSched root as lib/libshimhip.so and
// lib/libshimcuda.so (with lib/libcuda.so.1 linking to it). It schedules
// nothing; tests check that a worker maps it and reports so, and that the
// line XSched logs when it loads is read (see LogSchedulerLikeXsched).
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

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
__attribute__((constructor)) void LogSchedulerLikeXsched() {
  if (!InfoLogged()) return;
  const char* policy = std::getenv("XSCHED_POLICY");
  const char* scheduler = std::getenv("XSCHED_SCHEDULER");
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

}  // namespace
