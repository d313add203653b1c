// The JUnit report: validated against the Jenkins xUnit plugin's junit-10.xsd with xmllint,
// then read back with pugixml to check what consumers see.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "harness/report/junit_writer.hpp"
#include "report_fixture.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::report {
namespace {

using namespace test_data;
using namespace std::chrono_literals;

struct Validation {
  bool ran = false;  // false: xmllint or the schema is missing
  bool valid = false;
  std::string output;
};

std::filesystem::path schema_path() {
  return std::filesystem::path(formcheck::testing::shared_dir()) / "junit" /
         "jenkinsci-xunit-plugin-junit-10.xsd";
}

Validation validate(const std::string& xml, const ScratchDir& dir) {
  Validation v;
  if (!std::filesystem::exists(schema_path()) || std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    return v;
  }
  const auto file = dir.path() / "report.xml";
  const auto log = dir.path() / "xmllint.log";
  std::ofstream(file, std::ios::binary) << xml;
  const std::string command = "xmllint --noout --schema '" + schema_path().string() + "' '" + file.string() +
                              "' >'" + log.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  v.ran = true;
  v.valid = status == 0;
  v.output = read_text(log);
  return v;
}

#define EXPECT_VALID_JUNIT(xml, dir)                                                                 \
  do {                                                                                               \
    const auto validation_ = validate((xml), (dir));                                                 \
    if (!validation_.ran) {                                                                          \
      GTEST_SKIP() << "xmllint or " << schema_path() << " is missing: the schema check did not run"; \
    }                                                                                                \
    EXPECT_TRUE(validation_.valid) << validation_.output << "\n--- document ---\n" << (xml);         \
  } while (false)

JunitMeta fixed_meta() {
  JunitMeta meta;
  meta.run_id = "run-20240501-1";
  meta.started_at = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 12h + 34min + 56s + 789ms;
  meta.hostname = "ci-runner-7";
  meta.total_time = 31500ms;
  return meta;
}

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  const auto result = doc.load_string(xml.c_str());
  EXPECT_TRUE(result) << result.description() << " at " << result.offset;
  return doc;
}

pugi::xml_node find_case(const pugi::xml_node& root, const std::string& name) {
  return root.find_node([&](pugi::xml_node n) {
    return std::string(n.name()) == "testcase" && name == n.attribute("name").value();
  });
}

TEST(JunitReport, MixedRunValidatesAgainstTheXunitSchema) {
  ScratchDir dir;
  EXPECT_VALID_JUNIT(render_junit(mixed_cases(), fixed_meta()), dir);
}

TEST(JunitReport, RootAndSuitesCarryTheCounts) {
  const std::string xml = render_junit(mixed_cases(), fixed_meta());
  const auto doc = parse(xml);
  const auto root = doc.child("testsuites");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.attribute("name").value(), "formcheck");
  EXPECT_STREQ(root.attribute("tests").value(), "8");
  EXPECT_STREQ(root.attribute("failures").value(), "2");
  EXPECT_STREQ(root.attribute("errors").value(), "1");
  EXPECT_STREQ(root.attribute("time").value(), "31.500");

  std::vector<pugi::xml_node> suites;
  for (auto s : root.children("testsuite")) {
    suites.push_back(s);
  }
  ASSERT_EQ(suites.size(), 2u);
  const auto& delivery = suites[0];
  EXPECT_STREQ(delivery.attribute("name").value(), "delivery.production");
  EXPECT_STREQ(delivery.attribute("tests").value(), "7");
  EXPECT_STREQ(delivery.attribute("failures").value(), "1");
  EXPECT_STREQ(delivery.attribute("errors").value(), "1");
  EXPECT_STREQ(delivery.attribute("skipped").value(), "2");  // skipped + not run
  EXPECT_STREQ(delivery.attribute("time").value(), "33.740");
  EXPECT_STREQ(delivery.attribute("timestamp").value(), "2024-05-01T12:34:56");
  EXPECT_STREQ(delivery.attribute("hostname").value(), "ci-runner-7");
  EXPECT_STREQ(delivery.attribute("id").value(), "0");
  EXPECT_STREQ(delivery.attribute("package").value(), "formcheck");
  EXPECT_STREQ(delivery.attribute("file").value(), "suites/delivery.json");
  std::map<std::string, std::string> properties;
  for (auto p : delivery.child("properties").children("property")) {
    properties[p.attribute("name").value()] = p.attribute("value").value();
  }
  EXPECT_EQ(properties["target"], "production");
  EXPECT_EQ(properties["suite"], "delivery");
  EXPECT_EQ(properties["run_id"], "run-20240501-1");
  EXPECT_EQ(properties.count("interrupted"), 0u);
  EXPECT_EQ(std::distance(delivery.children("testcase").begin(), delivery.children("testcase").end()), 7);

  const auto& passthrough = suites[1];
  EXPECT_STREQ(passthrough.attribute("name").value(), "passthrough.local");
  EXPECT_STREQ(passthrough.attribute("tests").value(), "1");
  EXPECT_STREQ(passthrough.attribute("failures").value(), "1");
  EXPECT_STREQ(passthrough.attribute("id").value(), "1");
  EXPECT_STREQ(passthrough.attribute("time").value(), "0.999");
}

