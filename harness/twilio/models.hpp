#pragma once
// Twilio resources with Twilio's own field names and types: num_segments, num_media and
// price are strings on the wire; error_code is an integer or null; dates are RFC 2822.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/twilio/rfc2822.hpp"
#include "harness/util/expected.hpp"

namespace formcheck::twilio {

struct Message {
  std::string sid;
  std::string account_sid;
  std::string api_version;
  std::string body;
  std::string from;
  std::string to;
  std::string status;
  std::string direction;
  std::optional<std::string> messaging_service_sid;
  std::string num_segments;  // a string on the wire, e.g. "1"
  std::string num_media;     // a string on the wire, e.g. "0"
  std::optional<std::string> price;  // e.g. "-0.00500"; null until sent
  std::optional<std::string> price_unit;
  std::optional<int> error_code;
  std::optional<std::string> error_message;
  std::optional<Timestamp> date_created;
  std::optional<Timestamp> date_sent;
  std::optional<Timestamp> date_updated;
  std::string uri;
};

// The statuses a case waits on, following Twilio's outbound lifecycle.
bool is_final_failure(std::string_view status);   // failed, undelivered, canceled
bool is_delivered_or_read(std::string_view status);  // delivered, read
bool is_pending(std::string_view status);  // accepted, queued, sending, scheduled, sent (may still fail)

struct MessagePage {
  std::vector<Message> messages;
  std::optional<std::string> next_page_uri;  // relative to the API base; null on the last page
  int page = 0;
  int page_size = 0;
};

struct SenderProfile {
  std::optional<std::string> name;
  std::optional<std::string> about;
  std::optional<std::string> description;
  std::optional<std::string> address;
  std::optional<std::string> vertical;
  std::optional<std::string> logo_url;
  std::vector<std::string> emails;
  std::vector<std::string> websites;
};

struct OfflineReason {
  std::string code;  // a string in the Senders API, e.g. "30008"
  std::string message;
  std::string more_info;
};

struct Sender {
  std::string sid;        // XE…
  std::string status;     // ONLINE, OFFLINE, PENDING_VERIFICATION, ONLINE:UPDATING, …
  std::string sender_id;  // whatsapp:+E164
  SenderProfile profile;
  std::vector<OfflineReason> offline_reasons;
  std::optional<std::string> quality_rating;
  std::optional<std::string> messaging_limit;
  // webhook.callback_url / fallback_url: where staff's replies (inbound messages) are sent.
  std::optional<std::string> inbound_webhook;
  std::optional<std::string> inbound_fallback;
};

struct IncomingPhoneNumber {
  std::string sid;  // PN…
  std::string phone_number;
  std::string friendly_name;
  std::optional<std::string> status;
  nlohmann::json capabilities;
};

// Parsers check types strictly: a field of the wrong JSON type is an error naming it, so a
// Twilio (or emulator) change is noticed rather than silently misread.
Expected<Message, std::string> parse_message(const nlohmann::json& json);
Expected<Sender, std::string> parse_sender(const nlohmann::json& json);
Expected<IncomingPhoneNumber, std::string> parse_incoming_phone_number(const nlohmann::json& json);

}  // namespace formcheck::twilio
