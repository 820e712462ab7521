#include "shim_env/plan/substitution.h"

#include <gtest/gtest.h>

#include <cstring>

namespace xsb {
namespace {

TEST(SubstitutionTest, NamesInOrderOnce) {
  EXPECT_EQ(SubstitutionNames("{a}/x/{env:HOME}{a}{b_2}"),
            (std::vector<std::string>{"a", "env:HOME", "b_2"}));
}

TEST(SubstitutionTest, BracesThatOpenNoNameAreNotNames) {
  EXPECT_TRUE(
      SubstitutionNames("x{3} y{1,2} { a} {} {9a} {a-b} {env:}").empty());
  EXPECT_EQ(SubstitutionNames("{{a}}"), std::vector<std::string>{"a"});
}

TEST(SubstitutionTest, FillsValuesAndLeavesTheRest) {
  SubstitutionValues values;
  values.values = {{"state_dir", "/tmp/s"}, {"pid", "42"}};
  std::string out, missing;
  ASSERT_TRUE(Substitute("{state_dir}/log x{2} NEW CLIENT {pid} {", values,
                         &out, &missing));
  EXPECT_EQ(out, "/tmp/s/log x{2} NEW CLIENT 42 {");
}

TEST(SubstitutionTest, ValuesAreNotSubstitutedAgain) {
  SubstitutionValues values;
  values.values = {{"a", "{b}"}, {"b", "no"}};
  std::string out, missing;
  ASSERT_TRUE(Substitute("{a}", values, &out, &missing));
  EXPECT_EQ(out, "{b}");
}

TEST(SubstitutionTest, EnvironmentThroughTheLookup) {
  SubstitutionValues values;
  values.getenv = [](const char* name) -> const char* {
    return std::strcmp(name, "ROOT") == 0 ? "/opt/r" : nullptr;
  };
  std::string out, missing;
  ASSERT_TRUE(Substitute("{env:ROOT}/lib", values, &out, &missing));
  EXPECT_EQ(out, "/opt/r/lib");
  EXPECT_FALSE(Substitute("{env:OTHER}/lib", values, &out, &missing));
  EXPECT_EQ(missing, "env:OTHER");
  EXPECT_EQ(out, "/opt/r/lib");  // untouched on failure
}

TEST(SubstitutionTest, MissingNameIsNamed) {
  std::string out = "kept", missing;
  EXPECT_FALSE(Substitute("a{x}b{y}", SubstitutionValues{}, &out, &missing));
  EXPECT_EQ(missing, "x");
  EXPECT_EQ(out, "kept");
}

}  // namespace
}  // namespace xsb
