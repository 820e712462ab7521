#include "bench/protocol/worker_protocol.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace xsb {
namespace {

// Encodes, decodes and returns the decoded message of type T.
template <typename T>
T RoundTrip(const T& message) {
  const std::string line = EncodeMessage(WorkerMessage(message));
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  WorkerMessage decoded;
  std::string error;
  EXPECT_TRUE(DecodeMessage(line, &decoded, &error)) << error << "\n" << line;
  EXPECT_TRUE(std::holds_alternative<T>(decoded)) << line;
  if (!std::holds_alternative<T>(decoded)) return T{};
  return std::get<T>(decoded);
}

// Decoding `line` fails with a non-empty error and without throwing.
void ExpectRejected(const std::string& line) {
  SCOPED_TRACE(line);
  WorkerMessage decoded;
  std::string error;
  bool ok = true;
  EXPECT_NO_THROW(ok = DecodeMessage(line, &decoded, &error));
  EXPECT_FALSE(ok);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

WorkerConfig SampleConfig() {
  WorkerConfig c;
  c.role = WorkerRole::kLp;
  c.backend = BackendRequest::kGpu;
  c.shape = {6, 1024, 32};
  c.host_threads = 3;
  c.seed = std::numeric_limits<uint64_t>::max() - 5;  // beyond int64
  c.priority = StreamPriority::kLowest;
  c.rate_per_s = 12.5;
  c.arrival.process = ArrivalDistribution::kPoisson;
  c.progress_interval_s = 0.25;
  c.memory_limit_mib = 3072;
  c.spin_us = 1000;
  c.queue_depth = 4;
  c.shape.gemm = Gemm::kVendor;
  c.trace_path = "/traces/decode.csv";
  c.exec_argv = {"/usr/bin/python3", "my model.py", "--batch=32"};
  return c;
}

// A valid config as JSON text with `field` replaced by `value` (raw JSON),
// or removed when value is empty; a field not in the list is added.
std::string ConfigWith(const std::string& field, const std::string& value) {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"type", "\"config\""},
      {"role", "\"hp\""},
      {"backend", "\"cpu\""},
      {"layers", "4"},
      {"hidden", "64"},
      {"batch", "1"},
      {"host_threads", "1"},
      {"seed", "7"},
      {"priority", "\"default\""},
      {"rate_per_s", "100"},
      {"arrival", "\"uniform\""},
      {"progress_interval_s", "1"},
      {"memory_limit_mib", "0"},
      {"spin_us", "0"},
      {"queue_depth", "1"},
  };
  std::string text = "{";
  bool first = true;
  for (const auto& [name, json] : fields) {
    std::string v = name == field ? value : json;
    if (v.empty()) continue;
    if (!first) text += ",";
    first = false;
    text += "\"" + name + "\":" + v;
  }
  const bool known =
      std::any_of(fields.begin(), fields.end(),
                  [&](const auto& f) { return f.first == field; });
  if (!known && !value.empty()) text += ",\"" + field + "\":" + value;
  return text + "}";
}

TEST(WorkerProtocolTest, MessageTypeNames) {
  EXPECT_STREQ(MessageTypeName(WorkerConfig{}), "config");
  EXPECT_STREQ(MessageTypeName(ReadyMessage{}), "ready");
  EXPECT_STREQ(MessageTypeName(StartMessage{}), "start");
  EXPECT_STREQ(MessageTypeName(ProgressMessage{}), "progress");
  EXPECT_STREQ(MessageTypeName(ResultMessage{}), "result");
  EXPECT_STREQ(MessageTypeName(ErrorMessage{}), "error");
}

