// The monitor's pure statistics with injected messages: window parsing, UTC days, the
// sliding failure window, percentiles, grouping, test markers and the threshold verdicts.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "harness/monitor/statistics.hpp"
#include "harness/monitor/thresholds.hpp"
#include "harness/twilio/rfc2822.hpp"

namespace formcheck::monitor {
namespace {

using namespace std::chrono_literals;

constexpr const char* kStaff = "whatsapp:+6281234567890";
constexpr const char* kSender = "whatsapp:+15557654321";
constexpr const char* kSandbox = "whatsapp:+14155238886";

Timestamp at(const char* iso) { return *twilio::parse_iso8601(iso); }

int g_sid = 0;

twilio::Message message(Timestamp created, std::string status = "delivered", std::chrono::seconds latency = 2s,
                        std::optional<int> code = std::nullopt, std::string from = kSender,
                        std::string body = "New contact form submission") {
  twilio::Message m;
  m.sid = fmt::format("SM{:032x}", ++g_sid);
  m.to = kStaff;
  m.from = std::move(from);
  m.status = std::move(status);
  m.direction = "outbound-api";
  m.body = std::move(body);
  m.error_code = code;
  m.date_created = created;
  m.date_updated = created + latency;
  if (m.status != "failed") {
    m.date_sent = created + 1s;
  }
  return m;
}

twilio::Message failure(Timestamp created, int code = 30008) {
  return message(created, "failed", 1s, code);
}

AnalysisInput input(Timestamp since, Timestamp until) {
  AnalysisInput in;
  in.window = {since, until};
  in.staff = kStaff;
  in.expected_sender = kSender;
  return in;
}

ThresholdInput thresholds() {
  ThresholdInput t;
  t.expected_sender = kSender;
  return t;
}

const results::CaseResult& find(const std::vector<results::CaseResult>& cases, const std::string& name) {
  for (const auto& c : cases) {
    if (c.name == name) {
      return c;
    }
  }
  throw std::runtime_error("no case " + name);
}

TEST(MonitorWindow, ParsesDurationsAndDates) {
  const auto now = at("2024-03-08T12:00:00Z");
  EXPECT_EQ(parse_since("1h", now), at("2024-03-08T11:00:00Z"));
  EXPECT_EQ(parse_since("24h", now), at("2024-03-07T12:00:00Z"));
  EXPECT_EQ(parse_since("7d", now), at("2024-03-01T12:00:00Z"));
  EXPECT_EQ(parse_since("90m", now), at("2024-03-08T10:30:00Z"));
  EXPECT_EQ(parse_since("2024-03-01", now), at("2024-03-01T00:00:00Z"));
  EXPECT_EQ(parse_since("2024-03-01T23:30:00Z", now), at("2024-03-01T23:30:00Z"));
  std::string error;
  EXPECT_FALSE(parse_since("yesterday", now, &error));
  EXPECT_NE(error.find("1h, 24h, 7d"), std::string::npos) << error;
  EXPECT_FALSE(parse_since("0h", now));
  EXPECT_FALSE(parse_since("h", now));
  EXPECT_EQ(parse_until("2024-03-01"), at("2024-03-01T23:59:59Z"));  // the whole day
}

TEST(MonitorWindow, UtcDaysCoverMidnight) {
  EXPECT_EQ(utc_days({at("2024-03-01T23:30:00Z"), at("2024-03-02T00:30:00Z")}),
            (std::vector<std::string>{"2024-03-01", "2024-03-02"}));
  EXPECT_EQ(utc_days({at("2024-02-28T12:00:00Z"), at("2024-03-01T00:00:00Z")}),
            (std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01"}));  // leap day
  EXPECT_EQ(utc_days({at("2024-03-01T10:00:00Z"), at("2024-03-01T11:00:00Z")}).size(), 1u);
  EXPECT_TRUE(utc_days({at("2024-03-02T00:00:00Z"), at("2024-03-01T00:00:00Z")}).empty());
}

TEST(MonitorStatistics, PercentilesAreNearestRank) {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(percentile(v, 50), 5);
  EXPECT_EQ(percentile(v, 95), 10);
  EXPECT_EQ(percentile(v, 100), 10);
  EXPECT_EQ(percentile({7}, 50), 7);
  EXPECT_EQ(percentile({}, 50), 0);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) {
    hundred.push_back(i);
  }
  EXPECT_EQ(percentile(hundred, 95), 95);
  EXPECT_EQ(percentile(hundred, 50), 50);
}

TEST(MonitorStatistics, SlidingWindowIsHalfOpen) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  // Three failures 59:59 apart at most: one window holds all three.
  auto burst = densest_window({t0, t0 + 30min, t0 + 59min + 59s}, 3600s);
  EXPECT_EQ(burst.count, 3u);
  EXPECT_EQ(burst.first, t0);
  // The third exactly 60 minutes after the first: no window of 60 minutes holds three.
  burst = densest_window({t0, t0 + 30min, t0 + 60min}, 3600s);
  EXPECT_EQ(burst.count, 2u);
  // Unsorted input; the densest stretch is later.
  burst = densest_window({t0 + 5h, t0, t0 + 5h + 10min, t0 + 2h, t0 + 5h + 20min}, 3600s);
  EXPECT_EQ(burst.count, 3u);
  EXPECT_EQ(burst.first, t0 + 5h);
  EXPECT_EQ(burst.last, t0 + 5h + 20min);
  EXPECT_EQ(burst.indices, (std::vector<size_t>{0, 2, 4}));
  EXPECT_EQ(densest_window({}, 3600s).count, 0u);
}

TEST(MonitorStatistics, TestMarkerIsRecognised) {
  EXPECT_TRUE(is_test_message("Message:\n[formcheck-test fc-7e41a2-a3] Hello", "formcheck-test"));
  EXPECT_FALSE(is_test_message("Message:\nformcheck-test fc-7e41a2-a3 Hello", "formcheck-test"));
  EXPECT_FALSE(is_test_message("[formcheck-test fc-7e41a2-a3]", "other"));
  EXPECT_TRUE(is_test_message("[qa fc-1-a1] x", "qa"));
}

TEST(MonitorStatistics, FatesFollowTheExpectedStatus) {
  EXPECT_EQ(fate_of("delivered", "delivered"), Fate::delivered);
  EXPECT_EQ(fate_of("read", "delivered"), Fate::delivered);
  EXPECT_EQ(fate_of("sent", "delivered"), Fate::pending);
  EXPECT_EQ(fate_of("sent", "sent"), Fate::delivered);
  EXPECT_EQ(fate_of("undelivered", "delivered"), Fate::failed);
  EXPECT_EQ(fate_of("canceled", "delivered"), Fate::failed);
  EXPECT_EQ(fate_of("queued", "delivered"), Fate::pending);
}

TEST(MonitorStatistics, GroupsFailuresByCodeMostFrequentFirst) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  auto a = failure(t0, 63016);
  auto b = failure(t0 + 1min, 30008);
  auto c = failure(t0 + 2min, 63016);
  c.body = "[formcheck-test fc-1-a1] Hello";
  auto d = message(t0 + 3min, "undelivered", 5s);  // no code
  const auto groups = group_failures({&a, &b, &c, &d}, "formcheck-test");
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].code, 63016);
  EXPECT_EQ(groups[0].count, 2u);
  EXPECT_EQ(groups[0].real, 1u);
  EXPECT_EQ(groups[0].tests, 1u);
  EXPECT_EQ(groups[0].sids, (std::vector<std::string>{a.sid, c.sid}));
  EXPECT_EQ(groups[1].code, 0);  // by code ascending among equals
  EXPECT_EQ(groups[2].code, 30008);
}

