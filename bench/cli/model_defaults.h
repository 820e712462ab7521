// The models' default depth and width per backend, resolved once the probe
// has said which backend the workers use. A GPU needs far bigger models than
// the CPU for an HP request and an LP iteration to take the times the
// reference test plan implies; docs/user-guide.md gives the arithmetic
// behind the GPU figures, which are estimates not yet measured on a GPU.
#ifndef XSB_BENCH_CLI_MODEL_DEFAULTS_H_
#define XSB_BENCH_CLI_MODEL_DEFAULTS_H_

#include <string>

#include "bench/cli/suite_options.h"
#include "kernels/workload.h"

namespace xsb {

struct ModelShapeDefaults {
  int hp_layers;
  int hp_hidden;
  int lp_layers;
  int lp_hidden;
};

// "cpu": 4 x 512 for both models. "hip" and "cuda": HP 8 x 8192, about
// 2 ms per batch-1 request, and LP 8 x 4096, tens of ms per batch-1024
// iteration, on an NVIDIA H100 (estimated).
ModelShapeDefaults ModelDefaultsFor(Backend backend);

// Sets --xsb_{hp,lp}_{layers,hidden} to the backend's defaults, except those
// in options->given_flags: the user's flags always win.
void ApplyModelDefaults(Backend backend, SuiteOptions* options);

}  // namespace xsb

#endif  // XSB_BENCH_CLI_MODEL_DEFAULTS_H_
