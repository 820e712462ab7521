#include "kernels/host/amd_sysfs.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <utility>

#include "kernels/host/driver_version.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

namespace fs = std::filesystem;

// A whole non-negative decimal number, or nullopt.
std::optional<int64_t> ParseCount(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  const size_t end = text.find_last_not_of(" \t\r\n");
  if (begin == std::string::npos) return std::nullopt;
  int64_t value = 0;
  for (size_t i = begin; i <= end; ++i) {
    const char c = text[i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (value > (INT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::vector<std::string> SplitList(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

std::string JoinList(const std::vector<std::string>& parts,
                     const std::string& separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

// The value of `key` in a KFD properties file ("key value" per line).
std::optional<int64_t> PropertyValue(const std::string& properties,
                                     const std::string& key) {
  std::istringstream lines(properties);
  std::string name;
  std::string value;
  while (lines >> name >> value) {
    if (name == key) return ParseCount(value);
  }
  return std::nullopt;
}

// Selects by a comma-separated list of indices, as the runtimes do: an
// empty list keeps everything, and the first index out of range ends the
// list. nullopt for an entry that is not an index (a UUID).
std::optional<std::vector<std::string>> SelectByIndex(
    const std::vector<std::string>& targets, const std::string& list) {
  if (list.empty()) return targets;
  std::vector<std::string> selected;
  for (const std::string& entry : SplitList(list, ',')) {
    const std::optional<int64_t> index = ParseCount(entry);
    if (!index) return std::nullopt;
    if (*index >= static_cast<int64_t>(targets.size())) break;
    selected.push_back(targets[static_cast<size_t>(*index)]);
  }
  return selected;
}

// "10.3.0" -> "gfx1030"; "" when it is not three numbers.
std::string OverrideTarget(const std::string& version) {
  const std::vector<std::string> parts = SplitList(version, '.');
  if (parts.size() != 3) return "";
  int64_t packed = 0;
  for (const std::string& part : parts) {
    const std::optional<int64_t> number = ParseCount(part);
    if (!number || *number > 99) return "";
    packed = packed * 100 + *number;
  }
  return GfxTargetName(packed);
}

std::string BaseTarget(const std::string& target) {
  return target.substr(0, target.find(':'));
}

// The PCI address of a DRM card: PCI_SLOT_NAME in its device's uevent.
std::string CardPciAddress(const fs::path& card) {
  std::istringstream lines(ReadTextFile((card / "device" / "uevent").string()));
  std::string line;
  while (std::getline(lines, line)) {
    if (StartsWith(line, "PCI_SLOT_NAME=")) return line.substr(14);
  }
  return "";
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(c));
  return text;
}

}  // namespace

std::string GfxTargetName(int64_t gfx_target_version) {
  const int64_t major = gfx_target_version / 10000;
  const int64_t minor = gfx_target_version / 100 % 100;
  const int64_t stepping = gfx_target_version % 100;
  if (major <= 0 || major > 99 || minor > 15 || stepping > 15) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  return "gfx" + std::to_string(major) + kHex[minor] + kHex[stepping];
}

std::vector<std::string> ReadKfdGpuTargets(const std::string& nodes_dir) {
  std::vector<std::pair<int64_t, std::string>> nodes;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(nodes_dir, error)) {
    const std::optional<int64_t> node =
        ParseCount(entry.path().filename().string());
    if (!node) continue;
    const std::optional<int64_t> version =
        PropertyValue(ReadTextFile((entry.path() / "properties").string()),
                      "gfx_target_version");
    const std::string target = version ? GfxTargetName(*version) : "";
    if (!target.empty()) nodes.emplace_back(*node, target);
  }
  std::sort(nodes.begin(), nodes.end());
  std::vector<std::string> targets;
  for (const auto& node : nodes) targets.push_back(node.second);
  return targets;
}

AmdGpuVisibility AmdGpuVisibilityFromEnvironment() {
  auto get = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value == nullptr ? "" : value);
  };
  AmdGpuVisibility visibility;
  visibility.rocr_visible_devices = get("ROCR_VISIBLE_DEVICES");
  visibility.hip_visible_devices = get("HIP_VISIBLE_DEVICES");
  if (visibility.hip_visible_devices.empty()) {
    visibility.hip_visible_devices = get("CUDA_VISIBLE_DEVICES");
  }
  visibility.hsa_override_gfx_version = get("HSA_OVERRIDE_GFX_VERSION");
  return visibility;
}

std::optional<std::vector<std::string>> VisibleAmdTargets(
    const std::vector<std::string>& all_targets,
    const AmdGpuVisibility& visibility) {
  std::optional<std::vector<std::string>> visible =
      SelectByIndex(all_targets, visibility.rocr_visible_devices);
  if (visible)
    visible = SelectByIndex(*visible, visibility.hip_visible_devices);
  const std::string forced =
      OverrideTarget(visibility.hsa_override_gfx_version);
  if (visible && !forced.empty()) {
    std::fill(visible->begin(), visible->end(), forced);
  }
  return visible;
}

bool CheckAmdTargetsCompiled(const std::vector<std::string>& visible_targets,
                             const std::string& compiled_targets,
                             std::string* error) {
  std::vector<std::string> compiled;
  for (const std::string& target : SplitList(compiled_targets, ',')) {
    if (!target.empty()) compiled.push_back(BaseTarget(target));
  }
  std::vector<std::string> missing;
  for (const std::string& target : visible_targets) {
    if (std::find(compiled.begin(), compiled.end(), target) == compiled.end() &&
        std::find(missing.begin(), missing.end(), target) == missing.end()) {
      missing.push_back(target);
    }
  }
  if (missing.empty() || compiled.empty()) return true;
  std::vector<std::string> rebuild = compiled;
  rebuild.insert(rebuild.end(), missing.begin(), missing.end());
  *error = "this machine's GPU is " + JoinList(missing, ", ") +
           " but this build has code for " + JoinList(compiled, ", ") +
           " only (the HIP runtime of ROCm 5 aborts on such a GPU); "
           "reconfigure with -DXSB_HIP_ARCHS=\"" +
           JoinList(rebuild, ";") + "\" and rebuild, or use --xsb_backend=cpu";
  return false;
}

std::optional<int64_t> DrmFreeVramBytes(const std::string& drm_dir,
                                        const std::string& pci_bus_id) {
  const std::string wanted = Lowercase(pci_bus_id);
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(drm_dir, error)) {
    const std::string name = entry.path().filename().string();
    // card0, card1, ...; not the connectors (card0-DP-1) or render nodes.
    if (!StartsWith(name, "card") || !ParseCount(name.substr(4))) continue;
    if (Lowercase(CardPciAddress(entry.path())) != wanted) continue;
    const fs::path device = entry.path() / "device";
    const std::optional<int64_t> total =
        ParseCount(ReadTextFile((device / "mem_info_vram_total").string()));
    const std::optional<int64_t> used =
        ParseCount(ReadTextFile((device / "mem_info_vram_used").string()));
    if (!total || !used || *used > *total) return std::nullopt;
    return *total - *used;
  }
  return std::nullopt;
}

int64_t AmdFreeMemoryBytes(int hip_runtime_version, int64_t hip_free_bytes,
                           std::optional<int64_t> driver_free_bytes) {
  constexpr int kHip6 = 60000000;
  if (hip_runtime_version >= kHip6 || !driver_free_bytes) {
    return hip_free_bytes;
  }
  return std::min(hip_free_bytes, *driver_free_bytes);
}

}  // namespace xsb
