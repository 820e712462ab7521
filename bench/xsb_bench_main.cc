// xsb_bench: the orchestrator. Parses its flags, asks a worker which device
// the backend resolves to (it never opens the GPU itself), registers the
// cases and lets Google Benchmark run and report them.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/build_info.h"
#include "bench/cases/case_noise.h"
#include "bench/cases/case_runner.h"
#include "bench/cases/case_telemetry.h"
#include "bench/cases/doctor.h"
#include "bench/cases/exec_round_trip.h"
#include "bench/cases/file_scheduler.h"
#include "bench/cases/fixtures.h"
#include "bench/cases/round_loop.h"
#include "bench/cases/round_plan.h"
#include "bench/cases/xsched_session.h"
#include "bench/cli/benchmark_flags.h"
#include "bench/cli/flag_setters.h"
#include "bench/cli/help.h"
#include "bench/cli/model_defaults.h"
#include "bench/cli/scheduler_catalog.h"
#include "bench/cli/suite_options.h"
#include "bench/orchestrate/interrupt.h"
#include "bench/output/output_file.h"
#include "bench/output/round_reporter.h"
#include "bench/output/samples_writer.h"
#include "bench/output/summary_reporter.h"
#include "bench/protocol/counters.h"
#include "bench/provenance.h"
#include "shim_env/xsched/xsched_install.h"

// Google Benchmark 1.7.1 exports its flags but declares them in no public
// header; this one says whether RunSpecifiedBenchmarks will only list names.
namespace benchmark {
extern bool FLAGS_benchmark_list_tests;
extern int32_t FLAGS_benchmark_repetitions;
extern std::string FLAGS_benchmark_format;
extern bool FLAGS_benchmark_counters_tabular;
}  // namespace benchmark

namespace xsb {
namespace {

constexpr double kProbeTimeoutS = 60;

// One "xsb_bench: " line per line of `error`.
void PrintErrorLines(const std::string& error) {
  size_t begin = 0;
  while (begin <= error.size()) {
    size_t end = error.find('\n', begin);
    if (end == std::string::npos) end = error.size();
    std::fprintf(stderr, "xsb_bench: %s\n",
                 error.substr(begin, end - begin).c_str());
    begin = end + 1;
  }
}

constexpr char kListCountersFlag[] = "--xsb_list_counters";

void PrintHelp() { std::fputs(HelpText().c_str(), stdout); }

// The counter table (bench/protocol/counters.h), one counter a line:
// name, unit, direction, tab-separated; what tests compare the docs and
// tools/xsb_compare against.
void PrintCounters() {
  for (const CounterInfo& c : kCounters) {
    std::printf("%s\t%s\t%s\n", c.name, c.unit,
                EnumToName(kDirectionNames, c.direction));
  }
}

bool HasFlag(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == flag) return true;
  }
  return false;
}

// Removes every `flag` from argv; says whether there was one.
bool TakeFlag(int* argc, char** argv, const char* flag) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    if (std::string(argv[i]) != flag) argv[kept++] = argv[i];
  }
  const bool found = kept != *argc;
  *argc = kept;
  argv[kept] = nullptr;
  return found;
}

std::string WorkerBesideThisProgram() {
  const std::string self = SelfExecutable();
  if (self.empty()) return "xsb_worker";
  return self.substr(0, self.rfind('/') + 1) + "xsb_worker";
}

// Whether the user asked for xsched without naming schedulers: an XSched
// install is configured, or the filter names xsched (and does not exclude
// it with a leading '-').
bool XschedWanted(const SuiteOptions& options, const std::string& filter) {
  return !options.xsched.root.empty() ||
         (filter.find("xsched") != std::string::npos &&
          !StartsWith(filter, "-"));
}

// Whether `spec`'s cases are registered without --xsb_schedulers: the
// xsched engine's when asked for (XschedWanted); a built-in marked default
// that applies to the backend; a file the user loaded that applies, or runs
// on the CPU as a test.
bool RegisteredByDefault(const SchedulerSpec& spec, const SuiteContext& suite,
                         const std::string& filter) {
  const Backend backend = suite.device.device.backend;
  if (IsXschedEngine(spec)) return XschedWanted(suite.options, filter);
  const bool from_file = !spec.file_dir.empty();
  return (from_file || spec.is_default) &&
         (spec.AppliesTo(backend) || (from_file && backend == Backend::kCpu &&
                                      suite.options.schedulers_allow_cpu));
}

