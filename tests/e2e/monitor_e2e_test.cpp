// `formcheck monitor` end to end: history injected into the emulator, the real binary reading
// it, its JSON and JUnit reports read back. Each threshold is tested on both sides of its edge.
#include <signal.h>

#include "tests/e2e/monitor_fixture.hpp"

namespace formcheck::testing::monitor_e2e {
namespace {

std::vector<std::string> window(const std::string& since, const std::string& until) {
  return {"--since", since, "--until", until};
}

class MonitorE2E : public MonitorFixture {};

TEST_F(MonitorE2E, FailureBurstTwoVersusThreeWithinSixtyMinutes) {
  start_emulator();
  json history = json::array();
  // 2024-03-01: two failures 59 minutes apart, a third 61 minutes after the first.
  history.push_back(history_message("2024-03-01T10:00:00Z", "failed", 1s, 30008));
  history.push_back(history_message("2024-03-01T10:59:00Z", "failed", 1s, 30008));
  history.push_back(history_message("2024-03-01T11:01:00Z", "delivered"));
  history.push_back(history_message("2024-03-01T12:05:00Z", "failed", 1s, 30008));
  // 2024-03-05: three failures (never sent: no date_sent) within 59:59, all 63016.
  history.push_back(history_message("2024-03-05T10:00:00Z", "failed", 1s, 63016));
  history.push_back(history_message("2024-03-05T10:30:00Z", "failed", 1s, 63016));
  history.push_back(history_message("2024-03-05T10:59:59Z", "failed", 1s, 63016));
  history.push_back(history_message("2024-03-05T10:45:00Z", "delivered"));
  inject(history);
  const auto config = write_config(monitor_config());

  auto two = monitor(config, window("2024-03-01T00:00:00Z", "2024-03-01T23:59:59Z"), "two");
  ASSERT_TRUE(two.finished) << two.diagnosis();
  EXPECT_EQ(two.outcome("failure-burst"), "passed") << two.diagnosis();
  EXPECT_NE(two.message("failure-burst").find("at most 2 failure(s)"), std::string::npos) << two.diagnosis();

  auto three = monitor(config, window("2024-03-05T00:00:00Z", "2024-03-05T23:59:59Z"), "three");
  EXPECT_EQ(three.code, 1) << three.diagnosis();
  EXPECT_EQ(three.outcome("failure-burst"), "failed") << three.diagnosis();
  const auto why = three.message("failure-burst");
  EXPECT_NE(why.find("3 failures within 60 minutes"), std::string::npos) << why;
  // The window rule: 63016 explained with the 24-hour window and the template it needs.
  EXPECT_NE(why.find("24-hour customer-service window"), std::string::npos) << why;
  EXPECT_NE(why.find("ContentSid"), std::string::npos) << why;
  // Failures that were never sent have no date_sent: only the undated query finds them.
  EXPECT_EQ(three.report["monitor"]["twilio"]["without_date_sent"], 3) << three.report["monitor"].dump(2);
  const auto& failures = three.report["monitor"]["failures"];
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]["code"], 63016);
  EXPECT_EQ(failures[0]["sids"].size(), 3u);
  EXPECT_EQ(three.report["monitor"]["worst_hour"]["failures"], 3);
  EXPECT_EQ(three.report["monitor"]["worst_hour"]["messages"], 4);
}

