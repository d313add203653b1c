#include "harness/cli/proc_check.hpp"

#include "harness/cli/command_error.hpp"

#include <filesystem>

namespace formcheck::cli {

void require_proc() {
  std::error_code ec;
  if (std::filesystem::exists("/proc/self/exe", ec)) {
    return;
  }
  throw CommandError(
      kInfrastructure,
      "/proc is not mounted (a bare chroot or a minimal container?): formcheck reads /proc/self/exe "
      "to find its data and helpers, and starts processes through /proc; fix: mount it "
      "(mount -t proc proc /proc), or run the container with its default /proc");
}

}  // namespace formcheck::cli
