// The pieces xsb_bench's flags are made of: a flag is a name, a hint for
// --help and a setter that parses and checks one value, saying why it is
// bad in one line. Shared by the --xsb_* and --xsched_* families.
#ifndef XSB_BENCH_CLI_FLAG_SETTERS_H_
#define XSB_BENCH_CLI_FLAG_SETTERS_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "shim_env/base/program_path.h"

namespace xsb {

// Parses `text` into its target; false with *error (one line) when bad.
using Setter = std::function<bool(const std::string& text, std::string* error)>;

struct Flag {
  const char* name;        // without the family's prefix
  std::string value_help;  // what --help shows after '='
  Setter set;
};

// Whole numbers are bounded so every count, size and port stays far from
// overflow once multiplied.
constexpr long kMaxWhole = 1'000'000'000;

bool ToDouble(const std::string& text, double* out, std::string* error);
// A whole number in [min, kMaxWhole].
bool ToInt(const std::string& text, long min, long* out, std::string* error);
// Seconds: > 0 (>= 0 when zero_allowed), at most 1e6 so nanoseconds never
// overflow.
bool ToSeconds(const std::string& text, bool zero_allowed, double* out,
               std::string* error);

Setter Seconds(double* target, bool zero_allowed = false);
Setter OptionalSeconds(std::optional<double>* target, bool zero_allowed);
Setter Bool(bool* target);

// A path to an executable file (CheckExecutableFile).
Setter ExecutableFile(std::string* target);

// A whole number in [min, max] into an int or int64_t.
template <typename T>
Setter IntInRange(T* target, long min, long max = kMaxWhole) {
  return [target, min, max](const std::string& text, std::string* error) {
    long v;
    if (!ToInt(text, min, &v, error)) return false;
    if (v > max) {
      *error = "must be <= " + std::to_string(max) + ", got " + text;
      return false;
    }
    *target = static_cast<T>(v);
    return true;
  };
}

// "a,b,c" -> {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> SplitList(const std::string& text);

// A list of names, each accepted by `known` (whose names are listed in
// `known_names` for the error); at least one, none twice. `kind` names one
// item in messages, e.g. "scenario".
Setter NameList(std::vector<std::string>* target, const std::string& kind,
                std::function<bool(const std::string&)> known,
                const std::string& known_names);

// A list of whole numbers >= 1, e.g. "4,8,16"; at least one, none twice.
Setter PositiveList(std::vector<int64_t>* target);

// "8 appears twice" (quoted for names) for the first value listed more than
// once, or "": a second case of the same name would pass for a repetition.
template <typename T>
std::string RepeatedValue(const std::vector<T>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const auto count = std::count(values.begin(), values.end(), values[i]);
    if (count < 2) continue;
    std::string value;
    if constexpr (std::is_same_v<T, std::string>) {
      value = "'" + values[i] + "'";
    } else {
      value = std::to_string(values[i]);
    }
    return value + " appears " +
           (count == 2 ? "twice" : std::to_string(count) + " times");
  }
  return "";
}

}  // namespace xsb

#endif  // XSB_BENCH_CLI_FLAG_SETTERS_H_
