#include "harness/run/browser_plan.hpp"

#include <algorithm>

#include "harness/browser/engines.hpp"
#include "harness/config/browser_section.hpp"

namespace formcheck::run {

std::vector<std::string> resolve_all(const std::vector<std::string>& engines) {
  std::vector<std::string> out;
  auto add = [&](const std::string& e) {
    if (std::find(out.begin(), out.end(), e) == out.end()) {
      out.push_back(e);
    }
  };
  for (const auto& e : engines) {
    if (e == "all") {
      for (const auto& installed : browser::available_engines().installed) {
        add(installed);
      }
    } else {
      add(e);
    }
  }
  return out;
}

BrowserChoice browser_choice(const config::Config& config, const config::TargetSettings& target,
                             const std::vector<std::string>& flag_engines, const std::vector<std::string>& flag_devices) {
  const auto& section = target.browser ? *target.browser : config.browser;
  BrowserChoice choice;
  choice.engines = !flag_engines.empty() ? flag_engines : section.engines;
  choice.devices = !flag_devices.empty() ? flag_devices : section.devices;
  if (choice.devices.empty()) {
    choice.devices = {"desktop"};
  }
  choice.engines = resolve_all(choice.engines);
  return choice;
}

bool config_has_engines(const config::Config& config) {
  if (!config.browser.engines.empty()) {
    return true;
  }
  for (const auto& t : config.targets) {
    if (t.browser && !t.browser->engines.empty()) {
      return true;
    }
  }
  return false;
}

config::Problems check_browser_flags(const std::vector<std::string>& engines, const std::vector<std::string>& devices,
                                     bool config_has) {
  config::Problems problems;
  for (const auto& e : engines) {
    if (const auto why = config::unknown_engine(e); !why.empty()) {
      problems.push_back({"--browser", e, why, "e.g. --browser chromium"});
    }
  }
  for (const auto& d : devices) {
    if (const auto why = config::unknown_device(d); !why.empty()) {
      problems.push_back({"--device", d, why, "e.g. --device desktop --device \"Pixel 7\""});
    }
  }
  if (engines.empty() && !devices.empty() && !config_has) {
    problems.push_back({"--device", devices.front(), "needs --browser (or browser.engines in the config)",
                        "add --browser chromium"});
  }
  return problems;
}

std::string browser_case_name(const std::string& name, const std::string& engine, const std::string& device) {
  return name + "[" + engine + " " + device + "]";
}

void expand_for_browsers(results::Suite& suite, const BrowserChoice& choice) {
  const bool submits = suite.kind == results::SuiteKind::delivery || suite.kind == results::SuiteKind::sender ||
                       suite.kind == results::SuiteKind::passthrough;
  if (!submits || choice.engines.empty()) {
    return;
  }
  std::vector<results::Payload> expanded;
  for (const auto& engine : choice.engines) {
    for (const auto& device : choice.devices) {
      for (const auto& c : suite.cases) {
        results::Payload p = c;
        p.name = browser_case_name(c.name, engine, device);
        p.engine = engine;
        p.device = device;
        expanded.push_back(std::move(p));
      }
    }
  }
  suite.cases = std::move(expanded);
}

bool uses_browser(const std::vector<results::Suite>& suites) {
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      if (c.in_browser()) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace formcheck::run