TEST(JunitReport, EachOutcomeMapsToOneElement) {
  const auto doc = parse(render_junit(mixed_cases(), fixed_meta()));
  const auto root = doc.child("testsuites");

  const auto passed = find_case(root, "contact-form/delivered");
  ASSERT_TRUE(passed);
  EXPECT_STREQ(passed.attribute("classname").value(), "formcheck.delivery.production");
  EXPECT_STREQ(passed.attribute("time").value(), "1.234");
  EXPECT_FALSE(passed.child("failure") || passed.child("error") || passed.child("skipped") ||
               passed.child("flakyFailure"));

  const auto failed = find_case(root, "contact-form/latency");
  ASSERT_TRUE(failed.child("failure"));
  EXPECT_STREQ(failed.child("failure").attribute("type").value(), "AssertionFailure");
  EXPECT_STREQ(failed.child("failure").attribute("message").value(), "no message reached staff within 30 s");
  EXPECT_NE(std::string(failed.child("failure").text().get()).find("polled 12 times"), std::string::npos);
  EXPECT_FALSE(failed.child("error") || failed.child("skipped"));

  const auto error = find_case(root, "contact-form/target-up");
  ASSERT_TRUE(error.child("error"));
  EXPECT_STREQ(error.child("error").attribute("type").value(), "InfrastructureError");
  EXPECT_STREQ(error.child("error").attribute("message").value(), "target unreachable: connection refused");
  EXPECT_STREQ(error.child("error").text().get(), "curl: (7) Failed to connect to 127.0.0.1 port 3000");
  EXPECT_FALSE(error.child("failure"));

  EXPECT_STREQ(find_case(root, "contact-form/sandbox").child("skipped").attribute("message").value(),
               "not applicable: no sandbox sender configured");
  EXPECT_STREQ(find_case(root, "contact-form/read").child("skipped").attribute("message").value(), "not run");
  EXPECT_STREQ(find_case(root, "contact-form/read").attribute("time").value(), "0.000");

  const auto flaky = find_case(root, "contact-form/flaky");
  ASSERT_TRUE(flaky.child("flakyFailure"));
  EXPECT_STREQ(flaky.child("flakyFailure").attribute("type").value(), "Flaky");
  EXPECT_STREQ(flaky.child("flakyFailure").attribute("message").value(), "passed on retry");
  EXPECT_FALSE(flaky.child("failure"));

  for (auto tc : root.select_nodes("//testcase")) {
    const auto n = tc.node();
    const int outcomes =
        (n.child("failure") ? 1 : 0) + (n.child("error") ? 1 : 0) + (n.child("skipped") ? 1 : 0);
    EXPECT_LE(outcomes, 1) << n.attribute("name").value();
    EXPECT_FALSE(n.attribute("file")) << "the xunit schema has no testcase@file";
    EXPECT_FALSE(n.child("properties")) << "the xunit schema has no testcase properties";
  }
}

