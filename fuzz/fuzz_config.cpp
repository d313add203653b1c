// libFuzzer: the configuration loader must turn any bytes into a Config or a list of
// problems — never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  formcheck::config::LoadOptions options;
  options.environment = {{"TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"},
                         {"TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef"},
                         {"STAFF_WHATSAPP_NUMBER", "whatsapp:+6281234567890"}};
  for (auto purpose : {formcheck::config::Purpose::run, formcheck::config::Purpose::monitor}) {
    options.purpose = purpose;
    auto result = formcheck::config::parse_config(text, "/tmp/fuzz/formcheck.json", options);
    if (!result) {
      for (const auto& p : result.error()) {
        (void)p.to_string();
      }
    }
  }
  return 0;
}
