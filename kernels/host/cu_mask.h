// The compute-unit mask of a CU-masked stream (hipExtStreamCreateWithCUMask):
// the first units of the device, as 32-bit words, bit i of word w for unit
// 32 w + i. Pure, so it is tested without a GPU.
#ifndef XSB_KERNELS_HOST_CU_MASK_H_
#define XSB_KERNELS_HOST_CU_MASK_H_

#include <cstdint>
#include <vector>

namespace xsb {

// How many of `units` compute units `percent` (1-100) leaves a stream:
// rounded up, at least 1.
int MaskedUnits(int units, int percent);

// The mask of the first MaskedUnits(units, percent) units, in
// ceil(units / 32) words; empty when units <= 0.
std::vector<uint32_t> CuMaskWords(int units, int percent);

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_CU_MASK_H_
