// A stand-in for XSched's shim libraries in tests: a shared library with no
// dependencies, installed in a fake XSched root as lib/libshimhip.so and
// lib/libshimcuda.so (with lib/libcuda.so.1 linking to it). It schedules
// nothing; tests only check that a worker maps it and reports so.
extern "C" __attribute__((visibility("default"))) const char*
xsb_fake_xsched_shim() {
  return "fake XSched shim for xsched-bench tests";
}
