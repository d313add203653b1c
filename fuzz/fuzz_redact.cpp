// libFuzzer: redaction runs on every byte formcheck writes, so it must stay linear and
// never crash; a registered secret must never survive it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "harness/util/secret.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool registered = [] {
    formcheck::register_secret("s3cr3t-Tok3n-value");
    return true;
  }();
  (void)registered;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string out = formcheck::redact(text + "s3cr3t-Tok3n-value" + text);
  if (out.find("s3cr3t-Tok3n-value") != std::string::npos) {
    std::abort();
  }
  return 0;
}
