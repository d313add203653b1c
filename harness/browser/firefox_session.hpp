#pragma once
// A Session over WebDriver BiDi (Firefox): scripts through script.callFunction, elements as
// shared ids, typing and clicking through input.performActions (one key per code point),
// console errors from log.entryAdded events. The session owns its Firefox process and profile.
#include <filesystem>
#include <memory>
#include <string>

#include "harness/browser/bidi_client.hpp"
#include "harness/browser/engine.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::browser {

// BiDi's LocalValue for a JSON value (elements, written as WebDriver element references,
// become shared references) and the JSON for a RemoteValue (nodes become element references).
nlohmann::json to_local_value(const nlohmann::json& value);
nlohmann::json from_remote_value(const nlohmann::json& value);

class FirefoxSession final : public Session {
 public:
  FirefoxSession(std::unique_ptr<process::ChildProcess> firefox, std::filesystem::path profile,
                 std::unique_ptr<BiDiClient> client, std::string context, Device device,
                 std::chrono::milliseconds page_load_timeout);
  ~FirefoxSession() override;
  std::string engine() const override { return "firefox"; }
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
  std::string emulation() const override { return m_emulation; }
  // Phone emulation: viewport and pixel ratio, and the user agent where Firefox allows it.
  Result<Nothing> emulate(int width, int height, double pixel_ratio, const std::string& user_agent,
                          const std::string& device_name);

 private:
  Result<nlohmann::json> call_function(const std::string& declaration, const nlohmann::json& args);
  Result<Nothing> perform(const nlohmann::json& sources);
  std::unique_ptr<process::ChildProcess> m_firefox;
  std::filesystem::path m_profile;
  std::unique_ptr<BiDiClient> m_client;
  std::string m_context;
  Device m_device;
  std::chrono::milliseconds m_page_load_timeout;
  std::string m_emulation;
  bool m_closed = false;
};

}  // namespace formcheck::browser
