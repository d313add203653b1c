#pragma once
// Shared by the report_*_test.cpp files: a run that exercises every outcome and every kind of
// hostile text a site or Twilio can send back, and a scratch directory per test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "harness/run/attempts.hpp"
#include "harness/results/verdict.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report::test_data {

using namespace std::chrono_literals;
using results::CaseResult;
using results::Outcome;

// Bytes no report may pass through as they are: XML metacharacters, a CDATA terminator,
// C0 controls (NUL, SOH, ESC, VT, FF), DEL, a CSI, an encoded surrogate, a truncated sequence.
inline const std::string kHostile = std::string("a]]>b <tag> & \"q\" 'a' \x01\x1b[31mred\x0b\x0c\x7f") +
                                    std::string(1, '\0') + "\xc2\x9b" + "\xed\xa0\x80" + "\xff\xfe" +
                                    "\xe2\x82";

inline CaseResult make_case(std::string suite, std::string target, std::string name, Outcome outcome,
                            std::string message = {}) {
  CaseResult c;
  c.suite = std::move(suite);
  c.target = std::move(target);
  c.name = std::move(name);
  c.file = "suites/" + c.suite + ".json";
  c.outcome = outcome;
  c.message = std::move(message);
  return c;
}

// Two (suite, target) groups: delivery.production holds one case of each outcome.
inline std::vector<CaseResult> mixed_cases() {
  std::vector<CaseResult> cases;

  auto passed = make_case("delivery", "production", "contact-form/delivered", Outcome::passed);
  passed.duration = 1234ms;
  passed.timeline = {
      {0ms, "POST /api/contact -> 200"}, {250ms, "found SM0123 (queued)"}, {1234ms, "delivered"}};
  passed.add_property("message_sid", "SM0123456789abcdef0123456789abcdef");
  passed.add_property("latency_ms", "1234");
  cases.push_back(passed);

  auto failed = make_case("delivery", "production", "contact-form/latency", Outcome::failed,
                          "no message reached staff within 30 s");
  failed.duration = 30001ms;
  failed.detail = "waited 30 s\npolled 12 times\n" + kHostile;
  failed.timeline = {{10ms, "line one\nline two " + kHostile}};
  failed.add_property("poll_attempts", "12");
  failed.attachment = "site stderr: " + kHostile;
  cases.push_back(failed);

  auto error = make_case("delivery", "production", "contact-form/target-up", Outcome::error,
                         "target unreachable: connection refused");
  error.detail = "curl: (7) Failed to connect to 127.0.0.1 port 3000";
  error.duration = 5ms;
  cases.push_back(error);

  cases.push_back(make_case("delivery", "production", "contact-form/sandbox", Outcome::skipped,
                            "not applicable: no sandbox sender configured"));
  cases.push_back(make_case("delivery", "production", "contact-form/read", Outcome::not_run));

  auto flaky = make_case("delivery", "production", "contact-form/flaky", Outcome::passed);
  flaky.flaky = true;
  flaky.duration = 2500ms;
  cases.push_back(flaky);

  // Same classname and name as the first case: must come out as "… (2)".
  cases.push_back(make_case("delivery", "production", "contact-form/delivered", Outcome::passed));

  auto unicode = make_case("passthrough", "local", "payload/ünïcödé 🌊 ไทย " + kHostile, Outcome::failed,
                           "body lost \"é\" and 🌊\nsecond line");
  unicode.duration = 999ms;
  cases.push_back(unicode);
  return cases;
}

// One attempt of a retried case, with the evidence that attempt alone saw.
inline CaseResult attempt_of(CaseResult base, int number, Outcome outcome, std::string message,
                             std::vector<std::pair<std::string, std::string>> properties) {
  base.attempt = number;
  base.outcome = outcome;
  base.message = std::move(message);
  base.properties = std::move(properties);
  base.duration = std::chrono::milliseconds(1000 * number);
  base.timeline = {{0ms, "attempt " + std::to_string(number) + ": POST /api/contact"}};
  return base;
}

// A run with --retries 2 on preview: delivered failed then passed (flaky), accepted failed on
// all 3 attempts, expected-sender errored then passed (flaky through an error).
inline std::vector<CaseResult> retried_cases() {
  const auto delivered = make_case("delivery", "preview", "contact-form/delivered", Outcome::passed);
  auto first = attempt_of(delivered, 1, Outcome::failed, "no message carrying the token reached staff within 7 s",
                          {{"token", "fc-r-0-1"}, {"poll_attempts", "9"}});
  first.detail = "waited 7 s for [formcheck-test fc-r-0-1]";
  first.attachment = "site log: Twilio answered 503";
  const auto second =
      attempt_of(delivered, 2, Outcome::passed, "SMbb delivered after 1.2 s",
                 {{"token", "fc-r-0-2"}, {"message_sid", "SMbb"}, {"status", "delivered"},
                  {"body", "[formcheck-test fc-r-0-2] Selamat pagi"}});

  const auto accepted = make_case("delivery", "preview", "contact-form/accepted", Outcome::failed);
  std::vector<CaseResult> refused;
  for (int n = 1; n <= 3; ++n) {
    refused.push_back(attempt_of(accepted, n, Outcome::failed, "HTTP 502 (try " + std::to_string(n) + ")",
                                 {{"http_status", "502"}}));
  }

  const auto sender = make_case("sender", "preview", "contact-form/expected-sender", Outcome::passed);
  return {run::merge_attempts({first, second}), run::merge_attempts(refused),
          run::merge_attempts({attempt_of(sender, 1, Outcome::error, "Twilio could not be asked: 503", {}),
                               attempt_of(sender, 2, Outcome::passed, "SMcc from whatsapp:+15557654321",
                                          {{"message_sid", "SMcc"}})})};
}

// A fresh directory under the system temp folder, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("formcheck-report-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Forgets registered secrets before and after each test.
class ReportSecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { clear_registered_secrets_for_testing(); }
  void TearDown() override { clear_registered_secrets_for_testing(); }
};

}  // namespace formcheck::report::test_data
