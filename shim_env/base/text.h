// The one home of the project's string and number formatting, and of the
// enum <-> name tables: every enum that appears in flags, messages or case
// names is spelled through an EnumNames table, so parse and print can never
// disagree.
#ifndef XSB_SHIM_ENV_BASE_TEXT_H_
#define XSB_SHIM_ENV_BASE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xsb {

inline bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "%g" without its six-digit limit: 10, 0.5, 1e-05, 1000000.
std::string FormatNumber(double value);
// "0.5 s", "12 s", "180 s": for messages and progress lines.
std::string FormatSeconds(double seconds);
// The same in milliseconds: "0.125 ms", "40.5 ms", "6158 ms".
std::string FormatMilliseconds(double ms);
// A duration for people, rounded to what matters: "45 s", "2 min 05 s",
// "1 h 02 min".
std::string FormatDuration(double seconds);
// "512.0 MiB", "6.5 GiB": memory sizes in messages.
std::string FormatBytes(double bytes);

// Splits a command line into words as a shell would, without running one:
// words are separated by blanks; '...' keeps everything literally, "..."
// keeps everything but \" and \\, and a backslash outside quotes keeps the
// next character. No expansion of any kind. False with *error on an
// unterminated quote or a trailing backslash.
bool SplitCommandWords(std::string_view text, std::vector<std::string>* words,
                       std::string* error);
// The words back as one line a shell splits the same way: a word with
// anything but letters, digits and -_=.,:/+@% (or an empty one) is
// single-quoted.
std::string JoinCommandWords(const std::vector<std::string>& words);

// One row of an enum's name table.
template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

// The name of `value` in `table`, or "?" for a value the table lacks.
template <typename Enum, size_t N>
const char* EnumToName(const EnumName<Enum> (&table)[N], Enum value) {
  for (const EnumName<Enum>& row : table) {
    if (row.value == value) return row.name;
  }
  return "?";
}

// Sets *out and returns true when `text` is a name in `table`; leaves *out
// alone otherwise.
template <typename Enum, size_t N>
bool NameToEnum(const EnumName<Enum> (&table)[N], std::string_view text,
                Enum* out) {
  for (const EnumName<Enum>& row : table) {
    if (text == row.name) {
      *out = row.value;
      return true;
    }
  }
  return false;
}

// "a, b, c" (or with another separator): for --help and error messages.
template <typename Enum, size_t N>
std::string EnumNameList(const EnumName<Enum> (&table)[N],
                         const char* separator = ", ") {
  std::string list;
  for (const EnumName<Enum>& row : table) {
    if (!list.empty()) list += separator;
    list += row.name;
  }
  return list;
}

}  // namespace xsb

#endif  // XSB_SHIM_ENV_BASE_TEXT_H_
