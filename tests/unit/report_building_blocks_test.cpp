// The small pieces every reporter relies on: text cleaning, time formats, unique names,
// grouping and atomic writes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <regex>

#include "harness/report/atomic_write.hpp"
#include "harness/report/case_groups.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/time_format.hpp"
#include "report_fixture.hpp"

namespace formcheck::report {
namespace {

using namespace test_data;
using namespace std::chrono_literals;

const std::string R = std::string(kReplacementChar);

TEST(ReportText, ValidUtf8PassesThrough) {
  const std::string text = "ascii é ไทย 🌊 \t\n\r \x7f \xc2\x85";
  EXPECT_EQ(valid_utf8(text), text);
  EXPECT_EQ(xml_safe(text), text);  // DEL and C1 are legal in XML 1.0
}

TEST(ReportText, IllFormedSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(valid_utf8("a\xff"
                       "b"),
            "a" + R + "b");
  EXPECT_EQ(valid_utf8("\x80"), R);                          // stray continuation byte
  EXPECT_EQ(valid_utf8("\xc0\xaf"), R + R);                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xe0\x80\xaf"), R + R + R);          // overlong, 3 bytes
  EXPECT_EQ(valid_utf8("\xed\xa0\x80"), R + R + R);          // encoded surrogate U+D800
  EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80"), R + R + R + R);  // above U+10FFFF
  EXPECT_EQ(valid_utf8("\xe2\x82"
                       "x"),
            R + "x");                        // truncated: one maximal subpart
  EXPECT_EQ(valid_utf8("\xf0\x9f\x8c"), R);  // truncated at the end
  EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(ReportText, XmlSafeReplacesForbiddenCharacters) {
  EXPECT_EQ(xml_safe(std::string("a\0b", 3)), "a" + R + "b");
  EXPECT_EQ(xml_safe("\x01\x08\x0b\x0c\x1b\x1f"), R + R + R + R + R + R);
  EXPECT_EQ(xml_safe("\xef\xbf\xbe\xef\xbf\xbf"), R + R);  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_safe("]]> < & \" '"), "]]> < & \" '");     // escaping is the writer's job
}

TEST(ReportText, TerminalSafeRemovesEscapes) {
  EXPECT_EQ(terminal_safe("\x1b[2Jred\r\x07\x7f\xc2\x9b"
                          "1m\tok\n"),
            R + "[2Jred" + R + R + R + R + "1m\tok\n");
}

TEST(ReportText, RandomBytesComeOutCleanAndStayClean) {
  std::mt19937 random(20240501);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<int> length(0, 64), byte(0, 255);
  for (int round = 0; round < 5000; ++round) {
    std::string bytes(static_cast<size_t>(length(random)), '\0');
    for (auto& b : bytes) {
      b = static_cast<char>(byte(random));
    }
    const std::string xml = xml_safe(bytes), terminal = terminal_safe(bytes);
    ASSERT_EQ(valid_utf8(xml), xml);  // cleaning is idempotent: the output is valid already
    ASSERT_EQ(xml_safe(xml), xml);
    ASSERT_EQ(terminal_safe(terminal), terminal);
    ASSERT_EQ(valid_utf8(one_line(terminal, 10)), one_line(terminal, 10));
  }
}

TEST(ReportText, OneLineCollapsesAndCuts) {
  EXPECT_EQ(one_line("  a\r\n\tb   c \n"), "a b c");
  EXPECT_EQ(one_line(""), "");
  EXPECT_EQ(one_line("abcdef", 6), "abcdef");
  EXPECT_EQ(one_line("abcdefg", 6), "abcde…");
  EXPECT_EQ(one_line("🌊🌊🌊🌊", 3), "🌊🌊…");  // never cuts inside a code point
  EXPECT_EQ(one_line("ab cd", 4), "ab…");
  EXPECT_EQ(one_line("abc", 0), "");
}

TEST(ReportTime, SecondsHaveAtMostThreeDecimalsAndNoExponent) {
  EXPECT_EQ(format_seconds(0.0), "0.000");
  EXPECT_EQ(format_seconds(0.0005), "0.001");  // the double is a hair above 0.0005
  EXPECT_EQ(format_seconds(0.0004), "0.000");
  EXPECT_EQ(format_seconds(1234.5678), "1234.568");
  EXPECT_EQ(format_seconds(-1.0), "0.000");
  EXPECT_EQ(format_seconds(std::nan("")), "0.000");
  EXPECT_EQ(format_seconds(1e20), "100000000000000000000.000");
  const std::regex surefire(R"((([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?)");
  for (double s : {0.0, 1e-9, 0.5, 59.9999, 3600.0, 1e12}) {
    EXPECT_TRUE(std::regex_match(format_seconds(s), surefire)) << format_seconds(s);
  }
  EXPECT_EQ(format_seconds(0ms), "0.000");
  EXPECT_EQ(format_seconds(1ms), "0.001");
  EXPECT_EQ(format_seconds(1234567ms), "1234.567");
  EXPECT_EQ(format_seconds(-5ms), "0.000");
}

TEST(ReportTime, Timestamps) {
  const auto at = std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} + 23h + 59min + 59s + 999ms;
  EXPECT_EQ(junit_timestamp(at), "2024-02-29T23:59:59");
  EXPECT_EQ(iso8601_utc(at), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(iso8601_utc(std::chrono::sys_days{std::chrono::year{1970} / 1 / 1}), "1970-01-01T00:00:00.000Z");
}

TEST(ReportUniqueNames, LaterDuplicatesGetSuffixes) {
  const auto names = unique_names({{"c", "a"}, {"c", "a"}, {"c", "a (2)"}, {"c", "a"}, {"d", "a"}});
  EXPECT_EQ(names, (std::vector<std::string>{"a", "a (3)", "a (2)", "a (4)", "a"}));
}

TEST(ReportGroups, FirstSeenOrderWithCounts) {
  const auto cases = std::vector<results::CaseResult>{make_case("delivery", "prod", "1", results::Outcome::passed),
                                                  make_case("audit", "prod", "2", results::Outcome::failed),
                                                  make_case("delivery", "prod", "3", results::Outcome::not_run),
                                                  make_case("delivery", "local", "4", results::Outcome::error)};
  const auto groups = group_by_suite_and_target(cases);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].suite + "." + groups[0].target, "delivery.prod");
  EXPECT_EQ(groups[0].indices, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(groups[0].summary.passed, 1u);
  EXPECT_EQ(groups[0].summary.not_run, 1u);
  EXPECT_EQ(groups[1].suite, "audit");
  EXPECT_EQ(groups[2].target, "local");
  EXPECT_EQ(groups[2].summary.errors, 1u);
}

TEST(ReportAtomicWrite, ReplacesWholeFileAndLeavesNoTemporary) {
  ScratchDir dir;
  const auto path = dir.path() / "a" / "b" / "report.txt";
  ASSERT_TRUE(write_file_atomically(path, "first"));
  ASSERT_TRUE(write_file_atomically(path, "second"));
  EXPECT_EQ(read_text(path), "second");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}), 1);
}

TEST(ReportAtomicWrite, FailuresNameThePath) {
  ScratchDir dir;
  std::ofstream(dir.path() / "file") << "x";
  const auto under_file = dir.path() / "file" / "sub" / "report.xml";
  const auto result = write_file_atomically(under_file, "x");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find(under_file.string()), std::string::npos) << result.error();
  EXPECT_EQ(result.error().find('\n'), std::string::npos);

  // Renaming over a directory fails after the temporary file was written: it must go.
  const auto directory = dir.path() / "taken";
  std::filesystem::create_directories(directory / "inside");
  const auto over_directory = write_file_atomically(directory, "x");
  ASSERT_FALSE(over_directory);
  EXPECT_NE(over_directory.error().find(directory.string()), std::string::npos) << over_directory.error();
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
  EXPECT_FALSE(write_file_atomically("", "x"));
}

}  // namespace
}  // namespace formcheck::report
