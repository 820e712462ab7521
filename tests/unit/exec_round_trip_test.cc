// The no-op model the exec round trip is measured with at a run's start
// (bench/cases/exec_round_trip.h): under the first exec model's Python
// (another program's case, which starts Pythons to find one, is a process
// test: tests/process/exec_program_test.cc).
#include "bench/cases/exec_round_trip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsb {
namespace {

using Words = std::vector<std::string>;

TEST(NoopModelCommandTest, UnderTheFirstExecModelsPython) {
  std::string error;
  EXPECT_EQ(NoopModelCommand({"/usr/bin/python3", "model.py"}, &error),
            (Words{"/usr/bin/python3", "-m", "xsb_model"}));
  EXPECT_EQ(
      NoopModelCommand({"/opt/conda/bin/python3.11", "-u", "m.py"}, &error),
      (Words{"/opt/conda/bin/python3.11", "-m", "xsb_model"}));
  EXPECT_EQ(NoopModelCommand({"python"}, &error),
            (Words{"python", "-m", "xsb_model"}));
}

}  // namespace
}  // namespace xsb
