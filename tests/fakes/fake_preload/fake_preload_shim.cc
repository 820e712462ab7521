// The shim of the fake preload scheduler (fake-preload.json beside it): a
// library with no dependencies that a worker gets through LD_PRELOAD and
// that prints, while it loads, the line the file's proof looks for. It
// schedules nothing: tests check that a scheduler described only by a file
// reaches the worker and proves it.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern "C" __attribute__((visibility("default"))) const char*
xsb_fake_preload_shim() {
  return "fake preload scheduler for xsched-bench tests";
}

namespace {

__attribute__((constructor)) void AnnounceLikeAShim() {
  const char* level = std::getenv("XSB_FAKE_PRELOAD_LEVEL");
  std::fprintf(stderr, "[xsb-fake-preload] loaded in pid %ld, level %s\n",
               static_cast<long>(getpid()), level != nullptr ? level : "unset");
}

}  // namespace
