#include "shim_env/base/line_buffer.h"

#include <algorithm>

namespace xsb {

bool LineBuffer::NextLine(std::string* line) {
  const size_t newline = buffer_.find('\n', std::max(begin_, scanned_));
  if (newline == std::string::npos) {
    scanned_ = buffer_.size();
    // Drop returned lines once they are the larger part, so compaction
    // costs O(1) amortised per byte.
    if (begin_ > 0 && begin_ >= buffer_.size() / 2) {
      buffer_.erase(0, begin_);
      scanned_ -= begin_;
      begin_ = 0;
    }
    return false;
  }
  line->assign(buffer_, begin_, newline - begin_);
  begin_ = newline + 1;
  scanned_ = begin_;
  return true;
}

}  // namespace xsb
