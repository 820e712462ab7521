// FindProgram and CheckExecutableFile (shim_env/base/program_path.h): how
// exec:COMMAND's first word becomes a program, checked at flag parsing.
#include "shim_env/base/program_path.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "bench/cli/python_finder.h"

namespace xsb {
namespace {

class ProgramPathTest : public testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/xsb_program_path_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    mkdir((dir_ + "/bin").c_str(), 0755);
    mkdir((dir_ + "/other").c_str(), 0755);
  }
  void TearDown() override {
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  std::string File(const std::string& name, mode_t mode) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n";
    chmod(path.c_str(), mode);
    return path;
  }

  std::string dir_;
};

TEST_F(ProgramPathTest, NameIsLookedUpInThePathFoldersInOrder) {
  File("other/model", 0644);  // not executable: skipped
  const std::string second = File("bin/model", 0755);
  std::string path, error;
  ASSERT_TRUE(
      FindProgram("model", dir_ + "/other:" + dir_ + "/bin", &path, &error))
      << error;
  EXPECT_EQ(path, second);
}

TEST_F(ProgramPathTest, NameOnNoFolderIsNamedWithThePath) {
  std::string path = "kept", error;
  EXPECT_FALSE(FindProgram("model", dir_ + "/bin", &path, &error));
  EXPECT_EQ(error, "'model' is not an executable file in any folder of PATH (" +
                       dir_ + "/bin)");
  EXPECT_EQ(path, "kept");
}

TEST_F(ProgramPathTest, PathsAreCheckedAndMadeAbsolute) {
  const std::string script = File("bin/serve.py", 0755);
  std::string path, error;
  ASSERT_TRUE(FindProgram(script, "", &path, &error)) << error;
  EXPECT_EQ(path, script);
  ASSERT_EQ(chdir(dir_.c_str()), 0);
  ASSERT_TRUE(FindProgram("bin/serve.py", "", &path, &error)) << error;
  EXPECT_EQ(path, dir_ + "/bin/serve.py");
  File("bin/data.py", 0644);
  EXPECT_FALSE(FindProgram("bin/data.py", "", &path, &error));
  EXPECT_EQ(error.rfind("bin/data.py: not executable (", 0), 0u) << error;
  EXPECT_FALSE(FindProgram("./bin", "", &path, &error));
  EXPECT_EQ(error, "./bin: is a folder, not a program");
  EXPECT_FALSE(FindProgram("./none", "", &path, &error));
  EXPECT_EQ(error, "./none: no such file");
  EXPECT_FALSE(FindProgram("", "", &path, &error));
  EXPECT_EQ(error, "names no program");
}

TEST(PythonFinderTest, CandidatesInTheScriptsOrderEachOnce) {
  EXPECT_EQ(
      PythonCandidates("/opt/py/bin/python3", "/usr/bin:/bin"),
      (std::vector<std::string>{"/opt/py/bin/python3", "/usr/bin/python3"}));
  EXPECT_EQ(PythonCandidates(nullptr, "/nonexistent"),
            (std::vector<std::string>{"/usr/bin/python3"}));
}

}  // namespace
}  // namespace xsb