// The schedulers to register; false with *error for one the backend lacks.
// xsched is registered on any backend when asked for: where it cannot run,
// its cases say why. Another scheduler runs on the cpu backend it does not
// apply to only as a test (--xsb_schedulers_allow_cpu).
bool ChooseSchedulers(const SuiteContext& suite, const std::string& filter,
                      std::vector<const SchedulerSpec*>* out,
                      std::string* error) {
  const Backend backend = suite.device.device.backend;
  if (suite.options.schedulers.empty()) {
    for (const SchedulerSpec* spec : SchedulerCatalog(suite.options)) {
      if (RegisteredByDefault(*spec, suite, filter)) out->push_back(spec);
    }
    return true;
  }
  for (const std::string& name : suite.options.schedulers) {
    // ParseSuiteFlags checked every name.
    const SchedulerSpec* spec = FindScheduler(suite.options, name);
    if (spec == nullptr) {
      *error = "unknown scheduler '" + name + "'";
      return false;
    }
    const bool test_only =
        backend == Backend::kCpu && suite.options.schedulers_allow_cpu;
    if (!IsXschedEngine(*spec) && !spec->AppliesTo(backend) && !test_only) {
      std::string backends;
      for (Backend b : spec->backends) {
        backends +=
            (backends.empty() ? "" : ", ") + std::string(BackendName(b));
      }
      *error = "scheduler '" + name + "' does not apply to the " +
               BackendName(backend) + " backend (" + spec->source +
               ": backends " + backends + ")";
      return false;
    }
    out->push_back(spec);
  }
  return true;
}

// Everything that shapes a case but is not in its name, and where the run
// came from (docs/metrics.md lists every key).
void AddRunContext(const SuiteContext& suite, const std::string& command_line) {
  benchmark::AddCustomContext("xsb_version", SuiteVersion());
  benchmark::AddCustomContext("xsb_git_commit", GitCommit());
  benchmark::AddCustomContext("xsb_command_line", command_line);
  benchmark::AddCustomContext("xsb_executable", SelfExecutable() + " (worker " +
                                                    suite.worker_path + ")");
  benchmark::AddCustomContext("xsb_warmup_s", WarmupDescription(suite.options));
  benchmark::AddCustomContext("xsb_progress_s",
                              FormatNumber(suite.options.progress_s));
}