TEST(JunitReport, SystemOutHoldsTimelineAndPropertiesSystemErrTheAttachment) {
  const auto doc = parse(render_junit(mixed_cases(), fixed_meta()));
  const auto root = doc.child("testsuites");
  const auto passed = find_case(root, "contact-form/delivered");
  EXPECT_STREQ(passed.child("system-out").text().get(),
               "+0.000s POST /api/contact -> 200\n"
               "+0.250s found SM0123 (queued)\n"
               "+1.234s delivered\n"
               "\n"
               "message_sid: SM0123456789abcdef0123456789abcdef\n"
               "latency_ms: 1234\n");
  EXPECT_FALSE(passed.child("system-err"));

  const auto failed = find_case(root, "contact-form/latency");
  const std::string out = failed.child("system-out").text().get();
  EXPECT_EQ(out.rfind("+0.010s line one\n    line two ", 0), 0u) << out;
  EXPECT_NE(out.find("poll_attempts: 12\n"), std::string::npos);
  EXPECT_EQ(std::string(failed.child("system-err").text().get()).rfind("site stderr: a]]>b <tag> &", 0), 0u);

  EXPECT_FALSE(find_case(root, "contact-form/read").child("system-out"));
}

TEST(JunitReport, HostileTextStaysWellFormedAndLegal) {
  const std::string xml = render_junit(mixed_cases(), fixed_meta());
  const auto doc = parse(xml);
  // Nothing XML 1.0 forbids (C0 controls other than tab/LF/CR, even as references).
  for (char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\t' && c != '\n' && c != '\r') << "raw control byte " << int(byte);
  }
  EXPECT_EQ(xml.find("&#1;"), std::string::npos);
  EXPECT_EQ(xml.find("&#27;"), std::string::npos);
  EXPECT_EQ(xml.find("&#0;"), std::string::npos);
  EXPECT_EQ(xml.find("\xff"), std::string::npos);
  EXPECT_EQ(xml.find("\xed\xa0\x80"), std::string::npos);
  // The text itself survives, escaped: the ]]> and the markup are data, not structure.
  const auto failed = find_case(doc.child("testsuites"), "contact-form/latency");
  const std::string body = failed.child("failure").text().get();
  EXPECT_NE(body.find("a]]>b <tag> & \"q\" 'a' \xEF\xBF\xBD\xEF\xBF\xBD[31mred"), std::string::npos) << body;
  // The unicode case's name keeps its characters; garbage becomes U+FFFD.
  const auto unicode = doc.select_node("//testsuite[@name='passthrough.local']/testcase").node();
  const std::string name = unicode.attribute("name").value();
  EXPECT_EQ(name.rfind("payload/ünïcödé 🌊 ไทย a]]>b <tag>", 0), 0u) << name;
  EXPECT_NE(name.find("\xEF\xBF\xBD"), std::string::npos);
  // A message attribute is one line.
  EXPECT_STREQ(unicode.child("failure").attribute("message").value(), "body lost \"é\" and 🌊 second line");
}

TEST(JunitReport, DuplicateNamesGetASuffix) {
  const auto doc = parse(render_junit(mixed_cases(), fixed_meta()));
  const auto suite = doc.child("testsuites").child("testsuite");
  std::vector<std::string> names;
  for (auto tc : suite.children("testcase")) {
    names.emplace_back(tc.attribute("name").value());
  }
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names[0], "contact-form/delivered");
  EXPECT_EQ(names[6], "contact-form/delivered (2)");
}

TEST(JunitReport, EmptyRunValidates) {
  ScratchDir dir;
  const std::string xml = render_junit({}, fixed_meta());
  const auto doc = parse(xml);
  EXPECT_STREQ(doc.child("testsuites").attribute("tests").value(), "0");
  EXPECT_FALSE(doc.child("testsuites").child("testsuite"));
  EXPECT_VALID_JUNIT(xml, dir);
}

