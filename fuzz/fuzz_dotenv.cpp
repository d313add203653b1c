// libFuzzer: dotenv parsing and expansion (as Next.js does it) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/config/dotenv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto entries = formcheck::config::parse_dotenv(text);
  formcheck::config::EnvMap environment{{"HOME", "/root"}, {"EMPTY", ""}};
  (void)formcheck::config::expand_dotenv(entries, environment);
  return 0;
}