void AddContext(const SuiteContext& suite) {
  const DeviceInfo& d = suite.device.device;
  const SuiteOptions& o = suite.options;
  benchmark::AddCustomContext("xsb_backend", BackendName(d.backend));
  benchmark::AddCustomContext("xsb_backend_request", o.backend);
  if (!suite.device.note.empty()) {
    benchmark::AddCustomContext("xsb_backend_note", suite.device.note);
  }
  benchmark::AddCustomContext("xsb_device", d.name);
  // The CPU backend has one device, whatever --xsb_device said.
  benchmark::AddCustomContext(
      "xsb_device_index",
      std::to_string(d.backend == Backend::kCpu ? 0 : o.device_index));
  benchmark::AddCustomContext("xsb_device_compute_units",
                              std::to_string(d.compute_units));
  benchmark::AddCustomContext("xsb_device_memory_bytes",
                              std::to_string(d.memory_bytes));
  benchmark::AddCustomContext("xsb_driver_version", d.driver_version);
  benchmark::AddCustomContext("xsb_runtime_version", d.runtime_version);
  // Only the vendor GEMM is named: a builtin run's model reads as before,
  // so runs stay comparable in the history across this flag's arrival.
  const std::string gemm = o.gemm == Gemm::kVendor ? " gemm=vendor" : "";
  benchmark::AddCustomContext(
      "xsb_hp_model",
      !o.hp_model.description.empty()
          ? DescribeRoleModel(o.hp_model)
          : "mlp layers=" + std::to_string(o.hp.layers) +
                " hidden=" + std::to_string(o.hp.hidden) +
                " batch=" + std::to_string(o.hp_batch) +
                " host_threads=" + std::to_string(o.hp.threads) + gemm);
  benchmark::AddCustomContext(
      "xsb_lp_model",
      !o.lp_model.description.empty()
          ? DescribeRoleModel(o.lp_model)
          : "mlp layers=" + std::to_string(o.lp.layers) + " hidden=" +
                std::to_string(o.lp.hidden) + " batch=per case host_threads=" +
                (o.lp.threads == 0 ? std::string("all cores")
                                   : std::to_string(o.lp.threads)) +
                gemm);
  // Scenarios that replay traces (trace-*) or run example programs
  // (torch-*) name each one.
  for (const auto& [key, value] :
       ScenarioModelContextEntries(o.scenarios, o.hp_model, o.lp_model)) {
    benchmark::AddCustomContext(key, value);
  }
  benchmark::AddCustomContext(
      "xsb_memory_limit_mib",
      o.memory_limit_mib == 0 ? "none" : std::to_string(o.memory_limit_mib));
  benchmark::AddCustomContext("xsb_arrival", DescribeArrival(o.study.arrival));
  benchmark::AddCustomContext("xsb_seed", std::to_string(o.seed));
  for (const auto& [key, value] : LoadStudyContext(o.study, o.confidence)) {
    benchmark::AddCustomContext(key, value);
  }
  benchmark::AddCustomContext("xsb_percentiles", "exact, nearest rank");
  benchmark::AddCustomContext("xsb_confidence", FormatNumber(o.confidence));
  AddNoiseContext();
  for (const SchedulerRuntime* scheduler : suite.schedulers) {
    for (const auto& [key, value] : scheduler->ContextEntries()) {
      benchmark::AddCustomContext(key, value);
    }
  }
}

// Says up front what a scheduler's cases will do: skip (and why), or for
// xsched leave out sweep points XSched would reject.
void AnnounceScheduler(const SuiteContext& suite,
                       const SchedulerRuntime& scheduler) {
  if (!scheduler.unavailable().empty()) {
    std::fprintf(stderr, "xsb: the %s cases will be skipped: %s\n",
                 scheduler.spec().name.c_str(),
                 scheduler.unavailable().c_str());
  }
  if (!IsXschedEngine(scheduler.spec())) return;
  std::vector<std::string> left_out;
  XschedLpSweep(suite.options.xsched, &left_out);
  for (const std::string& point : left_out) {
    std::fprintf(stderr,
                 "xsb: xsched sweep leaves out %s (XSched requires batch size "
                 "<= threshold)\n",
                 point.c_str());
  }
}

// Started with stdin, stdout or stderr closed, the pipes made for workers
// would take those numbers; /dev/null keeps them apart.
void OpenStandardDescriptors() {
  for (int fd = open("/dev/null", O_RDWR); fd >= 0;
       fd = open("/dev/null", O_RDWR)) {
    if (fd > 2) {
      close(fd);
      return;
    }
  }
}

// Exit codes: 0 all ran, 1 a case failed or the results were not saved,
// 2 bad usage (flags, backend, filter); an interrupt's own code.
using ExitCode = std::optional<int>;  // set: stop here with this code

// xsb_bench's flags, the output file request and Google Benchmark's flags.
ExitCode ParseCommandLine(int* argc, char** argv, SuiteContext* suite,
                          OutputFileRequest* output) {
  std::string error;
  if (!ParseSuiteFlags(argc, argv, &suite->options, &error) ||
      !CheckBenchmarkFlags(*argc, argv, std::getenv, &error) ||
      !TakeOutputFileRequest(*argc, argv, output, &error)) {
    PrintErrorLines(error);
    return 2;
  }
  ApplyXschedRootFallback(std::getenv("XSCHED_ROOT"), &suite->options.xsched);
  benchmark::Initialize(argc, argv, PrintHelp);
  if (benchmark::ReportUnrecognizedArguments(*argc, argv)) return 2;
  // Repetitions are rounds, which xsb_bench runs: Google Benchmark runs
  // each case once per round and computes no aggregates.
  if (!TakeRepetitionsAsRounds(benchmark::FLAGS_benchmark_repetitions,
                               suite->options.given_flags,
                               &suite->options.rounds, &error)) {
    PrintErrorLines(error);
    return 2;
  }
  benchmark::FLAGS_benchmark_repetitions = 1;
  return std::nullopt;
}

