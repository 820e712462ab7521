// Where a run came from, for the JSON context (xsb_command_line,
// xsb_executable): keys the compare tool lets differ between files.
#ifndef XSB_BENCH_PROVENANCE_H_
#define XSB_BENCH_PROVENANCE_H_

#include <string>

namespace xsb {

// argv as a shell would take it back: arguments with anything but letters,
// digits and -_=.,:/+@% single-quoted.
std::string ShellCommandLine(int argc, char** argv);

// This program's path (/proc/self/exe); "" when it cannot be read.
std::string SelfExecutable();

}  // namespace xsb

#endif  // XSB_BENCH_PROVENANCE_H_
