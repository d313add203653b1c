#pragma once
// Browser mode's configuration: the `browser` section (top level and per target) and the
// form's page keys (page, selectors, submit, success_text, error_selector).
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/config/section_reader.hpp"

namespace formcheck::config {

// The engines browser mode knows.
const std::vector<std::string>& browser_engines();
// The phone and tablet names Chromium emulates (chromedriver's built-in list), plus "desktop".
const std::vector<std::string>& browser_devices();

// One problem text when `name` is not a known device ("" when it is).
std::string unknown_device(const std::string& name);
std::string unknown_engine(const std::string& name);

BrowserSettings read_browser(SectionReader& r);
void read_form_page(SectionReader& r, FormSettings& form);

}  // namespace formcheck::config
