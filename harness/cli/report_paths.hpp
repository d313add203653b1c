#pragma once
// Report paths are proved writable before a command sends anything: a read-only folder is a
// mistake in the command line (exit 2), found in the first second rather than after a run.
#include <string>
#include <utility>
#include <vector>

namespace formcheck::cli {

// Each (flag, path) with a non-empty path: its folder is created if missing and a probe file
// is written there and removed. Throws CommandError(kUsageError) naming the flag and the path.
void require_writable_reports(const std::vector<std::pair<std::string, std::string>>& flag_paths);

}  // namespace formcheck::cli