TEST(WorkerProtocolTest, ConfigRoundTrip) {
  const WorkerConfig in = SampleConfig();
  const WorkerConfig out = RoundTrip(in);
  EXPECT_EQ(out.role, in.role);
  EXPECT_EQ(out.backend, in.backend);
  EXPECT_EQ(out.shape.layers, in.shape.layers);
  EXPECT_EQ(out.shape.hidden, in.shape.hidden);
  EXPECT_EQ(out.shape.batch, in.shape.batch);
  EXPECT_EQ(out.host_threads, in.host_threads);
  EXPECT_EQ(out.seed, in.seed);
  EXPECT_EQ(out.priority, in.priority);
  EXPECT_EQ(out.rate_per_s, in.rate_per_s);
  EXPECT_TRUE(out.arrival == in.arrival);
  EXPECT_EQ(out.progress_interval_s, in.progress_interval_s);
  EXPECT_EQ(out.memory_limit_mib, in.memory_limit_mib);
  EXPECT_EQ(out.spin_us, in.spin_us);
  EXPECT_EQ(out.queue_depth, in.queue_depth);
  EXPECT_EQ(out.shape.gemm, Gemm::kVendor);
  EXPECT_EQ(out.trace_path, "/traces/decode.csv");
  EXPECT_EQ(out.exec_argv, in.exec_argv);
}

// A process with parameters travels in arrival_spec; the plain ones as
// before, so an older worker reads them.
TEST(WorkerProtocolTest, ArrivalProcessesRoundTrip) {
  for (const char* text : {"gamma:cv=4", "onoff:burst=8,period_ms=400",
                           "replay:/logs/requests.csv,unit=ms"}) {
    WorkerConfig in = SampleConfig();
    std::string error;
    ASSERT_TRUE(ParseArrivalSpec(text, &in.arrival, &error)) << error;
    EXPECT_TRUE(RoundTrip(in).arrival == in.arrival) << text;
    EXPECT_NE(EncodeMessage(in).find("arrival_spec"), std::string::npos);
  }
  EXPECT_EQ(EncodeMessage(SampleConfig()).find("arrival_spec"),
            std::string::npos);
  WorkerMessage decoded;
  std::string error;
  EXPECT_FALSE(DecodeMessage(
      ConfigWith("arrival_spec", R"({"process": "gamma", "cv": -1})"), &decoded,
      &error));
  EXPECT_NE(error.find("cv"), std::string::npos) << error;
  EXPECT_FALSE(DecodeMessage(
      ConfigWith("arrival_spec", R"({"process": "gamma", "cv": 2})"), &decoded,
      &error));
  EXPECT_NE(error.find("differ"), std::string::npos) << error;
}

// Older senders omit them: the MLP with the builtin GEMM.
TEST(WorkerProtocolTest, ModelFieldsAreOptional) {
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(ConfigWith("", ""), &decoded, &error)) << error;
  EXPECT_EQ(std::get<WorkerConfig>(decoded).shape.gemm, Gemm::kBuiltin);
  EXPECT_EQ(std::get<WorkerConfig>(decoded).trace_path, "");
  EXPECT_TRUE(std::get<WorkerConfig>(decoded).exec_argv.empty());
  const std::string bad_gemm =
      ConfigWith("", "").substr(0, ConfigWith("", "").size() - 1) +
      ",\"gemm\":\"cublas\"}";
  EXPECT_FALSE(DecodeMessage(bad_gemm, &decoded, &error));
  EXPECT_NE(error.find("unknown gemm 'cublas'"), std::string::npos) << error;
}

TEST(WorkerProtocolTest, HpConfigRoundTrip) {
  WorkerConfig in;
  in.role = WorkerRole::kHp;
  in.rate_per_s = 1.0 / 3.0;  // not a short decimal: must survive exactly
  in.priority = StreamPriority::kHighest;
  in.host_threads = 0;
  const WorkerConfig out = RoundTrip(in);
  EXPECT_EQ(out.role, WorkerRole::kHp);
  EXPECT_EQ(out.rate_per_s, in.rate_per_s);
  EXPECT_EQ(out.priority, StreamPriority::kHighest);
  EXPECT_EQ(out.host_threads, 0);
  EXPECT_EQ(out.arrival.process, ArrivalDistribution::kUniform);
  EXPECT_EQ(out.backend, BackendRequest::kCpu);
}