TEST_F(MonitorE2E, SlowDeliveryTwentyNineVersusThirtyOneSeconds) {
  start_emulator();
  inject(json::array({history_message("2024-03-10T08:00:00Z", "delivered", 29s),
                      history_message("2024-03-10T09:00:00Z", "delivered", 1s),
                      history_message("2024-03-11T08:00:00Z", "delivered", 31s),
                      history_message("2024-03-11T09:00:00Z", "delivered", 2s),
                      // read 10 minutes later: its date_updated is the read receipt, not a delivery time
                      history_message("2024-03-10T10:00:00Z", "read", 600s)}));
  const auto config = write_config(monitor_config());
  auto fast = monitor(config, window("2024-03-10", "2024-03-10"), "fast");
  EXPECT_EQ(fast.code, 0) << fast.diagnosis();
  EXPECT_EQ(fast.outcome("slow-delivery"), "passed") << fast.diagnosis();
  EXPECT_EQ(fast.report["monitor"]["latency_s"]["max"], 29);
  EXPECT_EQ(fast.report["monitor"]["latency_s"]["count"], 2);
  EXPECT_NE(fast.message("slow-delivery").find("1 read message(s) not timed"), std::string::npos);

  auto slow = monitor(config, window("2024-03-11", "2024-03-11"), "slow");
  EXPECT_EQ(slow.code, 1) << slow.diagnosis();
  EXPECT_EQ(slow.outcome("slow-delivery"), "failed");
  EXPECT_NE(slow.message("slow-delivery").find("31 s"), std::string::npos) << slow.message("slow-delivery");
  EXPECT_EQ(slow.report["monitor"]["latency_s"]["over_budget"].size(), 1u);
}

// 1,000 messages a day over several pages (PageSize 50): 99.0 % passes, 98.9 % fails.
TEST_F(MonitorE2E, DeliveryRateNinetyNineVersusNinetyEightNineOverManyPages) {
  start_emulator();
  json history = json::array();
  auto day = [&](const std::string& date, int failed) {
    for (int i = 0; i < 1000; ++i) {
      const auto created = iso(date + "T00:00:00Z", std::chrono::seconds(i * 80));
      // failures spread 2 hours apart (no burst), sent then undelivered (30008)
      const bool fail = i % 90 == 0 && failed-- > 0;
      history.push_back(history_message(created, fail ? "undelivered" : "delivered", 2s, fail ? 30008 : 0));
    }
  };
  day("2024-04-01", 10);
  day("2024-04-02", 11);
  inject(history);
  const auto config = write_config(monitor_config({{"page_size", 50}}));
  auto ok = monitor(config, window("2024-04-01", "2024-04-01"), "rate-ok");
  EXPECT_EQ(ok.code, 0) << ok.diagnosis();
  EXPECT_EQ(ok.outcome("delivery-rate"), "passed") << ok.message("delivery-rate");
  EXPECT_NE(ok.message("delivery-rate").find("99.00% delivered (990 of 1000"), std::string::npos)
      << ok.message("delivery-rate");
  EXPECT_EQ(ok.report["monitor"]["messages"]["guests"]["messages"], 1000);
  EXPECT_GT(ok.report["monitor"]["twilio"]["pages"].get<int>(), 20);  // paged, not one big answer

  auto low = monitor(config, window("2024-04-02", "2024-04-02"), "rate-low");
  EXPECT_EQ(low.code, 1) << low.diagnosis();
  EXPECT_EQ(low.outcome("delivery-rate"), "failed");
  EXPECT_NE(low.message("delivery-rate").find("98.90% delivered (989 of 1000"), std::string::npos)
      << low.message("delivery-rate");
  EXPECT_EQ(low.outcome("failure-burst"), "passed") << low.message("failure-burst");
}

TEST_F(MonitorE2E, WindowCrossingUtcMidnightIsExact) {
  start_emulator();
  inject(json::array({
      history_message("2024-03-01T23:20:00Z"),  // before the window
      history_message("2024-03-01T23:40:00Z"),
      history_message("2024-03-01T23:50:00Z", "failed", 1s, 63015, kSender),
      history_message("2024-03-02T00:05:00Z", "failed", 1s, 63015, kSender),
      history_message("2024-03-02T00:20:00Z", "failed", 1s, 63015, kSender),
      history_message("2024-03-02T00:25:00Z"),
      history_message("2024-03-02T00:40:00Z"),  // after the window
  }));
  const auto config = write_config(monitor_config());
  auto r = monitor(config, window("2024-03-01T23:30:00Z", "2024-03-02T00:30:00Z"), "midnight");
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  const auto& m = r.report["monitor"];
  EXPECT_EQ(m["window"]["days"], json::array({"2024-03-01", "2024-03-02"})) << m.dump(2);
  EXPECT_EQ(m["messages"]["judged"]["messages"], 5) << m.dump(2);
  EXPECT_EQ(m["messages"]["judged"]["failed"], 3);
  EXPECT_EQ(r.outcome("failure-burst"), "failed");  // 23:50, 00:05, 00:20: one hour across midnight
  EXPECT_GE(m["twilio"]["outside_window"].get<int>(), 2);
}

