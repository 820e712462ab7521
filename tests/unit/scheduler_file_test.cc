#include "shim_env/plan/scheduler_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "shim_env/plan/builtin_schedulers.h"
#include "shim_env/plan/substitution.h"

namespace xsb {
namespace {

constexpr char kHeader[] =
    R"("schema": "xsb-scheduler/1", "name": "mine", "backends": ["hip"])";

std::string File(const std::string& fields) {
  return std::string("{") + kHeader + (fields.empty() ? "" : ", ") + fields +
         "}";
}

// The error of a file that must not parse; its first line only.
std::string ErrorOf(const std::string& text) {
  SchedulerSpec spec;
  std::string error;
  EXPECT_FALSE(ParseSchedulerFile(text, "my.json", "/d", &spec, &error))
      << text;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return error;
}

SchedulerSpec Parse(const std::string& text) {
  SchedulerSpec spec;
  std::string error;
  EXPECT_TRUE(ParseSchedulerFile(text, "my.json", "/d", &spec, &error))
      << error;
  return spec;
}

TEST(SchedulerFileTest, SmallestFileParses) {
  const SchedulerSpec spec = Parse(File(""));
  EXPECT_EQ(spec.name, "mine");
  EXPECT_EQ(spec.source, "my.json");
  EXPECT_EQ(spec.file_dir, "/d");
  EXPECT_EQ(spec.backends, std::vector<Backend>{Backend::kHip});
  EXPECT_FALSE(spec.is_default);
  EXPECT_TRUE(spec.IsPlanOnly());
  EXPECT_TRUE(spec.AppliesTo(Backend::kHip));
  EXPECT_FALSE(spec.AppliesTo(Backend::kCpu));
}

TEST(SchedulerFileTest, NotJsonNamesTheFileAndThePlace) {
  const std::string error = ErrorOf("{\"schema\": ");
  EXPECT_EQ(error.rfind("my.json: not JSON: ", 0), 0u) << error;
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
}

TEST(SchedulerFileTest, WrongSchemaSaysWhichOneIsRead) {
  EXPECT_EQ(ErrorOf(R"({"schema": "xsb-scheduler/2", "name": "x",
                        "backends": ["hip"]})"),
            "my.json: schema: must be \"xsb-scheduler/1\" (the only schema "
            "this xsb_bench reads)");
}

TEST(SchedulerFileTest, BadNameSaysWhatANameMayHold) {
  EXPECT_EQ(ErrorOf(R"({"schema": "xsb-scheduler/1", "name": "My/Sched",
                        "backends": ["hip"]})"),
            "my.json: name: must be a name of [a-z0-9-], at most 40 "
            "characters (it goes into case names), got 'My/Sched'");
}

TEST(SchedulerFileTest, UnknownFieldListsTheAllowedOnes) {
  const std::string error = ErrorOf(File(R"("roles": {"lp": {"envv": {}}})"));
  EXPECT_EQ(error,
            "my.json: roles.lp.envv: unknown field; allowed: env, preload, "
            "library_path, cpu_policy, stream_priority, cu_mask_percent, "
            "proof");
  EXPECT_EQ(ErrorOf(File(R"("role": {})"))
                .rfind("my.json: role: unknown "
                       "field; allowed: schema, ",
                       0),
            0u);
}

TEST(SchedulerFileTest, BadChoicesListWhatIsAllowed) {
  EXPECT_EQ(ErrorOf(File(R"("roles": {"lp": {"stream_priority": "low"}})")),
            "my.json: roles.lp.stream_priority: must be one of default, "
            "highest, lowest, got 'low'");
  EXPECT_EQ(ErrorOf(R"({"schema": "xsb-scheduler/1", "name": "x",
                        "backends": ["rocm"]})"),
            "my.json: backends[0]: must be one of cpu, hip, cuda, got 'rocm'");
  EXPECT_EQ(ErrorOf(R"({"schema": "xsb-scheduler/1", "name": "x",
                        "backends": []})"),
            "my.json: backends: must be a non-empty array of cpu, hip, cuda, "
            "got a array");
  EXPECT_EQ(ErrorOf(File(R"("roles": {"hp": {"cpu_policy": 3}})")),
            "my.json: roles.hp.cpu_policy: must be one of normal, idle, got a "
            "number");
}