TEST(WorkerProtocolTest, ReadyRoundTrip) {
  ReadyMessage in;
  in.pid = 123456;
  in.device.backend = Backend::kCuda;
  in.device.name = "NVIDIA H100 \"SXM\" \\ 80GB";
  in.device.compute_units = 132;
  in.device.memory_bytes = 85'000'000'000;
  in.device.driver_version = "550.54";
  in.device.runtime_version = "12.4";
  in.cpu_policy = "idle";
  in.forward_ms = 0.123456789;
  in.note = "GPU unavailable: \u00e9\u00e8";
  const ReadyMessage out = RoundTrip(in);
  EXPECT_EQ(out.pid, in.pid);
  EXPECT_EQ(out.device.backend, in.device.backend);
  EXPECT_EQ(out.device.name, in.device.name);
  EXPECT_EQ(out.device.compute_units, in.device.compute_units);
  EXPECT_EQ(out.device.memory_bytes, in.device.memory_bytes);
  EXPECT_EQ(out.device.driver_version, in.device.driver_version);
  EXPECT_EQ(out.device.runtime_version, in.device.runtime_version);
  EXPECT_EQ(out.cpu_policy, in.cpu_policy);
  EXPECT_EQ(out.forward_ms, in.forward_ms);
  EXPECT_EQ(out.note, in.note);
}

TEST(WorkerProtocolTest, ReadyNoteIsOptional) {
  const std::string line =
      R"({"type":"ready","pid":5,"cpu_policy":"","forward_ms":1.5,)"
      R"("device":{"backend":"cpu","name":"x","compute_units":2,)"
      R"("memory_bytes":10,"driver_version":"d","runtime_version":"r"}})";
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(line, &decoded, &error)) << error;
  ASSERT_TRUE(std::holds_alternative<ReadyMessage>(decoded));
  EXPECT_EQ(std::get<ReadyMessage>(decoded).note, "");
  EXPECT_EQ(std::get<ReadyMessage>(decoded).pid, 5);
}

TEST(WorkerProtocolTest, ReadyCarriesTheShimProof) {
  ReadyMessage in;
  in.mapped_libraries = {"/opt/xsched/lib/libshimhip.so",
                         "/opt/rocm/lib/libamdhip64.so.5"};
  in.scheduler_env = {{"XLOG_LEVEL", "INFO"},
                      {"XSCHED_AUTO_XQUEUE", "ON"},
                      {"XSCHED_AUTO_XQUEUE_PRIORITY", "-3"}};
  const ReadyMessage out = RoundTrip(in);
  EXPECT_EQ(out.mapped_libraries, in.mapped_libraries);
  EXPECT_EQ(out.scheduler_env, in.scheduler_env);
}

// The fields a worker (or fake_worker.sh) that predates them leaves out.
const char kReadyWithoutProof[] =
    R"({"type":"ready","pid":5,"cpu_policy":"","forward_ms":1.5,)"
    R"("device":{"backend":"cpu","name":"x","compute_units":2,)"
    R"("memory_bytes":10,"driver_version":"d","runtime_version":"r"})";

TEST(WorkerProtocolTest, ReadyShimProofIsOptional) {
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(
      DecodeMessage(std::string(kReadyWithoutProof) + "}", &decoded, &error))
      << error;
  const ReadyMessage& ready = std::get<ReadyMessage>(decoded);
  EXPECT_TRUE(ready.mapped_libraries.empty());
  EXPECT_TRUE(ready.scheduler_env.empty());
}

