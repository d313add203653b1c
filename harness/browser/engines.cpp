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

namespace {

// Each engine is found (its installation, or why not) and then started from what was found.
template <class EngineType, class Installation>
Result<std::unique_ptr<Engine>> start_found(const Result<Installation>& installation) {
  if (!installation) {
    return unexpected(installation.error());
  }
  auto started = EngineType::start(*installation);
  if (!started) {
    return unexpected(started.error());
  }
  return std::unique_ptr<Engine>(std::move(*started));
}

template <class Installation>
Result<Nothing> found(const Result<Installation>& installation) {
  if (!installation) {
    return unexpected(installation.error());
  }
  return Nothing{};
}

std::string not_an_engine(const std::string& engine) {
  return fmt::format("'{}' is not a browser engine formcheck drives", engine);
}

}  // namespace

Result<Nothing> check_installed(const std::string& engine) {
  if (engine == "chromium") {
    return found(find_chromium());
  }
  if (engine == "webkit") {
    return found(find_webkit());
  }
  if (engine == "firefox") {
    return found(find_firefox());
  }
  return unexpected(not_an_engine(engine));
}

Result<std::unique_ptr<Engine>> start_engine(const std::string& engine) {
  if (engine == "chromium") {
    return start_found<ChromiumEngine>(find_chromium());
  }
  if (engine == "webkit") {
    return start_found<WebKitEngine>(find_webkit());
  }
  if (engine == "firefox") {
    return start_found<FirefoxEngine>(find_firefox());
  }
  return unexpected(not_an_engine(engine));
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
