#include "bench/format_number.h"

#include <cstdio>

namespace xsb {

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

}  // namespace xsb
