#include "harness/cli/config_discovery.hpp"

#include "harness/cli/command_error.hpp"

#include <fmt/format.h>

namespace formcheck::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kConfigName = "formcheck.json";

}  // namespace

std::optional<fs::path> find_config_upward(const fs::path& start) {
  std::error_code ec;
  for (fs::path dir = start;;) {
    if (fs::is_regular_file(dir / kConfigName, ec)) {
      return dir / kConfigName;
    }
    if (fs::exists(dir / ".git", ec) || !dir.has_parent_path() || dir.parent_path() == dir) {
      return std::nullopt;
    }
    dir = dir.parent_path();
  }
}

std::string config_to_read(const std::string& given, bool passed) {
  if (passed) {
    return given;
  }
  std::error_code ec;
  const auto here = fs::current_path(ec);
  if (ec) {
    return given;  // the loader names the file it cannot read
  }
  const auto found = find_config_upward(here);
  if (!found) {
    throw CommandError(
        kUsageError, fmt::format("no {} in {} or a folder above it (up to the repository's top or /): run "
                                 "`formcheck init` in your site's folder to write one, or pass --config FILE",
                                 kConfigName, here.string()));
  }
  if (found->parent_path() == here) {
    return given;
  }
  fmt::print(stderr, "formcheck: using {} (found above the current folder)\n", found->string());
  return found->string();
}

}  // namespace formcheck::cli
