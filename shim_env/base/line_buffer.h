// Splits bytes read from a pipe into lines, in time linear in the bytes
// however long a line grows (a worker's result is one line of megabytes).
#ifndef XSB_SHIM_ENV_BASE_LINE_BUFFER_H_
#define XSB_SHIM_ENV_BASE_LINE_BUFFER_H_

#include <cstddef>
#include <string>

namespace xsb {

class LineBuffer {
 public:
  void Append(const char* data, size_t size) { buffer_.append(data, size); }
  // Moves the next complete line (without '\n') into *line.
  bool NextLine(std::string* line);
  // Bytes received after the last complete line.
  std::string partial() const { return buffer_.substr(begin_); }

 private:
  std::string buffer_;
  size_t begin_ = 0;    // start of the first unreturned line
  size_t scanned_ = 0;  // no '\n' in [begin_, scanned_)
};

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_LINE_BUFFER_H_
