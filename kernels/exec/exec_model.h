// A user's program as the worker's Model (kernels/workload.h): Forward
// sends one request and returns when the program says it completed, so the
// worker times it like any model. The program owns its device; the worker
// sees it through ExecDevice, whose stream has nothing to wait for (the
// program synchronises before it answers) and whose timer is the host
// clock.
#ifndef XSB_KERNELS_EXEC_EXEC_MODEL_H_
#define XSB_KERNELS_EXEC_EXEC_MODEL_H_

#include <memory>
#include <string>
#include <vector>

#include "kernels/exec/exec_program.h"
#include "kernels/workload.h"

namespace xsb {

class ExecModel : public Model {
 public:
  // Starts the program and waits for its ready line. Throws DeviceError
  // (one line naming the program) when it cannot start or fails first.
  static std::unique_ptr<ExecModel> Start(const ExecSettings& settings);

  const MlpShape& shape() const override { return shape_; }
  std::vector<float>& input() override { return input_; }
  // The program holds its own input: nothing to stage or copy.
  void StageInput() override {}
  void CopyIn() override {}
  // One request; throws DeviceError when the program fails, ends or breaks
  // the protocol.
  void Forward() override;
  void CopyOut() override {}
  const std::vector<float>& output() const override { return output_; }

  const ExecReady& ready() const { return ready_; }
  ExecProgram& program() { return *program_; }

 private:
  ExecModel(std::unique_ptr<ExecProgram> program, const ExecReady& ready);

  std::unique_ptr<ExecProgram> program_;
  ExecReady ready_;
  MlpShape shape_;
  std::vector<float> input_;
  std::vector<float> output_;
};

// The device an exec model runs on, as its program described it: Info
// names it; streams have nothing to synchronise, timers read the host
// clock; it builds no model or spinner of its own (DeviceError).
class ExecDevice : public Device {
 public:
  ExecDevice(Backend backend, const ExecReady& ready);
  DeviceInfo Info() const override { return info_; }
  std::optional<int64_t> FreeMemoryBytes() const override {
    return std::nullopt;
  }
  std::unique_ptr<Stream> CreateStream(const StreamOptions& opts) override;
  std::unique_ptr<Model> CreateModel(const MlpShape& shape, uint64_t seed,
                                     Stream& stream) override;
  std::unique_ptr<StreamTimer> CreateTimer(Stream& stream) override;
  std::unique_ptr<Spinner> CreateSpinner(Stream& stream) override;

 private:
  DeviceInfo info_;
};

}  // namespace xsb

#endif  // XSB_KERNELS_EXEC_EXEC_MODEL_H_
