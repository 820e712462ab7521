// Host-only workload API: the only interface workers use to run kernels.
// Backends (CPU here, HIP/CUDA in kernels/gpu) implement it; nothing in this
// header needs a GPU compiler. Errors are reported by throwing DeviceError.
#ifndef XSB_KERNELS_WORKLOAD_H_
#define XSB_KERNELS_WORKLOAD_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shim_env/base/text.h"

namespace xsb {

// What a device is. The flag level adds "auto" and "gpu" (BackendRequest);
// a device that was opened is always one of these.
enum class Backend { kCpu, kHip, kCuda };
inline constexpr EnumName<Backend> kBackendNames[] = {
    {Backend::kCpu, "cpu"}, {Backend::kHip, "hip"}, {Backend::kCuda, "cuda"}};
inline const char* BackendName(Backend backend) {
  return EnumToName(kBackendNames, backend);
}
inline bool ParseBackend(std::string_view text, Backend* out) {
  return NameToEnum(kBackendNames, text, out);
}

// What --xsb_backend and a worker's --backend ask for.
enum class BackendRequest { kAuto, kCpu, kGpu };
inline constexpr EnumName<BackendRequest> kBackendRequestNames[] = {
    {BackendRequest::kAuto, "auto"},
    {BackendRequest::kCpu, "cpu"},
    {BackendRequest::kGpu, "gpu"}};
inline const char* BackendRequestName(BackendRequest request) {
  return EnumToName(kBackendRequestNames, request);
}
// Parses "auto", "cpu" or "gpu"; returns false on anything else.
inline bool ParseBackendRequest(std::string_view text, BackendRequest* out) {
  return NameToEnum(kBackendRequestNames, text, out);
}

// Who computes the MLP's matrix products: the project's own tiled kernel,
// or the vendor's BLAS (cuBLAS, rocBLAS/hipBLAS) loaded at run time, with
// bias + ReLU still the project's kernel. The CPU backend has only builtin.
enum class Gemm { kBuiltin, kVendor };
inline constexpr EnumName<Gemm> kGemmNames[] = {{Gemm::kBuiltin, "builtin"},
                                                {Gemm::kVendor, "vendor"}};

// `layers` fully connected hidden x hidden layers, each followed by
// bias + ReLU, applied to `batch` input rows.
struct MlpShape {
  int layers = 4;
  int hidden = 512;
  int batch = 1;
  Gemm gemm = Gemm::kBuiltin;
};

enum class StreamPriority { kDefault, kHighest, kLowest };

struct StreamOptions {
  StreamPriority priority = StreamPriority::kDefault;
  // Host threads that execute this stream's work on the CPU backend; GPU
  // backends ignore it. 0 means all online cores.
  int host_threads = 1;
  // > 0: the stream runs on the first ceil(units x percent / 100) compute
  // units only (hip: hipExtStreamCreateWithCUMask, which gives it the
  // normal priority: `priority` must then be kDefault). The cuda backend
  // has no such stream and throws DeviceError; the CPU backend ignores it
  // (the cu-mask scheduler's test-only runs).
  int cu_mask_percent = 0;
};

struct DeviceInfo {
  Backend backend = Backend::kCpu;
  std::string name;
  int compute_units = 0;  // cores on the CPU, CUs or SMs on a GPU
  int64_t memory_bytes = 0;
  std::string driver_version;
  std::string runtime_version;
};

class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An allocation the device could not satisfy; what() says which one. Callers
// that know what the memory was for turn it into a message with a remedy
// (bench/memory_check.h).
class OutOfMemoryError : public DeviceError {
 public:
  using DeviceError::DeviceError;
};

class Stream {
 public:
  virtual ~Stream() = default;
  // Blocks until all work enqueued on this stream has finished.
  virtual void Synchronize() = 0;
};

// One MLP instance with its weights, input and output buffers, bound to the
// stream it was created on. CopyIn/Forward/CopyOut enqueue work; results are
// valid once the stream has been synchronised.
class Model {
 public:
  virtual ~Model() = default;
  virtual const MlpShape& shape() const = 0;
  // Host-side input (batch x hidden, row-major); StageInput takes it.
  virtual std::vector<float>& input() = 0;
  // The host side of CopyIn, done now: copying input() into the buffer the
  // transfer reads (on a GPU the pinned buffer, after waiting for the
  // previous transfer to have read it). The staged input stays: every
  // CopyIn sends it until the next StageInput, so an input that never
  // changes is staged once, and host work stays out of a region timed on
  // the stream. Call it again after changing input(); a CopyIn before the
  // first StageInput stages first. Throws DeviceError when input() was
  // resized.
  virtual void StageInput() = 0;
  // Enqueues the transfer of the staged input to the device.
  virtual void CopyIn() = 0;
  virtual void Forward() = 0;
  virtual void CopyOut() = 0;
  // Host-side output (batch x hidden) as of the last synchronised CopyOut.
  virtual const std::vector<float>& output() const = 0;
};

// Times work on one stream as the device sees it: GPU events on a GPU; the
// host clock on the CPU backend, where work runs as it is enqueued.
class StreamTimer {
 public:
  virtual ~StreamTimer() = default;
  // Mark the start and the end on the stream, around the work to time.
  virtual void Start() = 0;
  virtual void Stop() = 0;
  // Milliseconds from Start to Stop; waits until the stream has reached Stop.
  virtual double ElapsedMs() = 0;
};

// What a replayed kernel does for its time: spin on the clock, or stream
// memory (copies, element-wise kernels) so it also loads the memory system.
enum class KernelKind { kCompute, kMemory };

// Keeps the whole device busy for a requested time: on a GPU a kernel with
// one block per compute unit spinning on the device's constant-rate clock,
// calibrated against GPU events; on the CPU backend a busy-wait on every host
// thread of the stream.
class Spinner {
 public:
  virtual ~Spinner() = default;
  // Enqueues a spin of `microseconds` (>= 0; throws DeviceError otherwise).
  virtual void Spin(double microseconds) = 0;
  // Enqueues one kernel of `microseconds` on `blocks` blocks: a GPU runs
  // min(blocks, compute units) blocks (one per compute unit, as Spin), so
  // a grid of at least one block per compute unit occupies the whole
  // device; the CPU backend uses min(blocks, stream threads) threads.
  // blocks <= 0 means the whole device. kMemory streams memory until its
  // time is up. The default (for fakes) spins the whole device.
  virtual void Kernel(double microseconds, int64_t blocks, KernelKind kind) {
    (void)blocks;
    (void)kind;
    Spin(microseconds);
  }
};

class Device {
 public:
  virtual ~Device() = default;
  virtual DeviceInfo Info() const = 0;
  // Device memory free right now, other processes' allocations counted;
  // nullopt where the backend has no such limit of its own (the CPU
  // backend).
  virtual std::optional<int64_t> FreeMemoryBytes() const = 0;
  virtual std::unique_ptr<Stream> CreateStream(const StreamOptions& opts) = 0;
  // Weights and input are deterministic functions of `seed` (see
  // mlp_weights.h), so every backend computes the same function. Throws
  // OutOfMemoryError when an allocation fails.
  virtual std::unique_ptr<Model> CreateModel(const MlpShape& shape,
                                             uint64_t seed, Stream& stream) = 0;
  // `stream` must come from this device's CreateStream, as for CreateModel.
  virtual std::unique_ptr<StreamTimer> CreateTimer(Stream& stream) = 0;
  // Calibrates on `stream` before it returns, which takes a few
  // milliseconds of device time.
  virtual std::unique_ptr<Spinner> CreateSpinner(Stream& stream) = 0;
};

}  // namespace xsb

#endif  // XSB_KERNELS_WORKLOAD_H_
