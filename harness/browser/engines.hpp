#pragma once
// The engines formcheck drives, by name: whether each is installed (one line naming the Debian
// packages when not) and starting one. Callers above this layer never name an engine's class.
#include <memory>
#include <string>
#include <vector>

#include "harness/browser/engine.hpp"

namespace formcheck::browser {

// "chromium", "webkit", "firefox".
const std::vector<std::string>& engine_names();

// Nothing when `engine` can run here; else why not, naming the packages to install.
Result<Nothing> check_installed(const std::string& engine);

// Starts the engine (its driver or display); sessions are opened from it.
Result<std::unique_ptr<Engine>> start_engine(const std::string& engine);

struct Availability {
  std::vector<std::string> installed;
  std::vector<std::string> missing;  // "firefox (…why…)"
};
// Every engine, installed or not (for --browser all).
Availability available_engines();

}  // namespace formcheck::browser
