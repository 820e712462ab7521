#include "shim_env/base/atomic_file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fakes/process_table.h"

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

TEST_F(AtomicFileTest, RemovesOnlyTheStaleTemporariesOfTheTarget) {
  const std::string dead = std::to_string(NonexistentPid());
  const std::string live = std::to_string(getpid());
  const std::vector<std::string> kept = {
      "out.json",
      "out.json.tmp-" + live,      // a running process's (ours)
      "other.json.tmp-" + dead,    // not the target's
      "out.json.tmp-0",            // not a pid
      "out.json.tmp-12ab",         // not a pid
      "out.json.tmp-99999999999",  // not a pid_t
  };
  for (const std::string& name : kept) std::ofstream(dir_ + "/" + name) << "x";
  // Not a regular file: a link is never followed or removed.
  const std::string link =
      "out.json.tmp-" + std::to_string(NonexistentPid() + 1);
  ASSERT_EQ(symlink("out.json", (dir_ + "/" + link).c_str()), 0);
  std::ofstream(dir_ + "/out.json.tmp-" + dead) << "torn";

  const std::vector<std::string> removed = RemoveStaleTemporaryFiles(
      dir_, [](const std::string& target) { return target == "out.json"; });

  EXPECT_EQ(removed, std::vector<std::string>{dir_ + "/out.json.tmp-" + dead});
  std::vector<std::string> expected = kept;
  expected.push_back(link);
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> entries = Entries();
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, expected);
}

TEST(RemoveStaleTemporaryFilesTest, UnreadableDirectoryRemovesNothing) {
  EXPECT_TRUE(RemoveStaleTemporaryFiles("/nonexistent", [](const std::string&) {
                return true;
              }).empty());
}

TEST(ParentDirectoryTest, NamesTheFolderHoldingThePath) {
  EXPECT_EQ(ParentDirectory("out.json"), ".");
  EXPECT_EQ(ParentDirectory("results/out.json"), "results");
  EXPECT_EQ(ParentDirectory("a//b/samples/"), "a//b");
  EXPECT_EQ(ParentDirectory("/out.json"), "/");
  EXPECT_EQ(ParentDirectory("/"), "/");
  EXPECT_EQ(ParentDirectory(""), ".");
}

}  // namespace
}  // namespace xsb
