#include "harness/checks/whatsapp_window.hpp"

#include "harness/util/secret.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

namespace formcheck::checks::window {
namespace {

using results::Outcome;
using twilio::Timestamp;

// A message delivered this soon after the window's end may still have been free-form text
// (clocks and date_sent are only second-accurate); only clearly later ones count as templates.
constexpr std::chrono::seconds kDetectionMargin{60};

std::string utc(Timestamp t) {
  return fmt::format("{:%Y-%m-%d %H:%M} UTC", t);
}

bool reached_staff(const twilio::Message& m) {
  return m.status == "sent" || m.status == "delivered" || m.status == "read";
}

std::string fix_text(const std::string& sender) {
  return fmt::format(
      "have staff send any WhatsApp message to {} (each one reopens the window for 24 h), or send "
      "the notification as an approved Content Template (ContentSid + ContentVariables instead of Body)",
      sender);
}

results::CaseResult base(const WindowCheck& check) {
  results::CaseResult r;
  r.suite = check.suite;
  r.name = check.name;
  return r;
}

}  // namespace

std::string span_text(std::chrono::seconds span) {
  const auto s = std::max<long>(0, static_cast<long>(span.count()));
  if (s >= 3600) {
    return fmt::format("{} h {:02} m", s / 3600, (s % 3600) / 60);
  }
  if (s >= 60) {
    return fmt::format("{} m", s / 60);
  }
  return fmt::format("{} s", s);
}

twilio::Result<WindowLog> read_window_log(twilio::Client& client, const std::string& staff,
                                          const std::string& sender, Timestamp now) {
  WindowLog log;
  log.now = now;
  // DateSent filters are whole UTC days: start at the midnight on or before the look-back.
  const auto since_day = std::chrono::floor<std::chrono::days>(now - kLookBack);
  log.looked_since = Timestamp(since_day);
  twilio::MessageQuery inbound;
  inbound.from = staff;
  inbound.to = sender;
  inbound.date_sent_after = twilio::format_date(log.looked_since);
  inbound.page_size = 1000;
  auto in = client.list_messages(inbound);
  if (!in) {
    return unexpected(in.error());
  }
  for (auto& m : *in) {
    if (m.direction == "inbound") {
      log.inbound.push_back(std::move(m));
    }
  }
  twilio::MessageQuery outbound;
  outbound.from = sender;
  outbound.to = staff;
  outbound.date_sent_after =
      twilio::format_date(Timestamp(std::chrono::floor<std::chrono::days>(now - kWindow * 2)));
  outbound.page_size = 1000;
  auto out = client.list_messages(outbound);
  if (!out) {
    return unexpected(out.error());
  }
  log.outbound = std::move(*out);
  return log;
}

std::optional<Timestamp> sent_at(const twilio::Message& message) {
  return message.date_sent ? message.date_sent : message.date_created;
}

std::optional<Timestamp> last_inbound(const WindowLog& log) {
  std::optional<Timestamp> last;
  for (const auto& m : log.inbound) {
    if (const auto at = sent_at(m); at && *at <= log.now && (!last || *at > *last)) {
      last = at;
    }
  }
  return last;
}

std::vector<twilio::Message> inbound_in_window(const WindowLog& log) {
  std::vector<twilio::Message> out;
  for (const auto& m : log.inbound) {
    if (const auto at = sent_at(m); at && *at <= log.now && log.now - *at < kWindow) {
      out.push_back(m);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return sent_at(a) > sent_at(b); });
  return out;
}

std::optional<TemplateEvidence> detect_templates(const WindowLog& log) {
  std::vector<Timestamp> inbound_times;
  for (const auto& m : log.inbound) {
    if (const auto at = sent_at(m)) {
      inbound_times.push_back(*at);
    }
  }
  TemplateEvidence evidence;
  for (const auto& m : log.outbound) {
    const auto at = m.date_sent;  // a message that reached staff has one
    // Only judge messages whose whole preceding window lies inside what was read.
    if (!reached_staff(m) || !at || *at < log.looked_since + kWindow) {
      continue;
    }
    const bool inside = std::any_of(inbound_times.begin(), inbound_times.end(), [&](Timestamp in) {
      return in <= *at && *at - in < kWindow + kDetectionMargin;
    });
    if (!inside) {
      if (evidence.count == 0 || *at > evidence.example_at) {
        evidence.example_sid = m.sid;
        evidence.example_at = *at;
      }
      ++evidence.count;
    }
  }
  if (evidence.count == 0) {
    return std::nullopt;
  }
  return evidence;
}

std::string render_inbound(const WindowLog& log, const std::string& staff, const std::string& sender) {
  const auto inside = inbound_in_window(log);
  std::string out = redact(fmt::format(
      "staff's messages to the sender (From={} To={}) in the last 24 h: {}\n", staff, sender, inside.size()));
  for (const auto& m : inside) {
    out += fmt::format("  {}  {}  ({} ago)\n", utc(*sent_at(m)), m.sid, span_text(log.now - *sent_at(m)));
  }
  if (inside.empty()) {
    const auto last = last_inbound(log);
    out += last ? fmt::format("  the last one was at {} ({} ago)\n", utc(*last), span_text(log.now - *last))
                : fmt::format("  none since {}\n", utc(log.looked_since));
  }
  return out;
}

nlohmann::json window_json(const WindowLog& log, const results::CaseResult& verdict) {
  nlohmann::json out;
  out["outcome"] = std::string(results::to_string(verdict.outcome));
  out["message"] = verdict.message;
  const auto last = last_inbound(log);
  out["last_inbound"] = last ? nlohmann::json(twilio::format_iso8601(*last)) : nlohmann::json(nullptr);
  out["window_closes"] =
      last ? nlohmann::json(twilio::format_iso8601(*last + kWindow)) : nlohmann::json(nullptr);
  out["looked_since"] = twilio::format_iso8601(log.looked_since);
  out["inbound_24h"] = nlohmann::json::array();
  for (const auto& m : inbound_in_window(log)) {
    out["inbound_24h"].push_back({{"sid", m.sid}, {"date_sent", twilio::format_iso8601(*sent_at(m))}});
  }
  return out;
}

results::CaseResult judge_window(const WindowLog& log, const WindowCheck& check) {
  auto r = base(check);
  using Sends = config::WindowSettings::SiteSends;
  if (check.settings.site_sends == Sends::templates) {
    r.outcome = Outcome::skipped;
    r.message =
        "does not apply: the site sends Content Templates (whatsapp_window.site_sends is \"template\"), "
        "which "
        "WhatsApp delivers outside the 24-hour window";
    return r;
  }
  if (check.settings.site_sends == Sends::detect) {
    if (const auto found = detect_templates(log)) {
      r.outcome = Outcome::skipped;
      r.message = redact(fmt::format(
          "does not apply: the site sends templates — {} message(s) reached staff while the 24-hour window "
          "was "
          "closed (latest {} at {}), which only a Content Template can (set whatsapp_window.site_sends to "
          "\"free-form\" to check the window anyway)",
          found->count, found->example_sid, utc(found->example_at)));
      r.add_property("template_messages", std::to_string(found->count));
      return r;
    }
  }
  const auto inside = inbound_in_window(log);
  r.add_property("inbound_messages_24h", std::to_string(inside.size()));
  const auto last = last_inbound(log);
  if (!last) {
    r.outcome = Outcome::failed;
    r.message =
        redact(fmt::format("staff ({}) have not written to {} since {}: the 24-hour window is closed — "
                           "free-form notifications to staff "
                           "will fail with 63016 from now: {}",
                           check.staff, check.sender, utc(log.looked_since), fix_text(check.sender)));
    r.add_property("fix", fix_text(check.sender));
    return r;
  }
  const auto closes = *last + kWindow;
  r.add_property("last_inbound", twilio::format_iso8601(*last));
  r.add_property("window_closes", twilio::format_iso8601(closes));
  if (closes <= log.now) {
    r.outcome = Outcome::failed;
    r.message =
        redact(fmt::format("staff last wrote to {} at {} ({} ago), so the 24-hour window closed at {} — "
                           "free-form notifications to "
                           "staff will fail with 63016 from {}: {}",
                           check.sender, utc(*last), span_text(log.now - *last), utc(closes), utc(closes),
                           fix_text(check.sender)));
    r.add_property("fix", fix_text(check.sender));
    return r;
  }
  const auto left = closes - log.now;
  r.add_property("time_left_s", std::to_string(left.count()));
  r.outcome = Outcome::passed;
  const bool warn = left < std::chrono::duration<double, std::ratio<3600>>(check.settings.warn_hours);
  if (warn) {
    r.add_property("warning", "true");
    r.message =
        redact(fmt::format("warning: the 24-hour window closes at {} — only {} left (warn_hours {:g}); staff "
                           "last wrote to {} at {}. "
                           "From then, free-form notifications to staff will fail with 63016: {}",
                           utc(closes), span_text(left), check.settings.warn_hours, check.sender, utc(*last),
                           fix_text(check.sender)));
    return r;
  }
  r.message = redact(
      fmt::format("the 24-hour window is open: staff last wrote to {} at {}; it closes at {} ({} left)",
                  check.sender, utc(*last), utc(closes), span_text(left)));
  return r;
}

}  // namespace formcheck::checks::window
