#pragma once
// A private X display for the engines that cannot run headless (WebKit's MiniBrowser): Xvfb
// picks a free display number itself (-displayfd) and runs supervised in its own process group,
// so it ends with formcheck even under kill -9 (on SIGTERM it removes its lock and socket).
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::browser {

class XvfbDisplay {
 public:
  static Result<std::unique_ptr<XvfbDisplay>> start(const std::filesystem::path& xvfb,
                                                    std::chrono::milliseconds timeout = std::chrono::seconds(15));
  ~XvfbDisplay();
  XvfbDisplay(const XvfbDisplay&) = delete;
  XvfbDisplay& operator=(const XvfbDisplay&) = delete;
  // ":N", for DISPLAY.
  const std::string& display() const { return m_display; }
  void stop();

 private:
  XvfbDisplay() = default;
  std::unique_ptr<process::ChildProcess> m_process;
  std::string m_display;
};

}  // namespace formcheck::browser
