#include "shim_env/base/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xsb {

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 100 ? "%.3g s" : "%.0f s",
                seconds);
  return text;
}

std::string FormatMilliseconds(double ms) {
  // FormatSeconds' digits, its unit's "s" replaced.
  const std::string text = FormatSeconds(ms);
  return text.substr(0, text.size() - 1) + "ms";
}

std::string FormatDuration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[48];
  if (total < 60) {
    std::snprintf(text, sizeof text, "%ld s", total);
  } else if (total < 3600) {
    std::snprintf(text, sizeof text, "%ld min %02ld s", total / 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld h %02ld min", total / 3600,
                  total % 3600 / 60);
  }
  return text;
}

std::string FormatBytes(double bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  constexpr double kGiB = 1024.0 * kMiB;
  char text[48];
  if (bytes >= kGiB) {
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / kGiB);
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / kMiB);
  }
  return text;
}

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// The word that starts at text[*i] (not a blank), up to the next unquoted
// blank; *i ends past it.
bool NextWord(std::string_view text, size_t* i, std::string* word,
              std::string* error) {
  char quote = 0;  // the open quote, or 0
  for (; *i < text.size(); ++*i) {
    const char c = text[*i];
    if (quote == 0 && IsBlank(c)) break;
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    } else if (c == '\\' && quote != '\'' &&
               (quote == 0 ||
                (*i + 1 < text.size() &&
                 (text[*i + 1] == '"' || text[*i + 1] == '\\')))) {
      if (++*i == text.size()) {
        *error = "ends in a backslash";
        return false;
      }
      *word += text[*i];
    } else {
      *word += c;
    }
  }
  if (quote != 0) {
    *error = std::string("has an unterminated ") + quote + " quote";
    return false;
  }
  return true;
}

}  // namespace

bool SplitCommandWords(std::string_view text, std::vector<std::string>* words,
                       std::string* error) {
  std::vector<std::string> found;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsBlank(text[i])) ++i;
    if (i == text.size()) break;
    std::string word;
    if (!NextWord(text, &i, &word, error)) return false;
    found.push_back(std::move(word));
  }
  *words = std::move(found);
  return true;
}

std::string JoinCommandWords(const std::vector<std::string>& words) {
  constexpr char kPlain[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      "-_=.,:/+@%";
  std::string line;
  for (const std::string& word : words) {
    if (!line.empty()) line += ' ';
    if (!word.empty() && word.find_first_not_of(kPlain) == std::string::npos) {
      line += word;
      continue;
    }
    line += '\'';
    for (char c : word)
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += '\'';
  }
  return line;
}

}  // namespace xsb
