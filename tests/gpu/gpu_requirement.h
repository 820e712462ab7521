// What a GPU test does when it cannot open the device: skip only when the
// machine has no GPU at all and the run does not demand one
// (XSB_REQUIRE_GPU=1); fail, with the reason, when a GPU is there but this
// build cannot use it (a HIP build on an NVIDIA machine, a CUDA build on an
// AMD one, a driver the runtime does not match), since that is a broken
// setup rather than a missing device. Needs no GPU runtime.
#ifndef XSB_TESTS_GPU_GPU_REQUIREMENT_H_
#define XSB_TESTS_GPU_GPU_REQUIREMENT_H_

#include <functional>
#include <string>

namespace xsb {

struct MissingGpu {
  bool fail = false;    // false: skip
  std::string message;  // one line: what is wrong and what to do
};

// True when XSB_REQUIRE_GPU is "1".
bool GpuRequired();

// `compiled`: CompiledGpuBackend() ("hip" or "cuda"); `why_not`: what
// OpenGpuDevice said; `exists`: whether a path exists (the device nodes of
// both vendors are looked up through it, so tests can fake a machine).
MissingGpu ExplainMissingGpu(
    const std::string& compiled, const std::string& why_not, bool required,
    const std::function<bool(const std::string& path)>& exists);

// ExplainMissingGpu for this machine and environment.
MissingGpu ExplainMissingGpuHere(const std::string& compiled,
                                 const std::string& why_not);

}  // namespace xsb

#endif  // XSB_TESTS_GPU_GPU_REQUIREMENT_H_
