#include "kernels/gpu/vendor_gemm.h"

#include <string>
#include <vector>

#include "kernels/workload.h"

namespace xsb {
namespace gpu {
namespace {

// The libraries of this build's vendor, in the order they are tried, with
// the value of their "no transpose" operation.
std::vector<std::pair<VendorLibrarySpec, int>> Candidates() {
#if defined(XSB_GPU_CUDA)
  return {{CublasSpec(), 0}};
#else
  return {{RocblasSpec(), 111}, {HipblasSpec(), 111}};
#endif
}

}  // namespace

VendorGemm::VendorGemm(hipStream_t stream) {
  std::string errors;
  for (const auto& [spec, op_none] : Candidates()) {
    std::string error;
    library_ = LoadVendorLibrary(spec, &error);
    if (library_ != nullptr) {
      what_ = spec.what;
      op_none_ = op_none;
      break;
    }
    errors += (errors.empty() ? "" : " | ") + error;
  }
  if (library_ == nullptr) throw DeviceError(errors);
  const std::vector<void*>& s = library_->symbols();
  auto create = reinterpret_cast<CreateFn>(s[0]);
  auto set_stream = reinterpret_cast<SetStreamFn>(s[1]);
  sgemm_ = reinterpret_cast<SgemmFn>(s[2]);
  destroy_ = reinterpret_cast<DestroyFn>(s[3]);
  if (const int status = create(&handle_); status != 0) {
    handle_ = nullptr;
    throw DeviceError("--xsb_gemm=vendor: " + Describe() +
                      " could not create a handle (status " +
                      std::to_string(status) +
                      "); check that the library matches the driver");
  }
  if (const int status = set_stream(handle_, stream); status != 0) {
    throw DeviceError("--xsb_gemm=vendor: " + Describe() +
                      " rejected the stream (status " + std::to_string(status) +
                      ")");
  }
}

VendorGemm::~VendorGemm() {
  if (handle_ != nullptr) (void)destroy_(handle_);
}

std::string VendorGemm::Describe() const {
  return what_ + " (" + library_->file() + ")";
}

void VendorGemm::Multiply(const float* in, const float* w, float* out,
                          int batch, int hidden) {
  // Column-major BLAS sees each row-major matrix transposed, so
  // out^T = w^T x in^T is the product with m = hidden, n = batch.
  const float one = 1.0f;
  const float zero = 0.0f;
  const int status = sgemm_(handle_, op_none_, op_none_, hidden, batch, hidden,
                            &one, w, hidden, in, hidden, &zero, out, hidden);
  if (status != 0) {
    throw DeviceError("--xsb_gemm=vendor: " + Describe() +
                      " sgemm failed with status " + std::to_string(status) +
                      " (batch " + std::to_string(batch) + ", hidden " +
                      std::to_string(hidden) + ")");
  }
}

}  // namespace gpu
}  // namespace xsb
