#include "kernels/trace/trace_model.h"

#include <chrono>
#include <thread>

namespace xsb {

TraceModel::TraceModel(std::vector<ReplayStep> plan,
                       std::unique_ptr<Spinner> spinner, Stream& stream)
    : plan_(std::move(plan)), spinner_(std::move(spinner)), stream_(stream) {}

void TraceModel::Forward() {
  for (const ReplayStep& step : plan_) {
    switch (step.kind) {
      case ReplayStepKind::kKernel:
        spinner_->Kernel(step.microseconds, step.blocks, step.kernel_kind);
        break;
      case ReplayStepKind::kSync:
        stream_.Synchronize();
        break;
      case ReplayStepKind::kHostGap:
        // The device was idle for the gap: drain it, then let the host
        // "work" by sleeping, which leaves the core to the other worker as
        // a host waiting on I/O or a lock would.
        stream_.Synchronize();
        std::this_thread::sleep_for(
            std::chrono::duration<double, std::micro>(step.microseconds));
        break;
    }
  }
}

}  // namespace xsb
