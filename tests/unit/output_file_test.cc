#include "bench/output/output_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fakes/process_table.h"

namespace xsb {
namespace {

// argv as main gets it; the strings stay alive for the test.
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : args_(std::move(args)) {
    pointers_.push_back(const_cast<char*>("xsb_bench"));
    for (std::string& arg : args_) pointers_.push_back(arg.data());
    pointers_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(pointers_.size()) - 1; }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<char*> pointers_;
};

TEST(TakeOutputFileRequestTest, WithoutOutFlagNothingChanges) {
  Argv argv({"--benchmark_filter=x"});
  OutputFileRequest request;
  std::string error;
  ASSERT_TRUE(TakeOutputFileRequest(argv.argc(), argv.argv(), &request, &error))
      << error;
  EXPECT_TRUE(request.path.empty());
  EXPECT_STREQ(argv.argv()[1], "--benchmark_filter=x");
}

TEST(TakeOutputFileRequestTest, RedirectsGoogleBenchmarkToDevNull) {
  Argv argv({"--benchmark_out=/tmp/xsb_out.json", "--benchmark_out_format=json",
             "--benchmark_filter=x"});
  OutputFileRequest request;
  std::string error;
  ASSERT_TRUE(TakeOutputFileRequest(argv.argc(), argv.argv(), &request, &error))
      << error;
  EXPECT_EQ(request.path, "/tmp/xsb_out.json");
  EXPECT_EQ(request.format, "json");
  EXPECT_STREQ(argv.argv()[1], "--benchmark_out=/dev/null");
  EXPECT_STREQ(argv.argv()[3], "--benchmark_filter=x");
}

TEST(TakeOutputFileRequestTest, RejectsCsvAndUnknownFormats) {
  for (const char* format : {"csv", "xml"}) {
    Argv argv({std::string("--benchmark_out_format=") + format});
    OutputFileRequest request;
    std::string error;
    EXPECT_FALSE(
        TakeOutputFileRequest(argv.argc(), argv.argv(), &request, &error));
    EXPECT_EQ(error.rfind("--benchmark_out_format", 0), 0u) << error;
  }
}

TEST(TakeOutputFileRequestTest, UnwritablePathFailsBeforeAnyCase) {
  Argv argv({"--benchmark_out=/nonexistent/dir/out.json"});
  OutputFileRequest request;
  std::string error;
  EXPECT_FALSE(
      TakeOutputFileRequest(argv.argc(), argv.argv(), &request, &error));
  EXPECT_EQ(error,
            "--benchmark_out: cannot write beside "
            "/nonexistent/dir/out.json: No such file or directory");
}

// A run SIGKILLed while it rewrote the file left its temporary file; the
// next run's start-up removes it, and never a running process's.
TEST(TakeOutputFileRequestTest, RemovesTemporaryFilesOfKilledRuns) {
  char dir[] = "/tmp/xsb_output_file_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string out = std::string(dir) + "/out.json";
  const std::string stale = out + ".tmp-" + std::to_string(NonexistentPid());
  // Our parent's: our own pid's name is taken by the writability probe.
  const std::string live = out + ".tmp-" + std::to_string(getppid());
  const std::string other =
      std::string(dir) + "/b.json.tmp-" + std::to_string(NonexistentPid());
  for (const std::string& path : {stale, live, other}) {
    std::ofstream(path) << "{\"context\":";
  }
  Argv argv({"--benchmark_out=" + out});
  OutputFileRequest request;
  std::string error;
  ASSERT_TRUE(TakeOutputFileRequest(argv.argc(), argv.argv(), &request, &error))
      << error;
  EXPECT_NE(access(stale.c_str(), F_OK), 0) << "stale file kept";
  EXPECT_EQ(access(live.c_str(), F_OK), 0) << "a running process's removed";
  EXPECT_EQ(access(other.c_str(), F_OK), 0) << "another target's removed";
  unlink(live.c_str());
  unlink(other.c_str());
  rmdir(dir);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

benchmark::BenchmarkReporter::Run MakeRun(const std::string& name) {
  benchmark::BenchmarkReporter::Run run;
  run.run_name.function_name = name;
  run.iterations = 1;
  run.counters["hp_p99_ms"] = 1.5;
  return run;
}

// A new empty file's path, or "" when none can be made.
std::string TemporaryFile() {
  char name[] = "/tmp/xsb_output_file_test_XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) return "";
  close(fd);
  return name;
}

TEST(OutputFileReporterTest, FileIsCompleteAfterEveryCase) {
  const std::string name = TemporaryFile();
  ASSERT_FALSE(name.empty());
  OutputFileReporter reporter({name, "json"});
  reporter.ReportContext(benchmark::BenchmarkReporter::Context());
  EXPECT_NE(Read(name).find("\"benchmarks\": [\n\n  ]\n}"), std::string::npos)
      << Read(name);

  reporter.ReportRuns({MakeRun("first")});
  const std::string after_one = Read(name);
  EXPECT_NE(after_one.find("\"name\": \"first\""), std::string::npos);
  // Closed, so a reader of an unfinished run still gets valid JSON.
  EXPECT_EQ(after_one.substr(after_one.size() - 4), "]\n}\n") << after_one;

  reporter.ReportRuns({MakeRun("second")});
  reporter.Finalize();
  const std::string text = Read(name);
  EXPECT_LT(text.find("\"name\": \"first\""),
            text.find("\"name\": \"second\""));
  EXPECT_EQ(text.find("\"name\": \"first\"", text.find("first") + 1),
            std::string::npos);
  EXPECT_TRUE(reporter.error().empty()) << reporter.error();
  unlink(name.c_str());
}

// Google Benchmark writes bare NaN for the _cv of an all-zero counter and
// 0 s for a failed run: neither may reach a strict reader as a number.
TEST(OutputFileReporterTest, FileIsStrictJsonWithFailedRunsApart) {
  const std::string name = TemporaryFile();
  ASSERT_FALSE(name.empty());
  OutputFileReporter reporter({name, "json"});
  reporter.ReportContext(benchmark::BenchmarkReporter::Context());
  benchmark::BenchmarkReporter::Run cv = MakeRun("case");
  cv.run_type = benchmark::BenchmarkReporter::Run::RT_Aggregate;
  cv.aggregate_name = "cv";
  cv.aggregate_unit = benchmark::kPercentage;
  cv.counters["hp_p999_valid"] = std::nan("");
  cv.counters["window_ended_early"] = -std::numeric_limits<double>::infinity();
  benchmark::BenchmarkReporter::Run failed = MakeRun("failed");
  failed.error_occurred = true;
  failed.error_message = "lp worker exited with signal 9 (Killed)";
  reporter.ReportRuns({cv, failed, MakeRun("after")});
  const std::string text = Read(name);
  EXPECT_EQ(text.find("NaN"), std::string::npos) << text;
  EXPECT_EQ(text.find("Infinity"), std::string::npos) << text;
  EXPECT_NE(text.find("\"hp_p999_valid\": null,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"window_ended_early\": null"), std::string::npos);
  // Failed runs move out of "benchmarks", whole, after it.
  const size_t failed_at = text.find("\"name\": \"failed\"");
  const size_t after_at = text.find("\"name\": \"after\"");
  const size_t moved_at = text.find("\"xsb_failed_runs\": [");
  ASSERT_NE(after_at, std::string::npos);
  ASSERT_NE(moved_at, std::string::npos) << text;
  EXPECT_LT(after_at, moved_at);
  EXPECT_LT(moved_at, failed_at);
  EXPECT_NE(text.find("\"error_occurred\": true", moved_at), std::string::npos);
  EXPECT_NE(text.find("    },\n    {\n      \"name\": \"after\""),
            std::string::npos)
      << text;
  const std::string tail = "    }\n  ]\n}\n";  // the failed run's end
  EXPECT_EQ(text.substr(text.size() - tail.size()), tail) << text;
  unlink(name.c_str());
}

}  // namespace
}  // namespace xsb
