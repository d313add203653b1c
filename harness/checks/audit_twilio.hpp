#pragma once
// The Twilio half of the audit: the expected sender is a number of the account, a WhatsApp
// sender exists for it and is ONLINE, its business profile is complete, and it is not the
// sandbox (unless the configuration is the rollback one).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"
#include "harness/twilio/models.hpp"

namespace formcheck::twilio {
class Client;
}

namespace formcheck::checks::audit {

// What a sender status means and what to do about it; `sends` is whether it can send now.
struct StatusExplanation {
  bool sends = false;
  std::string meaning;
  std::string fix;
};
StatusExplanation explain_sender_status(const twilio::Sender& sender);

// WhatsApp's business categories (profile.vertical), as Twilio's Senders API lists them.
bool is_known_vertical(std::string_view vertical);

std::vector<std::string> twilio_check_names();

std::vector<results::CaseResult> audit_twilio(twilio::Client& client, const config::ExpectSettings& expect,
                                          const std::optional<std::string>& profile_name);

}  // namespace formcheck::checks::audit
