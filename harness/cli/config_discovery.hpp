#pragma once
// Which formcheck.json a command reads when --config is not given: the one in the current
// folder, else the nearest one above it, as git and eslint find theirs, so `formcheck run`
// works from any subfolder of the site. The search stops at the folder that holds .git (the
// repository's top: a config above it belongs to something else) or at the filesystem root.
#include <filesystem>
#include <optional>
#include <string>

namespace formcheck::cli {

// The nearest formcheck.json from `start` upward (nullopt when none before the boundary).
std::optional<std::filesystem::path> find_config_upward(const std::filesystem::path& start);

// The config a command reads: `given` when --config was passed, else the one found upward
// from the current folder (noted on stderr when it is not the current folder's). None found:
// a CommandError (exit 2) that suggests `formcheck init`.
std::string config_to_read(const std::string& given, bool passed);

}  // namespace formcheck::cli
