// libFuzzer: RFC 2822 / ISO 8601 dates and Retry-After, as Twilio and servers send them.
// A parsed RFC 2822 date must format and re-parse to the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "harness/twilio/api_error.hpp"
#include "harness/twilio/rfc2822.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto t = formcheck::twilio::parse_rfc2822(text)) {
    const auto again = formcheck::twilio::parse_rfc2822(formcheck::twilio::format_rfc2822(*t));
    if (!again || *again != *t) {
      std::abort();  // formatting must round-trip
    }
  }
  (void)formcheck::twilio::parse_iso8601(text);
  (void)formcheck::twilio::parse_retry_after(text, std::chrono::system_clock::now());
  return 0;
}
