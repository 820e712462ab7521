// The run-time loader of the vendor BLAS (--xsb_gemm=vendor): a missing
// library or symbol is one line naming it and what provides it.
#include "kernels/host/vendor_library.h"

#include <gtest/gtest.h>

#include "kernels/backend.h"

namespace xsb {
namespace {

TEST(VendorLibraryTest, MissingLibraryIsOneLineNamingItAndTheRemedy) {
  const VendorLibrarySpec spec{
      "FakeBLAS",
      {"libxsb_absent_blas.so.1", "libxsb_absent_blas.so"},
      {"fake_sgemm"},
      "install the fakeblas package"};
  std::string error;
  EXPECT_EQ(LoadVendorLibrary(spec, &error), nullptr);
  EXPECT_EQ(error,
            "--xsb_gemm=vendor: cannot load FakeBLAS (tried "
            "libxsb_absent_blas.so.1, libxsb_absent_blas.so; "
            "libxsb_absent_blas.so: cannot open shared object file: No such "
            "file or directory); install the fakeblas package");
}

TEST(VendorLibraryTest, MissingSymbolNamesTheFileThatOpened) {
  const VendorLibrarySpec spec{
      "libm", {"libm.so.6"}, {"cos", "xsb_no_such_sgemm"}, "upgrade it"};
  std::string error;
  EXPECT_EQ(LoadVendorLibrary(spec, &error), nullptr);
  EXPECT_EQ(error,
            "--xsb_gemm=vendor: libm at libm.so.6 has no xsb_no_such_sgemm "
            "(too old?); upgrade it");
}

TEST(VendorLibraryTest, ResolvesEverySymbolInOrder) {
  const VendorLibrarySpec spec{
      "libm", {"libxsb_absent.so", "libm.so.6"}, {"cos", "sin"}, ""};
  std::string error;
  const auto library = LoadVendorLibrary(spec, &error);
  ASSERT_NE(library, nullptr) << error;
  EXPECT_EQ(library->file(), "libm.so.6");
  ASSERT_EQ(library->symbols().size(), 2u);
  using MathFn = double (*)(double);
  EXPECT_DOUBLE_EQ(reinterpret_cast<MathFn>(library->symbols()[0])(0), 1.0);
  EXPECT_DOUBLE_EQ(reinterpret_cast<MathFn>(library->symbols()[1])(0), 0.0);
}

TEST(VendorLibraryTest, CublasAndRocblasEntryPoints) {
  const VendorLibrarySpec cublas = CublasSpec();
  EXPECT_EQ(cublas.files,
            (std::vector<std::string>{"libcublas.so.13", "libcublas.so.12",
                                      "libcublas.so"}));
  EXPECT_EQ(cublas.symbols,
            (std::vector<std::string>{"cublasCreate_v2", "cublasSetStream_v2",
                                      "cublasSgemm_v2", "cublasDestroy_v2"}));
  EXPECT_EQ(RocblasSpec().symbols[2], "rocblas_sgemm");
  EXPECT_EQ(HipblasSpec().symbols[2], "hipblasSgemm");
}

TEST(VendorGemmOnCpuTest, CpuBackendRefusesTheVendorGemm) {
  auto cpu = OpenCpuDevice();
  auto stream = cpu->CreateStream(StreamOptions{});
  MlpShape shape{2, 16, 1, Gemm::kVendor};
  try {
    cpu->CreateModel(shape, 1, *stream);
    FAIL() << "the cpu backend built a vendor-GEMM model";
  } catch (const DeviceError& e) {
    EXPECT_STREQ(e.what(),
                 "the cpu backend has no vendor BLAS; use --xsb_gemm=builtin "
                 "or a GPU backend");
  }
}

}  // namespace
}  // namespace xsb
