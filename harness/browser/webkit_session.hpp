#pragma once
// A WebKit session: classic WebDriver commands through WebDriverSession, except typing.
// WebKit's Element Send Keys silently drops characters outside the BMP (emoji) and newlines,
// so text is typed as one key action per code point (a newline as the Enter key). The session
// owns its driver process and ends it when it closes.
#include <memory>
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/browser/webdriver_client.hpp"
#include "harness/browser/webdriver_session.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::browser {

class WebKitSession final : public Session {
 public:
  WebKitSession(std::unique_ptr<process::ChildProcess> driver, std::unique_ptr<WebDriverClient> client,
                const std::string& session_id, Device device, std::string emulation);
  ~WebKitSession() override;
  std::string engine() const override { return "webkit"; }
  const Device& device() const override { return m_inner->device(); }
  Result<Nothing> navigate(const std::string& url) override { return m_inner->navigate(url); }
  Result<std::vector<Element>> find_all(const std::string& css) override { return m_inner->find_all(css); }
  Result<Nothing> type(const Element& element, const std::string& text) override;
  Result<Nothing> click(const Element& element) override { return m_inner->click(element); }
  Result<nlohmann::json> execute(const std::string& script, const nlohmann::json& args) override {
    return m_inner->execute(script, args);
  }
  nlohmann::json element_argument(const Element& element) const override { return m_inner->element_argument(element); }
  std::optional<Element> element_result(const nlohmann::json& value) const override {
    return m_inner->element_result(value);
  }
  Result<std::string> screenshot_png() override { return m_inner->screenshot_png(); }
  // WebKitWebDriver has no log endpoint: the page's own error listener reports uncaught errors.
  Result<std::vector<std::string>> console_errors() override { return std::vector<std::string>{}; }
  void close() override;
  std::string emulation() const override { return m_emulation; }
  // Sets the window's outer size (the page gets a little less: MiniBrowser's toolbar).
  Result<Nothing> resize(int width, int height);

 private:
  std::unique_ptr<process::ChildProcess> m_driver;
  std::unique_ptr<WebDriverClient> m_client;
  std::unique_ptr<WebDriverSession> m_inner;
  std::string m_id;
  std::string m_emulation;
  bool m_closed = false;
};

}  // namespace formcheck::browser
