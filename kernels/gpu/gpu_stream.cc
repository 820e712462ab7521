#include "kernels/gpu/gpu_stream.h"

#include "kernels/gpu/gpu_check.h"

namespace xsb {
namespace gpu {

GpuStream::GpuStream(int device, StreamPriority priority) : device_(device) {
  // Streams belong to the calling thread's current device, which need not be
  // the one this stream is for.
  XSB_GPU_CHECK(hipSetDevice(device_));
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

GpuStream::~GpuStream() {
  // Destroying a stream with work still queued is allowed: the runtime
  // finishes that work and releases the stream afterwards.
  if (stream_ != nullptr) (void)hipStreamDestroy(stream_);
}

void GpuStream::Synchronize() { XSB_GPU_CHECK(hipStreamSynchronize(stream_)); }

}  // namespace gpu
}  // namespace xsb
