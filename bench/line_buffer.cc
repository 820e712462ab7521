#include "bench/line_buffer.h"

namespace xsb {

bool LineBuffer::NextLine(std::string* line) {
  const size_t newline = pending_.find('\n');
  if (newline == std::string::npos) return false;
  line->assign(pending_, 0, newline);
  pending_.erase(0, newline + 1);
  return true;
}

}  // namespace xsb
