#include "harness/browser/webkit_session.hpp"

#include <fmt/format.h>

#include "harness/browser/key_actions.hpp"

namespace formcheck::browser {

WebKitSession::WebKitSession(std::unique_ptr<process::ChildProcess> driver, std::unique_ptr<WebDriverClient> client,
                             const std::string& session_id, Device device, std::string emulation)
    : m_driver(std::move(driver)),
      m_client(std::move(client)),
      m_inner(std::make_unique<WebDriverSession>(*m_client, session_id, "webkit", std::move(device))),
      m_id(session_id),
      m_emulation(std::move(emulation)) {}

WebKitSession::~WebKitSession() { close(); }

Result<Nothing> WebKitSession::type(const Element& element, const std::string& text) {
  if (auto cleared = m_client->call(http::Method::post, "/session/" + m_id + "/element/" + element.id + "/clear",
                                    nlohmann::json::object());
      !cleared) {
    return unexpected(cleared.error());
  }
  if (text.empty()) {
    return Nothing{};
  }
  // Focus with the caret at the end, then type: keys go to the focused element.
  if (auto focused = m_inner->execute("arguments[0].focus();", nlohmann::json::array({element_argument(element)}));
      !focused) {
    return unexpected(focused.error());
  }
  const nlohmann::json body = {
      {"actions", nlohmann::json::array({{{"type", "key"}, {"id", "keyboard"}, {"actions", key_actions_for(text)}}})}};
  auto typed = m_client->call(http::Method::post, "/session/" + m_id + "/actions", body, std::chrono::seconds(60));
  (void)m_client->call(http::Method::del, "/session/" + m_id + "/actions", nullptr, std::chrono::seconds(10));
  if (!typed) {
    return unexpected(typed.error());
  }
  return Nothing{};
}

Result<Nothing> WebKitSession::resize(int width, int height) {
  auto answer = m_client->call(http::Method::post, "/session/" + m_id + "/window/rect",
                               {{"width", width}, {"height", height}});
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

void WebKitSession::close() {
  if (m_closed) {
    return;
  }
  m_closed = true;
  m_inner->close();
  if (m_driver) {
    m_driver->stop(std::chrono::seconds(3));
  }
}

}  // namespace formcheck::browser
