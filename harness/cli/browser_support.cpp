#include "harness/cli/browser_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "harness/browser/engines.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/run/browser_plan.hpp"

namespace formcheck::cli {

void require_browsers(const run::Plan& plan) {
  std::set<std::string> engines;
  for (const auto& t : plan.targets) {
    for (const auto& s : t.suites) {
      for (const auto& c : s.cases) {
        if (c.in_browser()) {
          engines.insert(c.engine);
        }
      }
    }
  }
  for (const auto& engine : engines) {
    if (auto found = browser::check_installed(engine); !found) {
      throw CommandError(kUsageError, found.error() + "; nothing was sent");
    }
  }
}

void note_all_engines(const std::vector<std::string>& flag_engines, const config::Config& config) {
  bool asked = std::find(flag_engines.begin(), flag_engines.end(), "all") != flag_engines.end();
  auto in = [](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), "all") != v.end(); };
  if (flag_engines.empty()) {
    asked = in(config.browser.engines);
    for (const auto& t : config.targets) {
      asked = asked || (t.browser && in(t.browser->engines));
    }
  }
  if (!asked) {
    return;
  }
  const auto availability = browser::available_engines();
  if (availability.installed.empty()) {
    std::string why;
    for (const auto& m : availability.missing) {
      why += (why.empty() ? "" : "; ") + m;
    }
    throw CommandError(kUsageError, "--browser all: no browser engine is installed: " + why + "; nothing was sent");
  }
  std::string installed;
  for (const auto& e : availability.installed) {
    installed += (installed.empty() ? "" : ", ") + e;
  }
  fmt::print(stderr, "formcheck: --browser all runs {}\n", installed);
  for (const auto& m : availability.missing) {
    fmt::print(stderr, "formcheck: --browser all: not installed, skipped: {}\n", m);
  }
}

std::string demo_browser_note(bool not_asked) {
  if (not_asked) {
    return "browser mode: skipped (--no-browser)";
  }
  std::string missing;
  for (const auto& m : browser::available_engines().missing) {
    missing += (missing.empty() ? "" : "; ") + m;
  }
  return "browser mode: skipped, no browser engine is installed (" + missing +
         "); the API route is still checked on every target";
}

std::filesystem::path screenshot_dir(const std::string& junit, const std::string& json) {
  const std::string& report = !junit.empty() ? junit : json;
  const auto parent = std::filesystem::path(report).parent_path();
  return (parent.empty() ? std::filesystem::path(".") : parent) / "screenshots";
}

}  // namespace formcheck::cli
