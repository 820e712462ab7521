#include "shim_env/base/last_lines.h"

#include <vector>

namespace xsb {

std::string LastLines(const std::string& text, size_t count) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  std::string tail;
  for (size_t i = lines.size() > count ? lines.size() - count : 0;
       i < lines.size(); ++i) {
    if (!tail.empty()) tail += " | ";
    tail += lines[i];
  }
  return tail;
}

}  // namespace xsb
