#include "harness/twilio/whatsapp_rules.hpp"

#include <fmt/format.h>

#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/client.hpp"
#include "harness/twilio/error_catalog.hpp"

namespace formcheck::twilio {

std::string sandbox_join_instruction() {
  return "staff must send `join <code>` to +1 415 523 8886 again (the code is in the Twilio Console under "
         "Messaging > Try it out > Send a WhatsApp message); sandbox joins expire after 3 days";
}

std::string sandbox_rate_instruction() {
  return "the sandbox sends at most 1 message every 3 s: space the submissions at least 3 s apart (in formcheck, "
         "the target's rate_limit {\"max\": 1, \"window_s\": 3.5}); a production sender has no such limit";
}

std::string window_rule() {
  return "outside the 24-hour customer-service window: WhatsApp accepts free-form text for staff only within 24 h "
         "of staff's last message to the sender; after that a business-initiated message needs an approved "
         "template, sent as ContentSid (HX…) + ContentVariables instead of Body (since 1 April 2025 template text in "
         "Body fails too). Have staff message the number at least daily, or make the route send a template";
}

std::string explain_failure(int code, std::string_view from) {
  const bool sandbox = from == config::kSandboxNumber;
  switch (code) {
    case 63015:
      return fmt::format("63015 Sandbox recipient has not joined: {}", sandbox_join_instruction());
    case 63016:
      return fmt::format("63016 {}", window_rule());
    case 63018:
      if (sandbox) {
        return fmt::format("63018 Rate limit exceeded for channel: {}", sandbox_rate_instruction());
      }
      break;
    default:
      break;
  }
  return describe_error(code);
}

}  // namespace formcheck::twilio
