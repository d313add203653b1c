#include "harness/monitor/monitor_report.hpp"

#include <fmt/format.h>

#include "harness/monitor/thresholds.hpp"
#include "harness/twilio/whatsapp_rules.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::monitor {
namespace {

using nlohmann::json;

json counts_json(const Counts& c) {
  const auto rate = c.delivery_rate();
  return {{"messages", c.messages}, {"delivered", c.delivered}, {"read", c.read},         {"failed", c.failed},
          {"pending", c.pending},   {"delivery_rate", rate ? json(*rate) : json(nullptr)}};
}

std::string main_sender(const ErrorGroup& g, const std::string& fallback) {
  std::string from = fallback;
  size_t most = 0;
  for (const auto& [f, n] : g.senders) {
    if (n > most) {
      most = n;
      from = f;
    }
  }
  return from;
}

std::string counts_text(const Counts& c) {
  return fmt::format("{} ({} delivered{}, {} failed, {} pending; rate {})", c.messages, c.delivered,
                     c.read > 0 ? fmt::format(" of which {} read", c.read) : std::string(), c.failed, c.pending,
                     c.rate_text());
}

}  // namespace

json analysis_json(const Analysis& a, const Collected& collected, const ReportContext& ctx) {
  json failures = json::array();
  for (const auto& g : a.failures) {
    const auto from = main_sender(g, ctx.expected_sender);
    failures.push_back({{"code", g.code == 0 ? json(nullptr) : json(g.code)},
                        {"count", g.count},
                        {"guests", g.real},
                        {"tests", g.tests},
                        {"statuses", g.statuses},
                        {"senders", g.senders},
                        {"diagnosis", redact(g.code == 0 ? std::string("failed without an error code")
                                                         : twilio::explain_failure(g.code, from))},
                        {"sids", g.sids}});
  }
  json over = json::array();
  for (const auto& [sid, s] : a.latency.over_budget) {
    over.push_back({{"sid", sid}, {"seconds", s}});
  }
  json senders = json::array();
  for (const auto& g : a.unexpected_senders) {
    senders.push_back({{"from", g.from}, {"sandbox", g.sandbox}, {"count", g.count}, {"tests", g.tests}, {"sids", g.sids}});
  }
  json others = json::array();
  for (const auto& [to, c] : a.other_recipients) {
    auto item = counts_json(c);
    item["to"] = to;
    others.push_back(item);
  }
  json worst = nullptr;
  if (a.failure_burst.count > 0) {
    worst = {{"from", twilio::format_iso8601(a.failure_burst.first)},
             {"to", twilio::format_iso8601(a.failure_burst.last)},
             {"failures", a.failure_burst.count},
             {"messages", a.burst_messages},
             {"sids", a.burst_sids}};
  }
  const auto rate = a.judged.delivery_rate();
  return {
      {"window",
       {{"since", twilio::format_iso8601(a.window.since)},
        {"until", twilio::format_iso8601(a.window.until)},
        {"days", utc_days(a.window)}}},
      {"staff", ctx.staff},
      {"expected_sender", ctx.expected_sender},
      {"messages", {{"guests", counts_json(a.real)}, {"tests", counts_json(a.tests)}, {"judged", counts_json(a.judged)}}},
      {"delivery_rate", rate ? json(*rate) : json(nullptr)},
      {"failures", failures},
      {"latency_s",
       {{"count", a.latency.count},
        {"p50", a.latency.p50},
        {"p95", a.latency.p95},
        {"max", a.latency.max},
        {"slowest_sid", a.latency.slowest_sid},
        {"over_budget", over}}},
      {"unexpected_senders", senders},
      {"worst_hour", worst},
      {"other_recipients", others},
      {"twilio",
       {{"requests", ctx.twilio_requests},
        {"pages", collected.pages},
        {"listed", collected.listed},
        {"duplicates", collected.duplicates},
        {"outside_window", collected.outside_window},
        {"without_date_sent", collected.without_date_sent},
        {"retries", collected.retries},
        {"queries", collected.queries},
        {"elapsed_s", ctx.elapsed_s}}},
  };
}

std::string render_analysis(const Analysis& a, const Collected& collected, const ReportContext& ctx) {
  std::string out;
  out += fmt::format("  to staff       {} (from {} expected)\n", ctx.staff, ctx.expected_sender);
  out += fmt::format("  guests         {}\n", counts_text(a.real));
  out += fmt::format("  test messages  {}\n", counts_text(a.tests));
  if (a.judged.messages != a.real.messages + a.tests.messages) {
    out += "  (thresholds count guests' messages only: monitor.count_test_messages is false)\n";
  }
  if (a.latency.count > 0) {
    out += fmt::format("  latency        p50 {:g} s, p95 {:g} s, max {:g} s ({}) over {} deliveries\n", a.latency.p50,
                       a.latency.p95, a.latency.max, a.latency.slowest_sid, a.latency.count);
  } else {
    out += "  latency        no delivered message to time\n";
  }
  if (a.failures.empty()) {
    out += "  failures       none\n";
  } else {
    out += "  failures by error code:\n";
    std::string text = describe_failures(a.failures, ctx.expected_sender, 5);
    size_t start = 0;
    while (start < text.size()) {
      const auto end = text.find('\n', start);
      out += "    " + text.substr(start, end - start) + "\n";
      start = end == std::string::npos ? text.size() : end + 1;
    }
  }
  if (a.failure_burst.count > 0) {
    out += fmt::format("  worst hour     {} failure(s) of {} message(s) from {} (to {})\n", a.failure_burst.count,
                       a.burst_messages, utc_text(a.failure_burst.first), utc_text(a.failure_burst.last));
  }
  for (const auto& g : a.unexpected_senders) {
    out += fmt::format("  unexpected sender {}{}: {} message(s) to staff\n", g.from,
                       g.sandbox ? " (the Twilio sandbox)" : "", g.count);
  }
  for (const auto& [to, c] : a.other_recipients) {
    out += fmt::format("  from the sender to {} (not staff): {}\n", to, counts_text(c));
  }
  out += fmt::format("  Twilio log     {} request(s), {} page(s), {} listed, {} duplicate(s), {} outside the window, "
                     "{} found only without DateSent, {:.2f} s\n",
                     ctx.twilio_requests, collected.pages, collected.listed, collected.duplicates,
                     collected.outside_window, collected.without_date_sent, ctx.elapsed_s);
  return redact(out);
}

}  // namespace formcheck::monitor
