#pragma once
// A Session over classic W3C WebDriver: any driver that speaks it (chromedriver today,
// WebKitWebDriver later) gives the same commands. Console errors use the driver's log
// endpoint where it has one (chromedriver's /se/log).
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/browser/webdriver_client.hpp"

namespace formcheck::browser {

class WebDriverSession final : public Session {
 public:
  // `client` must outlive the session.
  WebDriverSession(const WebDriverClient& client, std::string session_id, std::string engine, Device device);
  ~WebDriverSession() override;
  std::string engine() const override { return m_engine; }
  const Device& device() const override { return m_device; }
  Result<Nothing> navigate(const std::string& url) override;
  Result<std::vector<Element>> find_all(const std::string& css) override;
  Result<Nothing> type(const Element& element, const std::string& text) override;
  Result<Nothing> click(const Element& element) override;
  Result<nlohmann::json> execute(const std::string& script, const nlohmann::json& args) override;
  nlohmann::json element_argument(const Element& element) const override;
  std::optional<Element> element_result(const nlohmann::json& value) const override;
  Result<std::string> screenshot_png() override;
  Result<std::vector<std::string>> console_errors() override;
  void close() override;
  // Any command of this session, for what Session does not cover (`path` follows
  // /session/ID, e.g. "/se/log" or "/window/rect"). Returns the answer's "value".
  Result<nlohmann::json> call(http::Method method, const std::string& path, const nlohmann::json& body = nullptr,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  Result<Nothing> send_keys(const Element& element, const std::string& text);
  Result<Nothing> type_around_bmp(const Element& element, const std::string& text, const std::string& refusal);

  const WebDriverClient& m_client;
  std::string m_id;
  std::string m_engine;
  Device m_device;
  bool m_closed = false;
};

}  // namespace formcheck::browser