TEST(SchedulerFileTest, UnknownSubstitutionListsTheAllowedNames) {
  EXPECT_EQ(ErrorOf(File(R"("params": [{"name": "p", "values": [1]}],
                           "env": {"A": "{stat_dir}/x"})")),
            "my.json: env.A: {stat_dir} is not a substitution here; allowed: "
            "{state_dir}, {file_dir}, {env:NAME}, {p}");
  // {pid} only in a proof, {role} only in roles.
  EXPECT_NE(ErrorOf(File(R"("every_role": {"env": {"A": "{pid}"}})"))
                .find("{pid} is not a substitution here"),
            std::string::npos);
  EXPECT_NE(ErrorOf(File(R"("dirs": ["{role}"])"))
                .find("dirs[0]: {role} is not a substitution here"),
            std::string::npos);
  // The xsched engine's names need the engine.
  EXPECT_NE(ErrorOf(File(R"("every_role": {"env": {"A": "{level}"}})"))
                .find("{level} is not a substitution here"),
            std::string::npos);
}

TEST(SchedulerFileTest, FileDirOnlyForAFileWithAFolder) {
  SchedulerSpec spec;
  std::string error;
  EXPECT_FALSE(ParseSchedulerFile(File(R"("requires": ["{file_dir}/x"])"),
                                  "built-in x", "", &spec, &error));
  EXPECT_NE(error.find("{file_dir} is not a substitution here"),
            std::string::npos)
      << error;
  EXPECT_EQ(Parse(File(R"("requires": ["{file_dir}/x"])")).requires_files,
            std::vector<std::string>{"{file_dir}/x"});
}

TEST(SchedulerFileTest, RegexBracesThatAreNoNameAreLeftAlone) {
  const SchedulerSpec spec = Parse(File(R"("every_role": {"proof": {
      "stderr": {"must": ["^x{2,3} pid {pid}$"], "must_not": ["a{3}"]}}})"));
  EXPECT_EQ(spec.every_role.proof.stderr_text.must,
            std::vector<std::string>{"^x{2,3} pid {pid}$"});
}

TEST(SchedulerFileTest, BadRegexIsNamed) {
  const std::string error = ErrorOf(
      File(R"("roles": {"hp": {"proof": {"stderr": {"must": ["(a"]}}}})"));
  EXPECT_EQ(error.rfind("my.json: roles.hp.proof.stderr.must[0]: is not a "
                        "regular expression (ECMAScript, as std::regex): ",
                        0),
            0u)
      << error;
}

TEST(SchedulerFileTest, LoaderVariablesOnlyThroughPreloadAndLibraryPath) {
  EXPECT_EQ(ErrorOf(File(R"("roles": {"hp": {"env": {"LD_PRELOAD": "/x"}}})")),
            "my.json: roles.hp.env.LD_PRELOAD: use \"preload\" or "
            "\"library_path\" of a role: they go in front of the inherited "
            "value");
}

TEST(SchedulerFileTest, ParamsNeedDistinctCaseNameSafeValues) {
  EXPECT_EQ(ErrorOf(File(R"("params": [{"name": "p", "values": [1, 1]}])")),
            "my.json: params[0].values[1]: '1' appears twice: its two cases "
            "would share a name");
  EXPECT_EQ(ErrorOf(File(R"("params": [{"name": "p", "values": ["a/b"]}])")),
            "my.json: params[0].values[0]: must be an integer or a word of "
            "[A-Za-z0-9._-] (it goes into case names), got 'a/b'");
  EXPECT_EQ(ErrorOf(File(R"("params": [{"name": "pid", "values": [1]}])")),
            "my.json: params[0].name: 'pid' is taken (a substitution or "
            "another parameter)");
  // The xsched engine's names are free in a file without the engine.
  EXPECT_EQ(Parse(File(R"("params": [{"name": "level", "values": [1]}])"))
                .params[0]
                .name,
            "level");
}

TEST(SchedulerFileTest, CuMaskIsAPercentageWithoutAStreamPriority) {
  EXPECT_EQ(ErrorOf(File(R"("roles": {"lp": {"cu_mask_percent": 0}})")),
            "my.json: roles.lp.cu_mask_percent: must be a percentage of the "
            "compute units, 1 to 100, got 0");
  EXPECT_NE(ErrorOf(File(R"("roles": {"lp": {"cu_mask_percent": 50,
                                              "stream_priority": "lowest"}})"))
                .find("roles.lp.stream_priority: a CU-masked stream keeps the "
                      "normal priority"),
            std::string::npos);
  // HP's priority and LP's mask combine.
  const SchedulerSpec spec =
      Parse(File(R"("roles": {"hp": {"stream_priority": "highest"},
                              "lp": {"cu_mask_percent": 50}})"));
  EXPECT_EQ(spec.lp.cu_mask_percent, "50");
}