// Asks a worker which device the backend resolves to, and sizes the models
// for it.
ExitCode ProbeDevice(SuiteContext* suite) {
  std::string error;
  if (suite->options.worker_path.empty()) {
    suite->worker_path = WorkerBesideThisProgram();
    // --xsb_worker was checked with the flags; the default is checked here,
    // so a missing build product is named as such, not as a probe failure.
    if (!CheckExecutableFile(suite->worker_path, &error)) {
      std::fprintf(stderr,
                   "xsb_bench: no xsb_worker beside xsb_bench (%s): build it "
                   "(cmake --build) or pass --xsb_worker=PATH\n",
                   error.c_str());
      return 2;
    }
  } else {
    suite->worker_path = suite->options.worker_path;
  }
  if (!ProbeBackend(suite->worker_path, suite->options.backend,
                    suite->options.device_index, kProbeTimeoutS, &suite->device,
                    &error)) {
    if (const int signal = InterruptSignal()) {
      std::fprintf(stderr, "xsb_bench: %s\n", error.c_str());
      return InterruptExitCode(signal);
    }
    std::fprintf(stderr, "xsb_bench: cannot use --xsb_backend=%s: %s\n",
                 suite->options.backend.c_str(), error.c_str());
    return 2;
  }
  const Backend backend = suite->device.device.backend;
  if (!CheckXschedLevels(suite->options.xsched, backend, &error)) {
    PrintErrorLines(error);
    return 2;
  }
  if (backend == Backend::kCpu && suite->options.gemm == Gemm::kVendor) {
    std::fprintf(stderr,
                 "xsb_bench: --xsb_gemm=vendor: the cpu backend has no vendor "
                 "BLAS; use --xsb_gemm=builtin or a GPU backend\n");
    return 2;
  }
  suite->backend =
      backend == Backend::kCpu ? BackendRequest::kCpu : BackendRequest::kGpu;
  ApplyModelDefaults(backend, &suite->options);
  return std::nullopt;
}

// Stops a run whose --benchmark_filter matches no registered case before
// Google Benchmark starts, naming the flag that left out what it matches.
ExitCode CheckFilterMatches(
    const SuiteContext& suite,
    const std::vector<const SchedulerSpec*>& schedulers) {
  const std::string filter = benchmark::GetBenchmarkFilter();
  std::string why;
  if (!FilterMatchesNoCase(suite, schedulers, filter, &why)) {
    return std::nullopt;
  }
  std::fprintf(stderr, "xsb_bench: no case matches --benchmark_filter=%s%s\n",
               filter.c_str(), why.empty() ? "" : ("; " + why).c_str());
  return 2;
}

// `note` (why auto did not use the GPU) without its advice to use the CPU
// backend or to run on a machine with a GPU: auto has just done the one,
// and the other the user knows. Other remedies (rebuild, check the driver)
// stay.
std::string WithoutCpuBackendAdvice(std::string note) {
  for (const char* advice :
       {"; run on a machine with a GPU or use --xsb_backend=cpu",
        " or use --xsb_backend=cpu"}) {
    const size_t at = note.find(advice);
    if (at != std::string::npos) note.erase(at, std::string(advice).size());
  }
  return note;
}

