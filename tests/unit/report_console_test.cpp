// The console summary: a table per (target, suite), one line per problem, totals; colour
// only when asked, and never a control sequence that came from a site.
#include <gtest/gtest.h>

#include <cstdio>
#include <fcntl.h>
#include <optional>
#include <stdlib.h>

#include "harness/report/console_summary.hpp"
#include "report_fixture.hpp"

namespace formcheck::report {
namespace {

using namespace test_data;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(start, text.size()) << "the summary ends with a newline";
  return lines;
}

TEST(ConsoleReport, TableProblemsAndTotals) {
  const auto lines = lines_of(render_summary_table(mixed_cases(), false));
  ASSERT_EQ(lines.size(), 10u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0], "target      suite        passed  failed  errors  skipped");
  EXPECT_EQ(lines[1], "production  delivery          3       1       1        2");
  EXPECT_EQ(lines[2], "local       passthrough       0       1       0        0");
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4], "✗ delivery.production contact-form/latency — no message reached staff within 30 s");
  EXPECT_EQ(lines[5],
            "✗ delivery.production contact-form/target-up — target unreachable: connection refused");
  EXPECT_EQ(lines[6].rfind("✗ passthrough.local payload/ünïcödé 🌊 ไทย a]]>b <tag>", 0), 0u) << lines[6];
  EXPECT_NE(lines[6].find(" — body lost \"é\" and 🌊 second line"), std::string::npos) << lines[6];
  EXPECT_EQ(lines[7], "⚠ delivery.production contact-form/flaky — flaky: passed on a retry");
  EXPECT_EQ(lines[8], "");
  EXPECT_EQ(lines[9], "3 passed, 2 failed, 1 errors, 2 skipped (1 not run, 1 flaky)");
}

TEST(ConsoleReport, FlakyPassesAreListedWithTheirFirstFailure) {
  const auto lines = lines_of(render_summary_table(retried_cases(), false));
  std::vector<std::string> marked;
  for (const auto& line : lines) {
    if (line.rfind("✗", 0) == 0 || line.rfind("⚠", 0) == 0) {
      marked.push_back(line);
    }
  }
  EXPECT_EQ(marked, (std::vector<std::string>{
                        "✗ delivery.preview contact-form/accepted — HTTP 502 (try 3) (after 3 attempts)",
                        "⚠ delivery.preview contact-form/delivered — flaky: passed on attempt 2 of 2; attempt 1 "
                        "failed: no message carrying the token reached staff within 7 s",
                        "⚠ sender.preview contact-form/expected-sender — flaky: passed on attempt 2 of 2; attempt 1 "
                        "error: Twilio could not be asked: 503"}));
  EXPECT_EQ(lines.back(), "2 passed, 1 failed, 0 errors, 0 skipped (2 flaky)");
}

TEST(ConsoleReport, NoControlCharactersWithoutColour) {
  const std::string text = render_summary_table(mixed_cases(), false);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 || c == '\n') << "control byte " << int(byte);
    EXPECT_NE(byte, 0x7F);
  }
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << "C1 CSI must not reach the terminal";
}

TEST(ConsoleReport, ColourOnlyWhenAsked) {
  const std::string coloured = render_summary_table(mixed_cases(), true);
  EXPECT_NE(coloured.find("\x1b[31m"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[0m"), std::string::npos);
  // The site's own "\x1b[31m" was replaced; only formcheck's codes remain.
  EXPECT_EQ(coloured.find("\x1b[31mred"), std::string::npos);
}

TEST(ConsoleReport, EmptyRun) {
  EXPECT_EQ(render_summary_table({}, false),
            "No cases were run.\n\n0 passed, 0 failed, 0 errors, 0 skipped\n");
}

TEST(ConsoleReport, ProblemWithoutMessageSaysWhichKind) {
  const auto text = render_summary_table({make_case("a", "b", "c", results::Outcome::error)}, false);
  EXPECT_NE(text.find("✗ a.b c — error\n"), std::string::npos) << text;
}

TEST(ConsoleReport, ProblemLinesAreOneShortLine) {
  auto c = make_case("a", "b", "c", results::Outcome::failed, std::string(1000, 'y') + "\n\nnext");
  const auto lines = lines_of(render_summary_table({c}, false));
  for (const auto& line : lines) {
    EXPECT_LT(line.size(), 300u);
  }
}

using ConsoleReportSecrets = ReportSecretsTest;

TEST_F(ConsoleReportSecrets, NeverReachTheConsole) {
  const std::string secret = "console-secret-1a2b3c";
  register_secret(secret);
  auto cases = mixed_cases();
  for (auto& c : cases) {
    c.suite += secret;
    c.target += secret;
    c.name += secret;
    c.message = secret + " " + c.message;
  }
  cases.push_back(
      make_case("x", "y", "z", results::Outcome::failed, "GET https://AC1:" + secret + "@api.twilio.com"));
  for (bool colour : {false, true}) {
    const std::string text = render_summary_table(cases, colour);
    EXPECT_EQ(text.find(secret), std::string::npos);
    EXPECT_NE(text.find("[REDACTED]"), std::string::npos);
  }
}

// Sets or unsets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(ConsoleReport, UseColourNeedsATerminal) {
  ScopedEnv no_color("NO_COLOR", nullptr);
  ScopedEnv term("TERM", "xterm-256color");
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  EXPECT_FALSE(use_colour(file));
  std::fclose(file);
  EXPECT_FALSE(use_colour(nullptr));
}

TEST(ConsoleReport, UseColourHonoursNoColorAndDumbTerminals) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    GTEST_SKIP() << "no pseudo-terminal available to stand in for a TTY";
  }
  std::FILE* tty = std::fopen(::ptsname(master), "w");
  ASSERT_NE(tty, nullptr);
  {
    ScopedEnv no_color("NO_COLOR", nullptr);
    ScopedEnv term("TERM", "xterm-256color");
    EXPECT_TRUE(use_colour(tty));
  }
  {
    ScopedEnv no_color("NO_COLOR", "");  // present but empty still disables colour
    ScopedEnv term("TERM", "xterm-256color");
    EXPECT_FALSE(use_colour(tty));
  }
  {
    ScopedEnv no_color("NO_COLOR", nullptr);
    ScopedEnv term("TERM", "dumb");
    EXPECT_FALSE(use_colour(tty));
  }
  std::fclose(tty);
  ::close(master);
}

}  // namespace
}  // namespace formcheck::report
