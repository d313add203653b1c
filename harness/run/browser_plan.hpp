#pragma once
// Browser mode in the plan: the delivery, sender and passthrough suites submit through the
// page once per engine × device, each such case named "<case>[<engine> <device>]" and given a
// guest-view check (what the guest saw); the API-only cases give way to them.
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/config/problems.hpp"
#include "harness/results/suite.hpp"

namespace formcheck::run {

struct BrowserChoice {
  std::vector<std::string> engines;  // empty = API only
  std::vector<std::string> devices;  // empty = {"desktop"}
};

// The engines with "all" replaced by every engine installed here (duplicates dropped).
std::vector<std::string> resolve_all(const std::vector<std::string>& engines);

// --browser/--device win over the target's browser section, which wins over the top-level one.
BrowserChoice browser_choice(const config::Config& config, const config::TargetSettings& target,
                             const std::vector<std::string>& flag_engines, const std::vector<std::string>& flag_devices);

// Problems with the flags' engine and device names (the config's are checked when it loads);
// --device alone is fine when the config names engines.
config::Problems check_browser_flags(const std::vector<std::string>& engines, const std::vector<std::string>& devices,
                                     bool config_has_engines = false);

// Whether the config's browser sections (top level or any target's) name an engine.
bool config_has_engines(const config::Config& config);

// Replaces the suite's cases by one per engine × device (only for suites that submit the form).
void expand_for_browsers(results::Suite& suite, const BrowserChoice& choice);

// "contact-form[chromium Pixel 7]"
std::string browser_case_name(const std::string& name, const std::string& engine, const std::string& device);

// Whether any planned case submits through a browser.
bool uses_browser(const std::vector<results::Suite>& suites);

}  // namespace formcheck::run