TEST(WorkerProtocolTest, ReadyCarriesAnExecModelsReport) {
  ReadyMessage in;
  in.exec = {"/usr/bin/python3 torch_models.py --model=resnet50",
             4242,
             "resnet50",
             "cuda:0 (NVIDIA H100)",
             1024,
             "lowest",
             2000,
             14.5,
             31.25};
  const ReadyMessage out = RoundTrip(in);
  EXPECT_EQ(out.exec.command, in.exec.command);
  EXPECT_EQ(out.exec.pid, 4242);
  EXPECT_EQ(out.exec.model, "resnet50");
  EXPECT_EQ(out.exec.device, in.exec.device);
  EXPECT_EQ(out.exec.batch, 1024);
  EXPECT_EQ(out.exec.stream_priority, "lowest");
  EXPECT_EQ(out.exec.round_trips, 2000);
  EXPECT_EQ(out.exec.round_trip_p50_us, 14.5);
  EXPECT_EQ(out.exec.round_trip_p99_us, 31.25);
  // A built-in model's ready message has none.
  EXPECT_EQ(EncodeMessage(ReadyMessage{}).find("\"exec\""), std::string::npos);
}

TEST(WorkerProtocolTest, RejectsMalformedExecFields) {
  ExpectRejected(ConfigWith("", "").substr(0, ConfigWith("", "").size() - 1) +
                 ",\"exec\":\"python3 m.py\"}");
  ExpectRejected(ConfigWith("", "").substr(0, ConfigWith("", "").size() - 1) +
                 ",\"exec\":[\"python3\",1]}");
  ExpectRejected(std::string(kReadyWithoutProof) +
                 R"(,"exec":{"command":"c","pid":0,"model":"m","device":"d",)"
                 R"("batch":1,"stream_priority":"","round_trips":0,)"
                 R"("round_trip_p50_us":0,"round_trip_p99_us":0}})");
  ExpectRejected(std::string(kReadyWithoutProof) + R"(,"exec":{"pid":5}})");
}

TEST(WorkerProtocolTest, RejectsMalformedShimProof) {
  for (const char* field :
       {R"("mapped_libraries":"/lib/libshimhip.so")",
        R"("mapped_libraries":[1])", R"("scheduler_env":["XSCHED_X=1"])",
        R"("scheduler_env":{"XSCHED_AUTO_XQUEUE":1})"}) {
    ExpectRejected(std::string(kReadyWithoutProof) + "," + field + "}");
  }
}

TEST(WorkerProtocolTest, StartRoundTrip) {
  const StartMessage in{1'700'000'000'123'456'789, 1'700'000'060'123'456'789};
  const StartMessage out = RoundTrip(in);
  EXPECT_EQ(out.t0_ns, in.t0_ns);
  EXPECT_EQ(out.end_ns, in.end_ns);
}