// The schedulers to register and, once everything is valid, the samples
// folder; says which device the run uses.
ExitCode PrepareRun(const SuiteContext& suite,
                    std::vector<const SchedulerSpec*>* schedulers) {
  std::string error;
  if (!ChooseSchedulers(suite, benchmark::GetBenchmarkFilter(), schedulers,
                        &error)) {
    std::fprintf(stderr, "xsb_bench: %s\n", error.c_str());
    return 2;
  }
  // A path the user typed that is not there is a typo, not an environment
  // without XSched: only an absent install (no flag, no variable) skips.
  const XschedOptions& xsched = suite.options.xsched;
  const bool xsched_registered =
      std::any_of(schedulers->begin(), schedulers->end(),
                  [](const SchedulerSpec* s) { return IsXschedEngine(*s); });
  if (!xsched.root.empty() && xsched_registered &&
      !CheckXschedRoot(xsched.root, xsched.root_source, &error)) {
    std::fprintf(stderr, "xsb_bench: %s\n", error.c_str());
    return 2;
  }
  if (ExitCode code = CheckFilterMatches(suite, *schedulers)) return code;
  // Only now that every flag is valid and cases will run: a run that stops
  // earlier (a bad flag, --help, --benchmark_list_tests) leaves no folder.
  if (!suite.options.samples_dir.empty() &&
      !benchmark::FLAGS_benchmark_list_tests &&
      !PrepareSamplesDir(suite.options.samples_dir, &error)) {
    std::fprintf(stderr, "xsb_bench: --xsb_samples_dir: %s\n", error.c_str());
    return 2;
  }
  const bool cpu = suite.device.device.backend == Backend::kCpu;
  std::fprintf(stderr, "xsb: backend %s (%s) on %s\n",
               BackendName(suite.device.device.backend),
               suite.options.backend == "auto" ? "chosen by auto" : "as asked",
               suite.device.device.name.c_str());
  if (!suite.device.note.empty()) {
    // The advice to use the CPU backend is what auto just did.
    std::fprintf(stderr, "xsb: %s\n",
                 WithoutCpuBackendAdvice(suite.device.note).c_str());
  }
  if (cpu && suite.options.device_index != 0) {
    std::fprintf(stderr,
                 "xsb: --xsb_device=%d ignored: the cpu backend has one "
                 "device\n",
                 suite.options.device_index);
  }
  return std::nullopt;
}

// The console reporter: the summary unless Google Benchmark's table
// (--benchmark_counters_tabular=true) or another format was asked for,
// then Google Benchmark's own (which it keeps: not owned).
benchmark::BenchmarkReporter* MakeDisplayReporter(
    const RoundPlan& plan, std::unique_ptr<SummaryReporter>* summary) {
  if (benchmark::FLAGS_benchmark_format != "console" ||
      benchmark::FLAGS_benchmark_counters_tabular) {
    return benchmark::CreateDefaultDisplayReporter();
  }
  *summary = std::make_unique<SummaryReporter>(
      RoundPlanLines(plan, SuiteRunProgress()));
  return summary->get();
}

// The run-time state of each registered scheduler: the xsched engine's
// session, or a FileScheduler; announced, and listed in suite->schedulers.
std::vector<std::unique_ptr<SchedulerRuntime>> StartSchedulers(
    const std::vector<const SchedulerSpec*>& schedulers, SuiteContext* suite) {
  std::vector<std::unique_ptr<SchedulerRuntime>> runtimes;
  const Backend backend = suite->device.device.backend;
  for (const SchedulerSpec* spec : schedulers) {
    if (IsXschedEngine(*spec)) {
      runtimes.push_back(std::make_unique<XschedSession>(
          suite->options.xsched, backend, suite->device.compiled_gpu_backend));
    } else {
      FileScheduler::Setup setup;
      setup.backend = backend;
      setup.sweep = SchedulerSweep(*spec, suite->options);
      setup.cancel = [] { return InterruptSignal() != 0; };
      const char* preload = std::getenv("LD_PRELOAD");
      const char* library_path = std::getenv("LD_LIBRARY_PATH");
      setup.inherited_ld_preload = preload != nullptr ? preload : "";
      setup.inherited_ld_library_path =
          library_path != nullptr ? library_path : "";
      runtimes.push_back(std::make_unique<FileScheduler>(*spec, setup));
    }
    suite->schedulers.push_back(runtimes.back().get());
    AnnounceScheduler(*suite, *runtimes.back());
  }
  return runtimes;
}

