#include "bench/cases/case_filter.h"

#include <regex>

#include "bench/cases/fixtures.h"

namespace xsb {

bool MakeFilterMatcher(std::string filter, NameMatcher* matcher) {
  if (filter.empty() || filter == "all") filter = ".";
  const bool negative = filter[0] == '-';
  if (negative) filter.erase(0, 1);
  try {
    const std::regex re(filter, std::regex::extended);
    *matcher = [re, negative](const std::string& name) {
      return std::regex_search(name + kRegisteredNameSuffix, re) != negative;
    };
  } catch (const std::regex_error&) {
    return false;
  }
  return true;
}

}  // namespace xsb
