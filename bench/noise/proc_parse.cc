#include "bench/noise/proc_parse.h"

#include <charconv>
#include <cstdlib>
#include <vector>

namespace xsb {
namespace {

// The whitespace-separated fields of `text`.
std::vector<std::string_view> Fields(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) {
      ++i;
    }
    const size_t begin = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' &&
           text[i] != '\n') {
      ++i;
    }
    if (i > begin) fields.push_back(text.substr(begin, i - begin));
  }
  return fields;
}

bool ToInt(std::string_view field, int64_t* value) {
  const char* end = field.data() + field.size();
  const auto result = std::from_chars(field.data(), end, *value);
  return result.ec == std::errc() && result.ptr == end;
}

}  // namespace

bool ParseCpuTimes(std::string_view text, CpuTimes* times, std::string* error) {
  size_t line_begin = 0;
  while (line_begin < text.size() && text.substr(line_begin, 4) != "cpu ") {
    const size_t next = text.find('\n', line_begin);
    if (next == std::string_view::npos) break;
    line_begin = next + 1;
  }
  if (text.substr(line_begin, 4) != "cpu ") {
    *error = "/proc/stat: no 'cpu' line";
    return false;
  }
  const size_t line_end = text.find('\n', line_begin);
  const std::vector<std::string_view> fields =
      Fields(text.substr(line_begin, line_end - line_begin));
  // cpu user nice system idle iowait irq softirq steal [guest guest_nice]
  int64_t* const targets[] = {&times->user,    &times->nice,   &times->system,
                              &times->idle,    &times->iowait, &times->irq,
                              &times->softirq, &times->steal};
  constexpr size_t kNeeded = sizeof targets / sizeof targets[0];
  if (fields.size() < kNeeded + 1) {
    *error = "/proc/stat: the 'cpu' line has " +
             std::to_string(fields.size() - 1) + " fields, not at least " +
             std::to_string(kNeeded) + " (user .. steal)";
    return false;
  }
  for (size_t i = 0; i < kNeeded; ++i) {
    if (!ToInt(fields[i + 1], targets[i])) {
      *error = "/proc/stat: 'cpu' field " + std::to_string(i + 1) + " is '" +
               std::string(fields[i + 1]) + "', not a number";
      return false;
    }
  }
  return true;
}

bool ParseProcessStat(std::string_view text, ProcessTimes* times,
                      std::string* error) {
  const size_t open = text.find('(');
  const size_t close = text.rfind(')');
  const std::vector<std::string_view> head =
      Fields(text.substr(0, open == std::string_view::npos ? 0 : open));
  if (close == std::string_view::npos || close < open || head.size() != 1 ||
      !ToInt(head[0], &times->pid)) {
    *error = "/proc/<pid>/stat: no 'pid (comm)' at the start";
    return false;
  }
  // After the ')': field 3 (state) is rest[0], so field k is rest[k - 3].
  const std::vector<std::string_view> rest = Fields(text.substr(close + 1));
  struct Wanted {
    int field;
    int64_t* value;
  };
  const Wanted wanted[] = {{4, &times->ppid},    {14, &times->utime},
                           {15, &times->stime},  {16, &times->cutime},
                           {17, &times->cstime}, {22, &times->start_ticks}};
  for (const Wanted& w : wanted) {
    const size_t index = static_cast<size_t>(w.field - 3);
    if (index >= rest.size() || !ToInt(rest[index], w.value)) {
      *error = "/proc/" + std::to_string(times->pid) + "/stat: field " +
               std::to_string(w.field) + " is missing or not a number";
      return false;
    }
  }
  return true;
}

bool ParseLoadAverage(std::string_view text, double* one_minute,
                      std::string* error) {
  const std::vector<std::string_view> fields = Fields(text);
  if (!fields.empty()) {
    const std::string first(fields[0]);
    char* end = nullptr;
    const double value = std::strtod(first.c_str(), &end);
    if (end == first.c_str() + first.size() && value >= 0) {
      *one_minute = value;
      return true;
    }
  }
  *error = "/proc/loadavg: the first field is not a load average";
  return false;
}

}  // namespace xsb
