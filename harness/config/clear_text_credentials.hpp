#pragma once
// Credentials never travel in clear text to another machine: Twilio's Basic credentials, a
// Vercel token, a target's secret headers or bypass secret over http:// to a host that is not
// loopback would be readable by anyone on the path. Loopback (127.0.0.0/8, ::1, localhost)
// stays allowed: the stand-ins and a site on the developer's machine listen there.
#include "harness/config/config.hpp"
#include "harness/config/problems.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace formcheck::config {

// Whether `url` is plain http:// to a host other than loopback ("" for any other scheme).
bool is_clear_text_to_another_host(std::string_view url);

// One problem per URL of the configuration that would carry credentials in clear text:
// twilio.api_base, twilio.messaging_base, a target's url when it sends a secret header or
// the Vercel bypass secret. Only the targets `wanted` names are judged (empty or "all": every
// one), as only their problems stop a run.
Problems clear_text_credentials(const Config& config, const std::vector<std::string>& wanted);

// The same for the audit's Vercel API base when a token is configured.
void check_clear_text_vercel(const std::string& file, const std::string& api_base, bool has_token,
                             Problems& problems);

}  // namespace formcheck::config
