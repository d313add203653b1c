#pragma once
// A headless Chromium driven over classic W3C WebDriver (chromedriver, plain HTTP + JSON), for
// tests that look at a page the way a person would: what is in the DOM, what the console
// said, what the browser fetched, and a screenshot. Networking is blocked: every request goes
// to a proxy on a closed loopback port, loopback included, so a page that tried to fetch
// anything would show it as an error and in the performance log.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/browser/base64_decode.hpp"
#include "harness/http/http.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::testing {

inline constexpr const char* kChromedriver = "/usr/bin/chromedriver";
inline constexpr const char* kChromium = "/usr/bin/chromium";

class ChromeSession {
 public:
  // Starts chromedriver and one session; fails the test (nullptr) when either cannot start.
  static std::unique_ptr<ChromeSession> start() {
    auto session = std::unique_ptr<ChromeSession>(new ChromeSession());
    process::LaunchSpec spec;
    spec.executable = kChromedriver;
    spec.args = {"--port=0"};
    auto driver = process::ChildProcess::start(spec);
    if (!driver) {
      ADD_FAILURE() << "cannot start " << kChromedriver << ": " << driver.error()
                    << " (install the Debian packages chromium and chromium-driver)";
      return nullptr;
    }
    session->m_driver = std::move(driver.value());
    const std::string marker = "was started successfully on port ";
    const auto line = session->m_driver->wait_for_line(
        [&](const process::OutputLine& l) { return l.text.find(marker) != std::string::npos; }, std::chrono::seconds(20));
    if (!line) {
      ADD_FAILURE() << "chromedriver did not start:\n" << session->m_driver->output_text();
      return nullptr;
    }
    const auto port = std::stoi(line->substr(line->find(marker) + marker.size()));
    session->m_base = "http://127.0.0.1:" + std::to_string(port);
    const nlohmann::json capabilities = {
        {"capabilities",
         {{"alwaysMatch",
           {{"browserName", "chrome"},
            {"goog:chromeOptions",
             {{"binary", kChromium},
              {"args",
               {"--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"}}}},
            {"goog:loggingPrefs", {{"browser", "ALL"}, {"performance", "ALL"}}}}}}}};
    const auto created = session->call(http::Method::post, "/session", capabilities, std::chrono::seconds(60));
    if (!created.contains("value") || !created["value"].contains("sessionId")) {
      ADD_FAILURE() << "chromedriver could not start Chromium: " << created.dump().substr(0, 2000);
      return nullptr;
    }
    session->m_session = "/session/" + created["value"]["sessionId"].get<std::string>();
    return session;
  }

  ~ChromeSession() {
    if (!m_session.empty()) {
      call(http::Method::del, m_session, nullptr, std::chrono::seconds(10));
    }
    if (m_driver) {
      call(http::Method::get, "/shutdown", nullptr, std::chrono::seconds(5));
      m_driver->stop();  // the whole process group: chromedriver and every Chromium process
    }
  }
  ChromeSession(const ChromeSession&) = delete;
  ChromeSession& operator=(const ChromeSession&) = delete;

  // Loads `file` (blocks until the load event).
  bool open(const std::filesystem::path& file) {
    const auto answer =
        call(http::Method::post, m_session + "/url", {{"url", "file://" + std::filesystem::absolute(file).string()}});
    return answer.contains("value") && answer["value"].is_null();
  }

  // Runs `script` (a function body; `return` its result) in the page.
  nlohmann::json run(const std::string& script) {
    const auto answer =
        call(http::Method::post, m_session + "/execute/sync", {{"script", script}, {"args", nlohmann::json::array()}});
    return answer.value("value", nlohmann::json());
  }

  // The "browser" (console) or "performance" log since the last read (reading empties it).
  nlohmann::json log(const std::string& type) {
    return call(http::Method::post, m_session + "/se/log", {{"type", type}}).value("value", nlohmann::json::array());
  }

  // The viewport as PNG bytes (empty on failure).
  std::string screenshot_png() {
    const auto answer = call(http::Method::get, m_session + "/screenshot", nullptr);
    return answer.contains("value") && answer["value"].is_string()
               ? browser::base64_decode(answer["value"].get<std::string>()).value_or(std::string())
               : std::string();
  }

  // Resizes the window so the whole page fits (for a full-page screenshot).
  void fit_window_to_page() {
    const auto height = run("return document.documentElement.scrollHeight;");
    const int h = height.is_number() ? std::min(height.get<int>() + 40, 8000) : 900;
    call(http::Method::post, m_session + "/window/rect", {{"width", 1280}, {"height", h}});
  }

 private:
  ChromeSession() = default;

  nlohmann::json call(http::Method method, const std::string& path, const nlohmann::json& body,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    http::Request request;
    request.method = method;
    request.url = m_base + path;
    request.timeout = timeout;
    if (!body.is_null()) {
      http::set_json_body(request, body);
    }
    const auto response = http::perform(request);
    auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json::object() : parsed;
  }

  std::unique_ptr<process::ChildProcess> m_driver;
  std::string m_base;
  std::string m_session;
};

}  // namespace formcheck::testing
