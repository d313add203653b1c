#pragma once
// Everything that can go wrong talking to Twilio, as data: Twilio's own error body, an HTTP
// failure without one (an HTML error page, a proxy), a transport failure, or an answer
// formcheck could not read. Texts name the URL, never the credentials.
#include <chrono>
#include <optional>
#include <string>

#include "harness/http/http.hpp"

namespace formcheck::twilio {

struct ApiError {
  enum class Kind {
    twilio,        // HTTP error with Twilio's JSON body {code, message, more_info, status}
    http,          // HTTP error without a readable Twilio body (HTML page, empty, truncated)
    transport,     // no HTTP answer: refused, timed out, dropped, DNS, TLS
    bad_response,  // a 2xx answer that is not the JSON it should be
  };
  Kind kind = Kind::bad_response;
  long http_status = 0;
  int code = 0;  // Twilio error code, 0 when there is none
  std::string message;
  std::string more_info;
  std::string url;  // redacted
  std::optional<std::chrono::seconds> retry_after;  // from a Retry-After header
  std::optional<http::TransportErrorKind> transport;

  // Worth trying again later: 429, 5xx, transport failures other than DNS/TLS.
  bool is_retryable() const;
  bool is_auth_failure() const { return http_status == 401 || code == 20003; }
  // One line: "Twilio 401 (20003 Authentication failed: …) from GET http://…"
  std::string describe() const;
};

// Builds an ApiError from a finished response that was not the expected success.
ApiError error_from_response(const http::Response& response, std::string_view method);

// Parses a Retry-After header: delta-seconds or an HTTP date (relative to `now`).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace formcheck::twilio