TEST(WorkerProtocolTest, ProgressRoundTrip) {
  EXPECT_EQ(RoundTrip(ProgressMessage{0, {}, {}}).completed, 0);
  EXPECT_EQ(RoundTrip(ProgressMessage{987'654'321'012, {}, {}}).completed,
            987'654'321'012);
}

TEST(WorkerProtocolTest, ProgressCarriesStreamedSamples) {
  ProgressMessage in{5, {{100, 105, 200}, {300, 301, 450}}, {}};
  ProgressMessage out = RoundTrip(in);
  ASSERT_EQ(out.requests.size(), 2u);
  EXPECT_EQ(out.requests[1].completed_ns, 450);
  EXPECT_TRUE(out.completions_ns.empty());
  out = RoundTrip(ProgressMessage{3, {}, {7, 8, 9}});
  EXPECT_EQ(out.completions_ns, (std::vector<int64_t>{7, 8, 9}));
  ExpectRejected(R"({"type":"progress","completed":1,"requests":[[1,2]]})");
}

TEST(WorkerProtocolTest, EndRoundTrip) {
  EXPECT_STREQ(MessageTypeName(EndMessage{}), "end");
  EXPECT_EQ(RoundTrip(EndMessage{1'700'000'042'000'000'000}).end_ns,
            1'700'000'042'000'000'000);
  ExpectRejected(R"({"type":"end"})");
  ExpectRejected(R"({"type":"end","end_ns":1.5})");
}

TEST(WorkerProtocolTest, StreamingAndSpinAreOptionalInConfig) {
  WorkerConfig in = SampleConfig();
  in.stream_samples = true;
  in.send_spin_ns = 200'000;
  const WorkerConfig out = RoundTrip(in);
  EXPECT_TRUE(out.stream_samples);
  EXPECT_EQ(out.send_spin_ns, 200'000);
  // A config from a peer that predates the two fields.
  std::string line = EncodeMessage(SampleConfig());
  for (const std::string added :
       {R"("send_spin_ns":0,)", R"("stream_samples":false,)"}) {
    ASSERT_NE(line.find(added), std::string::npos) << line;
    line.erase(line.find(added), added.size());
  }
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(line, &decoded, &error)) << error;
  EXPECT_FALSE(std::get<WorkerConfig>(decoded).stream_samples);
  EXPECT_EQ(std::get<WorkerConfig>(decoded).send_spin_ns, 0);
}

TEST(WorkerProtocolTest, HpResultRoundTrip) {
  ResultMessage in;
  in.role = WorkerRole::kHp;
  in.requests = {{100, 105, 200},
                 {1'700'000'000'000'000'000, 1'700'000'000'000'000'001,
                  1'700'000'000'500'000'000},
                 {-1, 0, 1}};
  const ResultMessage out = RoundTrip(in);
  EXPECT_EQ(out.role, WorkerRole::kHp);
  ASSERT_EQ(out.requests.size(), in.requests.size());
  for (size_t i = 0; i < in.requests.size(); ++i) {
    EXPECT_EQ(out.requests[i].scheduled_ns, in.requests[i].scheduled_ns);
    EXPECT_EQ(out.requests[i].sent_ns, in.requests[i].sent_ns);
    EXPECT_EQ(out.requests[i].completed_ns, in.requests[i].completed_ns);
  }
  EXPECT_TRUE(out.completions_ns.empty());
}

TEST(WorkerProtocolTest, LpResultRoundTrip) {
  ResultMessage in;
  in.role = WorkerRole::kLp;
  for (int64_t i = 0; i < 1000; ++i) {
    in.completions_ns.push_back(1'000'000'000'000 + i * 7'654'321);
  }
  const ResultMessage out = RoundTrip(in);
  EXPECT_EQ(out.role, WorkerRole::kLp);
  EXPECT_TRUE(out.requests.empty());
  EXPECT_EQ(out.completions_ns, in.completions_ns);
}

TEST(WorkerProtocolTest, EmptyResultRoundTrip) {
  const ResultMessage out = RoundTrip(ResultMessage{});
  EXPECT_TRUE(out.requests.empty());
  EXPECT_TRUE(out.completions_ns.empty());
}

TEST(WorkerProtocolTest, ErrorRoundTrip) {
  const std::string text = "hipMalloc failed: \"out of memory\"\tline\\2";
  EXPECT_EQ(RoundTrip(ErrorMessage{text}).message, text);
  EXPECT_EQ(RoundTrip(ErrorMessage{""}).message, "");
}

TEST(WorkerProtocolTest, NewlinesInStringsStayOnOneLine) {
  const std::string text = "first line\nsecond line\r\n";
  // RoundTrip checks that the encoded line has no raw newline.
  EXPECT_EQ(RoundTrip(ErrorMessage{text}).message, text);
}

TEST(WorkerProtocolTest, InvalidUtf8DeviceNameEncodesWithoutThrowing) {
  ReadyMessage in;
  in.device.name = std::string("GPU \xff\xfe bad \xc3", 12);
  in.device.backend = Backend::kHip;
  std::string line;
  ASSERT_NO_THROW(line = EncodeMessage(in));
  EXPECT_NE(line.find("\"type\":\"ready\""), std::string::npos) << line;
  // The encoded line is valid and decodes; the bad bytes are replaced.
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(line, &decoded, &error)) << error;
  ASSERT_TRUE(std::holds_alternative<ReadyMessage>(decoded));
  const std::string& name = std::get<ReadyMessage>(decoded).device.name;
  EXPECT_EQ(name.rfind("GPU ", 0), 0u) << name;
  EXPECT_EQ(name.find('\xff'), std::string::npos);
  EXPECT_EQ(std::get<ReadyMessage>(decoded).device.backend, Backend::kHip);
}

TEST(WorkerProtocolTest, InvalidUtf8ErrorMessageEncodesAsReplacements) {
  std::string line;
  ASSERT_NO_THROW(line = EncodeMessage(ErrorMessage{"lost \x80\x81 device"}));
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(line, &decoded, &error)) << error;
  ASSERT_TRUE(std::holds_alternative<ErrorMessage>(decoded));
  // Each invalid byte becomes U+FFFD; the valid text around them is kept.
  EXPECT_EQ(std::get<ErrorMessage>(decoded).message,
            "lost \xEF\xBF\xBD\xEF\xBF\xBD device");
}

TEST(WorkerProtocolTest, ValidConfigTemplateDecodes) {
  // The base of the malformed-config cases below is itself valid.
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(ConfigWith("", ""), &decoded, &error)) << error;
  ASSERT_TRUE(std::holds_alternative<WorkerConfig>(decoded));
  EXPECT_EQ(std::get<WorkerConfig>(decoded).shape.hidden, 64);
  EXPECT_EQ(std::get<WorkerConfig>(decoded).rate_per_s, 100);
}

