// Rounds as repetitions (bench/output/round_reporter.h): each round's runs
// get the round as repetition_index and a stable family_index, the context
// and Finalize reach the inner reporter once, and the output file says the
// same repetitions for every run of a case.
#include "bench/output/round_reporter.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/output/output_file.h"

namespace xsb {
namespace {

using BenchmarkRun = benchmark::BenchmarkReporter::Run;

// Keeps what it is told.
class Recorder : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override {
    ++contexts;
    return true;
  }
  void ReportRuns(const std::vector<BenchmarkRun>& reported) override {
    runs.insert(runs.end(), reported.begin(), reported.end());
  }
  void Finalize() override { ++finalized; }

  int contexts = 0;
  int finalized = 0;
  std::vector<BenchmarkRun> runs;
};

BenchmarkRun MakeRun(const std::string& name, int64_t family) {
  BenchmarkRun run;
  run.run_name.function_name = name;
  run.iterations = 1;
  // Google Benchmark numbers a family by its place in each round's
  // registration, which the round order changes.
  run.family_index = family;
  return run;
}

TEST(RoundReporterTest, RoundsBecomeRepetitionsOfStableFamilies) {
  Recorder inner;
  RoundReporter rounds(&inner);
  for (int round = 0; round < 3; ++round) {
    rounds.BeginRound(round);
    ASSERT_TRUE(rounds.ReportContext(benchmark::BenchmarkReporter::Context()));
    const bool odd = round % 2 == 1;
    rounds.ReportRuns({MakeRun(odd ? "B" : "A", 0)});
    rounds.ReportRuns({MakeRun(odd ? "A" : "B", 1)});
    if (round == 0) rounds.ReportRuns({MakeRun("Standalone", 2)});
    rounds.Finalize();
  }
  EXPECT_EQ(inner.contexts, 1);
  EXPECT_EQ(inner.finalized, 0);
  rounds.FinishRounds();
  rounds.FinishRounds();
  EXPECT_EQ(inner.finalized, 1);
  ASSERT_EQ(inner.runs.size(), 7u);
  for (const BenchmarkRun& run : inner.runs) {
    const std::string name = run.run_name.str();
    EXPECT_EQ(run.family_index, name == "A" ? 0 : name == "B" ? 1 : 2) << name;
    EXPECT_EQ(run.per_family_instance_index, 0);
  }
  // B's second run came in round 1: repetition 1, its second so far.
  EXPECT_EQ(inner.runs[3].run_name.str(), "B");
  EXPECT_EQ(inner.runs[3].repetition_index, 1);
  EXPECT_EQ(inner.runs[3].repetitions, 2);
  EXPECT_EQ(inner.runs[6].repetition_index, 2);
}

TEST(RoundReporterTest, RepetitionsCanBeThePlannedRounds) {
  Recorder inner;
  RoundReporter rounds(&inner, [](const std::string&) { return int64_t{10}; });
  rounds.ReportRuns({MakeRun("A", 0)});
  EXPECT_EQ(inner.runs[0].repetitions, 10);
  EXPECT_EQ(inner.runs[0].repetition_index, 0);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Through the output file: every run of a case says how many the case has,
// and the file stays one valid JSON document.
TEST(RoundReporterTest, TheFileShowsRoundsAsRepetitions) {
  char name[] = "/tmp/xsb_round_reporter_test_XXXXXX";
  const int fd = mkstemp(name);
  ASSERT_GE(fd, 0);
  close(fd);
  OutputFileReporter file({name, "json"});
  RoundReporter rounds(&file);
  for (int round = 0; round < 2; ++round) {
    rounds.BeginRound(round);
    rounds.ReportContext(benchmark::BenchmarkReporter::Context());
    rounds.ReportRuns({MakeRun("A", round)});
    rounds.ReportRuns({MakeRun("B", 1 - round)});
  }
  rounds.FinishRounds();
  const nlohmann::json doc = nlohmann::json::parse(Read(name));
  ASSERT_EQ(doc["benchmarks"].size(), 4u);
  for (const nlohmann::json& row : doc["benchmarks"]) {
    EXPECT_EQ(row["repetitions"], 2) << row;
    EXPECT_EQ(row["family_index"], row["name"] == "A" ? 0 : 1) << row;
  }
  EXPECT_EQ(doc["benchmarks"][2]["repetition_index"], 1);
  unlink(name);
}

}  // namespace
}  // namespace xsb
