#include "harness/checks/audit_two_way.hpp"

#include "harness/checks/audit.hpp"
#include "harness/checks/whatsapp_window.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/client.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::checks::audit {
namespace {

using results::Outcome;

constexpr const char* kWindow = "twilio/whatsapp-window";
constexpr const char* kWebhook = "twilio/inbound-webhook";

std::string api_trouble(const twilio::ApiError& e) {
  return fmt::format("the Twilio API cannot be used: {}", e.describe());
}

results::CaseResult webhook_result(twilio::Client& client, const std::string& sender) {
  if (sender == config::kSandboxNumber) {
    return make_result(
        kWebhook, Outcome::skipped,
        "the sandbox's inbound webhook is set in the Console's Sandbox settings, not on a sender");
  }
  const auto senders = client.list_whatsapp_senders();
  if (!senders) {
    return make_result(kWebhook, Outcome::error, api_trouble(senders.error()));
  }
  const auto found = std::find_if(senders->begin(), senders->end(),
                                  [&](const twilio::Sender& s) { return s.sender_id == sender; });
  if (found == senders->end()) {
    return make_result(kWebhook, Outcome::skipped,
                       "no WhatsApp sender, so no webhook (see twilio/sender-online)");
  }
  const auto& url = found->inbound_webhook;
  if (!url || url->empty()) {
    // Not a delivery defect (the window opens whatever happens to the reply), so no failure;
    // but staff's replies vanish, which the message says plainly.
    auto r = make_result(
        kWebhook, Outcome::passed,
        fmt::format("warning: sender {} has no inbound webhook (webhook.callback_url): staff's replies "
                    "are logged by Twilio but reach no one — set one in the Console (Messaging → "
                    "Senders → WhatsApp senders → Endpoint configuration) if replies should go "
                    "somewhere",
                    found->sid));
    r.add_property("warning", "true");
    return r;
  }
  auto r = make_result(kWebhook, Outcome::passed,
                       fmt::format("staff's replies to {} go to {}{}", sender, *url,
                                   found->inbound_fallback && !found->inbound_fallback->empty()
                                       ? " (fallback " + *found->inbound_fallback + ")"
                                       : std::string()));
  r.add_property("inbound_webhook", *url);
  return r;
}

}  // namespace

std::vector<std::string> two_way_check_names() {
  return {kWindow, kWebhook};
}

std::vector<results::CaseResult> audit_two_way(twilio::Client& client, const config::Config& config,
                                           const config::ExpectSettings& expect) {
  const auto& sender = expect.sender;
  const auto& staff = config.twilio.staff;
  if (sender.empty() || config::whatsapp_address_problem(sender) || staff.empty() ||
      config::whatsapp_address_problem(staff)) {
    const std::string why =
        "expect.sender and twilio.staff must both be whatsapp:+E164 to read staff's messages";
    return {make_result(kWindow, Outcome::skipped, why), make_result(kWebhook, Outcome::skipped, why)};
  }
  std::vector<results::CaseResult> out;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto log = window::read_window_log(client, staff, sender, now);
  if (!log) {
    out.push_back(make_result(kWindow, Outcome::error, api_trouble(log.error())));
  } else {
    auto r = window::judge_window(*log, {std::string(kSuite), kWindow, staff, sender, config.window});
    out.push_back(std::move(r));
  }
  out.push_back(webhook_result(client, sender));
  return out;
}

}  // namespace formcheck::checks::audit
