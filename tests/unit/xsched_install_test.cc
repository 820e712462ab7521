// Finding an XSched install's parts, and naming what is missing.
#include "shim_env/xsched/xsched_install.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace xsb {
namespace {

namespace fs = std::filesystem;

class XschedInstallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/xsb_install_test_XXXXXX";
    ASSERT_NE(mkdtemp(name), nullptr);
    root_ = name;
  }
  void TearDown() override { fs::remove_all(root_); }

  void Touch(const std::string& relative,
             fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    const fs::path path = fs::path(root_) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
    fs::permissions(path, perms);
  }

  bool Find(Backend backend, bool need_xserver, XschedInstall* out,
            std::string* why) {
    return FindXschedInstall(root_, "XSCHED_ROOT", backend, need_xserver, out,
                             why);
  }

  // Why `root` (from `source`) is no HIP install with an xserver; "" (and a
  // test failure) when it is one.
  static std::string WhyNot(const std::string& root,
                            const std::string& source) {
    XschedInstall install;
    std::string why;
    EXPECT_FALSE(
        FindXschedInstall(root, source, Backend::kHip, true, &install, &why));
    return why;
  }

  std::string root_;
};

constexpr fs::perms kExecutable = fs::perms::owner_all;

TEST_F(XschedInstallTest, NoRootGiven) {
  EXPECT_EQ(WhyNot("", "XSCHED_ROOT"),
            "no XSched install given: pass --xsched_root=DIR or set "
            "XSCHED_ROOT (see docs/xsched.md)");
}

TEST_F(XschedInstallTest, RootThatDoesNotExist) {
  EXPECT_EQ(WhyNot(root_ + "/nope", "--xsched_root"),
            "--xsched_root " + root_ + "/nope does not exist");
}

TEST_F(XschedInstallTest, RootThatIsAFile) {
  Touch("file");
  EXPECT_EQ(WhyNot(root_ + "/file", "XSCHED_ROOT"),
            "XSCHED_ROOT " + root_ + "/file is not a folder");
}

TEST_F(XschedInstallTest, EmptyFolderNamesEverythingMissing) {
  EXPECT_EQ(WhyNot(root_, "XSCHED_ROOT"),
            "XSCHED_ROOT " + root_ +
                " has no lib/libshimhip.so, and no bin/xserver to start the "
                "daemon with (or start one yourself and pass "
                "--xsched_server=external)");
}

TEST_F(XschedInstallTest, EmptyFolderNamesTheCudaShim) {
  XschedInstall install;
  std::string why;
  EXPECT_FALSE(Find(Backend::kCuda, false, &install, &why));
  EXPECT_EQ(why, "XSCHED_ROOT " + root_ +
                     " has no lib/libcuda.so.1 (XSched's CUDA shim, a link "
                     "to libshimcuda.so)");
}

TEST_F(XschedInstallTest, BrokenCudaLinkCountsAsMissing) {
  fs::create_directories(root_ + "/lib");
  fs::create_symlink("libshimcuda.so", root_ + "/lib/libcuda.so.1");
  XschedInstall install;
  std::string why;
  EXPECT_FALSE(Find(Backend::kCuda, false, &install, &why));
  EXPECT_NE(why.find("has no lib/libcuda.so.1"), std::string::npos) << why;
}

TEST_F(XschedInstallTest, MissingXserver) {
  Touch("lib/libshimhip.so");
  XschedInstall install;
  std::string why;
  EXPECT_FALSE(Find(Backend::kHip, true, &install, &why));
  EXPECT_EQ(why, "XSCHED_ROOT " + root_ +
                     " has no bin/xserver to start the daemon with (or start "
                     "one yourself and pass --xsched_server=external)");
  // An external daemon does not need it.
  EXPECT_TRUE(Find(Backend::kHip, false, &install, &why)) << why;
  EXPECT_EQ(install.xserver, "");
}

TEST_F(XschedInstallTest, XserverNotExecutable) {
  Touch("lib/libshimhip.so");
  Touch("bin/xserver");
  EXPECT_EQ(
      WhyNot(root_, "XSCHED_ROOT"),
      "XSCHED_ROOT " + root_ + " has a bin/xserver that is not executable");
}

TEST_F(XschedInstallTest, CompleteHipInstall) {
  Touch("lib/libshimhip.so");
  Touch("bin/xserver", kExecutable);
  XschedInstall install;
  std::string why;
  ASSERT_TRUE(Find(Backend::kHip, true, &install, &why)) << why;
  const std::string root = fs::canonical(root_);
  EXPECT_EQ(install.root, root);
  EXPECT_EQ(install.lib_dir, root + "/lib");
  EXPECT_EQ(install.shim_file, root + "/lib/libshimhip.so");
  EXPECT_EQ(install.shim_mapped_path, root + "/lib/libshimhip.so");
  EXPECT_EQ(install.xserver, root + "/bin/xserver");
}

TEST_F(XschedInstallTest, CudaShimResolvesThroughItsLink) {
  Touch("lib/libshimcuda.so");
  fs::create_symlink("libshimcuda.so", root_ + "/lib/libcuda.so.1");
  XschedInstall install;
  std::string why;
  ASSERT_TRUE(Find(Backend::kCuda, false, &install, &why)) << why;
  const std::string root = fs::canonical(root_);
  EXPECT_EQ(install.shim_file, root + "/lib/libcuda.so.1");
  // What the kernel will show in a worker's maps.
  EXPECT_EQ(install.shim_mapped_path, root + "/lib/libshimcuda.so");
}

TEST_F(XschedInstallTest, RootThroughASymlinkIsResolved) {
  Touch("real/lib/libshimhip.so");
  fs::create_directory_symlink(root_ + "/real", root_ + "/current");
  XschedInstall install;
  std::string why;
  ASSERT_TRUE(FindXschedInstall(root_ + "/current", "XSCHED_ROOT",
                                Backend::kHip, false, &install, &why))
      << why;
  EXPECT_EQ(install.root, fs::canonical(root_ + "/real").string());
}

}  // namespace
}  // namespace xsb
