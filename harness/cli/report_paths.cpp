#include "harness/cli/report_paths.hpp"

#include "harness/cli/command_error.hpp"
#include "harness/cli/exit_codes.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace formcheck::cli {
namespace {

// Why `path` cannot be written ("" when it can).
std::string write_problem(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return "it is a folder; give a file name";
  }
  const auto parent = path.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return fmt::format("cannot create the folder {}: {}", parent.string(), ec.message());
    }
  }
  auto probe = path;
  probe += fmt::format(".probe-{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return std::generic_category().message(errno);
  }
  ::close(fd);
  std::filesystem::remove(probe, ec);
  if (std::filesystem::exists(path, ec) && ::access(path.c_str(), W_OK) != 0) {
    return std::generic_category().message(errno);
  }
  return {};
}

}  // namespace

void require_writable_reports(const std::vector<std::pair<std::string, std::string>>& flag_paths) {
  for (const auto& [flag, path] : flag_paths) {
    if (path.empty()) {
      continue;
    }
    if (const auto problem = write_problem(path); !problem.empty()) {
      throw CommandError(kUsageError,
                         fmt::format("{} {}: cannot be written ({}); nothing was sent (give a path in a "
                                     "writable folder)",
                                     flag, path, problem));
    }
  }
}

}  // namespace formcheck::cli
