// Test helper: opens a shared library by name the way the CUDA runtime
// opens its driver (dlopen("libcuda.so.1"), resolved through
// LD_LIBRARY_PATH), then prints the shim and driver libraries mapped in this
// process, one per line, as xsb_worker would report them.
#include <dlfcn.h>

#include <cstdio>
#include <string>

#include "shim_env/xsched/shim_probe.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: load_probe LIBRARY_NAME\n");
    return 2;
  }
  if (dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) == nullptr) {
    std::fprintf(stderr, "load_probe: %s\n", dlerror());
  }
  for (const std::string& path :
       xsb::MappedShimLibraries(xsb::ReadSelfMaps())) {
    std::printf("%s\n", path.c_str());
  }
  return 0;
}
