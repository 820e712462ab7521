#include "kernels/gpu/gpu_stream.h"

#include <vector>

#include "kernels/gpu/gpu_check.h"
#include "kernels/host/cu_mask.h"

namespace xsb {
namespace gpu {

GpuStream::GpuStream(int device, StreamPriority priority, int cu_mask_percent)
    : device_(device) {
  // Streams belong to the calling thread's current device, which need not be
  // the one this stream is for.
  XSB_GPU_CHECK(hipSetDevice(device_));
  if (cu_mask_percent > 0) {
    CreateMasked(priority, cu_mask_percent);
    return;
  }
  if (priority == StreamPriority::kDefault) {
    XSB_GPU_CHECK(hipStreamCreateWithFlags(&stream_, hipStreamNonBlocking));
    return;
  }
  // The range is queried rather than assumed because it differs between
  // vendors, devices and runtime versions.
  int least = 0;
  int greatest = 0;
  XSB_GPU_CHECK(hipDeviceGetStreamPriorityRange(&least, &greatest));
  priority_ = priority == StreamPriority::kHighest ? greatest : least;
  XSB_GPU_CHECK(
      hipStreamCreateWithPriority(&stream_, hipStreamNonBlocking, priority_));
}

void GpuStream::CreateMasked(StreamPriority priority, int percent) {
#if defined(XSB_GPU_CUDA)
  (void)priority;
  (void)percent;
  throw DeviceError(
      "a CU-masked stream is AMD's (hipExtStreamCreateWithCUMask); the cuda "
      "backend has none: run the cu-mask scheduler on a hip build");
#else
  if (priority != StreamPriority::kDefault || percent > 100) {
    throw DeviceError(
        "a CU-masked stream takes a share of 1-100 % and the default "
        "priority (hipExtStreamCreateWithCUMask takes none)");
  }
  int units = 0;
  XSB_GPU_CHECK(hipDeviceGetAttribute(
      &units, hipDeviceAttributeMultiprocessorCount, device_));
  const std::vector<uint32_t> mask = CuMaskWords(units, percent);
  masked_units_ = MaskedUnits(units, percent);
  // Created with the default flags (blocking): the worker never uses the
  // legacy stream, so nothing orders against it.
  XSB_GPU_CHECK(hipExtStreamCreateWithCUMask(
      &stream_, static_cast<uint32_t>(mask.size()), mask.data()));
#endif
}

GpuStream::~GpuStream() {
  // Destroying a stream with work still queued is allowed: the runtime
  // finishes that work and releases the stream afterwards.
  if (stream_ != nullptr) (void)hipStreamDestroy(stream_);
}

void GpuStream::Synchronize() { XSB_GPU_CHECK(hipStreamSynchronize(stream_)); }

}  // namespace gpu
}  // namespace xsb