TEST(MonitorStatistics, LatencyTimesDeliveredOnly) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  std::vector<twilio::Message> all;
  for (int i = 1; i <= 20; ++i) {
    all.push_back(message(t0 + std::chrono::minutes(i), "delivered", std::chrono::seconds(i)));
  }
  all.push_back(message(t0, "read", 600s));  // read 10 minutes later: not a delivery time
  std::vector<const twilio::Message*> ptrs;
  for (const auto& m : all) {
    ptrs.push_back(&m);
  }
  const auto l = latency_of(ptrs, 19);
  EXPECT_EQ(l.count, 20u);
  EXPECT_EQ(l.p50, 10);
  EXPECT_EQ(l.p95, 19);
  EXPECT_EQ(l.max, 20);
  EXPECT_EQ(l.slowest_sid, all[19].sid);
  ASSERT_EQ(l.over_budget.size(), 1u);
  EXPECT_EQ(l.over_budget[0].first, all[19].sid);
}

TEST(MonitorStatistics, AnalyseFiltersTheWindowExactlyAndSplitsTests) {
  const auto since = at("2024-03-01T23:30:00Z");
  const auto until = at("2024-03-02T00:30:00Z");
  std::vector<twilio::Message> all{
      message(since - 1s),                       // outside (one second early)
      message(since),                            // inside (inclusive)
      message(at("2024-03-02T00:10:00Z")),        // inside, after midnight
      message(until + 1s),                       // outside
      message(since + 5min, "delivered", 2s, std::nullopt, kSender, "Message:\n[formcheck-test fc-9-a1] Hi"),
      failure(since + 6min, 63016),
  };
  all.push_back(all[1]);  // listed twice: counted once
  auto inbound = message(since + 7min);
  inbound.direction = "inbound";
  all.push_back(inbound);
  auto other = message(since + 8min, "failed", 1s, 63003);
  other.to = "whatsapp:+15550009999";
  all.push_back(other);
  const auto a = analyse(all, input(since, until));
  EXPECT_EQ(a.outside_window, 2u);
  EXPECT_EQ(a.inbound, 1u);
  EXPECT_EQ(a.real.messages, 3u);
  EXPECT_EQ(a.tests.messages, 1u);
  EXPECT_EQ(a.judged.messages, 4u);
  EXPECT_EQ(a.judged.failed, 1u);
  ASSERT_EQ(a.other_recipients.count("whatsapp:+15550009999"), 1u);
  EXPECT_EQ(a.other_recipients.at("whatsapp:+15550009999").failed, 1u);

  auto in = input(since, until);
  in.count_test_messages = false;
  EXPECT_EQ(analyse(all, in).judged.messages, 3u);
}

