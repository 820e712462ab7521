// Move-only owners of GPU runtime resources. Allocation failures throw
// xsb::DeviceError; release errors are ignored because destructors must not
// throw and there is nothing useful to do with them during teardown.
#ifndef XSB_KERNELS_GPU_GPU_RESOURCES_H_
#define XSB_KERNELS_GPU_GPU_RESOURCES_H_

#include <cstddef>
#include <utility>

#include "kernels/gpu/gpu_check.h"
#include "kernels/gpu/gpu_runtime.h"

namespace xsb {
namespace gpu {

// `count` elements of T in device memory.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) : count_(count) {
    // hipMalloc(0) may return either nullptr or a pointer; keep it nullptr.
    if (count == 0) return;
    void* ptr = nullptr;
    XSB_GPU_CHECK(hipMalloc(&ptr, count * sizeof(T)));
    ptr_ = static_cast<T*>(ptr);
  }
  ~DeviceBuffer() {
    if (ptr_ != nullptr) (void)hipFree(ptr_);
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : ptr_(std::exchange(other.ptr_, nullptr)),
        count_(std::exchange(other.count_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(count_, other.count_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* get() const { return ptr_; }
  size_t count() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* ptr_ = nullptr;
  size_t count_ = 0;
};

// `count` elements of T in page-locked host memory, so asynchronous copies
// really are asynchronous and do not stall the calling thread.
template <typename T>
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  explicit PinnedBuffer(size_t count) : count_(count) {
    if (count == 0) return;
    void* ptr = nullptr;
    XSB_GPU_CHECK(hipHostMalloc(&ptr, count * sizeof(T), hipHostMallocDefault));
    ptr_ = static_cast<T*>(ptr);
  }
  ~PinnedBuffer() {
    if (ptr_ != nullptr) (void)hipHostFree(ptr_);
  }
  PinnedBuffer(PinnedBuffer&& other) noexcept
      : ptr_(std::exchange(other.ptr_, nullptr)),
        count_(std::exchange(other.count_, 0)) {}
  PinnedBuffer& operator=(PinnedBuffer&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(count_, other.count_);
    return *this;
  }
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;

  T* get() const { return ptr_; }
  size_t count() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* ptr_ = nullptr;
  size_t count_ = 0;
};

// An event used only for ordering, so timing is disabled (it is cheaper).
class GpuEvent {
 public:
  GpuEvent() {
    XSB_GPU_CHECK(hipEventCreateWithFlags(&event_, hipEventDisableTiming));
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
