// One GPU as a workload-API device.
#ifndef XSB_KERNELS_GPU_GPU_DEVICE_H_
#define XSB_KERNELS_GPU_GPU_DEVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "kernels/gpu/gpu_stream.h"
#include "kernels/workload.h"

namespace xsb {
namespace gpu {

class GpuDevice : public Device {
 public:
  // Reads the device's properties once; throws DeviceError when it cannot.
  explicit GpuDevice(int device);

  DeviceInfo Info() const override { return info_; }
  std::optional<int64_t> FreeMemoryBytes() const override;
  std::unique_ptr<Stream> CreateStream(const StreamOptions& opts) override;
  // `stream` must come from this device's CreateStream.
  std::unique_ptr<Model> CreateModel(const MlpShape& shape, uint64_t seed,
                                     Stream& stream) override;
  std::unique_ptr<StreamTimer> CreateTimer(Stream& stream) override;
  std::unique_ptr<Spinner> CreateSpinner(Stream& stream) override;

 private:
  GpuStream& OwnStream(Stream& stream, const char* what) const;

  int device_;
  DeviceInfo info_;
  int runtime_version_ = 0;  // as hipRuntimeGetVersion encodes it
  std::string pci_bus_id_;   // AMD only: finds the driver's VRAM counters
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_DEVICE_H_
