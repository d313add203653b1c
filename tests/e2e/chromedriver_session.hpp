#pragma once
// A headless Chromium for tests that look at a page the way a person would: what is in the
// DOM, what the console said, what the browser fetched, and a screenshot. A thin layer over
// browser mode's own ChromiumEngine and WebDriverSession. Networking is blocked: every request
// goes to a proxy on a closed loopback port, loopback included, so a page that tried to fetch
// anything would show it as an error and in the performance log.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/browser/chromium_engine.hpp"
#include "harness/browser/webdriver_session.hpp"

namespace formcheck::testing {

class ChromeSession {
 public:
  // Starts chromedriver and one session; fails the test (nullptr) when either cannot start.
  static std::unique_ptr<ChromeSession> start() {
    const auto installation = browser::find_chromium();
    if (!installation) {
      ADD_FAILURE() << installation.error();
      return nullptr;
    }
    browser::ChromiumOptions options;
    options.extra_args = {"--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"};
    options.performance_log = true;
    auto engine = browser::ChromiumEngine::start(*installation, options);
    if (!engine) {
      ADD_FAILURE() << engine.error();
      return nullptr;
    }
    auto opened = (*engine)->open(browser::Device{});
    if (!opened) {
      ADD_FAILURE() << opened.error() << "\n" << (*engine)->driver_output();
      return nullptr;
    }
    auto chrome = std::unique_ptr<ChromeSession>(new ChromeSession());
    chrome->m_engine = std::move(*engine);
    chrome->m_session.reset(dynamic_cast<browser::WebDriverSession*>(opened->release()));
    return chrome;
  }

  ~ChromeSession() {
    m_session.reset();
    m_engine->shutdown();  // chromedriver's process group: every Chromium process with it
  }
  ChromeSession(const ChromeSession&) = delete;
  ChromeSession& operator=(const ChromeSession&) = delete;

  // Loads `file` (blocks until the load event).
  bool open(const std::filesystem::path& file) {
    return m_session->navigate("file://" + std::filesystem::absolute(file).string()).has_value();
  }

  // Runs `script` (a function body; `return` its result) in the page.
  nlohmann::json run(const std::string& script) {
    auto answer = m_session->execute(script, nlohmann::json::array());
    return answer ? *answer : nlohmann::json();
  }

  // The "browser" (console) or "performance" log since the last read (reading empties it).
  nlohmann::json log(const std::string& type) {
    auto answer = m_session->call(http::Method::post, "/se/log", {{"type", type}});
    return answer ? *answer : nlohmann::json::array();
  }

  // The viewport as PNG bytes (empty on failure).
  std::string screenshot_png() {
    auto png = m_session->screenshot_png();
    return png ? *png : std::string();
  }

  // Resizes the window so the whole page fits (for a full-page screenshot).
  void fit_window_to_page() {
    const auto height = run("return document.documentElement.scrollHeight;");
    const int h = height.is_number() ? std::min(height.get<int>() + 40, 8000) : 900;
    (void)m_session->call(http::Method::post, "/window/rect", {{"width", 1280}, {"height", h}});
  }

 private:
  ChromeSession() = default;
  std::unique_ptr<browser::ChromiumEngine> m_engine;
  std::unique_ptr<browser::WebDriverSession> m_session;
};

}  // namespace formcheck::testing
