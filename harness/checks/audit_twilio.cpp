#include "harness/checks/audit_twilio.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "harness/checks/audit.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/client.hpp"
#include "harness/twilio/error_catalog.hpp"

namespace formcheck::checks::audit {
namespace {

using results::Outcome;

constexpr const char* kNumberOnAccount = "twilio/number-on-account";
constexpr const char* kSenderOnline = "twilio/sender-online";
constexpr const char* kProfileName = "twilio/profile-name";
constexpr const char* kProfileDescription = "twilio/profile-description";
constexpr const char* kProfileVertical = "twilio/profile-vertical";
constexpr const char* kProfileLogo = "twilio/profile-logo";
constexpr const char* kNotSandbox = "twilio/not-sandbox";

bool blank(const std::optional<std::string>& s) {
  return !s || std::all_of(s->begin(), s->end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
}

std::string describe_reason(const twilio::OfflineReason& reason) {
  int code = 0;
  const auto* begin = reason.code.data();
  const auto parsed = std::from_chars(begin, begin + reason.code.size(), code);
  std::string text = reason.code.empty() ? std::string("(no code)") : reason.code;
  if (!reason.message.empty()) {
    text += " " + reason.message;
  }
  if (parsed.ec == std::errc{} && twilio::find_error(code) != nullptr) {
    text += " — " + twilio::describe_error(code);
  }
  return text;
}

std::string twilio_error_text(const twilio::ApiError& e, const std::string& account_sid) {
  return e.is_auth_failure() ? fmt::format("Twilio refused the credentials for {}: {}", account_sid, e.describe())
                             : fmt::format("the Twilio API cannot be used: {}", e.describe());
}

}  // namespace

StatusExplanation explain_sender_status(const twilio::Sender& sender) {
  const auto& s = sender.status;
  if (s == "ONLINE") {
    return {true, "ONLINE: approved by Meta and able to send", ""};
  }
  if (s == "ONLINE:UPDATING") {
    return {true, "ONLINE:UPDATING: sending, while a profile or configuration change is applied", ""};
  }
  if (s == "OFFLINE") {
    std::string reasons;
    for (const auto& r : sender.offline_reasons) {
      reasons += (reasons.empty() ? "" : "; ") + describe_reason(r);
    }
    return {false,
            "OFFLINE: the sender cannot send" + (reasons.empty() ? std::string(" (Twilio gives no reason)")
                                                                 : ": " + reasons),
            "resolve the offline reasons in the Twilio Console (Messaging → Senders → WhatsApp senders); roll back to "
            "the sandbox meanwhile"};
  }
  if (s == "PENDING_VERIFICATION") {
    return {false, "PENDING_VERIFICATION: Twilio waits for the verification code sent to the number by SMS or voice",
            "enter the code in the Twilio Console (or POST it as configuration.verification_code), then audit again"};
  }
  if (s == "VERIFYING") {
    return {false, "VERIFYING: the verification code is being checked", "wait a few minutes and audit again"};
  }
  if (s == "CREATING") {
    return {false, "CREATING: the sender is still being created with Meta",
            "wait and audit again; if it stays CREATING, check the sender in the Twilio Console"};
  }
  if (s == "TWILIO_REVIEW") {
    return {false, "TWILIO_REVIEW: Twilio is reviewing the sender before it goes to Meta",
            "wait for Twilio's review (the Console shows its progress) and audit again"};
  }
  if (s == "DRAFT") {
    return {false, "DRAFT: the registration was saved but never submitted",
            "finish the WhatsApp sender registration in the Twilio Console (Self Sign-up) and submit it"};
  }
  if (s == "STUBBED") {
    return {false, "STUBBED: a placeholder for the number; it is not registered with WhatsApp",
            "complete the WhatsApp sender registration for the number in the Twilio Console"};
  }
  return {false, fmt::format("{}: not a status formcheck knows; only ONLINE sends", s.empty() ? "(no status)" : s),
          "check the sender in the Twilio Console"};
}

bool is_known_vertical(std::string_view vertical) {
  static constexpr std::string_view kVerticals[] = {
      "Alcohol", "Automotive", "Beauty, Spa and Salon", "Clothing and Apparel", "Education", "Entertainment",
      "Event Planning and Service", "Finance and Banking", "Food and Grocery", "Hotel and Lodging",
      "Matrimony Service", "Medical and Health", "Non-profit", "Online Gambling", "OTC Drugs", "Other",
      "Physical Gambling", "Professional Services", "Public Service", "Restaurant", "Shopping and Retail",
      "Travel and Transportation"};
  return std::find(std::begin(kVerticals), std::end(kVerticals), vertical) != std::end(kVerticals);
}

std::vector<std::string> twilio_check_names() {
  return {kNotSandbox, kNumberOnAccount, kSenderOnline, kProfileName, kProfileDescription, kProfileVertical, kProfileLogo};
}

std::vector<results::CaseResult> audit_twilio(twilio::Client& client, const config::ExpectSettings& expect,
                                          const std::optional<std::string>& profile_name) {
  std::vector<results::CaseResult> out;
  const auto& sender = expect.sender;
  auto rest_all = [&](Outcome outcome, const std::string& message, const std::string& fix = {}) {
    for (const char* name : {kNumberOnAccount, kSenderOnline, kProfileName, kProfileDescription, kProfileVertical,
                             kProfileLogo}) {
      out.push_back(make_result(name, outcome, message, fix));
    }
  };
  if (sender.empty() || config::whatsapp_address_problem(sender)) {
    const std::string why = sender.empty() ? "expect.sender is not set"
                                           : fmt::format("expect.sender {} is not whatsapp:+E164", in_quotes(sender));
    out.push_back(make_result(kNotSandbox, Outcome::skipped, why, "set expect.sender to \"${TWILIO_WHATSAPP_NUMBER}\""));
    rest_all(Outcome::skipped, why + ": set expect.sender to audit the Twilio sender");
    return out;
  }
  const bool sandbox = sender == config::kSandboxNumber;
  if (!sandbox) {
    out.push_back(make_result(kNotSandbox, Outcome::passed, fmt::format("expect.sender {} is not the sandbox", sender)));
  } else if (!expect.forbid_sandbox) {
    out.push_back(make_result(kNotSandbox, Outcome::passed,
                              fmt::format("expect.sender is the sandbox {}, allowed: expect.forbid_sandbox is false "
                                          "(rollback configuration)",
                                          sender)));
  } else {
    out.push_back(make_result(kNotSandbox, Outcome::failed,
                              fmt::format("expect.sender is the Twilio sandbox {}", sender),
                              "set TWILIO_WHATSAPP_NUMBER (and expect.sender) to the production WhatsApp sender, "
                              "e.g. whatsapp:+15551234567"));
  }
  if (sandbox) {
    rest_all(Outcome::skipped, "the sandbox is shared by Twilio: it has no number, sender or profile on the account");
    return out;
  }
  const std::string e164 = sender.substr(9);
  const auto& account = client.credentials().account_sid;

  // The number belongs to the account.
  const auto numbers = client.list_incoming_phone_numbers(e164);
  if (!numbers) {
    rest_all(Outcome::error, twilio_error_text(numbers.error(), account));
    return out;
  }
  const auto number = std::find_if(numbers->begin(), numbers->end(),
                                   [&](const twilio::IncomingPhoneNumber& n) { return n.phone_number == e164; });
  if (number == numbers->end()) {
    out.push_back(make_result(kNumberOnAccount, Outcome::failed,
                              fmt::format("{} is not a phone number of account {}", e164, account),
                              "buy or port the number into this account (Console → Phone Numbers), or fix "
                              "TWILIO_WHATSAPP_NUMBER / TWILIO_ACCOUNT_SID"));
  } else {
    auto r = make_result(kNumberOnAccount, Outcome::passed,
                         fmt::format("{} is {} on account {}", e164, number->sid, account));
    r.add_property("phone_number_sid", number->sid);
    out.push_back(std::move(r));
  }

  // A WhatsApp sender for it, ONLINE.
  const auto senders = client.list_whatsapp_senders();
  if (!senders) {
    for (const char* name : {kSenderOnline, kProfileName, kProfileDescription, kProfileVertical, kProfileLogo}) {
      out.push_back(make_result(name, Outcome::error, twilio_error_text(senders.error(), account)));
    }
    return out;
  }
  const auto found = std::find_if(senders->begin(), senders->end(),
                                  [&](const twilio::Sender& s) { return s.sender_id == sender; });
  if (found == senders->end()) {
    out.push_back(make_result(kSenderOnline, Outcome::failed,
                              fmt::format("account {} has no WhatsApp sender for {} ({} other sender(s))", account,
                                          sender, senders->size()),
                              "register the number as a WhatsApp sender (Console → Messaging → Senders → WhatsApp "
                              "senders) and complete Meta's business verification"));
    for (const char* name : {kProfileName, kProfileDescription, kProfileVertical, kProfileLogo}) {
      out.push_back(make_result(name, Outcome::skipped, "no WhatsApp sender, so no profile (see twilio/sender-online)"));
    }
    return out;
  }
  const auto& s = *found;
  const auto explained = explain_sender_status(s);
  auto online = make_result(kSenderOnline, explained.sends ? Outcome::passed : Outcome::failed,
                            fmt::format("sender {} ({}) is {}", s.sender_id, s.sid, explained.meaning), explained.fix);
  online.add_property("sender_sid", s.sid);
  online.add_property("status", s.status);
  if (s.quality_rating) {
    online.add_property("quality_rating", *s.quality_rating);
  }
  if (s.messaging_limit) {
    online.add_property("messaging_limit", *s.messaging_limit);
  }
  for (const auto& r : s.offline_reasons) {
    online.add_property("offline_reason", describe_reason(r));
  }
  out.push_back(std::move(online));

  // Its business profile.
  const auto& p = s.profile;
  if (blank(p.name)) {
    out.push_back(make_result(kProfileName, Outcome::failed, "the WhatsApp business profile has no name",
                              fmt::format("set the sender's display name{} in the Twilio Console (WhatsApp requires it)",
                                          profile_name ? " to " + in_quotes(*profile_name) : std::string())));
  } else if (profile_name && *p.name != *profile_name) {
    out.push_back(make_result(kProfileName, Outcome::failed,
                              fmt::format("the profile name is {}, not {} (audit.profile_name)", in_quotes(*p.name),
                                          in_quotes(*profile_name)),
                              fmt::format("rename the sender's profile to {} (or fix audit.profile_name)",
                                          in_quotes(*profile_name))));
  } else {
    out.push_back(make_result(kProfileName, Outcome::passed,
                              fmt::format("the profile name is {}{}", in_quotes(*p.name),
                                          profile_name ? std::string(" as expected")
                                                       : " (set audit.profile_name to check it is the expected name)")));
  }
  if (blank(p.description) && blank(p.about)) {
    out.push_back(make_result(kProfileDescription, Outcome::failed, "the profile has neither a description nor an about text",
                              "add a description (what the business does) to the sender's profile"));
  } else {
    out.push_back(make_result(kProfileDescription, Outcome::passed,
                              blank(p.description) ? "the profile has an about text" : "the profile has a description"));
  }
  if (blank(p.vertical)) {
    out.push_back(make_result(kProfileVertical, Outcome::failed, "the profile has no category (vertical)",
                              "set the profile's vertical, e.g. \"Travel and Transportation\" or \"Hotel and Lodging\""));
  } else if (!is_known_vertical(*p.vertical)) {
    out.push_back(make_result(kProfileVertical, Outcome::failed,
                              fmt::format("the profile's vertical {} is not a WhatsApp category", in_quotes(*p.vertical)),
                              "use one of WhatsApp's categories, e.g. \"Travel and Transportation\" or \"Hotel and Lodging\""));
  } else {
    out.push_back(make_result(kProfileVertical, Outcome::passed, fmt::format("the profile's vertical is {}", *p.vertical)));
  }
  if (blank(p.logo_url)) {
    out.push_back(make_result(kProfileLogo, Outcome::failed, "the profile has no logo (logo_url)",
                              "upload a square logo (e.g. 640×640 JPG/PNG) to the sender's profile"));
  } else {
    out.push_back(make_result(kProfileLogo, Outcome::passed, fmt::format("the profile has a logo ({})", *p.logo_url)));
  }
  return out;
}

}  // namespace formcheck::checks::audit
