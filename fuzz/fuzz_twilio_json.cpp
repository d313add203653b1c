// libFuzzer: whatever Twilio (or a proxy in front of it) answers — truncated JSON, HTML,
// wrong types — becomes a model or a typed error.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/twilio/api_error.hpp"
#include "harness/twilio/models.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_discarded()) {
    (void)formcheck::twilio::parse_message(json);
    (void)formcheck::twilio::parse_sender(json);
    (void)formcheck::twilio::parse_incoming_phone_number(json);
    if (json.is_object() && json.contains("messages") && json["messages"].is_array()) {
      for (const auto& m : json["messages"]) {
        (void)formcheck::twilio::parse_message(m);
      }
    }
  }
  for (long status : {200L, 401L, 429L, 503L}) {
    formcheck::http::Response response;
    response.url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json";
    response.status = status;
    response.body = body;
    response.headers = {{"Retry-After", body.substr(0, 40)}};
    (void)formcheck::twilio::error_from_response(response, "GET").describe();
  }
  return 0;
}
