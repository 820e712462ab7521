// The replay as a Model: Forward runs one pass of a ReplayPlan on a
// Spinner's kernels; the copies are the trace's own rows, so CopyIn and
// CopyOut do nothing. Backend-independent: needs only the workload API.
#ifndef XSB_KERNELS_TRACE_TRACE_MODEL_H_
#define XSB_KERNELS_TRACE_TRACE_MODEL_H_

#include <memory>
#include <vector>

#include "kernels/trace/replay_plan.h"
#include "kernels/workload.h"

namespace xsb {

class TraceModel : public Model {
 public:
  // `spinner` runs on `stream`, which outlives the model.
  TraceModel(std::vector<ReplayStep> plan, std::unique_ptr<Spinner> spinner,
             Stream& stream);
  const MlpShape& shape() const override { return shape_; }
  std::vector<float>& input() override { return input_; }
  void StageInput() override {}
  void CopyIn() override {}
  void Forward() override;
  void CopyOut() override {}
  const std::vector<float>& output() const override { return output_; }

 private:
  std::vector<ReplayStep> plan_;
  std::unique_ptr<Spinner> spinner_;
  Stream& stream_;
  MlpShape shape_{0, 0, 1};
  std::vector<float> input_;
  std::vector<float> output_;
};

}  // namespace xsb

#endif  // XSB_KERNELS_TRACE_TRACE_MODEL_H_
