#include "bench/orchestrate/streamed_samples.h"

namespace xsb {

bool AddStreamedSamples(const ProgressMessage& progress, int64_t* streamed,
                        std::string* error) {
  *streamed += static_cast<int64_t>(progress.requests.size() +
                                    progress.completions_ns.size());
  if (*streamed <= progress.completed) return true;
  *error = "broke the protocol: its progress messages carried " +
           std::to_string(*streamed) +
           " samples in all, but it has completed " +
           std::to_string(progress.completed) +
           ": it re-sent samples it had sent before";
  return false;
}

}  // namespace xsb
