#include "tests/gpu/gpu_requirement.h"

#include <stdlib.h>
#include <unistd.h>

#include <vector>

namespace xsb {
namespace {

struct Vendor {
  const char* backend;  // the build that drives it
  const char* name;
  std::vector<std::string> nodes;  // device nodes its kernel driver creates
};

const std::vector<Vendor>& Vendors() {
  static const std::vector<Vendor> vendors = {
      {"hip", "AMD", {"/dev/kfd"}},
      {"cuda", "NVIDIA", {"/dev/nvidiactl", "/dev/nvidia0"}},
  };
  return vendors;
}

// The first device node of `vendor` that exists, or "".
std::string FoundNode(const Vendor& vendor,
                      const std::function<bool(const std::string&)>& exists) {
  for (const std::string& node : vendor.nodes) {
    if (exists(node)) return node;
  }
  return "";
}

}  // namespace

bool GpuRequired() {
  const char* value = getenv("XSB_REQUIRE_GPU");
  return value != nullptr && std::string(value) == "1";
}

MissingGpu ExplainMissingGpu(
    const std::string& compiled, const std::string& why_not, bool required,
    const std::function<bool(const std::string& path)>& exists) {
  std::string own_node, other_node, other_name, other_backend;
  for (const Vendor& vendor : Vendors()) {
    const std::string node = FoundNode(vendor, exists);
    if (vendor.backend == compiled) {
      own_node = node;
    } else if (!node.empty()) {
      other_node = node;
      other_name = vendor.name;
      other_backend = vendor.backend;
    }
  }
  if (!own_node.empty()) {
    return {true, "the GPU's device node " + own_node + " exists but this " +
                      compiled +
                      " build could not open the GPU (a driver the runtime "
                      "does not match, or no permission on the node): " +
                      why_not};
  }
  if (!other_node.empty()) {
    return {true, "this is a " + compiled + " build but the machine has an " +
                      other_name + " GPU (" + other_node +
                      "): build with --preset " + other_backend + " (" +
                      why_not + ")"};
  }
  if (required) {
    return {true, "XSB_REQUIRE_GPU=1 and there is no GPU: " + why_not};
  }
  return {false, "no GPU: " + why_not};
}

MissingGpu ExplainMissingGpuHere(const std::string& compiled,
                                 const std::string& why_not) {
  return ExplainMissingGpu(
      compiled, why_not, GpuRequired(),
      [](const std::string& path) { return access(path.c_str(), F_OK) == 0; });
}

}  // namespace xsb
