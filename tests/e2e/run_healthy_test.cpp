// `formcheck run` against healthy sites: every suite passes on a local target that formcheck
// starts itself and on a remote target that is already running, the exit code is 0 and the
// JUnit report validates against the xunit plugin's junit-10.xsd.
#include "tests/support/standin.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

class RunHealthy : public RunFixture {};

TEST_F(RunHealthy, EverySuitePassesOnLocalAndRemoteTargets) {
  start_emulator();
  // The rate-limit suite needs the targets' rate_limit to be the sites' real one; 20 per 10 s
  // leaves room for the 13 single submissions and the legitimate burst of 3.
  const std::string rate = "20/10";
  auto* remote = start_site({}, {}, rate);
  ASSERT_NE(remote, nullptr);
  const int port = free_port();
  ASSERT_GT(port, 0);

  auto config = base_config();
  config["targets"]["local"] = local_target(port, site_command(port, {}, rate), 20, 20, 10);
  config["targets"]["preview"] = remote_target(*remote, 20, 10);
  const auto result = run(write_config(config));

  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << result.diagnosis() << case_table(result.results);
  ASSERT_TRUE(result.results.is_object()) << "results.json missing or not JSON\n" << result.diagnosis();

  // Every planned check is there and passed, on both targets.
  const std::vector<std::string> delivery{"contact-form/accepted", "contact-form/delivered", "contact-form/latency",
                                          "contact-form/one-message"};
  const std::vector<std::string> sender{"sender-and-recipient/expected-sender", "sender-and-recipient/not-sandbox",
                                        "sender-and-recipient/recipient-is-staff"};
  const std::vector<std::string> rate_limit{"legit-burst/accepted", "legit-burst/delivered", "abuse/limited",
                                            "abuse/retry-after", "abuse/messages-match-accepted"};
  const auto corpus = json::parse(read_text(formcheck::testing::source_dir() + "/fixtures/payloads/passthrough.json"),
                                  nullptr, true, true);
  std::vector<std::string> passthrough;
  for (const auto& p : corpus["payloads"]) {
    passthrough.push_back(p["name"].get<std::string>());
  }
  ASSERT_GE(passthrough.size(), 5u);
  for (const std::string target : {"local", "preview"}) {
    for (const auto& n : delivery) {
      EXPECT_EQ(outcome(result.results, "delivery", target, n), "passed") << target << " " << n << ": "
                                                                         << message_of(result.results, "delivery", target, n);
    }
    for (const auto& n : sender) {
      EXPECT_EQ(outcome(result.results, "sender", target, n), "passed") << target << " " << n << ": "
                                                                       << message_of(result.results, "sender", target, n);
    }
    for (const auto& n : passthrough) {
      EXPECT_EQ(outcome(result.results, "passthrough", target, n), "passed")
          << target << " " << n << ": " << message_of(result.results, "passthrough", target, n);
    }
    for (const auto& n : rate_limit) {
      EXPECT_EQ(outcome(result.results, "rate-limit", target, n), "passed")
          << target << " " << n << ": " << message_of(result.results, "rate-limit", target, n);
    }
  }
  // Verdict integrity: a pass about a message carries the message itself as evidence — its
  // SID, its status and its body — in the JSON and in the JUnit case's system-out.
  size_t with_evidence = 0;
  for (const auto& c : result.results["cases"]) {
    const std::string suite = c.value("suite", "");
    const std::string name = c.value("name", "");
    const bool about_a_message = name == "contact-form/delivered" || suite == "sender" || suite == "passthrough";
    if (!about_a_message || c.value("outcome", "") != "passed") {
      continue;
    }
    const auto& p = c["properties"];
    const std::string sid = p.value("message_sid", "");
    EXPECT_TRUE(sid.rfind("SM", 0) == 0 || sid.rfind("MM", 0) == 0) << suite << " " << name << ": " << p.dump();
    EXPECT_TRUE(p.value("status", "") == "delivered" || p.value("status", "") == "read") << suite << " " << name;
    EXPECT_FALSE(p.value("body", "").empty()) << suite << " " << name << ": " << p.dump();
    EXPECT_NE(result.junit_text.find("message_sid: " + sid + "\nstatus: "), std::string::npos) << sid;
    ++with_evidence;
  }
  EXPECT_EQ(with_evidence, 2 * (1 + sender.size() + passthrough.size()));

  const auto& summary = result.results["summary"];
  const size_t per_target = delivery.size() + sender.size() + passthrough.size() + rate_limit.size();
  EXPECT_EQ(summary.value("total", 0u), 2 * per_target) << case_table(result.results);
  EXPECT_EQ(summary.value("passed", 0u), 2 * per_target) << case_table(result.results);
  EXPECT_FALSE(result.results.value("interrupted", true));

  // The local target formcheck started is gone once the run is over: nothing listens on its port.
  http::Request probe;
  probe.url = "http://127.0.0.1:" + std::to_string(port) + "/api/health";
  probe.timeout = 2s;
  EXPECT_FALSE(http::perform(probe).transport_ok()) << "the local target still answers after the run";

  // The console said what it did, and where the reports are.
  EXPECT_NE(result.out.find("JUnit: " + result.junit.string()), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("local: ready after"), std::string::npos) << result.out;

  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