// The exit code of a run that went through Google Benchmark, with one line
// on why it is not 0.
int ReportOutcome(const OutputFileRequest& output,
                  const OutputFileReporter& file_reporter, size_t ran) {
  if (!file_reporter.error().empty()) {
    std::fprintf(stderr, "xsb_bench: results not saved: %s\n",
                 file_reporter.error().c_str());
    return 1;
  }
  if (const int signal = InterruptSignal()) {
    std::fprintf(stderr,
                 "xsb_bench: interrupted by %s; every worker was stopped%s\n",
                 InterruptSignalName(signal),
                 output.path.empty()
                     ? ""
                     : ("; finished cases are in " + output.path).c_str());
    return InterruptExitCode(signal);
  }
  if (SkippedCaseCount() > 0) {
    std::fprintf(stderr,
                 "xsb_bench: %d case(s) skipped for what their environment "
                 "lacks; see the reasons above\n",
                 SkippedCaseCount());
  }
  if (ran == 0) {
    std::fprintf(stderr, "xsb_bench: no case matches --benchmark_filter\n");
    return 2;
  }
  if (FailedCaseCount() > 0) {
    std::fprintf(stderr, "xsb_bench: %d case(s) failed; see the errors above\n",
                 FailedCaseCount());
    return 1;
  }
  return 0;
}

int Main(int argc, char** argv) {
  if (HasFlag(argc, argv, kListCountersFlag)) {
    PrintCounters();
    return 0;
  }
  OpenStandardDescriptors();
  // A worker that dies must show up as a write error, not kill xsb_bench.
  signal(SIGPIPE, SIG_IGN);
  InstallInterruptHandlers();
  // As typed: the parsers below take their flags out of argv.
  const std::string command_line = ShellCommandLine(argc, argv);
  static SuiteContext suite;  // referenced by every registered case
  OutputFileRequest output;
  std::vector<const SchedulerSpec*> schedulers;
  const bool doctor = TakeFlag(&argc, argv, kDoctorFlag);
  if (ExitCode code = ParseCommandLine(&argc, argv, &suite, &output)) {
    return *code;
  }
  if (doctor) {
    return RunDoctor(suite.options, suite.options.worker_path.empty()
                                        ? WorkerBesideThisProgram()
                                        : suite.options.worker_path);
  }
  if (ExitCode code = ProbeDevice(&suite)) return *code;
  if (ExitCode code = PrepareRun(suite, &schedulers)) return *code;
  // Owned here, so a daemon one starts is stopped on every return below.
  std::vector<std::unique_ptr<SchedulerRuntime>> runtimes =
      StartSchedulers(schedulers, &suite);
  std::unique_ptr<GpuTelemetry> telemetry;
  if (suite.options.telemetry) {
    std::string source;
    telemetry = OpenSuiteTelemetry(suite.device.device.backend, &source);
    benchmark::AddCustomContext("xsb_gpu_telemetry", source);
    suite.telemetry = telemetry.get();
  }
  if (!benchmark::FLAGS_benchmark_list_tests) AddExecRoundTripContext(suite);
  const RoundPlan plan =
      MakeRoundPlan(suite, schedulers, benchmark::GetBenchmarkFilter());
  AddContext(suite);
  AddRunContext(suite, command_line);
  AddRoundContext(plan, suite.options.rounds, suite.options.confidence);
  SuiteRunProgress().Plan(plan.Planned(), plan.rule().automatic);

  OutputFileReporter file_reporter(output);
  std::unique_ptr<SummaryReporter> summary;
  benchmark::BenchmarkReporter* console = MakeDisplayReporter(plan, &summary);
  // Google Benchmark's JSON on stdout streams: its repetitions are the
  // case's runs so far, as in the file.
  RoundReporter display(console, summary ? PlannedRunsByName(plan) : nullptr);
  RoundReporter file(&file_reporter);
  const size_t ran =
      RunRounds(plan, suite, &display, output.path.empty() ? nullptr : &file)
          .ran;
  benchmark::Shutdown();
  // Stops the daemons xsb_bench started before anything is reported.
  suite.schedulers.clear();
  runtimes.clear();
  suite.telemetry = nullptr;
  return ReportOutcome(output, file_reporter, ran);
}

}  // namespace
}  // namespace xsb

int main(int argc, char** argv) { return xsb::Main(argc, argv); }
