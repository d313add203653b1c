#include "harness/checks/acceptance.hpp"

#include "harness/util/ascii_case.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace formcheck::checks {
namespace {

// The body's first characters past whitespace, lower-cased: enough to recognise a page.
std::string head_of(const std::string& body) {
  const auto start = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return start == std::string::npos ? std::string() : ascii_lower(std::string_view(body).substr(start, 64));
}

bool looks_like_html(const http::Response& response) {
  const auto type = ascii_lower(response.header("Content-Type").value_or(""));
  if (type.find("text/html") != std::string::npos || type.find("application/xhtml") != std::string::npos) {
    return true;
  }
  const auto head = head_of(response.body);
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

// A member that says "this failed": false flags, or an error that is set.
std::optional<std::string> json_refusal(const nlohmann::json& body) {
  for (const char* flag : {"success", "ok"}) {
    if (body.contains(flag) && body[flag].is_boolean() && !body[flag].get<bool>()) {
      return fmt::format("\"{}\": false", flag);
    }
  }
  if (body.contains("error")) {
    const auto& error = body["error"];
    const bool unset = error.is_null() || (error.is_boolean() && !error.get<bool>()) ||
                       (error.is_string() && error.get<std::string>().empty()) ||
                       ((error.is_object() || error.is_array()) && error.empty());
    if (!unset) {
      return fmt::format("\"error\": {}", error.is_string() ? error.get<std::string>() : error.dump());
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> body_refusal(const http::Response& response, bool json_expected) {
  if (response.body.empty()) {
    return std::nullopt;
  }
  const auto head = head_of(response.body);
  if (!head.empty() && head.front() == '{') {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object()) {
      if (auto why = json_refusal(body)) {
        return fmt::format("its body says the submission failed ({})", *why);
      }
      return std::nullopt;
    }
  }
  if (json_expected && looks_like_html(response)) {
    return std::string("it answered an HTML page where JSON was asked for (an error page served with a 2xx)");
  }
  return std::nullopt;
}

}  // namespace formcheck::checks
