#pragma once
// The WhatsApp 24-hour customer-service window, read from the Twilio log before it bites.
// WhatsApp delivers free-form text from a business to a user only within 24 hours of that
// user's last message to the business number; outside it Twilio fails the message with 63016
// and only an approved Content Template gets through. So a site that notifies staff with
// free-form text works only while staff keep writing to the number.
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"
#include "harness/twilio/client.hpp"
#include "harness/twilio/models.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace formcheck::checks::window {

inline constexpr std::chrono::hours kWindow{24};
// How far back staff's messages are read (one DateSent-filtered list): a window that closed
// longer ago than this is reported as "not since <date>".
inline constexpr std::chrono::days kLookBack{7};

// What the Twilio log says about one staff number and one sender.
struct WindowLog {
  twilio::Timestamp now{};
  twilio::Timestamp looked_since{};       // inbound messages before this were not read
  std::vector<twilio::Message> inbound;   // staff → sender (direction inbound), any order
  std::vector<twilio::Message> outbound;  // sender → staff, from the last two days
};

// Two lists: From=staff&To=sender since kLookBack, and From=sender&To=staff since two days.
twilio::Result<WindowLog> read_window_log(twilio::Client& client, const std::string& staff,
                                          const std::string& sender, twilio::Timestamp now);

// When a message was sent (date_sent, else date_created).
std::optional<twilio::Timestamp> sent_at(const twilio::Message& message);
// The newest inbound message's time, if any was read.
std::optional<twilio::Timestamp> last_inbound(const WindowLog& log);
// Staff's inbound messages within the 24 hours before log.now, newest first.
std::vector<twilio::Message> inbound_in_window(const WindowLog& log);

// Messages to staff that reached them (sent, delivered, read) while the window was closed:
// WhatsApp lets only templates through then, so the site sends templates.
struct TemplateEvidence {
  size_t count = 0;
  std::string example_sid;
  twilio::Timestamp example_at{};
};
std::optional<TemplateEvidence> detect_templates(const WindowLog& log);

struct WindowCheck {
  std::string suite;  // "audit" or "monitor"
  std::string name;   // e.g. "twilio/whatsapp-window"
  std::string staff;
  std::string sender;
  config::WindowSettings settings;
};

// Passed with the time left (a "warning:" message and property below settings.warn_hours),
// failed when the window is closed (with the fix), skipped ("does not apply") when the site
// sends templates, configured or detected.
results::CaseResult judge_window(const WindowLog& log, const WindowCheck& check);

// For `monitor`: staff's inbound messages in the 24 hours before log.now (times and SIDs, never
// their text), one line each, after a heading; and the same as JSON with the verdict's facts.
std::string render_inbound(const WindowLog& log, const std::string& staff, const std::string& sender);
nlohmann::json window_json(const WindowLog& log, const results::CaseResult& verdict);

// "3 h 05 m" / "12 m" / "40 s".
std::string span_text(std::chrono::seconds span);

}  // namespace formcheck::checks::window