TEST(MonitorThresholds, FailureBurstEdge) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  const auto since = t0 - 1h;
  const auto until = t0 + 3h;
  std::vector<twilio::Message> two{failure(t0), failure(t0 + 59min)};
  auto cases = judge(analyse(two, input(since, until)), thresholds());
  EXPECT_EQ(find(cases, "failure-burst").outcome, results::Outcome::passed) << find(cases, "failure-burst").message;

  std::vector<twilio::Message> three{failure(t0), failure(t0 + 30min), failure(t0 + 59min + 59s, 63016)};
  cases = judge(analyse(three, input(since, until)), thresholds());
  const auto& burst = find(cases, "failure-burst");
  EXPECT_EQ(burst.outcome, results::Outcome::failed);
  EXPECT_NE(burst.message.find("3 failures within 60 minutes"), std::string::npos) << burst.message;
  EXPECT_NE(burst.message.find(three[0].sid), std::string::npos) << burst.message;
  EXPECT_NE(burst.detail.find("24-hour customer-service window"), std::string::npos) << burst.detail;
  EXPECT_NE(burst.detail.find("ContentSid"), std::string::npos) << burst.detail;

  std::vector<twilio::Message> spread{failure(t0), failure(t0 + 30min), failure(t0 + 60min)};
  cases = judge(analyse(spread, input(since, until)), thresholds());
  EXPECT_EQ(find(cases, "failure-burst").outcome, results::Outcome::passed);
}

TEST(MonitorThresholds, SlowDeliveryEdge) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  std::vector<twilio::Message> fast{message(t0, "delivered", 29s), message(t0 + 1min, "delivered", 30s)};
  auto cases = judge(analyse(fast, input(t0, t0 + 1h)), thresholds());
  EXPECT_EQ(find(cases, "slow-delivery").outcome, results::Outcome::passed) << find(cases, "slow-delivery").message;
  std::vector<twilio::Message> slow{message(t0, "delivered", 29s), message(t0 + 1min, "delivered", 31s)};
  cases = judge(analyse(slow, input(t0, t0 + 1h)), thresholds());
  const auto& c = find(cases, "slow-delivery");
  EXPECT_EQ(c.outcome, results::Outcome::failed);
  EXPECT_NE(c.message.find(slow[1].sid + " 31 s"), std::string::npos) << c.message;
  // Only read messages: nothing to time.
  std::vector<twilio::Message> read{message(t0, "read", 900s)};
  cases = judge(analyse(read, input(t0, t0 + 1h)), thresholds());
  EXPECT_EQ(find(cases, "slow-delivery").outcome, results::Outcome::skipped);
}

