// Where the noise monitor reads the kernel's process accounting: /proc on
// Linux, or whatever a test feeds it (the interface keeps the arithmetic
// testable on fixture text).
#ifndef XSB_BENCH_NOISE_PROC_SOURCE_H_
#define XSB_BENCH_NOISE_PROC_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace xsb {

class ProcSource {
 public:
  virtual ~ProcSource() = default;
  // The text of a file under /proc, named relative to it: "stat",
  // "loadavg", "1234/stat". False when it cannot be read, as for a process
  // that has exited meanwhile.
  virtual bool Read(const std::string& name, std::string* text) = 0;
  // Every process now (the numeric entries of /proc).
  virtual std::vector<int64_t> Pids() = 0;
  // Clock ticks per second of every time in those files (USER_HZ).
  virtual int64_t TicksPerSecond() = 0;
};

// The real /proc (or a copy of it under `root`).
std::unique_ptr<ProcSource> OpenProcFs(const std::string& root = "/proc");

}  // namespace xsb

#endif  // XSB_BENCH_NOISE_PROC_SOURCE_H_
