#pragma once
// Firefox through WebDriver BiDi, which firefox-esr has built in (Debian ships no geckodriver):
// each session is a fresh headless Firefox with a fresh profile, driven over a WebSocket. A
// viewport override outlives session.end, so browsers are never shared between sessions.
// Firefox runs under a small shell that removes the profile when Firefox ends, so the profile
// goes even when formcheck is killed (the supervisor ends the group with SIGTERM first).
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/browser/shutdown_latch.hpp"

namespace formcheck::browser {

struct FirefoxInstallation {
  std::filesystem::path firefox;
  std::string version;  // "Mozilla Firefox 153.8.0esr"
};

// Finds firefox-esr (or firefox) on PATH; the error names the Debian package.
Result<FirefoxInstallation> find_firefox();

struct FirefoxOptions {
  std::chrono::milliseconds start_timeout{60000};
  std::chrono::milliseconds page_load_timeout{30000};
};

class FirefoxEngine final : public Engine {
 public:
  static Result<std::unique_ptr<FirefoxEngine>> start(const FirefoxInstallation& installation,
                                                      FirefoxOptions options = {});
  ~FirefoxEngine() override = default;
  std::string name() const override { return "firefox"; }
  Result<std::unique_ptr<Session>> open(const Device& device) override;
  void shutdown() override;

 private:
  FirefoxEngine() = default;
  FirefoxInstallation m_installation;
  FirefoxOptions m_options;
  ShutdownLatch m_latch;
};

}  // namespace formcheck::browser
