#pragma once
// Twilio error codes formcheck meets, each with a diagnosis a site owner can act on.
// Twilio warns that causes can change; formcheck uses these only to explain, never to
// decide a verdict.
#include <span>
#include <string>
#include <string_view>

namespace formcheck::twilio {

struct ErrorInfo {
  int code;
  std::string_view title;      // Twilio's name for it
  std::string_view diagnosis;  // what to check or do, in one line
};

// nullptr for a code the catalogue does not know.
const ErrorInfo* find_error(int code);
// "63015 Sandbox recipient has not joined: …"; a generic line with the docs URL when unknown.
std::string describe_error(int code);
std::string error_docs_url(int code);
std::span<const ErrorInfo> all_errors();

}  // namespace formcheck::twilio
