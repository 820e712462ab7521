// What xsb_bench was built from, for the JSON context: defined in a source
// that cmake/BuildInfo.cmake generates at every build.
#ifndef XSB_BENCH_BUILD_INFO_H_
#define XSB_BENCH_BUILD_INFO_H_

namespace xsb {

// The suite's version (the CMake project's VERSION), e.g. "0.1.0".
const char* SuiteVersion();
// The git commit the build's sources are at, "-dirty" appended when
// tracked files differ from it; "unknown" outside a git checkout.
const char* GitCommit();

}  // namespace xsb

#endif  // XSB_BENCH_BUILD_INFO_H_
