#include "harness/cli/browser_support.hpp"

#include "harness/browser/chromium_engine.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/run/browser_plan.hpp"

namespace formcheck::cli {

void require_browsers(const run::Plan& plan) {
  for (const auto& t : plan.targets) {
    if (run::uses_browser(t.suites)) {
      if (auto found = browser::find_chromium(); !found) {
        throw CommandError(kUsageError, found.error() + "; nothing was sent");
      }
      return;
    }
  }
}

std::filesystem::path screenshot_dir(const std::string& junit, const std::string& json) {
  const std::string& report = !junit.empty() ? junit : json;
  const auto parent = std::filesystem::path(report).parent_path();
  return (parent.empty() ? std::filesystem::path(".") : parent) / "screenshots";
}

}  // namespace formcheck::cli
