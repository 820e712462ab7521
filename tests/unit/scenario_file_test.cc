#include "bench/cli/scenario_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/cases/fixtures.h"
#include "bench/cases/tenant_counters.h"
#include "bench/cli/scenarios.h"
#include "shim_env/plan/builtin_schedulers.h"

namespace xsb {
namespace {

// The error of a file that must not parse: one line.
std::string ErrorOf(const std::string& text) {
  Scenario s{"", 0, 0, 0, 0};
  std::string error;
  EXPECT_FALSE(ParseScenarioFile(text, "my.json", "/d", &s, &error)) << text;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return error;
}

Scenario Parse(const std::string& text) {
  Scenario s{"", 0, 0, 0, 0};
  std::string error;
  EXPECT_TRUE(ParseScenarioFile(text, "my.json", "/d", &s, &error)) << error;
  return s;
}

std::string File(const std::string& tenants, const std::string& extra = "") {
  return R"({"schema": "xsb-scenario/1", "name": "mine", "duration_s": 4,)" +
         extra + R"( "tenants": [)" + tenants + "]}";
}

constexpr char kWeb[] =
    R"({"name": "web", "kind": "latency", "rate_per_s": 50})";
constexpr char kTrain[] =
    R"({"name": "train", "kind": "throughput", "batch": 8})";

// The built-ins were hard-coded before they were files: each file must
// give the same scenario, so history stays comparable.
TEST(BuiltinScenarios, EqualTheHardCodedOnes) {
  struct Old {
    const char* name;
    double rate;
    int batch;
    double duration, warmup;
    const char *hp_trace, *lp_trace, *hp_example, *lp_example;
  };
  const char* r18 = "torch_models.py --model=resnet18";
  const char* r50 = "torch_models.py --model=resnet50";
  const std::vector<Old> old = {
      {"original", 10, 8, 60, 5, "", "", "", ""},
      {"intensive", 20, 1024, 180, 10, "", "", "", ""},
      {"smoke", 200, 8, 4, 1, "", "", "", ""},
      {"trace-resnet", 100, 1, 4, 1, "resnet_infer.json", "train_step.json", "",
       ""},
      {"trace-decode", 100, 1, 4, 1, "transformer_decode.json",
       "train_step.json", "", ""},
      {"trace-train", 200, 1, 4, 1, "", "train_step.json", "", ""},
      {"torch-original", 10, 8, 60, 5, "", "", r18, r50},
      {"torch-intensive", 20, 1024, 180, 10, "", "", r18, r50},
  };
  const std::vector<Scenario>& now = BuiltinScenarios();
  ASSERT_EQ(now.size(), old.size());
  for (size_t i = 0; i < old.size(); ++i) {
    const Scenario& s = now[i];
    SCOPED_TRACE(old[i].name);
    EXPECT_EQ(s.name, old[i].name);
    EXPECT_TRUE(IsPair(s));
    EXPECT_EQ(s.hp_rate_per_s, old[i].rate);
    EXPECT_EQ(s.lp_batch, old[i].batch);
    EXPECT_EQ(s.duration_s, old[i].duration);
    EXPECT_EQ(s.warmup_s, old[i].warmup);
    EXPECT_EQ(s.hp_trace, old[i].hp_trace);
    EXPECT_EQ(s.lp_trace, old[i].lp_trace);
    EXPECT_EQ(s.hp_example, old[i].hp_example);
    EXPECT_EQ(s.lp_example, old[i].lp_example);
    EXPECT_EQ(s.example_modules,
              std::string(old[i].hp_example).empty()
                  ? std::vector<std::string>{}
                  : std::vector<std::string>({"torch", "torchvision"}));
    EXPECT_TRUE(s.tenants[0].arrival.empty());  // --xsb_arrival's
    EXPECT_EQ(s.tenants[0].batch, 0);           // --xsb_hp_batch's
  }
}

TEST(BuiltinScenarios, CaseNamesAreUnchanged) {
  const SchedulerSpec& baseline = *FindBuiltinScheduler("baseline");
  std::vector<std::string> names;
  for (const Scenario& s : BuiltinScenarios()) {
    names.push_back(ScenarioCaseName(baseline, s));
    names.push_back(StandaloneHpCaseName(s));
    names.push_back(StandaloneLpCaseName(s));
  }
  const std::vector<std::string> expected = {
      "DualModel/baseline/original/rate:10/batch:8/duration_s:60",
      "Standalone/hp/original/rate:10/duration_s:60",
      "Standalone/lp/original/batch:8/duration_s:60",
      "DualModel/baseline/intensive/rate:20/batch:1024/duration_s:180",
      "Standalone/hp/intensive/rate:20/duration_s:180",
      "Standalone/lp/intensive/batch:1024/duration_s:180",
      "DualModel/baseline/smoke/rate:200/batch:8/duration_s:4",
      "Standalone/hp/smoke/rate:200/duration_s:4",
      "Standalone/lp/smoke/batch:8/duration_s:4",
      "DualModel/baseline/trace-resnet/rate:100/batch:1/duration_s:4",
      "Standalone/hp/trace-resnet/rate:100/duration_s:4",
      "Standalone/lp/trace-resnet/batch:1/duration_s:4",
      "DualModel/baseline/trace-decode/rate:100/batch:1/duration_s:4",
      "Standalone/hp/trace-decode/rate:100/duration_s:4",
      "Standalone/lp/trace-decode/batch:1/duration_s:4",
      "DualModel/baseline/trace-train/rate:200/batch:1/duration_s:4",
      "Standalone/hp/trace-train/rate:200/duration_s:4",
      "Standalone/lp/trace-train/batch:1/duration_s:4",
      "DualModel/baseline/torch-original/rate:10/batch:8/duration_s:60",
      "Standalone/hp/torch-original/rate:10/duration_s:60",
      "Standalone/lp/torch-original/batch:8/duration_s:60",
      "DualModel/baseline/torch-intensive/rate:20/batch:1024/duration_s:180",
      "Standalone/hp/torch-intensive/rate:20/duration_s:180",
      "Standalone/lp/torch-intensive/batch:1024/duration_s:180",
  };
  EXPECT_EQ(names, expected);
}

TEST(ScenarioFile, ThreeTenantsParse) {
  const Scenario s =
      Parse(File(std::string(kWeb) + "," +
                     R"({"name": "search", "kind": "latency", "priority": 0,
              "rate_per_s": 20, "batch": 2, "arrival": {"process": "poisson"},
              "slo": {"p99_ms": 50}, "model": {"trace": "t/x.json"}},)" +
                     kTrain,
                 R"( "warmup_s": 0,)"));
  ASSERT_EQ(s.tenants.size(), 3u);
  EXPECT_FALSE(IsPair(s));
  EXPECT_EQ(s.warmup_s, 0);
  const Tenant& web = s.tenants[0];
  EXPECT_EQ(web.priority, "high");  // a latency tenant's default
  EXPECT_EQ(web.scheduler_role, WorkerRole::kHp);
  EXPECT_TRUE(web.model.IsMlp());
  const Tenant& search = s.tenants[1];
  EXPECT_EQ(search.priority, "0");
  EXPECT_EQ(search.scheduler_role, WorkerRole::kLp);
  EXPECT_EQ(search.arrival, "poisson");
  EXPECT_EQ(search.slo_p99_ms, 50);
  EXPECT_EQ(search.batch, 2);
  EXPECT_EQ(search.model.trace, "/d/t/x.json");  // against the file's folder
  const Tenant& train = s.tenants[2];
  EXPECT_EQ(train.kind, TenantKind::kThroughput);
  EXPECT_EQ(train.priority, "low");
  EXPECT_EQ(train.scheduler_role, WorkerRole::kLp);
}

