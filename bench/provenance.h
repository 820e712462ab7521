// Where a run came from, for the JSON context (xsb_command_line,
// xsb_executable): keys the compare tool lets differ between files.
#ifndef XSB_BENCH_PROVENANCE_H_
#define XSB_BENCH_PROVENANCE_H_

#include <string>

#include "shim_env/base/program_path.h"  // SelfExecutable

namespace xsb {

// argv as a shell would take it back: arguments with anything but letters,
// digits and -_=.,:/+@% single-quoted.
std::string ShellCommandLine(int argc, char** argv);

}  // namespace xsb

#endif  // XSB_BENCH_PROVENANCE_H_
