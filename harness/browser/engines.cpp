#include "harness/browser/engines.hpp"

#include <fmt/format.h>

#include "harness/browser/chromium_engine.hpp"
#include "harness/browser/firefox_engine.hpp"
#include "harness/browser/webkit_engine.hpp"

namespace formcheck::browser {

const std::vector<std::string>& engine_names() {
  static const std::vector<std::string> names{"chromium", "webkit", "firefox"};
  return names;
}

Result<Nothing> check_installed(const std::string& engine) {
  if (engine == "chromium") {
    if (auto found = find_chromium(); !found) {
      return unexpected(found.error());
    }
    return Nothing{};
  }
  if (engine == "webkit") {
    if (auto found = find_webkit(); !found) {
      return unexpected(found.error());
    }
    return Nothing{};
  }
  if (engine == "firefox") {
    if (auto found = find_firefox(); !found) {
      return unexpected(found.error());
    }
    return Nothing{};
  }
  return unexpected(fmt::format("'{}' is not a browser engine formcheck drives", engine));
}

Result<std::unique_ptr<Engine>> start_engine(const std::string& engine) {
  if (engine == "chromium") {
    auto installation = find_chromium();
    if (!installation) {
      return unexpected(installation.error());
    }
    auto started = ChromiumEngine::start(*installation);
    if (!started) {
      return unexpected(started.error());
    }
    return std::unique_ptr<Engine>(std::move(*started));
  }
  if (engine == "webkit") {
    auto installation = find_webkit();
    if (!installation) {
      return unexpected(installation.error());
    }
    auto started = WebKitEngine::start(*installation);
    if (!started) {
      return unexpected(started.error());
    }
    return std::unique_ptr<Engine>(std::move(*started));
  }
  if (engine == "firefox") {
    auto installation = find_firefox();
    if (!installation) {
      return unexpected(installation.error());
    }
    auto started = FirefoxEngine::start(*installation);
    if (!started) {
      return unexpected(started.error());
    }
    return std::unique_ptr<Engine>(std::move(*started));
  }
  return unexpected(fmt::format("'{}' is not a browser engine formcheck drives", engine));
}

Availability available_engines() {
  Availability out;
  for (const auto& name : engine_names()) {
    if (auto ok = check_installed(name)) {
      out.installed.push_back(name);
    } else {
      out.missing.push_back(fmt::format("{} ({})", name, ok.error()));
    }
  }
  return out;
}

}  // namespace formcheck::browser
