#include "harness/monitor/thresholds.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "harness/twilio/client.hpp"
#include "harness/twilio/whatsapp_rules.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::monitor {
namespace {

using results::CaseResult;
using results::Outcome;

CaseResult make(const ThresholdInput& in, std::string name, Outcome outcome, std::string message,
                std::string detail = {}) {
  CaseResult r;
  r.suite = "monitor";
  r.target = in.settings.name;
  r.name = std::move(name);
  r.outcome = outcome;
  r.message = redact(message);
  r.detail = redact(detail);
  return r;
}

std::string join(const std::vector<std::string>& items, size_t max) {
  std::string text;
  for (size_t i = 0; i < items.size() && i < max; ++i) {
    text += (i == 0 ? "" : ", ") + items[i];
  }
  if (items.size() > max) {
    text += fmt::format(" (+{} more)", items.size() - max);
  }
  return text;
}

std::string split_text(size_t real, size_t tests) {
  if (tests == 0) {
    return fmt::format("{} guest{}", real, real == 1 ? "" : "s");
  }
  return fmt::format("{} guest{}, {} formcheck test{}", real, real == 1 ? "" : "s", tests, tests == 1 ? "" : "s");
}

std::string codes_summary(const std::vector<ErrorGroup>& groups) {
  std::string text;
  for (const auto& g : groups) {
    text += fmt::format("{}{} ×{}", text.empty() ? "" : ", ", g.code == 0 ? std::string("no code") : std::to_string(g.code),
                        g.count);
  }
  return text;
}

std::string seconds_text(double s) { return fmt::format("{:.0f} s", s); }

CaseResult failure_burst(const Analysis& a, const ThresholdInput& in) {
  const auto& s = in.settings;
  const auto& b = a.failure_burst;
  const int limit = s.failures_per_window;
  auto r = make(in, "failure-burst", Outcome::passed, "");
  r.add_property("threshold", fmt::format("{} failures in any {:g} minutes", limit, s.failure_window_min));
  r.add_property("failures", std::to_string(a.judged.failed));
  r.add_property("max_failures_in_window", std::to_string(b.count));
  if (b.count == 0) {
    r.message = fmt::format("no failed delivery to staff in the window (alert at {} in {:g} min)", limit,
                            s.failure_window_min);
    return r;
  }
  const auto span = fmt::format("{} → {}", utc_text(b.first), utc_text(b.last));
  r.add_property("worst_window", span);
  r.add_property("worst_window_sids", join(a.burst_sids, 1000));
  if (static_cast<int>(b.count) >= limit) {
    r.outcome = Outcome::failed;
    r.message = redact(fmt::format("{} failures within {:g} minutes ({}; {} message(s) to staff then), alert at {}: "
                                   "investigate now — {}",
                                   b.count, s.failure_window_min, span, a.burst_messages, limit,
                                   join(a.burst_sids, 5)));
  } else {
    r.message = fmt::format("at most {} failure(s) in any {:g} minutes ({}), alert at {}", b.count,
                            s.failure_window_min, span, limit);
  }
  r.detail = redact(describe_failures(a.failures, in.expected_sender));
  return r;
}

CaseResult slow_delivery(const Analysis& a, const ThresholdInput& in) {
  const auto& l = a.latency;
  const double budget = in.settings.max_latency_s;
  auto r = make(in, "slow-delivery", Outcome::passed, "");
  r.add_property("threshold", fmt::format("every delivery within {:g} s", budget));
  r.add_property("deliveries_timed", std::to_string(l.count));
  const auto read_note = a.judged.read > 0 ? fmt::format("; {} read message(s) not timed (their date_updated is "
                                                         "when staff read them)",
                                                         a.judged.read)
                                           : std::string();
  if (l.count == 0) {
    r.outcome = Outcome::skipped;
    r.message = "no delivered message to time in the window" + read_note;
    return r;
  }
  r.add_property("p50_s", fmt::format("{:g}", l.p50));
  r.add_property("p95_s", fmt::format("{:g}", l.p95));
  r.add_property("max_s", fmt::format("{:g}", l.max));
  r.add_property("slowest_sid", l.slowest_sid);
  const auto stats = fmt::format("p50 {}, p95 {}, max {} over {} deliveries", seconds_text(l.p50),
                                 seconds_text(l.p95), seconds_text(l.max), l.count);
  if (!l.over_budget.empty()) {
    std::vector<std::string> slow;
    std::string detail;
    for (const auto& [sid, secs] : l.over_budget) {
      slow.push_back(fmt::format("{} {}", sid, seconds_text(secs)));
      detail += fmt::format("{} took {} from date_created to date_updated\n", sid, seconds_text(secs));
    }
    r.outcome = Outcome::failed;
    r.message = fmt::format("{} deliver{} over {:g} s ({}): check status.twilio.com and the sender's quality — {}",
                            l.over_budget.size(), l.over_budget.size() == 1 ? "y" : "ies", budget, stats,
                            join(slow, 5));
    r.detail = detail + read_note;
    return r;
  }
  r.message = fmt::format("every delivery within {:g} s ({}){}", budget, stats, read_note);
  return r;
}

CaseResult delivery_rate(const Analysis& a, const ThresholdInput& in) {
  const auto& c = a.judged;
  const double min = in.settings.min_delivery_rate;
  auto r = make(in, "delivery-rate", Outcome::passed, "");
  r.add_property("threshold", fmt::format("at least {:g}% delivered", min));
  r.add_property("messages", std::to_string(c.messages));
  r.add_property("delivered", std::to_string(c.delivered));
  r.add_property("failed", std::to_string(c.failed));
  r.add_property("pending", std::to_string(c.pending));
  const auto rate = c.delivery_rate();
  const auto pending = c.pending > 0 ? fmt::format("; {} still pending, not counted", c.pending) : std::string();
  if (!rate) {
    r.outcome = Outcome::skipped;
    r.message = fmt::format("no finished message to staff in the window ({} message(s){})", c.messages, pending);
    return r;
  }
  r.add_property("delivery_rate", c.rate_text());
  // Exact comparison in integers: 990 of 1000 is 99%, not 98.99999…%.
  const bool under = static_cast<double>(c.delivered) * 100.0 < min * static_cast<double>(c.finished()) - 1e-9;
  const auto base = fmt::format("{} delivered ({} of {} finished{})", c.rate_text(), c.delivered, c.finished(),
                                pending);
  if (under) {
    r.outcome = Outcome::failed;
    r.message = fmt::format("{}, under {:g}%: {} failure(s): {}{}", base, min, c.failed, codes_summary(a.failures),
                            *rate < 90 ? " — the launch plan rolls back to the sandbox under 90%" : "");
    r.detail = redact(describe_failures(a.failures, in.expected_sender));
    return r;
  }
  r.message = fmt::format("{} ≥ {:g}%", base, min);
  if (c.failed > 0) {
    r.detail = redact(describe_failures(a.failures, in.expected_sender));
  }
  return r;
}

CaseResult sender(const Analysis& a, const ThresholdInput& in) {
  auto r = make(in, "sender", Outcome::passed, "");
  const std::string expected = in.expected_sender.empty() ? std::string("any") : in.expected_sender;
  r.add_property("expected_sender", expected);
  const size_t to_staff = a.real.messages + a.tests.messages;
  if (a.unexpected_senders.empty()) {
    r.message = to_staff == 0 ? fmt::format("no message to staff in the window (expected sender {})", expected)
                              : fmt::format("all {} message(s) to staff from {}", to_staff, expected);
    return r;
  }
  std::string detail;
  std::vector<std::string> parts;
  for (const auto& g : a.unexpected_senders) {
    r.add_property("unexpected_sender", fmt::format("{} ×{}", g.from, g.count));
    parts.push_back(fmt::format("{} ×{}{}", g.from, g.count, g.sandbox ? " (the Twilio sandbox)" : ""));
    detail += fmt::format("{} sent {} message(s) to staff ({}): {}\n", g.from, g.count,
                          split_text(g.count - g.tests, g.tests), join(g.sids, 20));
  }
  const bool sandbox = a.unexpected_senders.front().sandbox;
  r.outcome = Outcome::failed;
  r.message = fmt::format("{} from an unexpected sender (expected {}): {}{}",
                          [&] {
                            size_t n = 0;
                            for (const auto& g : a.unexpected_senders) {
                              n += g.count;
                            }
                            return fmt::format("{} message(s) to staff", n);
                          }(),
                          expected, join(parts, 5),
                          sandbox && in.forbid_sandbox
                              ? ": the site sends from the sandbox in production — set TWILIO_WHATSAPP_NUMBER to the "
                                "production WhatsApp sender in Vercel and redeploy"
                              : "");
  r.detail = detail;
  return r;
}

}  // namespace

std::string utc_text(Timestamp t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::time_point_cast<std::chrono::seconds>(t));
}

std::string describe_failures(const std::vector<ErrorGroup>& groups, const std::string& sender, size_t max_sids) {
  std::string text;
  for (const auto& g : groups) {
    // The diagnosis follows the sender most of the group's messages came from.
    std::string from = sender;
    size_t most = 0;
    for (const auto& [f, n] : g.senders) {
      if (n > most) {
        most = n;
        from = f;
      }
    }
    const auto diagnosis = g.code == 0 ? std::string("failed without an error code: look the SIDs up in the Twilio "
                                                     "Console's message log")
                                       : twilio::explain_failure(g.code, from);
    text += fmt::format("{} ×{} ({}): {}\n  SIDs: {}\n", g.code == 0 ? std::string("no code") : std::to_string(g.code),
                        g.count, split_text(g.real, g.tests), diagnosis, join(g.sids, max_sids));
  }
  return text;
}

std::vector<results::CaseResult> judge(const Analysis& analysis, const ThresholdInput& input) {
  return {failure_burst(analysis, input), slow_delivery(analysis, input), delivery_rate(analysis, input),
          sender(analysis, input)};
}

}  // namespace formcheck::monitor
