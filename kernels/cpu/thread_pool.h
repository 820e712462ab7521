// A fixed set of host threads that run the tasks of one parallel loop at a
// time; the CPU backend's "stream".
#ifndef XSB_KERNELS_CPU_THREAD_POOL_H_
#define XSB_KERNELS_CPU_THREAD_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace xsb {

class ThreadPool {
 public:
  // `threads` counts the calling thread, which takes part in every loop.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(helpers_.size()) + 1; }

  // Runs task(i) for every i in [0, count) and returns when all have run.
  void ParallelFor(int count, const std::function<void(int)>& task);

 private:
  void HelperLoop();
  void RunTasks();

  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  const std::function<void(int)>* task_ = nullptr;
  int count_ = 0;
  int next_ = 0;
  int unfinished_ = 0;
  uint64_t generation_ = 0;
  bool stopping_ = false;
};

// Online cores, at least 1.
int OnlineCores();

}  // namespace xsb

#endif  // XSB_KERNELS_CPU_THREAD_POOL_H_
