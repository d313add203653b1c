#include "harness/report/atomic_write.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace formcheck::report {
namespace {

WriteResult failure(const std::filesystem::path& path, const std::string& reason) {
  return unexpected("cannot write " + path.string() + ": " + reason);
}

// Writes everything, retrying short writes and EINTR; returns 0 or an errno value.
int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace

WriteResult write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  if (path.empty() || !path.has_filename()) {
    return failure(path, "not a file path");
  }
  std::error_code ec;
  const auto parent = path.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return failure(path, "cannot create " + parent.string() + ": " + ec.message());
    }
  }
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());

  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return failure(path, std::generic_category().message(errno));
  }
  int error = write_all(fd, content);
  if (error == 0 && ::fsync(fd) != 0) {
    error = errno;
  }
  if (::close(fd) != 0 && error == 0) {
    error = errno;
  }
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
  }
  if (error != 0) {
    std::filesystem::remove(temporary, ec);
    return failure(path, std::generic_category().message(error));
  }
  return true;
}

}  // namespace formcheck::report
