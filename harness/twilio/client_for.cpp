#include "harness/twilio/client_for.hpp"

namespace formcheck::twilio {

std::unique_ptr<Client> client_for(const config::TwilioSettings& settings) {
  ClientOptions options;
  options.api_base = settings.api_base;
  options.messaging_base = settings.messaging_base;
  options.timeout = std::chrono::milliseconds(static_cast<long>(settings.timeout_s * 1000));
  auto credentials =
      settings.api_key_sid.empty()
          ? Credentials::auth_token(settings.account_sid, settings.auth_token)
          : Credentials::api_key(settings.account_sid, settings.api_key_sid, settings.api_key_secret);
  return std::make_unique<Client>(std::move(credentials), std::move(options));
}

}  // namespace formcheck::twilio
