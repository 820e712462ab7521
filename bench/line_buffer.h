// Splits bytes read from a pipe into lines.
#ifndef XSB_BENCH_LINE_BUFFER_H_
#define XSB_BENCH_LINE_BUFFER_H_

#include <cstddef>
#include <string>

namespace xsb {

class LineBuffer {
 public:
  void Append(const char* data, size_t size) { pending_.append(data, size); }
  // Moves the next complete line (without '\n') into *line.
  bool NextLine(std::string* line);
  // Bytes received after the last complete line.
  const std::string& partial() const { return pending_; }

 private:
  std::string pending_;
};

}  // namespace xsb

#endif  // XSB_BENCH_LINE_BUFFER_H_
