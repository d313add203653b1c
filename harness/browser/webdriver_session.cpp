#include "harness/browser/webdriver_session.hpp"

#include <fmt/format.h>

#include "harness/browser/base64_decode.hpp"

namespace formcheck::browser {

WebDriverSession::WebDriverSession(const WebDriverClient& client, std::string session_id, std::string engine,
                                   Device device)
    : m_client(client), m_id(std::move(session_id)), m_engine(std::move(engine)), m_device(std::move(device)) {}

WebDriverSession::~WebDriverSession() { close(); }

Result<nlohmann::json> WebDriverSession::call(http::Method method, const std::string& path, const nlohmann::json& body,
                                              std::chrono::milliseconds timeout) {
  if (m_closed) {
    return unexpected(std::string("the browser session is closed"));
  }
  return m_client.call(method, "/session/" + m_id + path, body, timeout);
}

Result<Nothing> WebDriverSession::navigate(const std::string& url) {
  // The driver enforces its page-load timeout; the transfer gets a little more.
  auto answer = call(http::Method::post, "/url", {{"url", url}}, std::chrono::seconds(40));
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

Result<std::vector<Element>> WebDriverSession::find_all(const std::string& css) {
  auto answer = call(http::Method::post, "/elements", {{"using", "css selector"}, {"value", css}});
  if (!answer) {
    return unexpected(answer.error());
  }
  std::vector<Element> elements;
  if (answer->is_array()) {
    for (const auto& e : *answer) {
      if (e.is_object() && e.contains(kElementKey)) {
        elements.push_back({e.at(kElementKey).get<std::string>()});
      }
    }
  }
  return elements;
}

Result<Nothing> WebDriverSession::type(const Element& element, const std::string& text) {
  if (auto cleared = call(http::Method::post, "/element/" + element.id + "/clear", nlohmann::json::object());
      !cleared) {
    return unexpected(cleared.error());
  }
  if (text.empty()) {
    return Nothing{};
  }
  auto answer = call(http::Method::post, "/element/" + element.id + "/value", {{"text", text}});
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

Result<Nothing> WebDriverSession::click(const Element& element) {
  auto answer = call(http::Method::post, "/element/" + element.id + "/click", nlohmann::json::object());
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

Result<nlohmann::json> WebDriverSession::execute(const std::string& script, const nlohmann::json& args) {
  return call(http::Method::post, "/execute/sync", {{"script", script}, {"args", args}});
}

nlohmann::json WebDriverSession::element_argument(const Element& element) const {
  return {{kElementKey, element.id}};
}

std::optional<Element> WebDriverSession::element_result(const nlohmann::json& value) const {
  if (value.is_object() && value.contains(kElementKey) && value.at(kElementKey).is_string()) {
    return Element{value.at(kElementKey).get<std::string>()};
  }
  return std::nullopt;
}

Result<std::string> WebDriverSession::screenshot_png() {
  auto answer = call(http::Method::get, "/screenshot");
  if (!answer) {
    return unexpected(answer.error());
  }
  if (!answer->is_string()) {
    return unexpected(std::string("the screenshot answer is not Base64 text"));
  }
  auto png = base64_decode(answer->get<std::string>());
  if (!png) {
    return unexpected(std::string("the screenshot is not valid Base64"));
  }
  return *png;
}

Result<std::vector<std::string>> WebDriverSession::console_errors() {
  auto answer = call(http::Method::post, "/se/log", {{"type", "browser"}});
  if (!answer) {
    return unexpected(answer.error());
  }
  std::vector<std::string> errors;
  if (answer->is_array()) {
    for (const auto& entry : *answer) {
      if (entry.is_object() && entry.value("level", "") == "SEVERE") {
        errors.push_back(entry.value("message", ""));
      }
    }
  }
  return errors;
}

void WebDriverSession::close() {
  if (m_closed) {
    return;
  }
  (void)call(http::Method::del, "", nullptr, std::chrono::seconds(10));
  m_closed = true;
}

}  // namespace formcheck::browser
