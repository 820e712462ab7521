// Replacing a file so that readers see either the old or the new contents,
// never a torn one, even if the writer is killed half-way.
#ifndef XSB_BENCH_ATOMIC_FILE_H_
#define XSB_BENCH_ATOMIC_FILE_H_

#include <string>

namespace xsb {

// Writes `contents` to a temporary file beside `path`, flushes it to disk
// and renames it over `path`. Returns false with *error naming the path and
// the cause; the temporary file is removed on failure.
bool WriteFileAtomically(const std::string& path, const std::string& contents,
                         std::string* error);

}  // namespace xsb

#endif  // XSB_BENCH_ATOMIC_FILE_H_
