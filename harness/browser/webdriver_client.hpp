#pragma once
// Classic W3C WebDriver over HTTP (JSON in, JSON out) with the project's libcurl: one call per
// command, errors as text ("no such element: …", or the transport error). The driver listens
// on 127.0.0.1, so a proxy from the environment is never used for it.
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/browser/engine.hpp"
#include "harness/http/http.hpp"

namespace formcheck::browser {

class WebDriverClient {
 public:
  explicit WebDriverClient(std::string base_url) : m_base(std::move(base_url)) {}
  // `path` starts with '/'; `body` is sent as JSON for POST. Returns the answer's "value".
  Result<nlohmann::json> call(http::Method method, const std::string& path, const nlohmann::json& body = nullptr,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
  const std::string& base_url() const { return m_base; }

 private:
  std::string m_base;
};

// The W3C key of an element reference in WebDriver JSON.
inline constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

}  // namespace formcheck::browser