TEST(JunitReport, InterruptedRunValidatesAndSaysSo) {
  ScratchDir dir;
  auto meta = fixed_meta();
  meta.interrupted = true;
  meta.total_time = 0ms;
  std::vector<results::CaseResult> cases;
  for (auto c : mixed_cases()) {
    results::CaseResult planned;
    planned.suite = c.suite;
    planned.target = c.target;
    planned.name = c.name;
    planned.file = c.file;
    cases.push_back(planned);  // outcome not_run, as ResultBook::plan leaves it
  }
  const std::string xml = render_junit(cases, meta);
  EXPECT_VALID_JUNIT(xml, dir);
  const auto doc = parse(xml);
  const auto root = doc.child("testsuites");
  EXPECT_STREQ(root.attribute("tests").value(), "8");
  EXPECT_STREQ(root.attribute("failures").value(), "0");
  EXPECT_STREQ(root.attribute("time").value(), "0.000");
  for (auto s : root.children("testsuite")) {
    EXPECT_STREQ(s.attribute("skipped").value(), s.attribute("tests").value());
    EXPECT_STREQ(s.select_node("properties/property[@name='interrupted']").node().attribute("value").value(),
                 "true");
  }
  for (auto tc : root.select_nodes("//testcase")) {
    EXPECT_STREQ(tc.node().child("skipped").attribute("message").value(), "not run: interrupted");
  }
}

TEST(JunitReport, RetriedCasesValidateAgainstTheXunitSchema) {
  ScratchDir dir;
  auto cases = retried_cases();
  const auto more = mixed_cases();  // every other outcome beside them
  cases.insert(cases.end(), more.begin(), more.end());
  EXPECT_VALID_JUNIT(render_junit(cases, fixed_meta()), dir);
}

TEST(JunitReport, FlakyPassKeepsTheFirstFailureAsFlakyFailure) {
  const auto doc = parse(render_junit(retried_cases(), fixed_meta()));
  const auto root = doc.child("testsuites");
  EXPECT_STREQ(root.attribute("failures").value(), "1") << "a flaky pass is not a failure";
  const auto delivered = find_case(root, "contact-form/delivered");
  ASSERT_TRUE(delivered);
  EXPECT_FALSE(delivered.child("failure") || delivered.child("error") || delivered.child("rerunFailure"));
  const auto flaky = delivered.child("flakyFailure");
  ASSERT_TRUE(flaky);
  EXPECT_FALSE(flaky.next_sibling("flakyFailure")) << "one per failed attempt";
  EXPECT_STREQ(flaky.attribute("type").value(), "AssertionFailure");
  EXPECT_STREQ(flaky.attribute("message").value(), "no message carrying the token reached staff within 7 s");
  EXPECT_STREQ(flaky.child("stackTrace").text().get(), "waited 7 s for [formcheck-test fc-r-0-1]");
  const std::string attempt_out = flaky.child("system-out").text().get();
  EXPECT_NE(attempt_out.find("attempt 1 of 2: failed"), std::string::npos) << attempt_out;
  EXPECT_NE(attempt_out.find("token: fc-r-0-1"), std::string::npos) << attempt_out;
  EXPECT_EQ(attempt_out.find("SMbb"), std::string::npos) << "the retry's evidence belongs to the case:\n" << attempt_out;
  EXPECT_STREQ(flaky.child("system-err").text().get(), "site log: Twilio answered 503");
  // The pass itself carries the passing attempt's evidence: its SID, status and body.
  const std::string out = delivered.child("system-out").text().get();
  for (const char* evidence : {"message_sid: SMbb", "status: delivered", "body: [formcheck-test fc-r-0-2]",
                               "attempt 2 of 2 decided this verdict (1 failed, 2 passed); flaky"}) {
    EXPECT_NE(out.find(evidence), std::string::npos) << evidence << " missing from:\n" << out;
  }
  EXPECT_EQ(out.find("fc-r-0-1"), std::string::npos) << out;

  const auto sender = find_case(root, "contact-form/expected-sender");
  ASSERT_TRUE(sender.child("flakyError"));
  EXPECT_STREQ(sender.child("flakyError").attribute("message").value(), "Twilio could not be asked: 503");
  EXPECT_STREQ(sender.child("flakyError").attribute("type").value(), "InfrastructureError");
}

