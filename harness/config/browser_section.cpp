#include "harness/config/browser_section.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::config {

const std::vector<std::string>& browser_engines() {
  static const std::vector<std::string> engines{"chromium", "webkit", "firefox", "all"};
  return engines;
}

const std::vector<std::string>& browser_devices() {
  // chromedriver 156's mobileEmulation device names (its built-in list); an older or newer
  // chromedriver may know fewer or more, and says so when a session starts.
  static const std::vector<std::string> devices{
      "desktop", "iPhone SE", "iPhone XR", "iPhone 12 Pro", "iPhone 14", "iPhone 14 Plus", "iPhone 14 Pro",
      "iPhone 14 Pro Max", "iPhone 15", "iPhone 15 Plus", "iPhone 15 Pro", "iPhone 15 Pro Max", "iPhone 16e",
      "iPhone 16", "iPhone 16 Plus", "iPhone 16 Pro", "iPhone 16 Pro Max", "Pixel 7", "Pixel 8", "Pixel 8 Pro",
      "Pixel 8a", "Pixel 9", "Pixel 9 Pro", "Pixel 9 Pro XL", "Pixel 10", "Samsung Galaxy S8+",
      "Samsung Galaxy S20 Ultra", "Surface Pro 7", "iPad Mini", "iPad Pro 13", "Surface Pro 10", "Surface Duo",
      "Samsung Galaxy A55", "Pixel 9 Pro Fold", "Galaxy Z Fold 6", "Galaxy Z Fold 5", "Asus Zenbook Fold",
      "Samsung Galaxy A51/71", "Samsung Galaxy A51", "Samsung Galaxy 71", "Nest Hub Max", "Galaxy Tab S4",
      "JioPhone 2", "Laptop with touch", "Laptop with HiDPI screen", "Laptop with MDPI screen", "Moto G4",
      "Moto G Power", "Facebook on Android"};
  return devices;
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    out += (out.empty() ? "\"" : ", \"") + n + "\"";
  }
  return out;
}

}  // namespace

std::string unknown_device(const std::string& name) {
  const auto& devices = browser_devices();
  if (std::find(devices.begin(), devices.end(), name) != devices.end()) {
    return {};
  }
  return fmt::format("'{}' is not a device Chromium emulates; use one of: {}", name, joined(devices));
}

std::string unknown_engine(const std::string& name) {
  const auto& engines = browser_engines();
  if (std::find(engines.begin(), engines.end(), name) != engines.end()) {
    return {};
  }
  return fmt::format("'{}' is not a browser engine formcheck drives; use one of: {}", name, joined(engines));
}

BrowserSettings read_browser(SectionReader& r) {
  BrowserSettings b;
  if (auto v = r.string_list("engines")) {
    for (const auto& engine : *v) {
      if (const auto why = unknown_engine(engine); !why.empty()) {
        r.problem("engines", why, "install and name a supported engine, e.g. [\"chromium\"]");
      }
    }
    b.engines = *v;
  }
  if (auto v = r.string_list("devices")) {
    for (const auto& device : *v) {
      if (const auto why = unknown_device(device); !why.empty()) {
        r.problem("devices", why, "spell the name as Chromium's device list does, e.g. \"Pixel 7\"");
      }
    }
    b.devices = *v;
  }
  r.reject_unknown_keys();
  return b;
}

void read_form_page(SectionReader& r, FormSettings& f) {
  if (auto v = r.string("page")) {
    f.page = *v;
    if (f.page.empty() || f.page.front() != '/') {
      r.problem("page", fmt::format("'{}' does not start with /", f.page), R"(write it like "/contact")");
    }
  }
  if (auto v = r.string_map("selectors")) {
    f.selectors = *v;
  }
  if (auto v = r.string("submit")) {
    f.submit = *v;
  }
  if (auto v = r.string("success_text")) {
    f.success_text = *v;
  }
  if (auto v = r.string("error_selector")) {
    f.error_selector = *v;
  }
}

}  // namespace formcheck::config
