// {name} substitutions in scheduler files: what names a text uses, and the
// text with them filled in. A brace that does not open a name ("{3}", "{ ",
// "{1,2}" in a regular expression) is left as it is.
#ifndef XSB_SHIM_ENV_PLAN_SUBSTITUTION_H_
#define XSB_SHIM_ENV_PLAN_SUBSTITUTION_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace xsb {

// The prefix of a name read from xsb_bench's environment: {env:HOME}.
inline constexpr char kEnvSubstitutionPrefix[] = "env:";

struct SubstitutionValues {
  std::map<std::string, std::string> values;  // name -> value
  // For {env:NAME}: the variable's value, or null when it is unset.
  std::function<const char*(const char*)> getenv;
};

// The names `text` uses, in order of appearance, each once: "state_dir",
// "env:XSCHED_ROOT". A name is a letter or '_' followed by letters, digits
// and '_', optionally prefixed by "env:".
std::vector<std::string> SubstitutionNames(std::string_view text);

// `text` with every {name} replaced. False with *missing naming the first
// name without a value ("env:X" for an unset variable).
bool Substitute(std::string_view text, const SubstitutionValues& values,
                std::string* out, std::string* missing);

}  // namespace xsb

#endif  // XSB_SHIM_ENV_PLAN_SUBSTITUTION_H_
