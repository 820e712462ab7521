#include "shim_env/base/line_buffer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xsb {
namespace {

void Append(LineBuffer* buffer, const std::string& bytes) {
  buffer->Append(bytes.data(), bytes.size());
}

std::vector<std::string> DrainLines(LineBuffer* buffer) {
  std::vector<std::string> lines;
  std::string line;
  while (buffer->NextLine(&line)) lines.push_back(line);
  return lines;
}

TEST(LineBufferTest, EmptyBufferHasNoLine) {
  LineBuffer buffer;
  std::string line = "untouched";
  EXPECT_FALSE(buffer.NextLine(&line));
  EXPECT_EQ(line, "untouched");
  EXPECT_EQ(buffer.partial(), "");
}

TEST(LineBufferTest, LineSplitAcrossAppends) {
  LineBuffer buffer;
  std::string line;
  Append(&buffer, "{\"type\":");
  EXPECT_FALSE(buffer.NextLine(&line));
  EXPECT_EQ(buffer.partial(), "{\"type\":");
  Append(&buffer, "\"ready\"");
  EXPECT_FALSE(buffer.NextLine(&line));
  Append(&buffer, "}\n");
  ASSERT_TRUE(buffer.NextLine(&line));
  EXPECT_EQ(line, "{\"type\":\"ready\"}");
  EXPECT_FALSE(buffer.NextLine(&line));
  EXPECT_EQ(buffer.partial(), "");
}

TEST(LineBufferTest, ByteAtATime) {
  LineBuffer buffer;
  const std::string text = "ab\ncd\n\nef";
  std::vector<std::string> lines;
  for (char c : text) {
    buffer.Append(&c, 1);
    for (const std::string& l : DrainLines(&buffer)) lines.push_back(l);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"ab", "cd", ""}));
  EXPECT_EQ(buffer.partial(), "ef");
}

TEST(LineBufferTest, SeveralLinesInOneAppend) {
  LineBuffer buffer;
  Append(&buffer, "one\ntwo\nthree\nfour");
  EXPECT_EQ(DrainLines(&buffer),
            (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(buffer.partial(), "four");
  Append(&buffer, "\n");
  EXPECT_EQ(DrainLines(&buffer), (std::vector<std::string>{"four"}));
  EXPECT_EQ(buffer.partial(), "");
}

TEST(LineBufferTest, PartialKeepsUnterminatedTail) {
  LineBuffer buffer;
  Append(&buffer, "done\npart");
  std::string line;
  ASSERT_TRUE(buffer.NextLine(&line));
  EXPECT_EQ(line, "done");
  EXPECT_EQ(buffer.partial(), "part");
  EXPECT_FALSE(buffer.NextLine(&line));
  EXPECT_EQ(line, "done") << "a failed NextLine must not change *line";
  EXPECT_EQ(buffer.partial(), "part");
  Append(&buffer, "ial");
  EXPECT_EQ(buffer.partial(), "partial");
}

TEST(LineBufferTest, EmptyLines) {
  LineBuffer buffer;
  Append(&buffer, "\n\nx\n\n");
  EXPECT_EQ(DrainLines(&buffer), (std::vector<std::string>{"", "", "x", ""}));
  EXPECT_EQ(buffer.partial(), "");
}

TEST(LineBufferTest, EmptyAppendChangesNothing) {
  LineBuffer buffer;
  Append(&buffer, "abc");
  buffer.Append("", 0);
  EXPECT_EQ(buffer.partial(), "abc");
  std::string line;
  EXPECT_FALSE(buffer.NextLine(&line));
}

TEST(LineBufferTest, KeepsCarriageReturnsAndNulBytes) {
  LineBuffer buffer;
  const std::string bytes("a\r\nb\0c\n", 7);
  Append(&buffer, bytes);
  EXPECT_EQ(DrainLines(&buffer),
            (std::vector<std::string>{"a\r", std::string("b\0c", 3)}));
}

TEST(LineBufferTest, LongLine) {
  LineBuffer buffer;
  const std::string chunk(4096, 'x');
  for (int i = 0; i < 64; ++i) Append(&buffer, chunk);
  std::string line;
  EXPECT_FALSE(buffer.NextLine(&line));
  Append(&buffer, "\n");
  ASSERT_TRUE(buffer.NextLine(&line));
  EXPECT_EQ(line.size(), 64u * 4096u);
  EXPECT_EQ(buffer.partial(), "");
}

}  // namespace
}  // namespace xsb
