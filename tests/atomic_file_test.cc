#include "bench/atomic_file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace xsb {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/xsb_atomic_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(name), nullptr);
    dir_ = name;
  }
  void TearDown() override {
    for (const std::string& entry : Entries()) {
      unlink((dir_ + "/" + entry).c_str());
    }
    rmdir(dir_.c_str());
  }

  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    DIR* dir = opendir(dir_.c_str());
    while (dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(dir);
    return names;
  }

  std::string Read(const std::string& path) const {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
};

TEST_F(AtomicFileTest, WritesAndReplacesLeavingNoTemporaryFile) {
  const std::string path = dir_ + "/out.json";
  std::string error;
  ASSERT_TRUE(WriteFileAtomically(path, "first", &error)) << error;
  EXPECT_EQ(Read(path), "first");
  ASSERT_TRUE(WriteFileAtomically(path, "second, longer", &error)) << error;
  EXPECT_EQ(Read(path), "second, longer");
  EXPECT_EQ(Entries(), std::vector<std::string>{"out.json"});
}

TEST_F(AtomicFileTest, MissingFolderIsAnErrorNamingThePath) {
  const std::string path = dir_ + "/no/such/out.json";
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(path, "x", &error));
  EXPECT_EQ(error, "cannot write " + path + ": No such file or directory");
  EXPECT_TRUE(Entries().empty());
}

TEST_F(AtomicFileTest, FailedReplaceKeepsTheOldFileAndRemovesTheTemporary) {
  // A folder in the way: the temporary file is written, the rename fails.
  const std::string path = dir_ + "/taken";
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  std::string error;
  EXPECT_FALSE(WriteFileAtomically(path, "x", &error));
  EXPECT_EQ(error.rfind("cannot replace " + path + ": ", 0), 0u) << error;
  EXPECT_EQ(Entries(), std::vector<std::string>{"taken"});
  rmdir(path.c_str());
}

}  // namespace
}  // namespace xsb
