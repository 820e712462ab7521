#include "kernels/exec/exec_protocol.h"

#include <gtest/gtest.h>

#include <string>

#include "kernels/exec/exec_program.h"

namespace xsb {
namespace {

TEST(ExecProtocolTest, ForwardLineIsTheWordAndTheId) {
  EXPECT_EQ(ForwardLine(0), "forward 0\n");
  EXPECT_EQ(ForwardLine(123456789012), "forward 123456789012\n");
}

TEST(ExecProtocolTest, ReadsEveryReadyField) {
  ExecReady ready;
  std::string failure, error;
  ASSERT_TRUE(ParseReadyLine(
      R"json(ready {"protocol": 1, "model": "resnet18", "device": "cuda:0 (H100)",)json"
      R"json( "batch": 8, "stream_priority": "highest"})json",
      &ready, &failure, &error))
      << error;
  EXPECT_EQ(ready.model, "resnet18");
  EXPECT_EQ(ready.device, "cuda:0 (H100)");
  EXPECT_EQ(ready.batch, 8);
  EXPECT_EQ(ready.stream_priority, "highest");
}

TEST(ExecProtocolTest, StreamPriorityIsOptional) {
  ExecReady ready;
  std::string failure, error;
  ASSERT_TRUE(ParseReadyLine(
      R"(ready {"protocol":1,"model":"m","device":"cpu","batch":1})", &ready,
      &failure, &error));
  EXPECT_EQ(ready.stream_priority, "");
}

// Each bad ready line, and the phrase its error must hold.
struct BadReady {
  const char* line;
  const char* phrase;
};

TEST(ExecProtocolTest, BadReadyLinesNameWhatIsWrong) {
  const BadReady cases[] = {
      {"hello", "sent 'hello' before its ready line (expected 'ready {JSON}'"},
      {"ready not json", "rest is not a JSON object: 'ready not json'"},
      {R"(ready {"model":"m","device":"cpu","batch":1})",
       "has no integer \"protocol\""},
      {R"(ready {"protocol":2,"model":"m","device":"cpu","batch":1})",
       "speaks protocol 2, the worker 1"},
      {R"(ready {"protocol":1,"device":"cpu","batch":1})",
       "has no \"model\" string"},
      {R"(ready {"protocol":1,"model":"m","device":"","batch":1})",
       "has no \"device\" string"},
      {R"(ready {"protocol":1,"model":"m","device":"cpu","batch":0})",
       "has no \"batch\" integer > 0"},
      {R"(ready {"protocol":1,"model":"m","device":"cpu","batch":1.5})",
       "has no \"batch\" integer > 0"},
      {R"(ready {"protocol":1,"model":"m","device":"c","batch":1,)"
       R"("stream_priority":3})",
       "\"stream_priority\" that is not a string"},
  };
  for (const BadReady& c : cases) {
    ExecReady ready;
    std::string failure, error;
    EXPECT_FALSE(ParseReadyLine(c.line, &ready, &failure, &error)) << c.line;
    EXPECT_EQ(failure, "") << c.line;
    EXPECT_NE(error.find(c.phrase), std::string::npos)
        << c.line << " -> " << error;
  }
}

TEST(ExecProtocolTest, AnErrorInsteadOfReadyIsAFailureNotABrokenProtocol) {
  ExecReady ready;
  std::string failure, error;
  EXPECT_FALSE(ParseReadyLine("error FileNotFoundError: weights.pt", &ready,
                              &failure, &error));
  EXPECT_EQ(failure, "FileNotFoundError: weights.pt");
  EXPECT_EQ(error, "");
}

TEST(ExecProtocolTest, LongLinesAreQuotedShort) {
  ExecReady ready;
  std::string failure, error;
  EXPECT_FALSE(
      ParseReadyLine(std::string(5000, 'x'), &ready, &failure, &error));
  EXPECT_LT(error.size(), 400u) << error;
  EXPECT_NE(error.find("xxx..."), std::string::npos) << error;
}

TEST(ExecProtocolTest, ForwardRepliesMatchTheirRequest) {
  std::string failure, error;
  EXPECT_TRUE(ParseForwardReply("done 17", 17, &failure, &error));
  EXPECT_FALSE(ParseForwardReply("done 16", 17, &failure, &error));
  EXPECT_EQ(error,
            "sent a malformed line 'done 16' in reply to forward 17 "
            "(expected 'done 17' or 'error MESSAGE')");
  EXPECT_FALSE(ParseForwardReply("done 17 ", 17, &failure, &error));
  EXPECT_FALSE(
      ParseForwardReply("error ValueError: boom", 17, &failure, &error));
  EXPECT_EQ(failure, "ValueError: boom");
  EXPECT_FALSE(ParseForwardReply("error", 17, &failure, &error));
  EXPECT_EQ(failure, "error (no message)");
}

TEST(ExecEnvironmentTest, TellsTheProgramEverySetting) {
  ExecSettings settings;
  settings.role = "lp";
  settings.batch = 1024;
  settings.backend = "gpu";
  settings.device_index = 2;
  settings.stream_priority = "lowest";
  settings.seed = 42;
  settings.python_path = "/opt/xsb/bench/python";
  EXPECT_EQ(ExecEnvironment(settings, 7, "/home/me/lib"),
            (std::vector<EnvironmentVariable>{
                {"XSB_MODEL_FD", "7"},
                {"XSB_MODEL_PROTOCOL", "1"},
                {"XSB_MODEL_ROLE", "lp"},
                {"XSB_MODEL_BATCH", "1024"},
                {"XSB_MODEL_BACKEND", "gpu"},
                {"XSB_MODEL_DEVICE", "2"},
                {"XSB_MODEL_SEED", "42"},
                {"XSB_STREAM_PRIORITY", "lowest"},
                {"PYTHONPATH", "/opt/xsb/bench/python:/home/me/lib"}}));
}

TEST(ExecEnvironmentTest, PythonPathAloneWhenNoneIsInherited) {
  ExecSettings settings;
  settings.python_path = "/p";
  for (const char* inherited : {static_cast<const char*>(nullptr), ""}) {
    const auto env = ExecEnvironment(settings, 3, inherited);
    EXPECT_EQ(env.back(), (EnvironmentVariable{"PYTHONPATH", "/p"}));
  }
  settings.python_path = "";
  EXPECT_NE(ExecEnvironment(settings, 3, "/x").back().first, "PYTHONPATH");
}

}  // namespace
}  // namespace xsb