TEST(JunitReport, FailureOnEveryAttemptKeepsTheOthersAsRerunFailures) {
  const auto doc = parse(render_junit(retried_cases(), fixed_meta()));
  const auto accepted = find_case(doc.child("testsuites"), "contact-form/accepted");
  ASSERT_TRUE(accepted.child("failure"));
  EXPECT_STREQ(accepted.child("failure").attribute("message").value(), "HTTP 502 (try 3)");
  std::vector<std::string> reruns;
  for (auto rerun : accepted.children("rerunFailure")) {
    reruns.push_back(rerun.attribute("message").value());
  }
  EXPECT_EQ(reruns, (std::vector<std::string>{"HTTP 502 (try 1)", "HTTP 502 (try 2)"}));
  EXPECT_FALSE(accepted.child("flakyFailure"));
  // Surefire's order: the failure first, then its reruns.
  EXPECT_STREQ(accepted.first_child().name(), "failure");
}

TEST(JunitReport, NotRunKeepsItsReason) {
  auto c = make_case("delivery", "production", "x", results::Outcome::not_run, "an earlier step failed");
  const auto doc = parse(render_junit({c}, fixed_meta()));
  EXPECT_STREQ(doc.select_node("//skipped").node().attribute("message").value(),
               "not run: an earlier step failed");
}

TEST(JunitReport, MissingHostnameFallsBackToLocalhost) {
  auto meta = fixed_meta();
  meta.hostname.clear();
  const auto doc = parse(render_junit({make_case("a", "b", "c", results::Outcome::passed)}, meta));
  EXPECT_STREQ(doc.child("testsuites").child("testsuite").attribute("hostname").value(), "localhost");
  EXPECT_FALSE(local_hostname().empty());
}

TEST(JunitReport, LongMessagesAreCutToOneShortLine) {
  auto c = make_case("a", "b", "c", results::Outcome::failed, std::string(800, 'x') + "\nmore");
  const auto doc = parse(render_junit({c}, fixed_meta()));
  const std::string message = doc.select_node("//failure").node().attribute("message").value();
  EXPECT_LE(message.size(), 510u);
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_EQ(std::string(doc.select_node("//failure").node().text().get()).size(), 805u);
}

using JunitReportSecrets = ReportSecretsTest;

TEST_F(JunitReportSecrets, NeverReachTheReport) {
  const std::string secret = "tok3n-9f8e7d6c5b4a";
  register_secret(secret);
  auto cases = mixed_cases();
  for (auto& c : cases) {
    c.suite += secret;
    c.target += secret;
    c.name += secret;
    c.file += secret;
    c.message += " auth " + secret;
    c.detail += "\nAuthorization: Basic " + secret;
    c.timeline.push_back({1ms, "sent with " + secret});
    c.add_property("token_" + secret, secret);
    c.attachment += secret;
  }
  auto meta = fixed_meta();
  meta.run_id += secret;
  meta.hostname += secret;
  const std::string xml = render_junit(cases, meta);
  EXPECT_EQ(xml.find(secret), std::string::npos);
  EXPECT_EQ(xml.find("tok3n"), std::string::npos);
  EXPECT_NE(xml.find("[REDACTED]"), std::string::npos);
  ScratchDir dir;
  EXPECT_VALID_JUNIT(xml, dir);
}

TEST(JunitReport, WriteIsAtomicAndCreatesFolders) {
  ScratchDir dir;
  const auto path = dir.path() / "reports" / "nested" / "junit.xml";
  const auto written = write_junit(path, mixed_cases(), fixed_meta());
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(read_text(path), render_junit(mixed_cases(), fixed_meta()));
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path())) {
    EXPECT_EQ(entry.path().filename(), "junit.xml") << "left behind: " << entry.path();
  }
}

TEST(JunitReport, UnwritablePathIsAOneLineErrorNamingIt) {
  ScratchDir dir;
  std::ofstream(dir.path() / "plain-file") << "x";
  const auto path = dir.path() / "plain-file" / "junit.xml";
  const auto written = write_junit(path, mixed_cases(), fixed_meta());
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().find(path.string()), std::string::npos) << written.error();
  EXPECT_EQ(written.error().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace formcheck::report
