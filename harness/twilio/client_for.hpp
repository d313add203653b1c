#pragma once
// A Twilio client for the configuration's twilio section: an auth token or an API key, the
// API bases (an emulator's in tests) and the request timeout. Used by run, audit and monitor.
#include <memory>

#include "harness/config/config.hpp"
#include "harness/twilio/client.hpp"

namespace formcheck::twilio {

std::unique_ptr<Client> client_for(const config::TwilioSettings& settings);

}  // namespace formcheck::twilio
