#include "kernels/host/vendor_library.h"

#include <dlfcn.h>

namespace xsb {

VendorLibrarySpec CublasSpec() {
  return {"cuBLAS",
          {"libcublas.so.13", "libcublas.so.12", "libcublas.so"},
          {"cublasCreate_v2", "cublasSetStream_v2", "cublasSgemm_v2",
           "cublasDestroy_v2"},
          "install cuBLAS (the CUDA toolkit's libcublas, Debian's "
          "libcublas12) and put its folder, e.g. /usr/local/cuda/lib64, on "
          "LD_LIBRARY_PATH, or use --xsb_gemm=builtin"};
}

VendorLibrarySpec RocblasSpec() {
  return {"rocBLAS",
          {"librocblas.so.4", "librocblas.so"},
          {"rocblas_create_handle", "rocblas_set_stream", "rocblas_sgemm",
           "rocblas_destroy_handle"},
          "install ROCm's rocblas package and put /opt/rocm/lib on "
          "LD_LIBRARY_PATH, or use --xsb_gemm=builtin"};
}

VendorLibrarySpec HipblasSpec() {
  return {
      "hipBLAS",
      {"libhipblas.so.2", "libhipblas.so"},
      {"hipblasCreate", "hipblasSetStream", "hipblasSgemm", "hipblasDestroy"},
      "install ROCm's hipblas package and put /opt/rocm/lib on "
      "LD_LIBRARY_PATH, or use --xsb_gemm=builtin"};
}

VendorLibrary::~VendorLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

std::unique_ptr<VendorLibrary> LoadVendorLibrary(const VendorLibrarySpec& spec,
                                                 std::string* error) {
  std::unique_ptr<VendorLibrary> library(new VendorLibrary());
  std::string tried, last_error;
  for (const std::string& file : spec.files) {
    library->handle_ = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library->handle_ != nullptr) {
      library->file_ = file;
      break;
    }
    tried += (tried.empty() ? "" : ", ") + file;
    const char* why = dlerror();
    last_error = why != nullptr ? why : "unknown error";
  }
  if (library->handle_ == nullptr) {
    *error = "--xsb_gemm=vendor: cannot load " + spec.what + " (tried " +
             tried + "; " + last_error + "); " + spec.remedy;
    return nullptr;
  }
  for (const std::string& symbol : spec.symbols) {
    void* address = dlsym(library->handle_, symbol.c_str());
    if (address == nullptr) {
      *error = "--xsb_gemm=vendor: " + spec.what + " at " + library->file_ +
               " has no " + symbol + " (too old?); " + spec.remedy;
      return nullptr;
    }
    library->symbols_.push_back(address);
  }
  return library;
}

}  // namespace xsb
