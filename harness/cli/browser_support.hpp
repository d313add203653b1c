#pragma once
// Browser mode in `formcheck run`: the installation check before anything is sent, and where
// the screenshots go.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/config/config.hpp"

#include "harness/run/plan.hpp"

namespace formcheck::cli {

// Throws CommandError (exit 2, naming the Debian packages) when the plan submits through a
// browser that is missing or whose driver's major version differs.
void require_browsers(const run::Plan& plan);

// With "all" among the engines (flags, else the config): prints which engines run and which are
// not installed (naming their packages); throws CommandError (exit 2) when none is.
void note_all_engines(const std::vector<std::string>& flag_engines, const config::Config& config);

// The demo's line when it submits through no page: browser mode was skipped, because --no-browser
// asked so or because no engine is installed (naming the Debian packages that enable each).
std::string demo_browser_note(bool not_asked);

// "<dir of the JUnit report, else the JSON report, else .>/screenshots"
std::filesystem::path screenshot_dir(const std::string& junit, const std::string& json);

}  // namespace formcheck::cli
