#include "shim_env/sched/activation_proof.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "shim_env/base/last_lines.h"
#include "shim_env/base/monotonic_time.h"
#include "shim_env/base/proc_maps.h"
#include "shim_env/sched/command.h"

namespace xsb {
namespace {

constexpr size_t kQuotedLineChars = 160;
constexpr int64_t kRetryPauseNs = 50'000'000;

std::string Quoted(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > kQuotedLineChars) {
    line = line.substr(0, kQuotedLineChars) + "...";
  }
  return "\"" + line + "\"";
}

std::string Resolved(const std::string& path) {
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) != nullptr ? resolved : path;
}

// What one check found: evidence on success, else why not; `retry` when
// another process may yet write what was missing.
struct Finding {
  bool ok = true;
  bool retry = false;
  std::string evidence;
  std::string error;
};

void Add(Finding* total, const Finding& part) {
  if (!total->ok) return;
  if (!part.ok) {
    *total = part;
    return;
  }
  if (part.evidence.empty()) return;
  total->evidence += (total->evidence.empty() ? "" : "; ") + part.evidence;
}

Finding CheckMapped(const std::vector<std::string>& paths, pid_t pid) {
  Finding finding;
  if (paths.empty()) return finding;
  const std::vector<std::string> mapped = MappedPaths(ReadProcessMaps(pid));
  for (const std::string& path : paths) {
    const std::string resolved = Resolved(path);
    if (std::find(mapped.begin(), mapped.end(), resolved) == mapped.end()) {
      finding.ok = false;
      finding.error = "fails its proof: " + resolved +
                      " is not mapped in its process (/proc/" +
                      std::to_string(pid) + "/maps has " +
                      std::to_string(mapped.size()) +
                      " files, that one not); its result would be a baseline";
      return finding;
    }
    Add(&finding, Finding{true, false, "mapped " + resolved, ""});
  }
  return finding;
}

// `source` names the text in messages: "its stderr", "the daemon's log".
Finding CheckText(const std::string& source, const std::string& label,
                  const std::string& text, const TextCheck& check, bool retry) {
  Finding finding;
  for (const std::string& pattern : check.must) {
    std::string line;
    if (!FindMatchingLine(text, std::regex(pattern), &line)) {
      const std::string tail = LastLines(text, 3);
      return Finding{false, retry, "",
                     "fails its proof: " + source + " has no line matching " +
                         Quoted(pattern) +
                         (tail.empty() ? " (it is empty)"
                                       : " (its last lines: " + tail + ")")};
    }
    Add(&finding, Finding{true, false, label + " " + Quoted(line), ""});
  }
  for (const std::string& pattern : check.must_not) {
    std::string line;
    if (FindMatchingLine(text, std::regex(pattern), &line)) {
      return Finding{false, false, "",
                     "fails its proof: " + source + " says " + Quoted(line) +
                         ", which must not appear (it matches " +
                         Quoted(pattern) + ")"};
    }
  }
  return finding;
}

std::string ReadWhole(const std::string& path, bool* exists) {
  std::ifstream file(path);
  *exists = static_cast<bool>(file);
  return std::string(std::istreambuf_iterator<char>(file),
                     std::istreambuf_iterator<char>());
}

Finding CheckCommand(const CommandCheck& command, const ProofContext& context) {
  CommandOutcome outcome;
  std::string error;
  if (!RunCommand(command.run, context.command_env, context.command_timeout_s,
                  &outcome, &error)) {
    return Finding{false, false, "", "fails its proof: " + error};
  }
  if (!Succeeded(outcome)) {
    return Finding{
        false, true, "",
        "fails its proof: " +
            DescribeOutcome(command.run, outcome, context.command_timeout_s)};
  }
  return CheckText(QuoteCommand(command.run) + "'s output",
                   QuoteCommand(command.run), outcome.output, command.text,
                   true);
}

// Everything but the mapped files, once.
Finding CheckOnce(const ProofSpec& proof, const ProofContext& context) {
  Finding total;
  Add(&total, CheckText("its stderr", "stderr", context.worker_stderr,
                        proof.stderr_text, false));
  if (context.daemon_log) {
    Add(&total, CheckText("the daemon's log", "daemon log",
                          context.daemon_log(), proof.daemon_log, true));
  }
  for (const FileCheck& file : proof.files) {
    bool exists = false;
    const std::string text = ReadWhole(file.path, &exists);
    if (!exists && !file.text.must.empty()) {
      Add(&total, Finding{false, true, "",
                          "fails its proof: " + file.path + " does not exist"});
    }
    Add(&total, CheckText(file.path, file.path.substr(file.path.rfind('/') + 1),
                          text, file.text, true));
  }
  for (const CommandCheck& command : proof.commands) {
    if (total.ok) Add(&total, CheckCommand(command, context));
  }
  return total;
}

}  // namespace

bool FindMatchingLine(const std::string& text, const std::regex& regex,
                      std::string* line) {
  std::istringstream lines(text);
  std::string candidate;
  while (std::getline(lines, candidate)) {
    if (std::regex_search(candidate, regex)) {
      *line = candidate;
      return true;
    }
  }
  return false;
}

bool CheckProof(const ProofSpec& proof, const ProofContext& context,
                std::string* evidence, std::string* error) {
  Finding total = CheckMapped(proof.mapped, context.pid);
  if (total.ok) {
    const int64_t deadline = MonotonicNowNs() + SecondsToNs(context.wait_s);
    Finding rest = CheckOnce(proof, context);
    while (!rest.ok && rest.retry && MonotonicNowNs() < deadline) {
      const timespec pause{0, kRetryPauseNs};
      nanosleep(&pause, nullptr);
      rest = CheckOnce(proof, context);
    }
    Add(&total, rest);
  }
  if (!total.ok) {
    *error = total.error;
    return false;
  }
  *evidence = total.evidence;
  return true;
}

}  // namespace xsb
