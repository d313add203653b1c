#pragma once
// Why a local target's page never became interactive, read from what its dev server printed.
// A page that never hydrates fails every browser check alike; when the server said why (it
// refused the page's origin its scripts, it failed to compile, a variable is missing) that is
// a problem of the set-up, reported as an error with its fix, not as the site failing a check.
#include "harness/config/config.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace formcheck::target {

// Dev servers colour their output (ESC [ … m and other CSI sequences): removed, not escaped,
// so a console line reads as the terminal showed it.
std::string strip_terminal_colours(std::string_view text);

// The known cause in `output` (the target's captured output, redacted) with its fix, or
// nullopt when the output names none.
std::optional<std::string> diagnose_unhydrated_page(const std::string& output,
                                                    const config::TargetSettings& target);

}  // namespace formcheck::target
