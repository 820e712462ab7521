#include "kernels/exec/exec_model.h"

#include "shim_env/base/monotonic_time.h"

namespace xsb {
namespace {

// The program synchronises before it answers: nothing is left to wait for.
class AnsweredStream : public Stream {
 public:
  void Synchronize() override {}
};

// Work "on the stream" is a request the host waits for, so the host clock
// times it.
class HostClockTimer : public StreamTimer {
 public:
  void Start() override { start_ns_ = MonotonicNowNs(); }
  void Stop() override { stop_ns_ = MonotonicNowNs(); }
  double ElapsedMs() override { return (stop_ns_ - start_ns_) / 1e6; }

 private:
  int64_t start_ns_ = 0;
  int64_t stop_ns_ = 0;
};

}  // namespace

std::unique_ptr<ExecModel> ExecModel::Start(const ExecSettings& settings) {
  std::string error;
  std::unique_ptr<ExecProgram> program = ExecProgram::Start(settings, &error);
  ExecReady ready;
  if (program == nullptr || !program->AwaitReady(&ready, &error)) {
    throw DeviceError(error);
  }
  return std::unique_ptr<ExecModel>(new ExecModel(std::move(program), ready));
}

ExecModel::ExecModel(std::unique_ptr<ExecProgram> program,
                     const ExecReady& ready)
    : program_(std::move(program)), ready_(ready) {
  shape_.layers = 0;
  shape_.hidden = 0;
  shape_.batch = ready.batch;
}

void ExecModel::Forward() {
  std::string error;
  if (!program_->Forward(&error)) throw DeviceError(error);
}

ExecDevice::ExecDevice(Backend backend, const ExecReady& ready) {
  info_.backend = backend;
  info_.name = ready.device;
}

std::unique_ptr<Stream> ExecDevice::CreateStream(const StreamOptions&) {
  return std::make_unique<AnsweredStream>();
}

std::unique_ptr<Model> ExecDevice::CreateModel(const MlpShape&, uint64_t,
                                               Stream&) {
  throw DeviceError("an exec model's device runs only that program's model");
}

std::unique_ptr<StreamTimer> ExecDevice::CreateTimer(Stream&) {
  return std::make_unique<HostClockTimer>();
}

std::unique_ptr<Spinner> ExecDevice::CreateSpinner(Stream&) {
  throw DeviceError("an exec model's device has no spin kernels");
}

}  // namespace xsb