TEST(MonitorThresholds, DeliveryRateEdge) {
  const auto t0 = at("2024-03-01T00:00:00Z");
  auto history = [&](int delivered, int failed) {
    std::vector<twilio::Message> all;
    for (int i = 0; i < delivered; ++i) {
      all.push_back(message(t0 + std::chrono::minutes(i)));
    }
    for (int i = 0; i < failed; ++i) {
      all.push_back(failure(t0 + std::chrono::hours(i + 1), 30008));  // an hour apart: no burst
    }
    return judge(analyse(all, input(t0, t0 + 24h)), thresholds());
  };
  auto cases = history(990, 10);  // 99.0 %
  EXPECT_EQ(find(cases, "delivery-rate").outcome, results::Outcome::passed) << find(cases, "delivery-rate").message;
  cases = history(989, 11);  // 98.9 %
  const auto& c = find(cases, "delivery-rate");
  EXPECT_EQ(c.outcome, results::Outcome::failed);
  EXPECT_NE(c.message.find("98.90%"), std::string::npos) << c.message;
  EXPECT_NE(c.message.find("30008 ×11"), std::string::npos) << c.message;
  cases = judge(analyse({}, input(t0, t0 + 1h)), thresholds());
  EXPECT_EQ(find(cases, "delivery-rate").outcome, results::Outcome::skipped);
}

TEST(MonitorStatistics, RateTextNeverRoundsUpToTheThreshold) {
  EXPECT_EQ((Counts{19999, 19799, 0, 200, 0}).rate_text(), "98.99%");
  EXPECT_EQ((Counts{1000, 989, 0, 11, 0}).rate_text(), "98.90%");
  EXPECT_EQ((Counts{1000, 990, 0, 10, 0}).rate_text(), "99.00%");
  EXPECT_EQ((Counts{3, 3, 0, 0, 0}).rate_text(), "100.00%");
  EXPECT_EQ((Counts{2, 0, 0, 0, 2}).rate_text(), "n/a");
}

TEST(MonitorThresholds, SandboxInProductionFailsTheSenderCase) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  std::vector<twilio::Message> all{message(t0), message(t0 + 1min, "delivered", 2s, std::nullopt, kSandbox)};
  auto cases = judge(analyse(all, input(t0, t0 + 1h)), thresholds());
  const auto& c = find(cases, "sender");
  EXPECT_EQ(c.outcome, results::Outcome::failed);
  EXPECT_NE(c.message.find("the Twilio sandbox"), std::string::npos) << c.message;
  EXPECT_NE(c.message.find("TWILIO_WHATSAPP_NUMBER"), std::string::npos) << c.message;

  // The rollback drill expects the sandbox: then it is the production number that is unexpected.
  auto in = input(t0, t0 + 1h);
  in.expected_sender = kSandbox;
  in.forbid_sandbox = false;
  auto t = thresholds();
  t.expected_sender = kSandbox;
  t.forbid_sandbox = false;
  cases = judge(analyse({message(t0, "delivered", 2s, std::nullopt, kSandbox)}, in), t);
  EXPECT_EQ(find(cases, "sender").outcome, results::Outcome::passed) << find(cases, "sender").message;
}

TEST(MonitorThresholds, SandboxFailuresExplainJoinAndRate) {
  const auto t0 = at("2024-03-01T10:00:00Z");
  auto joined = failure(t0, 63015);
  joined.from = kSandbox;
  auto rate = failure(t0 + 1s, 63018);
  rate.from = kSandbox;
  const auto text = describe_failures(group_failures({&joined, &rate}, "formcheck-test"), kSandbox);
  EXPECT_NE(text.find("join <code>` to +1 415 523 8886 again"), std::string::npos) << text;
  EXPECT_NE(text.find("sandbox joins expire after 3 days"), std::string::npos) << text;
  EXPECT_NE(text.find("1 message every 3 s"), std::string::npos) << text;
}

}  // namespace
}  // namespace formcheck::monitor
