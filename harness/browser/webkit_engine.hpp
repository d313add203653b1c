#pragma once
// WebKit (Safari's engine) through Debian's webkit2gtk-driver: WebKitWebDriver speaks classic
// W3C WebDriver (the client Chromium uses) and drives MiniBrowser, which needs an X display,
// so the engine runs a private Xvfb (or, without Xvfb, the X server in $DISPLAY). A driver
// serves one session, so each session has its own driver process, ended with the session.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/browser/shutdown_latch.hpp"
#include "harness/browser/xvfb_display.hpp"

namespace formcheck::browser {

struct WebKitInstallation {
  std::filesystem::path driver;       // WebKitWebDriver
  std::filesystem::path minibrowser;  // …/webkit2gtk-4.1/MiniBrowser
  std::filesystem::path xvfb;         // empty: use the X server in $DISPLAY
  std::string display;                // $DISPLAY when xvfb is empty
};

// Finds the driver, MiniBrowser and Xvfb (or an X server in $DISPLAY). The error is one line
// naming the Debian packages to install.
Result<WebKitInstallation> find_webkit();

struct WebKitOptions {
  std::chrono::milliseconds start_timeout{60000};  // a first, cold MiniBrowser start takes ~15 s
  std::chrono::milliseconds page_load_timeout{30000};
};

class WebKitEngine final : public Engine {
 public:
  static Result<std::unique_ptr<WebKitEngine>> start(const WebKitInstallation& installation, WebKitOptions options = {});
  ~WebKitEngine() override;
  std::string name() const override { return "webkit"; }
  Result<std::unique_ptr<Session>> open(const Device& device) override;
  void shutdown() override;

 private:
  WebKitEngine() = default;
  WebKitInstallation m_installation;
  WebKitOptions m_options;
  std::unique_ptr<XvfbDisplay> m_xvfb;
  std::string m_display;
  ShutdownLatch m_latch;
};

}  // namespace formcheck::browser
