// Move-only owners of GPU runtime resources. Allocation failures throw
// xsb::DeviceError (OutOfMemoryError when memory ran out); release errors are
// ignored because destructors must not throw and there is nothing useful to do
// with them during teardown.
#ifndef XSB_KERNELS_GPU_GPU_RESOURCES_H_
#define XSB_KERNELS_GPU_GPU_RESOURCES_H_

#include <cstddef>
#include <utility>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_runtime.h"

namespace xsb {
namespace gpu {

// Where a GpuBuffer lives: device memory, or page-locked host memory so
// that asynchronous copies really are asynchronous and do not stall the
// calling thread.
struct DeviceMemory {
  static void* Allocate(size_t bytes) {
    void* ptr = nullptr;
    XSB_GPU_CHECK(hipMalloc(&ptr, bytes));
    return ptr;
  }
  static void Free(void* ptr) { (void)hipFree(ptr); }
};

struct PinnedHostMemory {
  static void* Allocate(size_t bytes) {
    void* ptr = nullptr;
    XSB_GPU_CHECK(hipHostMalloc(&ptr, bytes, hipHostMallocDefault));
    return ptr;
  }
  static void Free(void* ptr) { (void)hipHostFree(ptr); }
};

// Owns `count` elements of T in Memory; move-only, freed exactly once.
template <typename T, typename Memory>
class GpuBuffer {
 public:
  GpuBuffer() = default;
  explicit GpuBuffer(size_t count) : count_(count) {
    // An allocation of 0 bytes may return either nullptr or a pointer;
    // keep it nullptr.
    if (count > 0) ptr_ = static_cast<T*>(Memory::Allocate(count * sizeof(T)));
  }
  ~GpuBuffer() {
    if (ptr_ != nullptr) Memory::Free(ptr_);
  }
  GpuBuffer(GpuBuffer&& other) noexcept
      : ptr_(std::exchange(other.ptr_, nullptr)),
        count_(std::exchange(other.count_, 0)) {}
  GpuBuffer& operator=(GpuBuffer&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(count_, other.count_);
    return *this;
  }
  GpuBuffer(const GpuBuffer&) = delete;
  GpuBuffer& operator=(const GpuBuffer&) = delete;

  T* get() const { return ptr_; }
  size_t count() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* ptr_ = nullptr;
  size_t count_ = 0;
};

template <typename T>
using DeviceBuffer = GpuBuffer<T, DeviceMemory>;
template <typename T>
using PinnedBuffer = GpuBuffer<T, PinnedHostMemory>;

enum class EventTiming { kDisabled, kEnabled };

// An event for ordering (timing disabled, which is cheaper) or, with
// EventTiming::kEnabled, for hipEventElapsedTime.
class GpuEvent {
 public:
  explicit GpuEvent(EventTiming timing = EventTiming::kDisabled) {
    XSB_GPU_CHECK(hipEventCreateWithFlags(
        &event_, timing == EventTiming::kEnabled ? hipEventDefault
                                                 : hipEventDisableTiming));
  }
  ~GpuEvent() {
    if (event_ != nullptr) (void)hipEventDestroy(event_);
  }
  GpuEvent(GpuEvent&& other) noexcept
      : event_(std::exchange(other.event_, nullptr)) {}
  GpuEvent& operator=(GpuEvent&& other) noexcept {
    std::swap(event_, other.event_);
    return *this;
  }
  GpuEvent(const GpuEvent&) = delete;
  GpuEvent& operator=(const GpuEvent&) = delete;

  hipEvent_t get() const { return event_; }

 private:
  hipEvent_t event_ = nullptr;
};

}  // namespace gpu
}  // namespace xsb

#endif  // XSB_KERNELS_GPU_GPU_RESOURCES_H_
