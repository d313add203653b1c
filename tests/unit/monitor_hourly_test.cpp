// The monitor window hour by hour (the HTML report's bars and latency lines): every UTC hour
// the window touches, each counted exactly as the whole window is.
#include <gtest/gtest.h>

#include "harness/monitor/hourly.hpp"
#include "harness/twilio/rfc2822.hpp"

namespace formcheck::monitor {
namespace {

using namespace std::chrono_literals;

constexpr const char* kStaff = "whatsapp:+6281234567890";
constexpr const char* kSender = "whatsapp:+15557654321";

Timestamp at(const char* iso) { return *twilio::parse_iso8601(iso); }

twilio::Message message(const std::string& sid, Timestamp created, std::string status, std::chrono::seconds latency,
                        std::string body = "New contact form submission") {
  twilio::Message m;
  m.sid = sid;
  m.to = kStaff;
  m.from = kSender;
  m.status = std::move(status);
  m.direction = "outbound-api";
  m.body = std::move(body);
  m.date_created = created;
  m.date_updated = created + latency;
  return m;
}

AnalysisInput window(const char* since, const char* until) {
  AnalysisInput in;
  in.window = {at(since), at(until)};
  in.staff = kStaff;
  in.expected_sender = kSender;
  return in;
}

TEST(MonitorHourly, EveryHourTheWindowTouchesCountedLikeTheWindow) {
  const std::vector<twilio::Message> messages = {
      message("SM1", at("2024-05-01T10:10:00Z"), "delivered", 2s),  // before the window
      message("SM2", at("2024-05-01T10:40:00Z"), "delivered", 4s),
      message("SM3", at("2024-05-01T10:59:59Z"), "failed", 1s),
      message("SM4", at("2024-05-01T11:00:00Z"), "delivered", 8s),
      message("SM5", at("2024-05-01T12:20:00Z"), "queued", 0s, "Hi [formcheck-test fc-ab-1] there"),
      message("SM6", at("2024-05-01T12:31:00Z"), "delivered", 3s),  // after the window
  };
  const auto hours = hourly(messages, window("2024-05-01T10:30:00Z", "2024-05-01T12:30:00Z"));
  ASSERT_EQ(hours.size(), 3u);
  EXPECT_EQ(hours[0].start, at("2024-05-01T10:00:00Z"));
  EXPECT_EQ(hours[2].start, at("2024-05-01T12:00:00Z"));

  EXPECT_EQ(hours[0].analysis.judged.delivered, 1u);  // SM2 only: SM1 is before the window
  EXPECT_EQ(hours[0].analysis.judged.failed, 1u);     // SM3, the hour's last second
  EXPECT_EQ(hours[0].analysis.latency.max, 4);
  EXPECT_EQ(hours[1].analysis.judged.delivered, 1u);  // SM4, the next hour's first second
  EXPECT_EQ(hours[1].analysis.latency.p50, 8);
  EXPECT_EQ(hours[2].analysis.judged.pending, 1u);  // SM5; SM6 is after the window
  EXPECT_EQ(hours[2].analysis.tests.messages, 1u);
  EXPECT_EQ(hours[2].analysis.latency.count, 0u);

  size_t total = 0;
  for (const auto& h : hours) {
    total += h.analysis.judged.messages;
  }
  EXPECT_EQ(total, analyse(messages, window("2024-05-01T10:30:00Z", "2024-05-01T12:30:00Z")).judged.messages);
}

TEST(MonitorHourly, LongWindowsKeepTheirLastMonth) {
  const auto hours = hourly({}, window("2024-01-01T00:00:00Z", "2024-05-01T00:00:00Z"));
  ASSERT_EQ(hours.size(), 24u * 31u);
  EXPECT_EQ(hours.back().start, at("2024-05-01T00:00:00Z"));
  EXPECT_TRUE(hourly({}, window("2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z")).empty());
}

}  // namespace
}  // namespace formcheck::monitor
