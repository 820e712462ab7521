#include "bench/output/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "shim_env/base/atomic_file.h"
#include "shim_env/base/text.h"

namespace xsb {
namespace {

constexpr char kOutFlag[] = "--benchmark_out=";
constexpr char kFormatFlag[] = "--benchmark_out_format=";
// Lives as long as argv: Google Benchmark keeps pointers into argv.
char kDevNullOut[] = "--benchmark_out=/dev/null";

std::unique_ptr<benchmark::BenchmarkReporter> MakeReporter(
    const std::string& format) {
  if (format == "console") {
    // Colour codes have no place in a file.
    return std::make_unique<benchmark::ConsoleReporter>(
        benchmark::ConsoleReporter::OO_Tabular);
  }
  return std::make_unique<benchmark::JSONReporter>();
}

// `line` as `"key": value` (with its trailing comma, if any), or false.
bool SplitKeyValue(const std::string& line, std::string* key,
                   std::string* value) {
  const size_t open = line.find_first_not_of(' ');
  if (open == std::string::npos || line[open] != '"') return false;
  const size_t close = line.find("\": ", open + 1);
  if (close == std::string::npos ||
      line.find_first_of("\"\\", open + 1) != close) {
    return false;
  }
  *key = line.substr(open + 1, close - open - 1);
  *value = line.substr(close + 3);
  if (!value->empty() && value->back() == ',') value->pop_back();
  return true;
}

bool IsNonFinite(const std::string& value) {
  for (const char* token : {"NaN", "-NaN", "Infinity", "-Infinity"}) {
    if (value == token) return true;
  }
  return false;
}

// The line with a value that is not finite replaced by null.
std::string StrictLine(const std::string& line) {
  std::string key;
  std::string value;
  if (!SplitKeyValue(line, &key, &value) || !IsNonFinite(value)) return line;
  const bool comma = line.back() == ',';
  return line.substr(0, line.size() - value.size() - (comma ? 1 : 0)) + "null" +
         (comma ? "," : "");
}

// Objects (each "    {\n...    }\n") as the items of a JSON array.
std::string JoinObjects(const std::vector<std::string>& objects) {
  std::string text;
  for (size_t i = 0; i < objects.size(); ++i) {
    text += objects[i];
    if (i + 1 < objects.size()) text.insert(text.size() - 1, ",");
  }
  return text;
}

}  // namespace

std::string StrictBenchmarkJson(const std::string& json) {
  std::istringstream in(json);
  std::string out;
  std::string line;
  std::vector<std::string> measured;
  std::vector<std::string> failed;
  std::string object;
  bool in_array = false;
  bool object_failed = false;
  while (std::getline(in, line)) {
    if (!in_array) {
      out += StrictLine(line) + "\n";
      in_array = line == "  \"benchmarks\": [";
    } else if (line == "    {" || !object.empty()) {
      std::string key;
      std::string value;
      if (SplitKeyValue(line, &key, &value) && key == "error_occurred" &&
          value == "true") {
        object_failed = true;
      }
      const bool end = line == "    }" || line == "    },";
      object += (end ? "    }" : StrictLine(line)) + "\n";
      if (!end) continue;
      (object_failed ? failed : measured).push_back(object);
      object.clear();
      object_failed = false;
    } else if (line == "  ]" || line == "  ],") {
      out += JoinObjects(measured) + "  ]";
      if (!failed.empty()) {
        out += ",\n  \"" + std::string(kFailedRunsKey) + "\": [\n" +
               JoinObjects(failed) + "  ]";
      }
      out += line.back() == ',' ? ",\n" : "\n";
      in_array = false;
    } else {
      out += line + "\n";  // the blank line of an empty array
    }
  }
  return out;
}

bool TakeOutputFileRequest(int argc, char** argv, OutputFileRequest* request,
                           std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (StartsWith(arg, kOutFlag)) {
      request->path = arg.substr(sizeof kOutFlag - 1);
      argv[i] = kDevNullOut;
    } else if (StartsWith(arg, kFormatFlag)) {
      request->format = arg.substr(sizeof kFormatFlag - 1);
    }
  }
  if (request->format == "csv") {
    *error =
        "--benchmark_out_format=csv: Google Benchmark deprecates its CSV "
        "reporter; use json (tools/compare.py reads it) or console";
    return false;
  }
  if (request->format != "json" && request->format != "console") {
    *error = "--benchmark_out_format: '" + request->format +
             "' is not json or console";
    return false;
  }
  if (request->path.empty()) return true;
  // Fail now rather than after an hour of measurements.
  struct stat info {};
  if (request->path.back() == '/' ||
      (stat(request->path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))) {
    *error =
        "--benchmark_out: " + request->path +
        " is a folder; name a file, e.g. --benchmark_out=" + request->path +
        (request->path.back() == '/' ? "" : "/") + "benchmark.json";
    return false;
  }
  const std::string probe = TemporaryPath(request->path, getpid());
  const int fd =
      open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "--benchmark_out: cannot write beside " + request->path + ": " +
             std::strerror(errno);
    return false;
  }
  close(fd);
  unlink(probe.c_str());
  // What an earlier run killed while it rewrote this file left behind.
  const std::string name = request->path.substr(request->path.rfind('/') + 1);
  RemoveStaleTemporaryFiles(
      ParentDirectory(request->path),
      [&name](const std::string& target) { return target == name; });
  return true;
}

OutputFileReporter::OutputFileReporter(OutputFileRequest request)
    : request_(std::move(request)) {}

bool OutputFileReporter::ReportContext(const Context& context) {
  context_ = std::make_unique<Context>(context);
  Rewrite();
  return true;
}

void OutputFileReporter::ReportRuns(const std::vector<Run>& runs) {
  runs_.insert(runs_.end(), runs.begin(), runs.end());
  Rewrite();
}

void OutputFileReporter::Finalize() { Rewrite(); }

void OutputFileReporter::Rewrite() {
  if (request_.path.empty() || context_ == nullptr) return;
  // Every run of a case says how many the case has so far: rounds come
  // one at a time (bench/output/round_reporter.h), and Google Benchmark's
  // readers expect the repetitions of a case to agree.
  std::map<std::string, int64_t> per_case;
  for (const Run& run : runs_) ++per_case[run.run_name.str()];
  for (Run& run : runs_) run.repetitions = per_case[run.run_name.str()];
  // Every rewrite is a complete document: the JSON array is closed even
  // while the run goes on, so the file parses at any moment.
  std::ostringstream text;
  auto reporter = MakeReporter(request_.format);
  reporter->SetOutputStream(&text);
  reporter->SetErrorStream(&text);
  reporter->ReportContext(*context_);
  if (!runs_.empty()) reporter->ReportRuns(runs_);
  reporter->Finalize();
  std::string error;
  const std::string document =
      request_.format == "json" ? StrictBenchmarkJson(text.str()) : text.str();
  if (!WriteFileAtomically(request_.path, document, &error) && error_.empty()) {
    error_ = error;
  }
}

}  // namespace xsb
