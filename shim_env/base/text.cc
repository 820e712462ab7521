#include "shim_env/base/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xsb {

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 100 ? "%.3g s" : "%.0f s",
                seconds);
  return text;
}

std::string FormatMilliseconds(double ms) {
  // FormatSeconds' digits, its unit's "s" replaced.
  const std::string text = FormatSeconds(ms);
  return text.substr(0, text.size() - 1) + "ms";
}

std::string FormatDuration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[48];
  if (total < 60) {
    std::snprintf(text, sizeof text, "%ld s", total);
  } else if (total < 3600) {
    std::snprintf(text, sizeof text, "%ld min %02ld s", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld h %02ld min", total / 3600,
                  total % 3600 / 60);
  }
  return text;
}

std::string FormatBytes(double bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  constexpr double kGiB = 1024.0 * kMiB;
  char text[48];
  if (bytes >= kGiB) {
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / kGiB);
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / kMiB);
  }
  return text;
}

}  // namespace xsb