TEST(SchedulerFileTest, DaemonNeedsACommandAndOneReadinessCheck) {
  EXPECT_EQ(ErrorOf(File(R"("daemon": {"run": ["d"]})")),
            "my.json: daemon: needs \"run\" (its command) and \"ready\" (how "
            "to tell it serves)");
  EXPECT_NE(ErrorOf(File(R"("daemon": {"run": ["d"], "ready": {"port": 1,
                                                         "file": "/x"}})"))
                .find("daemon.ready: needs exactly one of"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(File(R"("daemon": {"run": [], "ready": {"port": 1}})")),
            "my.json: daemon.run: must name a program: [\"PROGRAM\", \"ARG\", "
            "...]");
  EXPECT_EQ(ErrorOf(File(R"("daemon": {"run": ["d"], "ready": {"port": 1},
                                 "stop": {"signal": "SIGTERM"}})")),
            "my.json: daemon.stop.signal: must be one of TERM, INT, HUP, QUIT, "
            "USR1, USR2, KILL, got 'SIGTERM'");
  EXPECT_EQ(ErrorOf(File(R"("daemon": {"run": ["d"], "ready": {"port": 0}})")),
            "my.json: daemon.ready.port: must be a port 1-65535 or a "
            "{parameter} that gives one, got a number");
}

TEST(SchedulerFileTest, DaemonLogProofNeedsADaemon) {
  EXPECT_EQ(ErrorOf(File(
                R"("every_role": {"proof": {"daemon_log": {"must": ["x"]}}})")),
            "my.json: every_role.proof.daemon_log: the file has no "
            "\"daemon\" whose log it could read");
}

TEST(SchedulerFileTest, DaemonDefaultsAndStateDir) {
  const SchedulerSpec spec = Parse(File(
      R"("daemon": {"run": ["d", "{state_dir}"], "ready": {"log": "up"}})"));
  ASSERT_TRUE(spec.has_daemon);
  EXPECT_EQ(spec.daemon.scope, DaemonScope::kCase);
  EXPECT_EQ(spec.daemon.ready.kind, ReadyKind::kLog);
  EXPECT_EQ(spec.daemon.stop_signal, "TERM");
  EXPECT_EQ(spec.daemon.stop_timeout_s, 5);
  EXPECT_TRUE(spec.uses_state_dir);
  EXPECT_FALSE(spec.IsPlanOnly());
}

TEST(SchedulerFileTest, EnvKeepsTheFilesOrder) {
  const SchedulerSpec spec =
      Parse(File(R"("env": {"Z": "1", "A": "2", "M": "3"})"));
  EXPECT_EQ(spec.env, (std::vector<EnvironmentVariable>{
                          {"Z", "1"}, {"A", "2"}, {"M", "3"}}));
}

TEST(SchedulerFileTest, EveryBuiltinParsesAndMatchesItsFileName) {
  ASSERT_FALSE(BuiltinSchedulerFiles().empty());
  for (const BuiltinSchedulerFile& file : BuiltinSchedulerFiles()) {
    SchedulerSpec spec;
    std::string error;
    EXPECT_TRUE(ParseSchedulerFile(file.text, file.name, "", &spec, &error))
        << error;
    EXPECT_EQ(spec.name, file.name);
  }
  EXPECT_EQ(BuiltinSchedulers().size(), BuiltinSchedulerFiles().size());
}

TEST(SchedulerFileTest, BuiltinsAreTheFilesOfTheSchedulersFolder) {
  // What is compiled in is what the folder holds, byte for byte.
  for (const BuiltinSchedulerFile& file : BuiltinSchedulerFiles()) {
    std::ifstream in(std::string(XSB_SCHEDULERS_DIR) + "/" + file.name +
                     ".json");
    ASSERT_TRUE(in) << file.name;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), file.text) << file.name;
  }
}

TEST(SchedulerFileTest, BuiltinOrderAndDefaults) {
  std::vector<std::string> names, defaults;
  for (const SchedulerSpec& spec : BuiltinSchedulers()) {
    names.push_back(spec.name);
    if (spec.is_default) defaults.push_back(spec.name);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "baseline", "baseline-again", "os-priority", "stream-priority",
                "xsched", "mps", "mps-limit", "cu-mask"}));
  EXPECT_EQ(defaults, (std::vector<std::string>{"baseline", "os-priority",
                                                "stream-priority"}));
  EXPECT_EQ(FindBuiltinScheduler("cu-mask")->backends,
            std::vector<Backend>{Backend::kHip});
  EXPECT_EQ(FindBuiltinScheduler("nothing"), nullptr);
}

}  // namespace
}  // namespace xsb
