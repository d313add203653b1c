#include "harness/util/data_dir.hpp"

#include <cstdlib>

namespace formcheck {

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path(ec) : exe.parent_path();
}

std::filesystem::path data_dir() {
  if (const char* override_dir = std::getenv(kDataDirVariable); override_dir != nullptr && *override_dir != '\0') {
    return std::filesystem::path(override_dir);
  }
  return (executable_dir().parent_path() / "share" / "formcheck").lexically_normal();
}

}  // namespace formcheck
