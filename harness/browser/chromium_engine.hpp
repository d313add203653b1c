#pragma once
// Chromium through Debian's chromedriver (classic WebDriver over HTTP). The driver starts
// through the supervisor in its own process group, so Chromium and its helpers (all in that
// group) end with formcheck even under kill -9. Phones are chromedriver's mobileEmulation
// devices ("Pixel 7", "iPhone 14 Pro Max", …).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/browser/engine.hpp"
#include "harness/browser/shutdown_latch.hpp"
#include "harness/browser/webdriver_client.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::browser {

struct ChromiumInstallation {
  std::filesystem::path chromium;
  std::filesystem::path chromedriver;
  std::string chromium_version;  // "156.0.8078.108"
  std::string driver_version;
};

// Finds chromium and chromedriver on PATH and checks that their major versions match. The
// error is one line naming the Debian packages to install.
Result<ChromiumInstallation> find_chromium();

// The major version of "Chromium 156.0.8078.108 built on …" / "ChromeDriver 156.0… (…)"; empty when none.
std::string major_version(const std::string& version_line);

struct ChromiumOptions {
  std::chrono::milliseconds start_timeout{20000};
  std::chrono::milliseconds page_load_timeout{30000};
  std::vector<std::string> extra_args;  // appended to Chromium's command line
  bool performance_log = false;         // keep chromedriver's "performance" log (every network request)
};

class ChromiumEngine final : public Engine {
 public:
  // Starts chromedriver and waits until it listens.
  static Result<std::unique_ptr<ChromiumEngine>> start(const ChromiumInstallation& installation,
                                                      ChromiumOptions options = {});
  ~ChromiumEngine() override;
  std::string name() const override { return "chromium"; }
  Result<std::unique_ptr<Session>> open(const Device& device) override;
  void shutdown() override;
  // What chromedriver printed (for errors: Chromium's own reasons land there).
  std::string driver_output() const;

 private:
  ChromiumEngine() = default;
  ChromiumOptions m_options;
  std::unique_ptr<process::ChildProcess> m_driver;
  std::unique_ptr<WebDriverClient> m_client;
  ShutdownLatch m_latch;
};

}  // namespace formcheck::browser