TEST(WorkerProtocolTest, RejectsNonJson) {
  ExpectRejected("hello");
  ExpectRejected("{");
  ExpectRejected("{\"type\":\"progress\",\"completed\":1");  // truncated
  ExpectRejected("{\"type\":\"progress\",\"completed\":1}}");
  ExpectRejected("");
  ExpectRejected("   ");
  ExpectRejected(std::string("{\"type\":\"error\",\"message\":\"\xff\"}"));
}

TEST(WorkerProtocolTest, RejectsNonObjects) {
  ExpectRejected("[]");
  ExpectRejected("[{\"type\":\"progress\",\"completed\":1}]");
  ExpectRejected("42");
  ExpectRejected("\"config\"");
  ExpectRejected("null");
}

TEST(WorkerProtocolTest, RejectsMissingOrBadType) {
  ExpectRejected("{}");
  ExpectRejected("{\"completed\":1}");
  ExpectRejected("{\"type\":3,\"completed\":1}");
  ExpectRejected("{\"type\":null}");
  ExpectRejected("{\"type\":\"bogus\"}");
  ExpectRejected("{\"type\":\"Config\"}");
  ExpectRejected("{\"type\":\"\"}");
}

TEST(WorkerProtocolTest, RejectsMissingFields) {
  ExpectRejected("{\"type\":\"progress\"}");
  ExpectRejected("{\"type\":\"error\"}");
  ExpectRejected("{\"type\":\"start\",\"t0_ns\":1}");
  ExpectRejected("{\"type\":\"result\",\"role\":\"hp\",\"requests\":[]}");
  ExpectRejected("{\"type\":\"ready\",\"pid\":1}");
  for (const char* field :
       {"role", "backend", "layers", "hidden", "batch", "host_threads", "seed",
        "priority", "rate_per_s", "arrival", "progress_interval_s",
        "memory_limit_mib"}) {
    ExpectRejected(ConfigWith(field, ""));
  }
}

