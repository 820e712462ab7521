// The Python interpreter an example exec model runs under, found as the
// scripts' finder finds it (scripts/lib/python.sh): the first of
// $XSB_PYTHON, python3 on PATH and /usr/bin/python3 that imports every
// module asked for. Debian's python3-* packages (numpy, torch) install into
// /usr/bin/python3 only, which need not be the python3 on PATH.
#ifndef XSB_BENCH_CLI_PYTHON_FINDER_H_
#define XSB_BENCH_CLI_PYTHON_FINDER_H_

#include <string>
#include <vector>

namespace xsb {

// The candidates, in the order they are tried, each once; `xsb_python`
// ($XSB_PYTHON, may be null) and `search_path` ($PATH) as given.
std::vector<std::string> PythonCandidates(const char* xsb_python,
                                          const std::string& search_path);

// The first candidate that imports every module in `modules` (none: any
// Python 3). Asks each candidate once per run (an import of torch takes
// seconds) and remembers the answer. False with *error naming the modules
// and the candidates tried, and what to install.
bool FindPython(const std::vector<std::string>& modules, std::string* python,
                std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_PYTHON_FINDER_H_