TEST(ScenarioFile, IntegerLevelsPickTheSchedulersRole) {
  const Scenario s =
      Parse(File(R"({"name": "a", "kind": "latency", "priority": 3,
               "rate_per_s": 1}, )" +
                 std::string(kTrain)));
  EXPECT_EQ(s.tenants[0].priority, "3");
  EXPECT_EQ(s.tenants[0].scheduler_role, WorkerRole::kHp);
}

TEST(ScenarioFile, BadFilesNameTheFileTheFieldAndWhatIsAllowed) {
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"{", "my.json: is not JSON (check commas, quotes and brackets)"},
      {R"({"schema": "xsb-scenario/2", "name": "x", "duration_s": 1,
           "tenants": [])",
       R"(my.json: is not JSON (check commas, quotes and brackets))"},
      {R"({"schema": "xsb-scenario/2", "name": "x", "duration_s": 1,
           "tenants": []})",
       R"(my.json: schema: must be "xsb-scenario/1", got 'xsb-scenario/2')"},
      {File(kWeb, R"( "rate": 3,)"),
       "my.json: rate: unknown field; allowed: schema, name, description, "
       "duration_s, warmup_s, tenants"},
      {R"({"schema": "xsb-scenario/1", "name": "x", "duration_s": 1})",
       "my.json: tenants: is required"},
      {File(""),
       "my.json: tenants: must be an array of 1 to 16 tenants, got "
       "an array"},
      {File(kWeb, R"( "duration_s": 0,)"),
       "my.json: duration_s: must be a number > 0, got 0"},
      {File(R"({"name": "Web", "kind": "latency", "rate_per_s": 1})"),
       "my.json: tenants[0].name: must be a name of a-z and 0-9, a letter "
       "first, at most 24, got 'Web'"},
      {File(R"({"name": "w", "kind": "lat", "rate_per_s": 1})"),
       "my.json: tenants[0].kind: must be one of latency, throughput, got "
       "'lat'"},
      {File(R"({"name": "w", "kind": "latency"})"),
       "my.json: tenants[0].rate_per_s: is required"},
      {File(R"({"name": "w", "kind": "throughput", "rate_per_s": 3})"),
       "my.json: tenants[0].rate_per_s: only a latency tenant has one (this "
       "one's kind is throughput)"},
      {File(R"({"name": "w", "kind": "throughput", "batch": 0})"),
       "my.json: tenants[0].batch: must be an integer from 1 to 1048576, got "
       "0"},
      {File(std::string(kWeb) + "," + kWeb),
       "my.json: tenants[1].name: 'web' names an earlier tenant too"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "priority": "urgent"})"),
       "my.json: tenants[0].priority: must be high, low or an integer level "
       "from -1000 to 1000, got 'urgent'"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "arrival": {"process": "bursty"}})"),
       "my.json: tenants[0].arrival: 'bursty' is not uniform, poisson, gamma, "
       "onoff or replay (allowed: {\"process\": \"uniform\"}, \"poisson\", "
       "\"gamma\" with cv, \"onoff\" with burst and period_ms, \"replay\" "
       "with path and unit; docs/scenarios.md)"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "arrival": "poisson"})"),
       "my.json: tenants[0].arrival: must be an object {\"process\": NAME, "
       "...}, got 'poisson'"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "slo": {"p99": 3}})"),
       "my.json: tenants[0].slo.p99: unknown field; allowed: p99_ms"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "model": {"trace": "a.json", "exec": "b"}})"),
       "my.json: tenants[0].model: must be \"mlp\" or an object with one of "
       "trace, exec, example"},
      {File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "model": "resnet"})"),
       "my.json: tenants[0].model: must be \"mlp\" or an object with one of "
       "trace, exec, example, got 'resnet'"},
  };
  for (const Case& c : cases) EXPECT_EQ(ErrorOf(c.text), c.error) << c.text;
}