TEST(WorkerProtocolTest, RejectsWrongFieldTypes) {
  ExpectRejected("{\"type\":\"progress\",\"completed\":\"5\"}");
  ExpectRejected("{\"type\":\"start\",\"t0_ns\":\"1\",\"end_ns\":2}");
  ExpectRejected("{\"type\":\"error\",\"message\":5}");
  ExpectRejected(ConfigWith("layers", "\"4\""));
  ExpectRejected(ConfigWith("rate_per_s", "\"100\""));
  ExpectRejected(ConfigWith("role", "1"));
  ExpectRejected(ConfigWith("backend", "null"));
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"lp\",\"requests\":[],"
      "\"completions_ns\":[1,\"2\"]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[[1,\"2\",3]],"
      "\"completions_ns\":[]}");
}

TEST(WorkerProtocolTest, RejectsUnknownEnumValues) {
  ExpectRejected(ConfigWith("role", "\"mp\""));
  ExpectRejected(ConfigWith("priority", "\"high\""));
  ExpectRejected(ConfigWith("arrival", "\"bursty\""));
  ExpectRejected(ConfigWith("backend", "\"auto\""));
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"xx\",\"requests\":[],"
      "\"completions_ns\":[]}");
}

TEST(WorkerProtocolTest, RejectsInvalidConfigValues) {
  ExpectRejected(ConfigWith("layers", "0"));
  ExpectRejected(ConfigWith("hidden", "0"));
  ExpectRejected(ConfigWith("batch", "-1"));
  ExpectRejected(ConfigWith("host_threads", "-1"));
  ExpectRejected(ConfigWith("rate_per_s", "0"));
  ExpectRejected(ConfigWith("rate_per_s", "-10"));
  ExpectRejected(ConfigWith("progress_interval_s", "0"));
  ExpectRejected(ConfigWith("memory_limit_mib", "-1"));
  ExpectRejected(ConfigWith("memory_limit_mib", "1.5"));
  ExpectRejected(ConfigWith("spin_us", "-1"));
  ExpectRejected(ConfigWith("queue_depth", "0"));
}

TEST(WorkerProtocolTest, ConfigWithoutSpinFieldsRunsTheModel) {
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(ConfigWith("spin_us", ""), &decoded, &error))
      << error;
  EXPECT_EQ(std::get<WorkerConfig>(decoded).spin_us, 0);
  ASSERT_TRUE(DecodeMessage(ConfigWith("queue_depth", ""), &decoded, &error))
      << error;
  EXPECT_EQ(std::get<WorkerConfig>(decoded).queue_depth, 1);
}

TEST(WorkerProtocolTest, LpConfigNeedsNoRate) {
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(ConfigWith("role", "\"lp\""), &decoded, &error))
      << error;
  // An lp worker has no schedule, so a rate of 0 is fine for it.
  std::string lp_zero_rate = ConfigWith("rate_per_s", "0");
  const std::string hp = "\"role\":\"hp\"";
  lp_zero_rate.replace(lp_zero_rate.find(hp), hp.size(), "\"role\":\"lp\"");
  EXPECT_TRUE(DecodeMessage(lp_zero_rate, &decoded, &error)) << error;
}

TEST(WorkerProtocolTest, RejectsStartThatEndsBeforeItBegins) {
  ExpectRejected("{\"type\":\"start\",\"t0_ns\":100,\"end_ns\":100}");
  ExpectRejected("{\"type\":\"start\",\"t0_ns\":100,\"end_ns\":99}");
  WorkerMessage decoded;
  std::string error;
  EXPECT_TRUE(DecodeMessage("{\"type\":\"start\",\"t0_ns\":100,\"end_ns\":101}",
                            &decoded, &error))
      << error;
}

TEST(WorkerProtocolTest, RejectsMalformedRequestTriples) {
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[[1,2]],"
      "\"completions_ns\":[]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[[1,2,3,4]],"
      "\"completions_ns\":[]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[[1,2,3],5],"
      "\"completions_ns\":[]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[{\"a\":1}],"
      "\"completions_ns\":[]}");
}

