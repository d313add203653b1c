#include "harness/twilio/error_catalog.hpp"

#include <fmt/format.h>

#include <array>

namespace formcheck::twilio {
namespace {

// Source: Twilio's error dictionary (one page per code, twilio.com/docs/api/errors/<code>).
constexpr std::array kErrors = {
    ErrorInfo{20001, "Invalid parameter",
              "A request parameter was rejected (often a date filter in the wrong format); use YYYY-MM-DD for "
              "DateSent."},
    ErrorInfo{20003, "Authentication failed",
              "Twilio refused the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or the API key "
              "SK… and its secret) belong to the same account and region, and that the token was not rotated."},
    ErrorInfo{20404, "Resource not found",
              "The SID or URL does not exist on this account: check the Account SID in the path starts with AC "
              "(not an SK API key) and the base URL is right."},
    ErrorInfo{20429, "Too many requests",
              "The account exceeded Twilio's REST API concurrency; requests were not processed and are safe to "
              "retry after backing off. Lower the number of parallel calls."},
    ErrorInfo{21211, "Invalid 'To' phone number",
              "The recipient is not a valid number: set STAFF_WHATSAPP_NUMBER as whatsapp:+<country code><number> "
              "with no spaces or dashes."},
    ErrorInfo{21408, "Permission to send to this region not enabled",
              "Enable the recipient's country in the Twilio Console's messaging geographic permissions."},
    ErrorInfo{21481, "Invalid page token",
              "A paging URL was built by hand; follow next_page_uri exactly as Twilio returns it."},
    ErrorInfo{21604, "'To' phone number is required",
              "The request had no To parameter: send the create request form-encoded "
              "(application/x-www-form-urlencoded), not as JSON."},
    ErrorInfo{21610, "Recipient unsubscribed",
              "The staff number replied STOP; messages are blocked until it sends START to the sender."},
    ErrorInfo{21617, "Message body too long",
              "The body exceeds 1,600 characters: shorten the message the site builds (limit the form's message "
              "field)."},
    ErrorInfo{21910, "Invalid From and To pair",
              "From and To are on different channels: both must start with whatsapp: (check "
              "TWILIO_WHATSAPP_NUMBER and STAFF_WHATSAPP_NUMBER)."},
    ErrorInfo{30003, "Unreachable destination handset",
              "The staff phone was off or out of coverage; check the phone and retry later."},
    ErrorInfo{30006, "Landline or unreachable carrier",
              "The staff number cannot receive messages (landline or unsupported carrier): use a mobile number "
              "with WhatsApp."},
    ErrorInfo{30008, "Unknown error",
              "Delivery failed for an unknown reason; check the staff phone has WhatsApp and connectivity, and "
              "Twilio's status page. Repeated 30008s warrant a support ticket."},
    ErrorInfo{63003, "Channel could not find To address",
              "The staff number is not an active WhatsApp account or is misformatted: check "
              "STAFF_WHATSAPP_NUMBER=whatsapp:+E164."},
    ErrorInfo{63007, "Channel could not find From address",
              "TWILIO_WHATSAPP_NUMBER is not a WhatsApp sender of this account (or is still pending approval): "
              "check the number and its sender status in the Console."},
    ErrorInfo{63015, "Sandbox recipient has not joined",
              "Staff must send 'join <sandbox code>' to +1 415 523 8886 on WhatsApp; sandbox joins expire after "
              "3 days, so re-join before testing."},
    ErrorInfo{63016, "Outside the 24-hour messaging window",
              "Free-form messages reach staff only within 24 h of their last message to the sender: have staff "
              "message the number, or send an approved template (ContentSid + ContentVariables)."},
    ErrorInfo{63017, "Account rate limit exceeded",
              "The account sent more than its messages-per-second limit; slow down or request a higher limit."},
    ErrorInfo{63018, "Rate limit exceeded for channel",
              "The WhatsApp sender's rate or messaging limit was hit (the sandbox allows 1 message per 3 s): "
              "space the messages out."},
    ErrorInfo{63024, "Invalid message recipient",
              "The staff number cannot receive WhatsApp messages (no WhatsApp account, terms not accepted, or an "
              "old app): check it on the phone."},
    ErrorInfo{63028, "Template variables do not match",
              "The template has a placeholder that ContentVariables gave no value for: send a value for every "
              "{{n}} of the Content Template."},
    ErrorInfo{63032, "Recipient in a WhatsApp experiment",
              "Meta withheld the message (marketing experiment); it was not charged. Use a utility template or "
              "another recipient."},
    ErrorInfo{63112, "Meta business verification pending",
              "The WhatsApp sender's business is not verified by Meta yet: finish verification in Meta Business "
              "Manager (meanwhile, use the sandbox)."},
};

}  // namespace

const ErrorInfo* find_error(int code) {
  for (const auto& info : kErrors) {
    if (info.code == code) {
      return &info;
    }
  }
  return nullptr;
}

std::string error_docs_url(int code) { return fmt::format("https://www.twilio.com/docs/errors/{}", code); }

std::string describe_error(int code) {
  if (const auto* info = find_error(code)) {
    return fmt::format("{} {}: {}", info->code, info->title, info->diagnosis);
  }
  return fmt::format("{}: see {}", code, error_docs_url(code));
}

std::span<const ErrorInfo> all_errors() { return kErrors; }

}  // namespace formcheck::twilio
