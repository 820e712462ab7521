// The vendor's single-precision GEMM (cuBLAS on NVIDIA, rocBLAS or hipBLAS
// on AMD), opened with dlopen when a model asks for --xsb_gemm=vendor.
#ifndef XSB_KERNELS_GPU_VENDOR_GEMM_H_
#define XSB_KERNELS_GPU_VENDOR_GEMM_H_

#include <memory>

#include "kernels/gpu/gpu_runtime.h"
#include "kernels/host/vendor_library.h"

namespace xsb {
namespace gpu {

// A BLAS handle bound to one stream; destroyed with the object. Throws
// DeviceError (one line: which library, what to install) when no library
// loads or the handle cannot be made.
class VendorGemm {
 public:
  explicit VendorGemm(hipStream_t stream);
  ~VendorGemm();
  VendorGemm(const VendorGemm&) = delete;
  VendorGemm& operator=(const VendorGemm&) = delete;

  // Row-major out (batch x hidden) = in (batch x hidden) x w (hidden x
  // hidden), all device memory, enqueued on the stream.
  void Multiply(const float* in, const float* w, float* out, int batch,
                int hidden);
  // "cuBLAS (libcublas.so.13)" for labels and errors.
  std::string Describe() const;

 private:
  using CreateFn = int (*)(void** handle);
  using SetStreamFn = int (*)(void* handle, void* stream);
  using SgemmFn = int (*)(void* handle, int op_a, int op_b, int m, int n, int k,
                          const float* alpha, const float* a, int lda,
                          const float* b, int ldb, const float* beta, float* c,
                          int ldc);
  using DestroyFn = int (*)(void* handle);

  std::string what_;
  std::unique_ptr<VendorLibrary> library_;
  int op_none_ = 0;  // CUBLAS_OP_N 0; rocblas_operation_none, HIPBLAS_OP_N 111
  SgemmFn sgemm_ = nullptr;
  DestroyFn destroy_ = nullptr;
  void* handle_ = nullptr;
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_VENDOR_GEMM_H_
