#pragma once
// Browser-mode end-to-end tests: the run fixture (emulator, contact site, the formcheck
// binary) plus Debian's chromium and chromedriver. A machine without those packages skips
// these tests, saying so; one with them runs every test.
#include "harness/browser/chromium_engine.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::browser_e2e {

using namespace run_e2e;

// Skips the test (visibly) when chromium/chromedriver are not installed.
#define FORMCHECK_REQUIRE_CHROMIUM()                                                              \
  do {                                                                                            \
    if (auto found = ::formcheck::browser::find_chromium(); !found) {                             \
      GTEST_SKIP() << "skipped: Chromium is not usable here (" << found.error() << ")";           \
    }                                                                                             \
  } while (false)

class BrowserFixture : public RunFixture {
 protected:
  // A config whose one target is `site`, submitting through its page: the delivery suite only
  // (cheapest: each device costs one page submission), success text of the reference page.
  json browser_config(const StandIn& site, const std::vector<std::string>& suites = {"delivery"}) const {
    auto config = base_config();
    config["form"]["success_text"] = "Thank you";
    config["suites"] = suites;
    config["targets"]["local"] = remote_target(site);
    return config;
  }
};

}  // namespace formcheck::testing::browser_e2e
