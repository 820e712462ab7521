#include "bench/cli/model_defaults.h"

namespace xsb {

ModelShapeDefaults ModelDefaultsFor(Backend backend) {
  if (backend == Backend::kCpu) return {4, 512, 4, 512};
  // HP: batch 1 through 8 layers of 8192 x 8192 reads 2 GiB of weights per
  // request; our 16x16-tiled kernel is latency-bound there (512 K-steps of
  // about 0.4-0.5 us per layer), about 2 ms on an H100. LP: batch 1024
  // through 8 layers of 4096 x 4096 is 275 GFLOP, 23-46 ms at the 10-20 %
  // of the H100's 60 TFLOP/s fp32 that such a kernel reaches.
  return {8, 8192, 8, 4096};
}

void ApplyModelDefaults(Backend backend, SuiteOptions* options) {
  const ModelShapeDefaults defaults = ModelDefaultsFor(backend);
  auto apply = [options](const char* flag, int value, int* target) {
    if (options->given_flags.count(flag) == 0) *target = value;
  };
  apply("hp_layers", defaults.hp_layers, &options->hp.layers);
  apply("hp_hidden", defaults.hp_hidden, &options->hp.hidden);
  apply("lp_layers", defaults.lp_layers, &options->lp.layers);
  apply("lp_hidden", defaults.lp_hidden, &options->lp.hidden);
}

}  // namespace xsb
