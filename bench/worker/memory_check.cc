#include "bench/worker/memory_check.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// The bytes the worker may use and how to say where that figure comes from.
struct Available {
  double bytes;
  std::string phrase;  // completes "needs X of memory, ..."
};

std::optional<Available> AvailableMemory(const MemoryBudget& budget) {
  const std::string limit_flag =
      "--xsb_memory_limit_mib=" + std::to_string(budget.limit_mib);
  const double limit = static_cast<double>(budget.limit_mib) * kMiB;
  if (budget.free_bytes) {
    const double free = static_cast<double>(*budget.free_bytes);
    if (budget.limit_mib == 0 || free <= limit) {
      return Available{free, FormatBytes(free) + " are free"};
    }
    return Available{limit, "more than " + limit_flag + " allows (" +
                                FormatBytes(free) + " are free)"};
  }
  if (budget.limit_mib == 0) return std::nullopt;
  return Available{limit, "more than " + limit_flag + " allows"};
}

// "1024 -> 512 -> 256": halvings of `batch` down to the first that needs at
// most `bytes`; long chains keep their ends. Empty when even batch 1 does not
// fit.
std::string HalvingChain(const MlpShape& shape, double bytes) {
  std::vector<int> chain = {shape.batch};
  MlpShape smaller = shape;
  while (smaller.batch > 1) {
    smaller.batch /= 2;
    chain.push_back(smaller.batch);
    if (ModelMemoryBytes(smaller) <= bytes) break;
  }
  if (ModelMemoryBytes(smaller) > bytes || chain.size() < 2) return "";
  std::string text;
  for (size_t i = 0; i < chain.size(); ++i) {
    if (chain.size() > 5 && i >= 3 && i + 1 < chain.size()) {
      if (i == 3) text += " -> ...";
      continue;
    }
    text += (i == 0 ? "" : " -> ") + std::to_string(chain[i]);
  }
  return text;
}

std::string RoleName(WorkerRole role) {
  return role == WorkerRole::kHp ? "HP" : "LP";
}

std::string FlagPrefix(WorkerRole role) {
  return std::string("--xsb_") + WorkerRoleName(role) + "_";
}

std::string MemoryNoun(const MemoryBudget& budget) {
  return budget.backend == Backend::kCpu ? "memory" : "GPU memory";
}

// "; try a smaller --xsb_lp_batch (1024 -> 512 -> 256)", or the model's
// width and depth when no batch fits.
std::string Remedy(WorkerRole role, const MlpShape& shape, double bytes) {
  const std::string chain = HalvingChain(shape, bytes);
  if (!chain.empty()) {
    return "; try a smaller " + FlagPrefix(role) + "batch (" + chain + ")";
  }
  MlpShape one_row = shape;
  one_row.batch = 1;
  return "; even batch 1 needs " + FormatBytes(ModelMemoryBytes(one_row)) +
         ", so try a smaller " + FlagPrefix(role) + "hidden or " +
         FlagPrefix(role) + "layers";
}

}  // namespace

double ModelMemoryBytes(const MlpShape& shape) {
  const double layers = shape.layers;
  const double hidden = shape.hidden;
  const double batch = shape.batch;
  const double floats =
      layers * hidden * hidden + layers * hidden + 2 * batch * hidden;
  return floats * sizeof(float);
}

namespace {

// What CheckModelMemory reports; "" when the model fits.
std::string MemoryShortfall(WorkerRole role, const MlpShape& shape,
                            const MemoryBudget& budget) {
  const std::optional<Available> available = AvailableMemory(budget);
  const double need = ModelMemoryBytes(shape);
  if (!available || need <= available->bytes) return "";
  return RoleName(role) + " batch " + std::to_string(shape.batch) + " needs " +
         FormatBytes(need) + " of " + MemoryNoun(budget) + ", " +
         available->phrase + Remedy(role, shape, available->bytes);
}

}  // namespace

bool CheckModelMemory(WorkerRole role, const MlpShape& shape,
                      const MemoryBudget& budget, std::string* error) {
  std::string shortfall = MemoryShortfall(role, shape, budget);
  if (shortfall.empty()) return true;
  *error = std::move(shortfall);
  return false;
}

std::string DescribeFailedAllocation(WorkerRole role, const MlpShape& shape,
                                     const MemoryBudget& budget) {
  const double need = ModelMemoryBytes(shape);
  const std::optional<Available> available = AvailableMemory(budget);
  std::string text = RoleName(role) + " batch " + std::to_string(shape.batch) +
                     " needs " + FormatBytes(need) + " of " +
                     MemoryNoun(budget) + " and allocating it failed";
  if (budget.free_bytes) {
    text += " (" + FormatBytes(static_cast<double>(*budget.free_bytes)) +
            " free afterwards)";
  }
  // Some memory went to something else: aim below both the need and what
  // is available now, so the remedy always asks for a smaller model.
  double target = need * 0.9;
  if (available) target = std::min(target, available->bytes);
  return text + Remedy(role, shape, target);
}

}  // namespace xsb