TEST(ScenarioFile, ArrivalParametersBecomeTheFlagForm) {
  // The flag's text form (--xsb_hp_arrival), read by the same parser; a
  // replay file's path first, made absolute against the file's folder.
  EXPECT_EQ(Parse(File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "arrival": {"process": "gamma", "cv": 4}})"))
                .tenants[0]
                .arrival,
            "gamma:cv=4");
  EXPECT_EQ(Parse(File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "arrival": {"process": "replay", "unit": "ms",
                            "path": "t.csv"}})"))
                .tenants[0]
                .arrival,
            "replay:/d/t.csv,unit=ms");
  EXPECT_NE(ErrorOf(File(R"({"name": "w", "kind": "latency", "rate_per_s": 1,
                "arrival": {"process": "gamma", "cv": -1}})"))
                .find("my.json: tenants[0].arrival: "),
            std::string::npos);
}

TEST(ScenarioFile, UserScenarioNamesMustBeNew) {
  Scenario s = Parse(File(kWeb));
  std::string error;
  s.name = "smoke";
  EXPECT_FALSE(AddUserScenario(s, &error));
  EXPECT_EQ(error,
            "my.json: name: 'smoke' is taken by built-in "
            "scenarios/smoke.json; give the scenario another name");
  s.name = "only-mine";
  EXPECT_TRUE(AddUserScenario(s, &error)) << error;
  EXPECT_TRUE(AddUserScenario(s, &error)) << error;  // the same file again
  Scenario found;
  EXPECT_TRUE(FindScenario("only-mine", &found));
  s.source = "other.json";
  EXPECT_FALSE(AddUserScenario(s, &error));
  EXPECT_EQ(error,
            "other.json: name: 'only-mine' is taken by my.json; give the "
            "scenario another name");
}

TEST(TenantCounters, RenameTheRolesCountersPerTenant) {
  EXPECT_EQ(TenantCounterName("web", "hp_p99_ms"), "t_web_p99_ms");
  EXPECT_EQ(TenantCounterName("train", "lp_iter_per_s"), "t_train_iter_per_s");
  EXPECT_EQ(TenantCounterName("web", "window_s"), "window_s");
}

}  // namespace
}  // namespace xsb
