#include "kernels/host/cu_mask.h"

#include <gtest/gtest.h>

namespace xsb {
namespace {

TEST(CuMaskTest, ShareOfUnitsRoundsUpAndKeepsOne) {
  EXPECT_EQ(MaskedUnits(104, 50), 52);  // MI250X GCD
  EXPECT_EQ(MaskedUnits(104, 75), 78);
  EXPECT_EQ(MaskedUnits(110, 75), 83);  // MI210: 82.5 rounds up
  EXPECT_EQ(MaskedUnits(60, 1), 1);
  EXPECT_EQ(MaskedUnits(60, 100), 60);
  EXPECT_EQ(MaskedUnits(0, 50), 0);
}

TEST(CuMaskTest, WordsHoldTheFirstUnits) {
  EXPECT_EQ(CuMaskWords(8, 50), (std::vector<uint32_t>{0x0000000fu}));
  EXPECT_EQ(CuMaskWords(32, 100), (std::vector<uint32_t>{0xffffffffu}));
  // 104 units at 75 %: 78 = 32 + 32 + 14 in four words.
  EXPECT_EQ(CuMaskWords(104, 75),
            (std::vector<uint32_t>{0xffffffffu, 0xffffffffu, 0x00003fffu, 0}));
  EXPECT_TRUE(CuMaskWords(0, 50).empty());
}

}  // namespace
}  // namespace xsb