TEST_F(MonitorE2E, UnexpectedSendersAndTheSandboxInProduction) {
  start_emulator();
  inject(json::array({history_message("2024-03-03T10:00:00Z"),
                      history_message("2024-03-03T10:05:00Z", "delivered", 2s, 0, kSandbox),
                      history_message("2024-03-03T10:06:00Z", "delivered", 2s, 0, kSandbox),
                      history_message("2024-03-03T10:07:00Z", "delivered", 2s, 0, "whatsapp:+15550001111")}));
  const auto config = write_config(monitor_config());
  auto r = monitor(config, window("2024-03-03", "2024-03-03"), "senders");
  EXPECT_EQ(r.code, 1) << r.diagnosis();
  EXPECT_EQ(r.outcome("sender"), "failed");
  const auto why = r.message("sender");
  EXPECT_NE(why.find("whatsapp:+14155238886 ×2 (the Twilio sandbox)"), std::string::npos) << why;
  EXPECT_NE(why.find("whatsapp:+15550001111 ×1"), std::string::npos) << why;
  EXPECT_NE(why.find("TWILIO_WHATSAPP_NUMBER"), std::string::npos) << why;
  const auto& senders = r.report["monitor"]["unexpected_senders"];
  ASSERT_EQ(senders.size(), 2u);
  EXPECT_EQ(senders[0]["from"], kSandbox);  // the sandbox first
  EXPECT_EQ(senders[0]["sandbox"], true);
}

TEST_F(MonitorE2E, TestMessagesAreReportedApartFromGuests) {
  start_emulator();
  const std::string test_body = "New contact form submission\nMessage:\n[formcheck-test fc-7e41a2-a3] Hello";
  inject(json::array({history_message("2024-03-04T10:00:00Z"), history_message("2024-03-04T10:01:00Z"),
                      history_message("2024-03-04T10:02:00Z", "delivered", 2s, 0, kSender, test_body),
                      history_message("2024-03-04T10:03:00Z", "failed", 1s, 63024, kSender, test_body),
                      history_message("2024-03-04T10:04:00Z", "failed", 1s, 63024, kSender, test_body),
                      history_message("2024-03-04T10:05:00Z", "failed", 1s, 63024, kSender, test_body)}));
  auto all = monitor(write_config(monitor_config()), window("2024-03-04", "2024-03-04"), "with-tests");
  const auto& m = all.report["monitor"];
  EXPECT_EQ(m["messages"]["guests"]["messages"], 2) << all.diagnosis();
  EXPECT_EQ(m["messages"]["tests"]["messages"], 4);
  EXPECT_EQ(m["failures"][0]["tests"], 3);
  EXPECT_EQ(m["failures"][0]["guests"], 0);
  EXPECT_EQ(all.outcome("failure-burst"), "failed");  // test messages count by default
  EXPECT_NE(all.message("failure-burst").find("0 guests, 3 formcheck tests"), std::string::npos)
      << all.message("failure-burst");
  EXPECT_NE(all.out.find("test messages  4 (1 delivered, 3 failed"), std::string::npos) << all.out;

  auto guests = monitor(write_config(monitor_config({{"count_test_messages", false}}), "guests-only.json"),
                        window("2024-03-04", "2024-03-04"), "guests-only");
  EXPECT_EQ(guests.code, 0) << guests.diagnosis();
  EXPECT_EQ(guests.report["monitor"]["messages"]["judged"]["messages"], 2);
}

