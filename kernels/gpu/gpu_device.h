// One GPU as a workload-API device.
#ifndef XSB_KERNELS_GPU_GPU_DEVICE_H_
#define XSB_KERNELS_GPU_GPU_DEVICE_H_

#include <cstdint>
#include <memory>

#include "kernels/workload.h"

namespace xsb {
namespace gpu {

class GpuDevice : public Device {
 public:
  // Reads the device's properties once; throws DeviceError when it cannot.
  explicit GpuDevice(int device);

  DeviceInfo Info() const override { return info_; }
  std::unique_ptr<Stream> CreateStream(const StreamOptions& opts) override;
  // `stream` must come from this device's CreateStream.
  std::unique_ptr<Model> CreateModel(const MlpShape& shape, uint64_t seed,
                                     Stream& stream) override;

 private:
  int device_;
  DeviceInfo info_;
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_DEVICE_H_