TEST(WorkerProtocolTest, RejectsTruncatedEncodedMessages) {
  ResultMessage result;
  result.role = WorkerRole::kHp;
  result.requests = {{1, 2, 3}, {4, 5, 6}};
  const std::string line = EncodeMessage(result);
  // Every proper prefix of a message is invalid.
  for (size_t n = 0; n < line.size(); ++n) {
    ExpectRejected(line.substr(0, n));
  }
}

TEST(WorkerProtocolTest, FailedDecodeLeavesOutputAlone) {
  WorkerMessage decoded = ProgressMessage{77, {}, {}};
  std::string error;
  EXPECT_FALSE(DecodeMessage("{\"type\":\"progress\"}", &decoded, &error));
  ASSERT_TRUE(std::holds_alternative<ProgressMessage>(decoded));
  EXPECT_EQ(std::get<ProgressMessage>(decoded).completed, 77);
}

TEST(WorkerProtocolTest, ErrorNamesTheMessageType) {
  WorkerMessage decoded;
  std::string error;
  ASSERT_FALSE(DecodeMessage(ConfigWith("layers", "0"), &decoded, &error));
  EXPECT_NE(error.find("config"), std::string::npos) << error;
  ASSERT_FALSE(
      DecodeMessage(ConfigWith("arrival", "\"bursty\""), &decoded, &error));
  EXPECT_NE(error.find("bursty"), std::string::npos) << error;
}

TEST(StreamPriorityTest, NamesRoundTrip) {
  for (StreamPriority p : {StreamPriority::kDefault, StreamPriority::kHighest,
                           StreamPriority::kLowest}) {
    StreamPriority parsed = p == StreamPriority::kDefault
                                ? StreamPriority::kLowest
                                : StreamPriority::kDefault;
    ASSERT_TRUE(ParseStreamPriority(StreamPriorityName(p), &parsed));
    EXPECT_EQ(parsed, p);
  }
  EXPECT_STREQ(StreamPriorityName(StreamPriority::kHighest), "highest");
  StreamPriority out = StreamPriority::kDefault;
  EXPECT_FALSE(ParseStreamPriority("high", &out));
  EXPECT_FALSE(ParseStreamPriority("", &out));
  EXPECT_FALSE(ParseStreamPriority("?", &out));
}

}  // namespace
}  // namespace xsb

namespace xsb {
namespace {

TEST(WorkerProtocolStrictnessTest, RejectsNonIntegersWhereIntegersAreDue) {
  ExpectRejected("{\"type\":\"progress\",\"completed\":true}");
  ExpectRejected("{\"type\":\"progress\",\"completed\":1.5}");
  ExpectRejected("{\"type\":\"start\",\"t0_ns\":1.0,\"end_ns\":2}");
  ExpectRejected(ConfigWith("layers", "2.5"));
  ExpectRejected(ConfigWith("host_threads", "false"));
}

TEST(WorkerProtocolStrictnessTest, StopRoundTrip) {
  const std::string line = EncodeMessage(StopMessage{});
  EXPECT_EQ(line, "{\"type\":\"stop\"}");
  WorkerMessage decoded;
  std::string error;
  ASSERT_TRUE(DecodeMessage(line, &decoded, &error)) << error;
  EXPECT_TRUE(std::holds_alternative<StopMessage>(decoded));
}

TEST(WorkerProtocolStrictnessTest, RejectsANegativeSeed) {
  ExpectRejected(ConfigWith("seed", "-1"));
}

TEST(WorkerProtocolStrictnessTest, RejectsResultArraysThatAreNotArrays) {
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":null,"
      "\"completions_ns\":[]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"lp\",\"requests\":[],"
      "\"completions_ns\":{}}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"lp\",\"requests\":[],"
      "\"completions_ns\":[1,\"2\"]}");
  ExpectRejected(
      "{\"type\":\"result\",\"role\":\"hp\",\"requests\":[[1,2,3.5]],"
      "\"completions_ns\":[]}");
}

}  // namespace
}  // namespace xsb