TEST_F(MonitorE2E, AllThresholdsPassGivesFourJUnitCasesAndExitZero) {
  start_emulator();
  inject(json::array({history_message("2024-03-06T10:00:00Z"), history_message("2024-03-06T11:00:00Z")}));
  auto r = monitor(write_config(monitor_config()), window("2024-03-06", "2024-03-06"), "healthy");
  EXPECT_EQ(r.code, 0) << r.diagnosis();
  for (const char* name : {"failure-burst", "slow-delivery", "delivery-rate", "sender"}) {
    EXPECT_EQ(r.outcome(name), "passed") << name << "\n" << r.diagnosis();
    EXPECT_NE(r.junit.find(std::string("name=\"") + name + "\""), std::string::npos) << r.junit;
  }
  EXPECT_NE(r.junit.find("classname=\"formcheck.monitor.production\""), std::string::npos) << r.junit;
  EXPECT_EQ(r.report["monitor"]["delivery_rate"], 100.0);
  if (!xmllint_available()) {
    GTEST_SKIP() << "JUnit schema validation impossible: xmllint or " << junit_xsd() << " is missing";
  }
  expect_junit_valid("healthy");
}

TEST_F(MonitorE2E, RefusedCredentialsAreAnInfrastructureError) {
  start_emulator();
  auto config = monitor_config();
  config["twilio"]["auth_token"] = "ffffffffffffffffffffffffffffffff";
  auto r = monitor(write_config(config), {"--since", "1h"}, "refused");
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  EXPECT_EQ(r.outcome("delivery-rate"), "error") << r.diagnosis();
  EXPECT_NE(r.err.find("20003"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("ffffffffffffffffffffffffffffffff"), std::string::npos) << "the token leaked";
}

// Ctrl-C while Twilio asks formcheck to come back in 25 s: the wait ends at once, the reports
// say every threshold was "not run", exit 130. Cost: about 1 s.
TEST_F(MonitorE2E, CtrlCDuringATwilioRetryWaitEndsWithinASecond) {
  start_emulator();
  const auto faults = emulator(http::Method::post, "/__emulator/faults",
                               json{{"error_rate", 1.0}, {"error_status", 503}, {"retry_after_s", 25}}.dump());
  ASSERT_EQ(faults.status, 200) << faults.body;
  auto process = launch(monitor_args(write_config(monitor_config()), {"--since", "1h"}, "ctrl-c"), "ctrl-c");
  ASSERT_NE(process, nullptr);
  ASSERT_TRUE(wait_until([&] { return slurp(dir() / "ctrl-c.err").find("retrying in") != std::string::npos; }, 30s,
                         20ms))
      << slurp(dir() / "ctrl-c.err");
  const auto interrupted_at = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(process->pid(), SIGINT), 0);
  const auto status = process->wait_exit(10s);
  const auto took = std::chrono::steady_clock::now() - interrupted_at;
  const auto r = collect(status, "ctrl-c");
  ASSERT_TRUE(r.finished) << r.diagnosis();
  EXPECT_LT(took, 1s) << r.diagnosis();
  EXPECT_EQ(r.code, 130) << r.diagnosis();
  EXPECT_EQ(r.outcome("delivery-rate"), "not_run") << r.diagnosis();
  EXPECT_NE(r.err.find("interrupted before the Twilio message log was read"), std::string::npos) << r.err;
}

TEST_F(MonitorE2E, BadWindowIsAUsageError) {
  start_emulator();
  auto r = monitor(write_config(monitor_config()), {"--since", "yesterday"}, "bad-since");
  EXPECT_EQ(r.code, 2) << r.diagnosis();
  EXPECT_NE(r.err.find("1h, 24h, 7d"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace formcheck::testing::monitor_e2e
