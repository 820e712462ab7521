// SplitCommandWords and JoinCommandWords (shim_env/base/text.h): how
// exec:COMMAND becomes a program's argv without a shell.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shim_env/base/text.h"

namespace xsb {
namespace {

using Words = std::vector<std::string>;

Words Split(const std::string& text) {
  Words words;
  std::string error;
  EXPECT_TRUE(SplitCommandWords(text, &words, &error)) << text << ": " << error;
  return words;
}

TEST(CommandWordsTest, BlanksSeparateWords) {
  EXPECT_EQ(Split("  python3\tmodel.py   --batch=8 "),
            (Words{"python3", "model.py", "--batch=8"}));
  EXPECT_EQ(Split(""), Words{});
  EXPECT_EQ(Split("   "), Words{});
}

TEST(CommandWordsTest, QuotesKeepBlanksAndNothingIsExpanded) {
  EXPECT_EQ(Split("python3 'my model.py' \"$HOME/x *\" a'b'\"c\""),
            (Words{"python3", "my model.py", "$HOME/x *", "abc"}));
  EXPECT_EQ(Split("sh -c 'echo \"hi\"; exit 3'"),
            (Words{"sh", "-c", "echo \"hi\"; exit 3"}));
  EXPECT_EQ(Split("''"), Words{""});
}

TEST(CommandWordsTest, BackslashesAsAShellReadsThem) {
  EXPECT_EQ(Split("a\\ b c\\\\d"), (Words{"a b", "c\\d"}));
  EXPECT_EQ(Split("\"a\\\"b\\\\c\\d\""), (Words{"a\"b\\c\\d"}));
  EXPECT_EQ(Split("'a\\b'"), (Words{"a\\b"}));
}

TEST(CommandWordsTest, UnterminatedQuotesAndTrailingBackslashAreErrors) {
  Words words{"kept"};
  std::string error;
  EXPECT_FALSE(SplitCommandWords("python3 'model.py", &words, &error));
  EXPECT_EQ(error, "has an unterminated ' quote");
  EXPECT_FALSE(SplitCommandWords("python3 \"model.py", &words, &error));
  EXPECT_EQ(error, "has an unterminated \" quote");
  EXPECT_FALSE(SplitCommandWords("python3 model.py\\", &words, &error));
  EXPECT_EQ(error, "ends in a backslash");
  EXPECT_EQ(words, Words{"kept"});
}

TEST(CommandWordsTest, JoinQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(JoinCommandWords({"/usr/bin/python3", "m.py", "--batch=8"}),
            "/usr/bin/python3 m.py --batch=8");
  EXPECT_EQ(JoinCommandWords({"sh", "-c", "it's $x", ""}),
            "sh -c 'it'\\''s $x' ''");
}

TEST(CommandWordsTest, JoinThenSplitGivesTheWordsBack) {
  const Words words{"a b", "it's", "\"q\"", "back\\slash", "", "tab\there"};
  EXPECT_EQ(Split(JoinCommandWords(words)), words);
}

}  // namespace
}  // namespace xsb
