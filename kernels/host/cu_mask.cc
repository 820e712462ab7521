#include "kernels/host/cu_mask.h"

#include <algorithm>

namespace xsb {

int MaskedUnits(int units, int percent) {
  if (units <= 0) return 0;
  const int clamped = std::clamp(percent, 1, 100);
  return std::clamp((units * clamped + 99) / 100, 1, units);
}

std::vector<uint32_t> CuMaskWords(int units, int percent) {
  if (units <= 0) return {};
  std::vector<uint32_t> words(static_cast<size_t>((units + 31) / 32), 0);
  const int masked = MaskedUnits(units, percent);
  for (int unit = 0; unit < masked; ++unit) {
    words[static_cast<size_t>(unit / 32)] |= uint32_t{1} << (unit % 32);
  }
  return words;
}

}  // namespace xsb
