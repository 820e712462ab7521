#include "bench/cli/flag_setters.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <utility>

namespace xsb {

bool ToDouble(const std::string& text, double* out, std::string* error) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) {
    *error = "'" + text + "' is not a number";
    return false;
  }
  *out = v;
  return true;
}

bool ToInt(const std::string& text, long min, long* out, std::string* error) {
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    *error = "'" + text + "' is not a whole number";
    return false;
  }
  if (errno != 0 || v > kMaxWhole) {
    *error = "must be <= " + std::to_string(kMaxWhole) + ", got " + text;
    return false;
  }
  if (v < min) {
    *error = "must be >= " + std::to_string(min) + ", got " + text;
    return false;
  }
  *out = v;
  return true;
}

bool ToSeconds(const std::string& text, bool zero_allowed, double* out,
               std::string* error) {
  constexpr double kMaxSeconds = 1e6;
  double v;
  if (!ToDouble(text, &v, error)) return false;
  if (zero_allowed ? v < 0 : v <= 0) {
    *error = std::string("must be ") + (zero_allowed ? ">= 0" : "> 0") +
             ", got " + text;
    return false;
  }
  if (v > kMaxSeconds) {
    *error = "must be <= 1000000 s, got " + text;
    return false;
  }
  *out = v;
  return true;
}

Setter Seconds(double* target, bool zero_allowed) {
  return [target, zero_allowed](const std::string& text, std::string* error) {
    return ToSeconds(text, zero_allowed, target, error);
  };
}

Setter OptionalSeconds(std::optional<double>* target, bool zero_allowed) {
  return [target, zero_allowed](const std::string& text, std::string* error) {
    double v;
    if (!ToSeconds(text, zero_allowed, &v, error)) return false;
    *target = v;
    return true;
  };
}

Setter Bool(bool* target) {
  return [target](const std::string& v, std::string* error) {
    if (v != "true" && v != "false") {
      *error = "'" + v + "' is not true or false";
      return false;
    }
    *target = v == "true";
    return true;
  };
}

Setter ExecutableFile(std::string* target) {
  return [target](const std::string& text, std::string* error) {
    *target = text;
    return CheckExecutableFile(text, error);
  };
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

Setter NameList(std::vector<std::string>* target, const std::string& kind,
                std::function<bool(const std::string&)> known,
                const std::string& known_names) {
  return [=](const std::string& text, std::string* error) {
    *target = SplitList(text);
    for (const std::string& name : *target) {
      if (!known(name)) {
        *error =
            "unknown " + kind + " '" + name + "' (known: " + known_names + ")";
        return false;
      }
    }
    *error = target->empty() ? "names no " + kind : RepeatedValue(*target);
    return error->empty();
  };
}

Setter PositiveList(std::vector<int64_t>* target) {
  return [target](const std::string& text, std::string* error) {
    std::vector<int64_t> values;
    for (const std::string& item : SplitList(text)) {
      long v;
      if (!ToInt(item, 1, &v, error)) return false;
      values.push_back(v);
    }
    if (values.empty()) {
      *error = "names no value";
      return false;
    }
    *error = RepeatedValue(values);
    if (!error->empty()) return false;
    *target = values;
    return true;
  };
}

}  // namespace xsb
