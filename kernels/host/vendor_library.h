// A vendor library opened at run time with dlopen (cuBLAS, rocBLAS,
// hipBLAS), so no build depends on it: the first of several file names
// that opens, and the symbols the caller needs. Pure host code.
#ifndef XSB_KERNELS_HOST_VENDOR_LIBRARY_H_
#define XSB_KERNELS_HOST_VENDOR_LIBRARY_H_

#include <memory>
#include <string>
#include <vector>

namespace xsb {

struct VendorLibrarySpec {
  std::string what;                // "cuBLAS"
  std::vector<std::string> files;  // tried in order: "libcublas.so.13", ...
  std::vector<std::string> symbols;
  std::string remedy;  // which package or install provides it
};

// cuBLAS (CUDA 13 or 12) and rocBLAS then hipBLAS (ROCm): the GEMM entry
// points of --xsb_gemm=vendor, in the order the GPU backend tries them.
VendorLibrarySpec CublasSpec();
VendorLibrarySpec RocblasSpec();
VendorLibrarySpec HipblasSpec();

// An opened library; dlclose on destruction.
class VendorLibrary {
 public:
  ~VendorLibrary();
  VendorLibrary(const VendorLibrary&) = delete;
  VendorLibrary& operator=(const VendorLibrary&) = delete;
  // The file that opened, as dlopen was given it.
  const std::string& file() const { return file_; }
  // symbols()[i] is the address of spec.symbols[i].
  const std::vector<void*>& symbols() const { return symbols_; }

 private:
  friend std::unique_ptr<VendorLibrary> LoadVendorLibrary(
      const VendorLibrarySpec& spec, std::string* error);
  VendorLibrary() = default;
  void* handle_ = nullptr;
  std::string file_;
  std::vector<void*> symbols_;
};

// The library, or null with *error: one line naming the library, the files
// tried, dlopen's words for the last one, and spec.remedy; or the symbol a
// library that opened lacks.
std::unique_ptr<VendorLibrary> LoadVendorLibrary(const VendorLibrarySpec& spec,
                                                 std::string* error);

}  // namespace xsb

#endif  // XSB_KERNELS_HOST_VENDOR_LIBRARY_H_
