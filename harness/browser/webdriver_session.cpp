#include "harness/browser/webdriver_session.hpp"

#include <fmt/format.h>

#include "harness/browser/base64_decode.hpp"
#include "harness/browser/text_input.hpp"

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
  auto typed = send_keys(element, text);
  if (typed || !first_beyond_bmp(text)) {
    return typed;
  }
  // chromedriver before 156 refuses characters beyond the BMP in Send Keys (text_input.hpp).
  return type_around_bmp(element, text, typed.error());
}

Result<Nothing> WebDriverSession::send_keys(const Element& element, const std::string& text) {
  auto answer = call(http::Method::post, "/element/" + element.id + "/value", {{"text", text}});
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

// The text again from an empty field: runs inside the BMP as keys, the characters beyond it
// inserted as an input method inserts them.
Result<Nothing> WebDriverSession::type_around_bmp(const Element& element, const std::string& text,
                                                  const std::string& refusal) {
  if (auto cleared = call(http::Method::post, "/element/" + element.id + "/clear", nlohmann::json::object());
      !cleared) {
    return unexpected(cleared.error());
  }
  for (const auto& run : bmp_runs(text)) {
    if (!run.beyond_bmp) {
      if (auto typed = send_keys(element, run.text); !typed) {
        return unexpected(typed.error());
      }
      continue;
    }
    auto inserted = execute(kInsertTextScript, nlohmann::json::array({element_argument(element), run.text}));
    if (!inserted) {
      return unexpected(fmt::format("{}; inserting {} as an input method does failed too: {}", refusal,
                                    describe_code_point(run.text, *first_beyond_bmp(run.text)), inserted.error()));
    }
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
