#include "shim_env/plan/substitution.h"

#include <algorithm>
#include <cctype>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool IsNameChar(char c) {
  return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// At text[open] == '{': the length of "{name}", or 0 when it is no name.
size_t NameLength(std::string_view text, size_t open) {
  size_t i = open + 1;
  const std::string_view env = kEnvSubstitutionPrefix;
  if (text.substr(i, env.size()) == env) i += env.size();
  if (i >= text.size() || !IsNameStart(text[i])) return 0;
  while (i < text.size() && IsNameChar(text[i])) ++i;
  return i < text.size() && text[i] == '}' ? i + 1 - open : 0;
}

bool Lookup(const std::string& name, const SubstitutionValues& values,
            std::string* value) {
  if (StartsWith(name, kEnvSubstitutionPrefix)) {
    const char* found =
        values.getenv ? values.getenv(name.c_str() + 4) : nullptr;
    if (found == nullptr) return false;
    *value = found;
    return true;
  }
  const auto it = values.values.find(name);
  if (it == values.values.end()) return false;
  *value = it->second;
  return true;
}

}  // namespace

std::vector<std::string> SubstitutionNames(std::string_view text) {
  std::vector<std::string> names;
  for (size_t i = text.find('{'); i != std::string_view::npos;
       i = text.find('{', i + 1)) {
    const size_t length = NameLength(text, i);
    if (length == 0) continue;
    const std::string name(text.substr(i + 1, length - 2));
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

bool Substitute(std::string_view text, const SubstitutionValues& values,
                std::string* out, std::string* missing) {
  std::string result;
  size_t copied = 0;
  for (size_t i = text.find('{'); i != std::string_view::npos;
       i = text.find('{', i + 1)) {
    const size_t length = NameLength(text, i);
    if (length == 0) continue;
    const std::string name(text.substr(i + 1, length - 2));
    std::string value;
    if (!Lookup(name, values, &value)) {
      *missing = name;
      return false;
    }
    result.append(text.substr(copied, i - copied));
    result += value;
    copied = i + length;
    i = copied - 1;
  }
  result.append(text.substr(copied));
  *out = std::move(result);
  return true;
}

}  // namespace xsb
