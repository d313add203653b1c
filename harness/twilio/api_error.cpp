#include "harness/twilio/api_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "harness/twilio/error_catalog.hpp"
#include "harness/twilio/rfc2822.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::twilio {
namespace {

// A printable excerpt of a body that was not what we expected (HTML page, truncated JSON).
// Redacted before the cut, so a secret straddling it cannot leave its first half behind.
std::string excerpt(std::string_view raw) {
  const std::string body = redact(raw);
  std::string out;
  for (char c : std::string_view(body).substr(0, 120)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  if (body.size() > 120) {
    out += "…";
  }
  return out;
}

}  // namespace

bool ApiError::is_retryable() const {
  if (kind == Kind::transport) {
    return transport != http::TransportErrorKind::dns && transport != http::TransportErrorKind::tls &&
           transport != http::TransportErrorKind::aborted;
  }
  return http_status == 429 || http_status >= 500 || kind == Kind::bad_response;
}

std::string ApiError::describe() const {
  std::string text;
  switch (kind) {
    case Kind::twilio:
      text = fmt::format("Twilio answered HTTP {} with error {}", http_status, code);
      if (const auto* info = find_error(code)) {
        text += fmt::format(" ({}: {})", info->title, info->diagnosis);
      } else if (!message.empty()) {
        text += fmt::format(" ({})", message);
      }
      break;
    case Kind::http:
      text = fmt::format("HTTP {} without a Twilio error body: {}", http_status, message);
      break;
    case Kind::transport:
      text = message;
      break;
    case Kind::bad_response:
      text = fmt::format("unreadable answer: {}", message);
      break;
  }
  if (kind != Kind::transport && !url.empty()) {
    text += fmt::format(" from {}", url);
  }
  if (retry_after) {
    text += fmt::format(" (Retry-After {} s)", retry_after->count());
  }
  return redact(text);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') {
    value.remove_prefix(1);
  }
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
    return std::chrono::seconds(std::min<long long>(seconds, 24 * 3600));
  }
  if (const auto when = parse_rfc2822(value)) {
    const auto delta = *when - std::chrono::floor<std::chrono::seconds>(now);  // in seconds: no overflow
    return std::clamp(delta, std::chrono::seconds(0), std::chrono::seconds(24 * 3600));
  }
  return std::nullopt;
}

ApiError error_from_response(const http::Response& response, std::string_view method) {
  ApiError error;
  error.url = fmt::format("{} {}", method, http::display_url(response.url));
  error.http_status = response.status;
  if (response.error) {
    error.kind = ApiError::Kind::transport;
    error.transport = response.error->kind;
    error.message = response.error->message;
    return error;
  }
  if (const auto retry = response.header("Retry-After")) {
    error.retry_after = parse_retry_after(*retry, std::chrono::system_clock::now());
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status >= 200 && response.status < 300) {
    error.kind = ApiError::Kind::bad_response;
    error.message = body.is_discarded() ? fmt::format("not JSON: '{}'", excerpt(response.body))
                                        : std::string("JSON of an unexpected shape");
    return error;
  }
  if (body.is_object() && body.contains("code") && body["code"].is_number_integer()) {
    error.kind = ApiError::Kind::twilio;
    error.code = body["code"].get<int>();
    if (body.contains("message") && body["message"].is_string()) {
      error.message = redact(body["message"].get<std::string>());
    }
    if (body.contains("more_info") && body["more_info"].is_string()) {
      error.more_info = body["more_info"].get<std::string>();
    }
    return error;
  }
  error.kind = ApiError::Kind::http;
  const auto type = response.header("Content-Type").value_or("no content type");
  error.message = response.body.empty() ? std::string("empty body")
                                        : fmt::format("{} body '{}'", type, excerpt(response.body));
  return error;
}

}  // namespace formcheck::twilio
