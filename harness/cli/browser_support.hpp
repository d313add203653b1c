#pragma once
// Browser mode in `formcheck run`: the installation check before anything is sent, and where
// the screenshots go.
#include <filesystem>
#include <string>

#include "harness/run/plan.hpp"

namespace formcheck::cli {

// Throws CommandError (exit 2, naming the Debian packages) when the plan submits through a
// browser that is missing or whose driver's major version differs.
void require_browsers(const run::Plan& plan);

// "<dir of the JUnit report, else the JSON report, else .>/screenshots"
std::filesystem::path screenshot_dir(const std::string& junit, const std::string& json);

}  // namespace formcheck::cli
