#include "harness/browser/webdriver_client.hpp"

#include <fmt/format.h>

namespace formcheck::browser {

Result<nlohmann::json> WebDriverClient::call(http::Method method, const std::string& path, const nlohmann::json& body,
                                             std::chrono::milliseconds timeout) const {
  http::Request request;
  request.method = method;
  request.url = m_base + path;
  request.timeout = timeout;
  request.connect_timeout = std::chrono::seconds(5);
  request.bypass_proxy = true;
  if (method == http::Method::post) {
    http::set_json_body(request, body.is_null() ? nlohmann::json::object() : body);
  }
  const auto response = http::perform(request);
  if (response.error) {
    return unexpected(fmt::format("WebDriver {} {}: {}", http::to_string(method), path, response.error->message));
  }
  const auto answer = nlohmann::json::parse(response.body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) {
    return unexpected(fmt::format("WebDriver {} {}: HTTP {} with a body that is not JSON", http::to_string(method),
                                  path, response.status));
  }
  const auto value = answer.value("value", nlohmann::json());
  if (response.status != 200) {
    std::string error = "error";
    std::string message;
    if (value.is_object()) {
      error = value.value("error", error);
      message = value.value("message", "");
    }
    // chromedriver's messages carry a long stack trace after the first line.
    if (const auto eol = message.find('\n'); eol != std::string::npos) {
      message.resize(eol);
    }
    // chromedriver's message often starts with the error's own name ("unknown error: …").
    if (message.rfind(error + ":", 0) == 0) {
      return unexpected(message);
    }
    return unexpected(fmt::format("{}: {}", error, message));
  }
  return value;
}

}  // namespace formcheck::browser
