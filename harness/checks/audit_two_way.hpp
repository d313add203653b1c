#pragma once
// The two-way half of the audit: staff's side of the WhatsApp conversation. Whether the
// 24-hour window is open (staff wrote to the sender lately; see whatsapp_window.hpp) and
// whether the sender has an inbound webhook, so that staff's replies reach somewhere.
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

#include <string>
#include <vector>

namespace formcheck::twilio {
class Client;
}

namespace formcheck::checks::audit {

std::vector<std::string> two_way_check_names();

std::vector<results::CaseResult> audit_two_way(twilio::Client& client, const config::Config& config,
                                           const config::ExpectSettings& expect);

}  // namespace formcheck::checks::audit
